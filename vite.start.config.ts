/**
 * Builds, after SvelteKit's build (which empties build/), what Node loads from build/ beside the
 * app: the server entry (src/start.ts → build/start.js), the Excel worker thread
 * (src/lib/server/import/xlsx-worker.ts → build/xlsx-worker.js, found at run time by
 * xlsx-thread.ts), and the command-line tools an installed server needs without tsx or the
 * sources (a Docker image, a pruned install): build/cli/backup.js, restore.js, user-add.js,
 * import.js. Dependencies stay in node_modules; the app itself is loaded at run time from
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
			input: {
				start: 'src/start.ts',
				'xlsx-worker': 'src/lib/server/import/xlsx-worker.ts',
				'cli/backup': 'scripts/backup.ts',
				'cli/restore': 'scripts/restore.ts',
				'cli/user-add': 'scripts/user-add.ts',
				'cli/import': 'scripts/import.ts'
			},
			output: { entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js', format: 'es' }
		}
	}
});
