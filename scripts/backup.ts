/**
 * npm run backup [-- --json]
 * A consistent copy of the whole database into BACKUP_DIR (src/lib/server/backup). When the
 * server runs, it makes the backup (asked through its control socket, <DATABASE_PATH>.sock);
 * otherwise this command opens the database file itself. Exit 1 on failure.
 */
import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { ConfigError, config, type Config } from '../src/lib/server/config';
import { Database } from '../src/lib/server/db';
import { createBackup, sidecarName, type BackupResult } from '../src/lib/server/backup';
import { askBackup, askStatus, type ServerStatus } from '../src/lib/server/backup/control';
import { formatNumber } from '../src/lib/domain/numbers';

const args = process.argv.slice(2);
if (args.includes('--help') || args.some((a) => a !== '--json')) {
	console.log(`Cách dùng / usage: npm run backup [-- --json]
  Sao lưu toàn bộ cơ sở dữ liệu vào BACKUP_DIR. Máy chủ đang chạy thì máy chủ sao lưu (qua ổ cắm
  điều khiển <DATABASE_PATH>.sock); không thì lệnh này tự mở tệp cơ sở dữ liệu.
  Backs up the whole database into BACKUP_DIR, through the running server when there is one.
  --json   in bản kê (manifest) dạng JSON / print the manifest as JSON`);
	process.exit(args.includes('--help') ? 0 : 2);
}
const json = args.includes('--json');

function fail(message: string): never {
	console.error(`LỖI: ${message}\nSao lưu không thành công. / The backup failed.`);
	process.exit(1);
}

let cfg: Config;
try {
	cfg = config();
} catch (e) {
	if (e instanceof ConfigError) fail(`${e.message}\nHãy sửa các biến môi trường trên.`);
	throw e;
}

let requestedBy: string | undefined;
try {
	requestedBy = userInfo().username;
} catch {
	requestedBy = undefined;
}

const sizeText = (bytes: number) =>
	`${formatNumber(bytes / (1024 * 1024), 1)} MB (${formatNumber(bytes, 0)} byte)`;

/** `via`: who made the copy, the running server or this command (in the JSON output). */
function print(b: BackupResult, how: string, via: 'server' | 'file') {
	if (json) {
		console.log(JSON.stringify({ ...b, via }, null, '\t'));
		return;
	}
	const tables = Object.keys(b.tables).length;
	console.log(`${how}
${b.joined ? 'Một bản sao lưu cùng loại đang chạy: dùng chung bản đó. / Joined a backup already running.\n' : ''}
  Tệp / file:            ${b.file}
  Bản kê / manifest:     ${join(dirname(b.file), sidecarName(b.name))}
  Dung lượng / size:     ${sizeText(b.sizeBytes)}
  Số bảng / tables:      ${formatNumber(tables, 0)}
  Tổng số dòng / rows:   ${formatNumber(b.totalRows, 0)}
  Migration:             ${b.migrationVersion}
  SHA-256:               ${b.sha256}`);
}

let status: ServerStatus | null;
try {
	status = await askStatus(cfg.controlSocket);
} catch (e) {
	fail(
		`máy chủ không trả lời đúng trên ổ cắm điều khiển ${cfg.controlSocket}: ${(e as Error).message}\n` +
			`Kiểm tra máy chủ (systemctl status, nhật ký) rồi chạy lại.`
	);
}

if (status) {
	try {
		const b = await askBackup(cfg.controlSocket, requestedBy);
		print(
			b,
			`Đã sao lưu qua máy chủ đang chạy (PID ${status.pid}, cơ sở dữ liệu ${status.database}).\n` +
				`Backed up by the running server.`,
			'server'
		);
	} catch (e) {
		fail(`máy chủ đang chạy (PID ${status.pid}) không sao lưu được: ${(e as Error).message}`);
	}
} else {
	const path = cfg.databasePath;
	if (!existsSync(path))
		fail(`không có tệp cơ sở dữ liệu ${path} (DATABASE_PATH) và không có máy chủ nào đang chạy.`);
	let db: Database;
	try {
		db = await Database.open(path);
	} catch (e) {
		const msg = (e as Error).message;
		fail(
			/lock/i.test(msg)
				? `tệp ${path} đang bị một tiến trình khác giữ nhưng không có máy chủ nào trả lời trên ổ cắm điều khiển ${cfg.controlSocket}. ` +
						`Có thể là npm run import, một máy chủ phiên bản cũ, hoặc một máy chủ chạy với DATABASE_PATH khác đường dẫn này. ` +
						`Hãy đợi tiến trình đó xong hoặc dừng nó rồi chạy lại.\n${msg}`
				: `không mở được cơ sở dữ liệu ${path}: ${msg}`
		);
	}
	try {
		const b = await createBackup(db, cfg.backupDir, { kind: 'cli', requestedBy });
		await db.checkpointAndClose();
		print(
			b,
			`Không có máy chủ đang chạy: đã tự mở ${path} và sao lưu trực tiếp.\n` +
				`No server running: opened the database file and backed it up directly.`,
			'file'
		);
	} catch (e) {
		await db.checkpointAndClose().catch(() => undefined);
		fail((e as Error).message);
	}
}
