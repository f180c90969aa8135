/**
 * The running server's background services (housekeeping, scheduled backups, the control
 * socket) and its clean stop. `hooks.server.ts` starts them once the database is open; the server
 * entry (`src/start.ts`, built to build/start.js) calls `shutdown()` through the process-wide
 * registry after the HTTP server has stopped taking requests and the ones in flight are done.
 */
import type { Config } from './config';
import type { Database } from './db';
import { log } from './log';

/** Something that runs in the background until the server stops. */
export interface Service {
	name: string;
	stop(): Promise<void> | void;
}

/** Starts one service; a service that fails to start is logged and the others still start. */
export type ServiceStarter = (db: Database, cfg: Config) => Promise<Service> | Service;

const KEY = Symbol.for('khoi-thi-dua.runtime');

export interface Runtime {
	startedAt: number;
	services: Service[];
	database: Database | null;
	/** Stops the services, checkpoints and closes the database. Safe to call twice. */
	shutdown(): Promise<void>;
}

type GlobalWithRuntime = typeof globalThis & { [KEY]?: Runtime };

/** The registry the server entry reaches (it is bundled apart from the app). */
export function runtime(): Runtime {
	const g = globalThis as GlobalWithRuntime;
	if (!g[KEY]) {
		let stopping: Promise<void> | null = null;
		const rt: Runtime = {
			startedAt: Date.now(),
			services: [],
			database: null,
			shutdown: () => (stopping ??= stopAll(rt))
		};
		g[KEY] = rt;
	}
	return g[KEY];
}

export async function startServices(db: Database, cfg: Config, starters: ServiceStarter[]): Promise<void> {
	const rt = runtime();
	rt.database = db;
	for (const start of starters) {
		try {
			rt.services.push(await start(db, cfg));
		} catch (error) {
			log.error({ err: error }, 'Không khởi động được dịch vụ nền');
		}
	}
}

async function stopAll(rt: Runtime): Promise<void> {
	for (const s of rt.services.reverse()) {
		try {
			await s.stop();
		} catch (error) {
			log.error({ err: error, service: s.name }, 'Lỗi khi dừng dịch vụ nền');
		}
	}
	rt.services = [];
	if (rt.database) {
		await rt.database.checkpointAndClose();
		log.info({ database: rt.database.path }, 'Đã ghi điểm kiểm tra (CHECKPOINT) và đóng cơ sở dữ liệu');
		rt.database = null;
	}
}

/**
 * A timer that runs `task` now and then every `everyMs`, never twice at once; errors are logged.
 * The timer does not keep the process alive.
 */
export function every(name: string, everyMs: number, task: () => Promise<unknown>): Service {
	let running: Promise<unknown> | null = null;
	const tick = () => {
		if (running) return;
		running = task()
			.catch((error) => log.error({ err: error, task: name }, 'Tác vụ nền thất bại'))
			.finally(() => (running = null));
	};
	tick();
	const timer = setInterval(tick, everyMs);
	timer.unref();
	return {
		name,
		async stop() {
			clearInterval(timer);
			await running;
		}
	};
}
