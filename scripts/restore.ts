/**
 * npm run restore -- <backup.duckdb> [--to <new.duckdb>]
 * Restores a backup into a NEW database file (never over an existing one), checked against its
 * manifest and brought to this code's migrations (src/lib/server/backup/restore.ts). The
 * running server is not touched: switching to the restored file is a separate, manual step.
 */
import { basename } from 'node:path';
import { ConfigError, config } from '../src/lib/server/config';
import { formatDateTime, formatNumber } from '../src/lib/domain/numbers';
import { defaultRestoreTarget, restoreBackup } from '../src/lib/server/backup/restore';

const args = process.argv.slice(2);
const usage = `Cách dùng / usage: npm run restore -- <bản sao lưu .duckdb> [--to <tệp mới .duckdb>]
  Khôi phục bản sao lưu vào một tệp cơ sở dữ liệu MỚI (không bao giờ ghi đè tệp đã có); mặc định
  khoi-thi-dua-restored-<ngày giờ>.duckdb cạnh DATABASE_PATH.
  Restores a backup into a NEW database file (never over an existing one).`;

const positional: string[] = [];
let to: string | undefined;
for (let i = 0; i < args.length; i++) {
	const a = args[i]!;
	if (a === '--help' || a === '-h') {
		console.log(usage);
		process.exit(0);
	} else if (a === '--to') to = args[++i];
	else if (a.startsWith('--to=')) to = a.slice('--to='.length);
	else if (a.startsWith('--')) {
		console.error(`Tùy chọn không biết / unknown option: ${a}\n${usage}`);
		process.exit(2);
	} else positional.push(a);
}
if (positional.length !== 1 || (args.includes('--to') && !to)) {
	console.error(usage);
	process.exit(2);
}

function fail(message: string): never {
	console.error(
		`LỖI: ${message}\nKhông khôi phục; không tạo tệp nào. / Nothing was restored, no file was created.`
	);
	process.exit(1);
}

let databasePath: string;
try {
	databasePath = config().databasePath;
} catch (e) {
	if (e instanceof ConfigError) fail(`${e.message}\nHãy sửa các biến môi trường trên.`);
	throw e;
}

const target = to ?? defaultRestoreTarget(databasePath);
try {
	const r = await restoreBackup(positional[0]!, target);
	const m = r.manifest;
	const tables = Object.keys(m.tables).length;
	console.log(`Đã khôi phục vào tệp mới / restored into a new file:
  ${r.target}

  Bản sao lưu / backup:  ${r.source}
  Tạo lúc / made at:     ${formatDateTime(Date.parse(m.createdAt))} (giờ Việt Nam), ứng dụng ${m.appVersion}
  Kiểm tra SHA-256:      ${r.checksum === 'verified' ? 'khớp tệp ghi kèm .json / matches the sidecar' : 'không có tệp ghi kèm .json: chỉ kiểm tra số dòng / no sidecar, row counts checked'}
  Số bảng / tables:      ${formatNumber(tables, 0)}, ${formatNumber(m.totalRows, 0)} dòng / rows, đều khớp bản kê / all match the manifest
  Migration:             ${m.migrationVersion}${r.applied.length ? ` → đã áp dụng / applied ${r.applied.join(', ')}` : ''}

Bước tiếp theo / next steps:
  1. Dừng máy chủ / stop the server      (systemctl stop khoi-thi-dua, hoặc Ctrl+C)
  2. Trỏ DATABASE_PATH tới tệp mới, hoặc chuyển tệp cũ ${basename(databasePath)} đi nơi khác (giữ lại) rồi đổi tên tệp mới thành nó
     Point DATABASE_PATH at the new file, or move the old file aside (keep it) and rename the new one to its name
  3. Khởi động lại / start again            (systemctl start khoi-thi-dua, hoặc npm start)`);
} catch (e) {
	fail((e as Error).message);
}
