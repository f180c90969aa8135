/**
 * npm run import -- <files or folders> [--dry-run]
 * Validates every row of every file; on any error prints each (file, row, column, value,
 * reason), exits 1 and leaves the database unchanged. Otherwise commits everything in one
 * transaction and prints what was added and replaced.
 */
import { existsSync } from 'node:fs';
import { Database, databasePath, WriteConflictError } from '../src/lib/server/db';
import { formatIssue, importPaths } from '../src/lib/server/import';
import { TABLES_BY_NAME } from '../src/lib/domain/csv-schema';
import { formatNumber } from '../src/lib/domain/numbers';

const args = process.argv.slice(2);
const dryRun = args.includes('--dry-run');
const paths = args.filter((a) => !a.startsWith('--'));
if (paths.length === 0 || args.includes('--help')) {
	console.log(`Cách dùng: npm run import -- <tệp .csv hoặc thư mục> [...] [--dry-run]
  --dry-run   chỉ kiểm tra, không ghi gì
Cơ sở dữ liệu: DATABASE_PATH (hiện tại ${databasePath()})`);
	process.exit(paths.length === 0 && !args.includes('--help') ? 2 : 0);
}
const missing = paths.filter((p) => !existsSync(p));
if (missing.length > 0) {
	console.error(`Không tìm thấy: ${missing.join(', ')}`);
	process.exit(2);
}

let db: Database;
try {
	db = await Database.open(databasePath());
} catch (e) {
	const msg = (e as Error).message;
	console.error(
		/lock/i.test(msg)
			? `Không mở được ${databasePath()}: tệp đang được tiến trình khác (máy chủ bảng điều khiển?) sử dụng. Hãy dừng máy chủ rồi nhập lại.\n${msg}`
			: `Không mở được cơ sở dữ liệu ${databasePath()}: ${msg}`
	);
	process.exit(2);
}

let result: Awaited<ReturnType<typeof importPaths>>;
try {
	result = await importPaths(db, paths, { dryRun, source: 'cli' });
} catch (e) {
	// Another writer changed the same rows meanwhile, twice: nothing was written.
	if (!(e instanceof WriteConflictError)) throw e;
	console.error(`${e.message}\nKhông có thay đổi nào được ghi vào cơ sở dữ liệu: hãy chạy lại lệnh nhập.`);
	db.close();
	process.exit(1);
}
for (const f of result.files)
	console.log(
		`Đọc ${f.file}: ${f.label}, ${formatNumber(f.rows, 0)} dòng (dấu phân cách "${f.delimiter === '\t' ? 'tab' : f.delimiter}")`
	);
const errors = result.issues.filter((i) => i.severity === 'error');
for (const i of result.issues) (i.severity === 'error' ? console.error : console.warn)(formatIssue(i));
if (errors.length > 0) {
	console.error(`\n${formatNumber(errors.length, 0)} lỗi. Không có thay đổi nào được ghi vào cơ sở dữ liệu.`);
	db.close();
	process.exit(1);
}
console.log(
	dryRun ? '\nKiểm tra xong, không có lỗi (chạy thử: không ghi gì):' : '\nĐã nhập trong một giao dịch:'
);
for (const c of result.counts)
	console.log(
		`  ${TABLES_BY_NAME.get(c.table)!.label}: ${formatNumber(c.added, 0)} thêm mới, ${formatNumber(c.replaced, 0)} thay thế, ${formatNumber(c.unchanged, 0)} không đổi`
	);
db.close();
