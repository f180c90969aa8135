/**
 * The server's log: one JSON object a line on stdout (pino), for journald, Docker or any log
 * collector. Never log cookies, passwords, tokens or form values: request lines carry only the
 * method, the route id, the status, the duration and the account id (see hooks.server.ts).
 * LOG_LEVEL sets the level (the config is read when this module loads).
 */
import { pino } from 'pino';
import { config } from './config';

function level(): string {
	try {
		return config().logLevel;
	} catch {
		// A bad setting is reported by the server entry, which stops; scripts still log.
		return 'info';
	}
}

export const log = pino({
	level: level(),
	base: { app: 'khoi-thi-dua' },
	timestamp: pino.stdTimeFunctions.isoTime,
	// "level":"info" rather than 30: read by people in journald as much as by collectors.
	formatters: { level: (label) => ({ level: label }) },
	// Defence in depth: should a caller ever pass a request or headers, these never reach the log.
	redact: {
		paths: ['password', '*.password', 'cookie', '*.cookie', 'headers.cookie', 'req.headers.cookie', 'token'],
		censor: '[ẩn]'
	}
});
