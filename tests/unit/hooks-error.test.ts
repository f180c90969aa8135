import { describe, expect, it, vi } from 'vitest';
import { handleError } from '../../src/hooks.server';
import { log } from '../../src/lib/server/log';

function event(requestId: string) {
	return {
		locals: { lang: 'vi', requestId, user: null },
		request: new Request('http://localhost/blocs/K04/2025?password=x', { method: 'GET' }),
		url: new URL('http://localhost/blocs/K04/2025?password=x'),
		route: { id: '/blocs/[bloc]/[year]' }
	} as unknown as Parameters<typeof handleError>[0]['event'];
}

describe('unexpected errors', () => {
	it('are logged with their request id, and the user gets a Vietnamese message with that id, no stack', async () => {
		const spy = vi.spyOn(log, 'error').mockImplementation(() => undefined);
		try {
			const error = new Error('IO Error: disk full');
			const result = await handleError({
				error,
				event: event('abc123'),
				status: 500,
				message: 'Internal Error'
			});
			expect(result).toEqual({
				message: 'Đã xảy ra lỗi ngoài dự kiến. Vui lòng thử lại sau hoặc báo cho quản trị viên.',
				requestId: 'abc123'
			});
			expect(spy).toHaveBeenCalledOnce();
			const [fields] = spy.mock.calls[0] as unknown as [Record<string, unknown>];
			expect(fields).toMatchObject({
				reqId: 'abc123',
				method: 'GET',
				route: '/blocs/[bloc]/[year]',
				err: error
			});
			// The path, never the query string.
			expect(fields.path).toBe('/blocs/K04/2025');
		} finally {
			spy.mockRestore();
		}
	});

	it('a 404 is not logged as an error', async () => {
		const spy = vi.spyOn(log, 'error').mockImplementation(() => undefined);
		try {
			const result = await handleError({
				error: new Error('x'),
				event: event('id404'),
				status: 404,
				message: 'Not Found'
			});
			expect(result).toMatchObject({ requestId: 'id404' });
			expect(spy).not.toHaveBeenCalled();
		} finally {
			spy.mockRestore();
		}
	});
});
