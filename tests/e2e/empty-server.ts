/**
 * The second server of the browser tests: an empty database (SEED_SAMPLE=0) with one admin made
 * on the command line, as a council starts (README). Its port follows the sample server's.
 */
export const SAMPLE_PORT = Number(process.env.E2E_PORT ?? 4319);
export const EMPTY_PORT = SAMPLE_PORT + 1;
export const EMPTY_URL = `http://127.0.0.1:${EMPTY_PORT}`;
export const EMPTY_ADMIN = { username: 'quantri', password: 'Hoi-dong-thi-dua-2026' };
