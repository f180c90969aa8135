/**
 * Every setting of the product in one place: the environment variables of the README, each with
 * its type, default and limits. The server (build/start.js) reads them once at start and stops
 * with a message naming each bad variable; the app then uses that same configuration. Outside
 * the server (Vite's dev server, tests, command-line scripts) `config()` reads the environment
 * when called, so a script or a test that sets a variable sees it.
 *
 * An empty value counts as unset (as `X=` in an env file or a systemd EnvironmentFile).
 * `npm run docs` writes README's settings table and example.env from SETTINGS; a test keeps
 * them equal.
 */
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Config {
	port: number;
	host: string;
	databasePath: string;
	sampleDir: string;
	seedSample: boolean;
	/** The public origin (scheme://host[:port]) when set. */
	origin: string | null;
	trustProxy: boolean;
	sessionHours: number;
	uvThreadpoolSize: number;
	readPlaces: number;
	/** DuckDB's threads (0: DuckDB's own default, one per core). */
	duckdbThreads: number;
	uploadMaxMb: number;
	uploadDir: string;
	/** Room for the uploads waiting between check and commit, per account (MB). */
	uploadAccountMb: number;
	/** Longest an Excel workbook may take to read (seconds). */
	xlsxTimeoutSeconds: number;
	pageCacheMb: number;
	/** 'scoped': a write empties only the caches of what it changed; 'all': every cache. */
	cacheInvalidation: 'scoped' | 'all';
	backupDir: string;
	/** Daily automatic backup at this Vietnam time ("HH:MM"), or null when off. */
	backupAt: string | null;
	backupKeep: number;
	shutdownTimeoutSeconds: number;
	logLevel: LogLevel;
	/** Where the running server takes commands (`npm run backup`): beside the database file. */
	controlSocket: string;
}

type Kind =
	| { type: 'int'; min: number; max: number }
	| { type: 'number'; min: number; max: number }
	| { type: 'bool' }
	| { type: 'path' }
	| { type: 'host' }
	| { type: 'origin' }
	| { type: 'time' }
	| { type: 'enum'; values: readonly string[] };

export interface Setting {
	name: string;
	kind: Kind;
	/** The default as written in an env file; '' for none (optional settings). */
	default: string;
	/** What the default means when it is not a literal value. */
	defaultNote?: { vi: string; en: string };
	vi: string;
	en: string;
}

