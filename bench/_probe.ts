import { Database } from '../src/lib/server/db';
import { generate, PROVINCE } from './national';
import { rankBloc, rankYear } from '../src/lib/server/ranking';
import { blocHeader } from '../src/lib/server/overview/bloc';
import { createUser } from '../src/lib/server/auth/users';
import { login, sessionPrincipal } from '../src/lib/server/auth/sessions';
import { rmSync } from 'node:fs';
rmSync('/tmp/probe.duckdb', { force: true });
rmSync('/tmp/probe.duckdb.wal', { force: true });
const db = await Database.open('/tmp/probe.duckdb');
await generate(db, PROVINCE);
await createUser(db, {
	username: 'bench',
	displayName: 'B',
	password: 'bench-password',
	grants: [{ role: 'analyst' }]
});
const r = await login(db, 'bench', 'bench-password', '1');
const t = async (name: string, fn: () => Promise<unknown>) => {
	await fn();
	const s = performance.now();
	for (let i = 0; i < 20; i++) await fn();
	console.log(name, ((performance.now() - s) / 20).toFixed(1), 'ms');
};
await t('rankBloc', () => rankBloc(db, 2025, 'T01K01'));
await t('rankYear', () => rankYear(db, 2025));
await t('blocHeader', () => blocHeader(db, 2025, 'T01K01'));
if (r.ok) await t('sessionPrincipal', () => sessionPrincipal(db, r.token));
await t('trivial query', () => db.all('SELECT 1'));
db.close();
