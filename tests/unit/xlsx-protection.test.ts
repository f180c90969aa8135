/** Sheet protection added to write-excel-file's XML (issue 15): unlocked cell formats, the sheet element. */
import { describe, expect, it } from 'vitest';
import { protectSheet, SHEET_PROTECTION, unlockFills } from '../../src/lib/server/export/xlsx-protection';

const STYLES =
	'<styleSheet><fonts count="1"><font/></fonts><fills count="4"><fill><patternFill patternType="none"/></fill>' +
	'<fill><patternFill patternType="gray125"/></fill>' +
	'<fill><patternFill patternType="solid"><fgColor rgb="FFE9EEF4"/></patternFill></fill>' +
	'<fill><patternFill patternType="solid"><fgColor rgb="FFFFF4C2"/><bgColor indexed="64"/></patternFill></fill></fills>' +
	'<cellXfs count="4"><xf fontId="0" applyFont="1"></xf><xf fontId="0" fillId="2" applyFill="1"></xf>' +
	'<xf fontId="0" fillId="3" applyFill="1"><alignment wrapText="1"/></xf><xf fontId="0" fillId="3"/></cellXfs></styleSheet>';

describe('unlockFills', () => {
	it('unlocks exactly the cell formats of the chosen fill, after their alignment', () => {
		const out = unlockFills(STYLES, '#fff4c2');
		const xfs = [...out.matchAll(/<xf\b[^>]*?(?:\/>|>[\s\S]*?<\/xf>)/g)].map((m) => m[0]);
		expect(xfs[0]).toBe('<xf fontId="0" applyFont="1"></xf>');
		expect(xfs[1]).toBe('<xf fontId="0" fillId="2" applyFill="1"></xf>');
		expect(xfs[2]).toBe(
			'<xf fontId="0" fillId="3" applyFill="1" applyProtection="1"><alignment wrapText="1"/><protection locked="0"/></xf>'
		);
		expect(xfs[3]).toBe('<xf fontId="0" fillId="3" applyProtection="1"><protection locked="0"/></xf>');
		// Run twice: the same (no second protection element).
		expect(unlockFills(out, '#FFF4C2')).toBe(out);
	});

	it('changes nothing when no fill has the colour', () => {
		expect(unlockFills(STYLES, '#123456')).toBe(STYLES);
	});
});

describe('protectSheet', () => {
	it('puts one sheetProtection right after sheetData, without a password', () => {
		const sheet =
			'<worksheet><sheetViews/><sheetData><row r="1"/></sheetData><mergeCells count="0"/></worksheet>';
		const out = protectSheet(sheet);
		expect(out).toBe(
			`<worksheet><sheetViews/><sheetData><row r="1"/></sheetData>${SHEET_PROTECTION}<mergeCells count="0"/></worksheet>`
		);
		expect(protectSheet(out)).toBe(out);
		expect(SHEET_PROTECTION).not.toMatch(/password/i);
		expect(protectSheet('<worksheet><sheetData/></worksheet>')).toBe(
			`<worksheet><sheetData/>${SHEET_PROTECTION}</worksheet>`
		);
	});
});
