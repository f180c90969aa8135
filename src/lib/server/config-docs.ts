/**
 * The settings as documentation, from SETTINGS in config.ts: the README's table and example.env.
 * `npm run docs` writes both; tests/unit/config.test.ts keeps them equal to this.
 */
import { SETTINGS, type Setting } from './config';

function limits(s: Setting): { vi: string; en: string } | null {
	const k = s.kind;
	const n = (x: number) => x.toLocaleString('vi-VN', { maximumFractionDigits: 3, useGrouping: false });
	const e = (x: number) => x.toLocaleString('en-GB', { maximumFractionDigits: 3, useGrouping: false });
	switch (k.type) {
		case 'int':
			return { vi: `số nguyên ${n(k.min)}–${n(k.max)}`, en: `integer ${e(k.min)}–${e(k.max)}` };
		case 'number':
			return { vi: `số ${n(k.min)}–${n(k.max)}`, en: `number ${e(k.min)}–${e(k.max)}` };
		case 'bool':
			return { vi: '`1` hoặc `0`', en: '`1` or `0`' };
		case 'time':
			return { vi: '`HH:MM` hoặc `off`', en: '`HH:MM` or `off`' };
		case 'origin':
			return { vi: '`http(s)://tên-máy[:cổng]`', en: '`http(s)://host[:port]`' };
		default:
			return null;
	}
}

function defaultCell(s: Setting): string {
	if (s.default) return `\`${s.default}\``;
	return s.defaultNote ? s.defaultNote.vi : '';
}

/** The README's settings table (Markdown). */
export function renderSettingsTable(): string {
	const rows = SETTINGS.map((s) => {
		const l = limits(s);
		const meaning = `${s.vi}${l ? `; ${l.vi}` : ''} / ${s.en}`;
		return `| \`${s.name}\` | ${defaultCell(s)} | ${meaning} |`;
	});
	return ['| biến | mặc định | ý nghĩa / meaning |', '| --- | --- | --- |', ...rows].join('\n') + '\n';
}

const plain = (text: string) => text.replaceAll('`', '');

/** example.env: every setting, commented out at its default. */
export function renderExampleEnv(): string {
	const head = [
		'# Thiết lập của máy chủ khoi-thi-dua / settings of the khoi-thi-dua server.',
		'# Sinh bởi `npm run docs` từ src/lib/server/config.ts: sửa ở đó / generated, edit config.ts.',
		'# Dùng / use: cp example.env .env, bỏ dấu # ở dòng cần đổi, rồi',
		'#   node --env-file=.env build/start.js    (hoặc systemd EnvironmentFile=, docker --env-file)',
		'# Giá trị sai: máy chủ không khởi động và nói rõ biến nào sai (mã thoát 78).',
		'# A bad value stops the server with a message naming the variable (exit status 78).',
		''
	];
	const body = SETTINGS.flatMap((s) => {
		const l = limits(s);
		const def = s.default ? '' : s.defaultNote ? ` Mặc định / default: ${plain(s.defaultNote.vi)}.` : '';
		return [
			`# ${plain(s.vi)}${l ? `; ${plain(l.vi)}` : ''}.${def}`,
			`# ${plain(s.en)}.`,
			`#${s.name}=${s.default}`,
			''
		];
	});
	return [...head, ...body].join('\n');
}

export const SETTINGS_START = '<!-- settings:start -->';
export const SETTINGS_END = '<!-- settings:end -->';

/** The README with its settings block replaced. */
export function withSettingsTable(readme: string): string {
	const start = readme.indexOf(SETTINGS_START);
	const end = readme.indexOf(SETTINGS_END);
	if (start < 0 || end < start) throw new Error(`README.md thiếu ${SETTINGS_START} … ${SETTINGS_END}`);
	return (
		readme.slice(0, start + SETTINGS_START.length) + '\n\n' + renderSettingsTable() + '\n' + readme.slice(end)
	);
}
