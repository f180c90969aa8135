import { render } from 'svelte/server';
import { describe, expect, it, vi } from 'vitest';

const page = vi.hoisted(() => ({
	status: 500,
	error: { message: 'Internal Error', requestId: '' } as {
		message: string;
		requestId?: string;
		draft?: { blocCode: string; blocName: string; year: number; latestFinalised: number | null };
	},
	data: { lang: 'vi' }
}));
vi.mock('$app/state', () => ({ page }));
vi.mock('$app/paths', () => ({
	resolve: (p: string, params: Record<string, string> = {}) =>
		p.replace(/\[(\w+)\]/g, (whole, name: string) => params[name] ?? whole)
}));

const { default: ErrorPage } = await import('../../src/routes/+error.svelte');

describe('the error page', () => {
	it('shows the request id of an unexpected error, for the user to quote', () => {
		page.status = 500;
		page.error = { message: 'Đã xảy ra lỗi ngoài dự kiến.', requestId: '3f9a0c1d2b4e5f60' };
		const { body } = render(ErrorPage);
		expect(body).toContain('Mã yêu cầu');
		expect(body).toContain('<code>3f9a0c1d2b4e5f60</code>');
	});

	it('does not show one on a page that is not found', () => {
		page.status = 404;
		page.error = { message: 'Not Found', requestId: 'aaaa' };
		expect(render(ErrorPage).body).not.toContain('Mã yêu cầu');
	});

	it('says a draft bloc is not finalised yet and links to its latest finalised year', () => {
		page.status = 403;
		page.error = {
			message: 'Kết quả chưa được chốt',
			draft: { blocCode: 'K05', blocName: 'Khối văn hóa - xã hội', year: 2025, latestFinalised: 2024 }
		};
		const { body } = render(ErrorPage);
		expect(body).toContain('Kết quả chưa được chốt');
		expect(body).toContain('Kết quả của Khối văn hóa - xã hội năm 2025 chưa được chốt');
		expect(body).toContain('href="/blocs/K05/2024"');
		expect(body).not.toContain('Tài khoản của bạn không có quyền');
	});

	it('a draft never finalised: says so, without a link; any other 403 stays a plain refusal', () => {
		page.status = 403;
		page.error = {
			message: 'Kết quả chưa được chốt',
			draft: { blocCode: 'K05', blocName: 'K05', year: 2025, latestFinalised: null }
		};
		expect(render(ErrorPage).body).toContain('Khối chưa có năm nào đã chốt kết quả.');
		page.error = { message: 'Không có quyền' };
		const { body } = render(ErrorPage);
		expect(body).toContain('Tài khoản của bạn không có quyền');
		expect(body).not.toContain('/blocs/');
	});
});
