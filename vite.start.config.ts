/**
 * Builds, after SvelteKit's build (which empties build/), what Node loads from build/ beside the
 * app: the server entry (src/start.ts → build/start.js) and the Excel worker thread
 * (src/lib/server/import/xlsx-worker.ts → build/xlsx-worker.js, found at run time by
 * xlsx-thread.ts). Dependencies stay in node_modules; the app itself is loaded at run time from
 * build/handler.js.
 */
import { defineConfig } from 'vite';

export default defineConfig({
	logLevel: 'warn',
	build: {
		ssr: true,
		outDir: 'build',
		emptyOutDir: false,
		target: 'node20',
		sourcemap: true,
		rollupOptions: {
			input: { start: 'src/start.ts', 'xlsx-worker': 'src/lib/server/import/xlsx-worker.ts' },
			output: { entryFileNames: '[name].js', chunkFileNames: 'start-chunks/[name]-[hash].js', format: 'es' }
		}
	}
});