export const SETTINGS: readonly Setting[] = [
	{
		name: 'PORT',
		kind: { type: 'int', min: 1, max: 65535 },
		default: '3000',
		vi: 'cổng HTTP',
		en: 'HTTP port'
	},
	{
		name: 'HOST',
		kind: { type: 'host' },
		default: '0.0.0.0',
		vi: 'địa chỉ lắng nghe (`127.0.0.1` khi đứng sau proxy trên cùng máy)',
		en: 'listen address'
	},
	{
		name: 'DATABASE_PATH',
		kind: { type: 'path' },
		default: 'data/khoi-thi-dua.duckdb',
		vi: 'tệp DuckDB (tạo nếu chưa có)',
		en: 'database file'
	},
	{
		name: 'SAMPLE_DIR',
		kind: { type: 'path' },
		default: 'data/sample',
		vi: 'thư mục dữ liệu mẫu nạp khi cơ sở dữ liệu còn trống',
		en: 'sample data loaded into an empty database'
	},
	{
		name: 'SEED_SAMPLE',
		kind: { type: 'bool' },
		default: '1',
		vi: '`0`: không nạp dữ liệu mẫu vào cơ sở dữ liệu trống (máy chủ thật)',
		en: '`0`: do not load the sample into an empty database'
	},
	{
		name: 'ORIGIN',
		kind: { type: 'origin' },
		default: '',
		vi: 'địa chỉ công khai khi chạy sau proxy HTTPS, ví dụ `https://thidua.example.vn`',
		en: 'public origin behind an HTTPS proxy'
	},
	{
		name: 'TRUST_PROXY',
		kind: { type: 'bool' },
		default: '0',
		vi: '`1`: tin tiêu đề `X-Forwarded-Proto` của proxy phía trước',
		en: "trust the proxy's protocol header"
	},
	{
		name: 'SESSION_HOURS',
		kind: { type: 'number', min: 0.25, max: 720 },
		default: '12',
		vi: 'thời hạn phiên đăng nhập (giờ)',
		en: 'session lifetime (hours)'
	},
	{
		name: 'UV_THREADPOOL_SIZE',
		kind: { type: 'int', min: 1, max: 1024 },
		default: '8',
		vi: 'luồng cho DuckDB và tệp',
		en: 'threads for DuckDB and files'
	},
	{
		name: 'READ_PLACES',
		kind: { type: 'int', min: 0, max: 256 },
		default: '0',
		vi: 'số trang dựng cùng lúc và số lượt đọc cơ sở dữ liệu cùng lúc; các lần ghi không phải chờ; `0`: số lõi + 1',
		en: 'pages rendered at once, and database reads at once; writes never wait; `0`: cores + 1'
	},
	{
		name: 'DUCKDB_THREADS',
		kind: { type: 'int', min: 0, max: 256 },
		default: '1',
		vi: 'số luồng DuckDB dùng cho mỗi câu truy vấn; `1`: mỗi truy vấn chạy trên luồng của nó, nhiều truy vấn cùng lúc dùng các lõi khác (ít CPU nhất khi nhiều người dùng); `0`: mỗi lõi một luồng',
		en: "DuckDB's threads per query; `1`: each query runs on its own thread, concurrent queries use the other cores (least CPU with many users); `0`: one per core"
	},
	{
		name: 'UPLOAD_MAX_MB',
		kind: { type: 'number', min: 0.001, max: 2048 },
		default: '50',
		vi: 'dung lượng tối đa mỗi lần tải lên ở trang Nhập dữ liệu (MB)',
		en: 'upload size limit (MB)'
	},
	{
		name: 'UPLOAD_DIR',
		kind: { type: 'path' },
		default: '',
		defaultNote: { vi: 'thư mục tạm của hệ thống', en: "the system's temporary folder" },
		vi: 'nơi tệp tải lên chờ giữa bước kiểm tra và bước ghi (xóa sau 6 giờ)',
		en: 'where uploads wait between check and commit'
	},
	{
		name: 'UPLOAD_ACCOUNT_MB',
		kind: { type: 'number', min: 1, max: 100000 },
		default: '500',
		vi: 'dung lượng tối đa các tệp tải lên đang chờ ghi của mỗi tài khoản (MB); vượt thì các lần tải cũ nhất của tài khoản đó bị bỏ',
		en: "room for each account's uploads waiting to be committed (MB); its oldest are dropped beyond it"
	},
	{
		name: 'XLSX_TIMEOUT',
		kind: { type: 'number', min: 1, max: 600 },
		default: '30',
		vi: 'thời gian tối đa đọc một tệp Excel (giây); quá thì dừng đọc và báo lỗi',
		en: 'seconds an Excel workbook may take to read before it is refused'
	},
	{
		name: 'PAGE_CACHE_MB',
		kind: { type: 'number', min: 0, max: 4096 },
		default: '64',
		vi: 'bộ nhớ giữ sẵn các trang chỉ đọc giữa hai lần ghi (MB); `0`: tắt',
		en: 'page cache (MB); 0 turns it off'
	},
	{
		name: 'CACHE_INVALIDATION',
		kind: { type: 'enum', values: ['scoped', 'all'] },
		default: 'scoped',
		vi: '`scoped`: một lần ghi chỉ xoá bộ nhớ đệm của dữ liệu nó thay đổi; `all`: mọi lần ghi xoá hết (chậm hơn, để đối chiếu)',
		en: '`scoped`: a write empties only the caches of the data it changed; `all`: every write empties every cache (slower; for comparison)'
	},
	{
		name: 'BACKUP_DIR',
		kind: { type: 'path' },
		default: '',
		defaultNote: { vi: '`backups/` cạnh tệp DuckDB', en: '`backups/` beside the database' },
		vi: 'thư mục bản sao lưu (nên ở ổ đĩa khác)',
		en: 'backup folder (better on another disk)'
	},
	{
		name: 'BACKUP_AT',
		kind: { type: 'time' },
		default: '02:00',
		vi: 'giờ sao lưu tự động hằng ngày (giờ Việt Nam, `HH:MM`); `off`: tắt',
		en: 'daily automatic backup (Vietnam time); `off` turns it off'
	},
	{
		name: 'BACKUP_KEEP',
		kind: { type: 'int', min: 1, max: 1000 },
		default: '14',
		vi: 'số bản sao lưu tự động giữ lại (bản cũ hơn bị xóa)',
		en: 'automatic backups kept'
	},
	{
		name: 'SHUTDOWN_TIMEOUT',
		kind: { type: 'number', min: 1, max: 600 },
		default: '15',
		vi: 'khi dừng: số giây tối đa chờ các yêu cầu đang xử lý',
		en: 'seconds to let requests finish when stopping'
	},
	{
		name: 'LOG_LEVEL',
		kind: { type: 'enum', values: LOG_LEVELS },
		default: 'info',
		vi: 'mức nhật ký JSON trên stdout: ' + LOG_LEVELS.map((l) => `\`${l}\``).join(', '),
		en: 'JSON log level on stdout'
	}
];

