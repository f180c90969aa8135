/**
 * Table responses of the analytics API: Arrow IPC for results over `ARROW_MIN_ROWS` rows (or when
 * asked), column-wise JSON otherwise. The same schema and decoded columns either way.
 */
import { encodeArrow } from '../../transport/arrow';
import { encodeJson } from '../../transport/json';
import {
	ARROW_MIME,
	JSON_MIME,
	pickFormat,
	rowCountOf,
	type ColumnValues,
	type TableSchema,
	type WireFormat
} from '../../transport/schema';

/** `format` query value → wire format; anything else = choose by size. */
export function requestedFormat(value: string | null): WireFormat | null {
	return value === 'arrow' || value === 'json' ? value : null;
}

export function tableResponse(
	schema: TableSchema,
	columns: ColumnValues,
	requested: WireFormat | null
): Response {
	const rows = rowCountOf(schema, columns);
	const format = pickFormat(rows, requested);
	const headers = {
		'cache-control': 'private, no-store',
		'x-row-count': String(rows),
		'x-wire-format': format
	};
	if (format === 'arrow') {
		const body = encodeArrow(schema, columns);
		return new Response(body as Uint8Array<ArrayBuffer>, {
			headers: { ...headers, 'content-type': ARROW_MIME, 'content-length': String(body.byteLength) }
		});
	}
	return new Response(JSON.stringify(encodeJson(schema, columns)), {
		headers: { ...headers, 'content-type': `${JSON_MIME}; charset=utf-8` }
	});
}
