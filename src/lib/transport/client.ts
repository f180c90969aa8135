/**
 * Reads a table from an analytics endpoint in the browser: Arrow IPC or column-wise JSON,
 * whichever the server chose (by size), into the same typed columns. apache-arrow is loaded
 * only when an Arrow response arrives.
 */
import { decodeJson, type ColumnsJson } from './json';
import { ARROW_MIME, type DecodedTable, type TableSchema, type WireFormat } from './schema';

export interface FetchedTable {
	table: DecodedTable;
	format: WireFormat;
	/** Bytes received. */
	bytes: number;
}

export async function fetchTable(
	url: string,
	schema: TableSchema,
	fetchFn: typeof fetch = fetch
): Promise<FetchedTable> {
	const res = await fetchFn(url, { headers: { accept: `${ARROW_MIME}, application/json;q=0.9` } });
	if (!res.ok) throw new Error(`HTTP ${res.status}`);
	const type = res.headers.get('content-type') ?? '';
	if (type.startsWith(ARROW_MIME)) {
		const buffer = new Uint8Array(await res.arrayBuffer());
		const { decodeArrow } = await import('./arrow');
		return { table: decodeArrow(buffer, schema), format: 'arrow', bytes: buffer.byteLength };
	}
	const body = new Uint8Array(await res.arrayBuffer());
	const json = JSON.parse(new TextDecoder().decode(body)) as ColumnsJson;
	return { table: decodeJson(json, schema), format: 'json', bytes: body.byteLength };
}
