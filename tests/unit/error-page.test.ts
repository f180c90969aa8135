import { render } from 'svelte/server';
import { describe, expect, it, vi } from 'vitest';

const page = vi.hoisted(() => ({
	status: 500,
	error: { message: 'Internal Error', requestId: '' } as { message: string; requestId?: string },
	data: { lang: 'vi' }
}));
vi.mock('$app/state', () => ({ page }));
vi.mock('$app/paths', () => ({ resolve: (p: string) => p }));

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
});