export interface ConfigProblem {
	name: string;
	value: string;
	message: string;
}

export class ConfigError extends Error {
	constructor(readonly problems: ConfigProblem[]) {
		super(
			problems
				.map((p) => `Thiết lập ${p.name}=${JSON.stringify(p.value)} không hợp lệ: ${p.message}`)
				.join('\n')
		);
		this.name = 'ConfigError';
	}
}

const fmt = (n: number) => n.toLocaleString('vi-VN', { maximumFractionDigits: 3, useGrouping: false });

/** Checks one raw value; returns the parsed value or a problem message (Vietnamese). */
export function parseValue(kind: Kind, raw: string): { value: unknown } | { error: string } {
	switch (kind.type) {
		case 'int':
		case 'number': {
			const ok = kind.type === 'int' ? /^\d+$/.test(raw) : /^\d+(\.\d+)?$/.test(raw);
			const n = Number(raw);
			if (!ok || !Number.isFinite(n))
				return {
					error: kind.type === 'int' ? 'cần một số nguyên' : 'cần một số (dấu chấm thập phân, ví dụ 0.5)'
				};
			if (n < kind.min || n > kind.max)
				return { error: `cần trong khoảng ${fmt(kind.min)}–${fmt(kind.max)}` };
			return { value: n };
		}
		case 'bool':
			if (raw === '1' || raw === 'true') return { value: true };
			if (raw === '0' || raw === 'false') return { value: false };
			return { error: 'cần 1 hoặc 0' };
		case 'path':
			if (raw.includes('\0')) return { error: 'đường dẫn chứa ký tự NUL' };
			return { value: resolve(raw) };
		case 'host':
			if (!/^[A-Za-z0-9.:[\]-]+$/.test(raw))
				return { error: 'cần một địa chỉ IP hoặc tên máy, ví dụ 127.0.0.1' };
			return { value: raw };
		case 'origin': {
			let url: URL;
			try {
				url = new URL(raw);
			} catch {
				return { error: 'cần một địa chỉ đầy đủ, ví dụ https://thidua.example.vn' };
			}
			if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.origin !== raw.replace(/\/$/, ''))
				return { error: 'chỉ gồm giao thức http(s) và tên máy (cổng nếu có), không có đường dẫn' };
			return { value: url.origin };
		}
		case 'time': {
			if (raw === 'off') return { value: null };
			const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(raw);
			return m ? { value: raw } : { error: 'cần giờ dạng HH:MM (ví dụ 02:00) hoặc off' };
		}
		case 'enum':
			return kind.values.includes(raw)
				? { value: raw }
				: { error: `cần một trong: ${kind.values.join(', ')}` };
	}
}

