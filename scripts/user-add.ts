/**
 * npm run user:add -- --username NAME --name "Tên hiển thị" --role ROLE [--bloc K01 --year 2025] [--unit XA01]
 *
 * Creates an account (the first admin, for instance). ROLE: admin, analyst, viewer, bloc_leader,
 * bloc_deputy (need --bloc and --year) or unit_officer (needs --unit); repeat --role … to give
 * several. The password is asked for without echo, or read from standard input when it is not a
 * terminal (`echo "$PW" | npm run user:add -- …`).
 */
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { GLOBAL_ROLES, type Grant } from '../src/lib/domain/policy';
import { createUser } from '../src/lib/server/auth/users';
import { Database, databasePath } from '../src/lib/server/db';

const { values } = parseArgs({
	options: {
		username: { type: 'string' },
		name: { type: 'string' },
		role: { type: 'string', multiple: true },
		bloc: { type: 'string' },
		year: { type: 'string' },
		unit: { type: 'string' },
		help: { type: 'boolean' }
	}
});

function usage(message?: string): never {
	if (message) console.error(`Lỗi: ${message}`);
	console.error(
		'Cách dùng: npm run user:add -- --username TÊN --name "Tên hiển thị" --role admin|analyst|viewer|bloc_leader|bloc_deputy|unit_officer [--bloc K01 --year 2025] [--unit XA01]'
	);
	process.exit(message ? 2 : 0);
}

if (values.help) usage();
if (!values.username || !values.name || !values.role?.length)
	usage('cần --username, --name và ít nhất một --role');

const grants: Grant[] = values.role!.map((role) => {
	if ((GLOBAL_ROLES as readonly string[]).includes(role)) return { role } as Grant;
	if (role === 'bloc_leader' || role === 'bloc_deputy') {
		const year = Number(values.year);
		if (!values.bloc || !/^\d{4}$/.test(values.year ?? ''))
			usage(`vai trò ${role} cần --bloc và --year (4 chữ số)`);
		return { role, blocCode: values.bloc!, year };
	}
	if (role === 'unit_officer') {
		if (!values.unit) usage('vai trò unit_officer cần --unit');
		return { role, unitCode: values.unit! };
	}
	return usage(`vai trò không hợp lệ: ${role}`);
});

async function readPassword(): Promise<string> {
	const muted = new Writable({ write: (_chunk, _enc, done) => done() });
	const tty = process.stdin.isTTY;
	if (tty) process.stdout.write('Mật khẩu (ít nhất 8 ký tự): ');
	const rl = createInterface({ input: process.stdin, output: tty ? muted : undefined, terminal: tty });
	for await (const line of rl) {
		rl.close();
		if (tty) process.stdout.write('\n');
		return line;
	}
	return '';
}

const password = await readPassword();
let db: Database;
try {
	db = await Database.open(databasePath());
} catch (e) {
	console.error(`Không mở được ${databasePath()} (máy chủ đang chạy?): ${(e as Error).message}`);
	process.exit(2);
}
try {
	const id = await createUser(db, {
		username: values.username!.toLowerCase(),
		displayName: values.name!,
		password,
		grants
	});
	console.log(`Đã tạo tài khoản ${values.username} (mã ${id}).`);
} catch (e) {
	console.error((e as Error).message);
	process.exitCode = 1;
} finally {
	db.close();
}
