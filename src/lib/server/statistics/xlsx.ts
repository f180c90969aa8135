/**
 * A form (Biểu 0602/0603) as an Excel sheet laid out like its print: the form's code and the
 * circular top left, the reporting and receiving units top right, the title and the period,
 * the header (merged cells as printed), one row per form row with real numbers, then the place
 * and date and the two signature blocks. Landscape; the header rows stay in view.
 */
import writeExcelFile from 'write-excel-file/node';
import { formHeader, TOTAL, valueColumns, type FormGrid } from '../../domain/statistics';
import { CIRCULAR } from '../../domain/statistics-forms';
import { printLines, type PrintInfo } from './print';

type Cell = {
	value?: string | number;
	type?: typeof String | typeof Number;
	columnSpan?: number;
	rowSpan?: number;
	fontWeight?: 'bold';
	fontStyle?: 'italic';
	align?: 'left' | 'center' | 'right';
	alignVertical?: 'top' | 'center' | 'bottom';
	wrap?: boolean;
	borderStyle?: 'thin';
	height?: number;
} | null;

const text = (value: string, more: Omit<NonNullable<Cell>, 'value' | 'type'> = {}): Cell => ({
	value,
	type: String,
	...more
});

/** The sheet's rows (exported for the test that reads the file back). */
export function statisticsSheet(grid: FormGrid, info: PrintInfo): Cell[][] {
	const form = grid.form;
	const cols = valueColumns(form);
	const width = 4 + cols.length;
	const lines = printLines(grid, info);
	const pad = (row: Cell[]): Cell[] => [...row, ...Array<Cell>(Math.max(0, width - row.length)).fill(null)];
	const leftRight = (left: string, right: string, bold = false): Cell[] =>
		pad([
			text(left, { columnSpan: 3, fontWeight: bold ? 'bold' : undefined }),
			null,
			null,
			text(right, { columnSpan: width - 3, align: 'right' })
		]);
	const whole = (value: string, more: Omit<NonNullable<Cell>, 'value' | 'type'> = {}): Cell[] =>
		pad([text(value, { columnSpan: width, align: 'center', ...more })]);

	const out: Cell[][] = [
		leftRight(`Biểu số: ${form.number}`, lines.reporter, true),
		leftRight(CIRCULAR, lines.receiver),
		...(form.receipt ? [leftRight(form.receipt, '')] : []),
		whole(form.title, { fontWeight: 'bold', wrap: true }),
		whole(lines.period, { fontStyle: 'italic' }),
		pad([])
	];

	// The header: place each cell as an HTML table would, spanned places left null.
	const header = formHeader(form);
	const taken: boolean[][] = header.map(() => Array<boolean>(width).fill(false));
	const placed: Cell[][] = header.map(() => Array<Cell>(width).fill(null));
	header.forEach((row, r) => {
		let c = 0;
		for (const h of row) {
			while (taken[r]![c]) c++;
			placed[r]![c] = text(h.text, {
				columnSpan: h.colSpan > 1 ? h.colSpan : undefined,
				rowSpan: h.rowSpan > 1 ? h.rowSpan : undefined,
				fontWeight: r < header.length - 1 ? 'bold' : undefined,
				fontStyle: r === header.length - 1 ? 'italic' : undefined,
				align: 'center',
				alignVertical: 'center',
				wrap: true,
				borderStyle: 'thin'
			});
			for (let dr = 0; dr < h.rowSpan; dr++)
				for (let dc = 0; dc < h.colSpan; dc++) taken[r + dr]![c + dc] = true;
			c += h.colSpan;
		}
	});
	out.push(...placed);

	for (const row of form.rows) {
		const values = row.code ? grid.cells[row.code]! : null;
		const style = {
			fontWeight: row.style === 'total' || row.style === 'section' ? ('bold' as const) : undefined,
			fontStyle: row.style === 'ofWhich' ? ('italic' as const) : undefined,
			borderStyle: 'thin' as const
		};
		out.push([
			text(row.label, { ...style, wrap: true }),
			text(row.code ?? '', { ...style, align: 'center' }),
			text(row.unit, { ...style, align: 'center' }),
			...[TOTAL, ...cols.map((c) => c.key)].map((k): Cell =>
				values ? { value: values[k]!, type: Number, ...style } : text('', style)
			)
		]);
	}

	const half = Math.floor(width / 2);
	const blocks = (
		left: string,
		right: string,
		more: Omit<NonNullable<Cell>, 'value' | 'type'> = {}
	): Cell[] =>
		pad([
			text(left, { columnSpan: half, align: 'center', ...more }),
			...Array<Cell>(half - 1).fill(null),
			text(right, { columnSpan: width - half, align: 'center', ...more })
		]);
	out.push(
		pad([]),
		blocks('', lines.placeDate, { fontStyle: 'italic' }),
		blocks('Người lập biểu', lines.signerTitle, { fontWeight: 'bold' }),
		blocks('(Ký, họ tên)', '(Ký, họ tên, đóng dấu)', { fontStyle: 'italic' }),
		pad([]),
		pad([]),
		pad([]),
		blocks(lines.preparer, lines.signer, { fontWeight: 'bold' })
	);
	return out;
}

export async function statisticsXlsx(grid: FormGrid, info: PrintInfo): Promise<Buffer> {
	const cols = valueColumns(grid.form);
	const data = statisticsSheet(grid, info);
	return (await writeExcelFile(
		data as never,
		{
			sheet: `Biểu ${grid.form.code}`,
			columns: [{ width: 48 }, { width: 7 }, { width: 11 }, { width: 9 }, ...cols.map(() => ({ width: 11 }))],
			orientation: 'landscape',
			stickyRowsCount: (grid.form.receipt ? 6 : 5) + formHeader(grid.form).length,
			fontFamily: 'Times New Roman',
			fontSize: 11
		} as never
	).toBuffer()) as Buffer;
}