/** Longest path of a Unix socket on Linux (sun_path is 108 bytes with its NUL). */
const MAX_SOCKET_PATH = 107;

/** Parses and checks every setting; throws a ConfigError listing every bad variable. */
export function parseConfig(env: Record<string, string | undefined>): Config {
	const problems: ConfigProblem[] = [];
	const values = new Map<string, unknown>();
	for (const s of SETTINGS) {
		const raw = (env[s.name] ?? '').trim();
		const effective = raw === '' ? s.default : raw;
		if (effective === '') {
			values.set(s.name, null);
			continue;
		}
		const parsed = parseValue(s.kind, effective);
		if ('error' in parsed) problems.push({ name: s.name, value: raw, message: parsed.error });
		else values.set(s.name, parsed.value);
	}
	const databasePath = (values.get('DATABASE_PATH') as string | undefined) ?? '';
	const controlSocket = `${databasePath}.sock`;
	if (databasePath && Buffer.byteLength(controlSocket) > MAX_SOCKET_PATH)
		problems.push({
			name: 'DATABASE_PATH',
			value: env.DATABASE_PATH ?? '',
			message: `đường dẫn quá dài (tối đa ${MAX_SOCKET_PATH - 5} byte) để đặt ổ cắm điều khiển ${controlSocket}`
		});
	if (problems.length) throw new ConfigError(problems);
	const v = <T>(name: string) => values.get(name) as T;
	return {
		port: v('PORT'),
		host: v('HOST'),
		databasePath,
		sampleDir: v('SAMPLE_DIR'),
		seedSample: v('SEED_SAMPLE'),
		origin: v('ORIGIN'),
		trustProxy: v('TRUST_PROXY'),
		sessionHours: v('SESSION_HOURS'),
		uvThreadpoolSize: v('UV_THREADPOOL_SIZE'),
		readPlaces: v('READ_PLACES'),
		duckdbThreads: v('DUCKDB_THREADS'),
		uploadMaxMb: v('UPLOAD_MAX_MB'),
		uploadDir: v<string | null>('UPLOAD_DIR') ?? join(tmpdir(), 'khoi-thi-dua-uploads'),
		uploadAccountMb: v('UPLOAD_ACCOUNT_MB'),
		xlsxTimeoutSeconds: v('XLSX_TIMEOUT'),
		pageCacheMb: v('PAGE_CACHE_MB'),
		cacheInvalidation: v('CACHE_INVALIDATION'),
		backupDir: v<string | null>('BACKUP_DIR') ?? join(dirname(databasePath), 'backups'),
		backupAt: v('BACKUP_AT'),
		backupKeep: v('BACKUP_KEEP'),
		shutdownTimeoutSeconds: v('SHUTDOWN_TIMEOUT'),
		logLevel: v('LOG_LEVEL'),
		controlSocket
	};
}

const KEY = Symbol.for('khoi-thi-dua.config');
type GlobalWithConfig = typeof globalThis & { [KEY]?: Config };

/**
 * Reads the configuration once, for the server's whole life: the server entry calls it before
 * anything else, and every later `config()` in the process returns the same object.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
	const g = globalThis as GlobalWithConfig;
	g[KEY] = Object.freeze(parseConfig(env));
	return g[KEY];
}

/** The server's configuration, or (outside the server) the environment's as it is now. */
export function config(): Config {
	return (globalThis as GlobalWithConfig)[KEY] ?? parseConfig(process.env);
}
