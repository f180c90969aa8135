/**
 * Builds the server entry (src/start.ts → build/start.js) after SvelteKit's build (which empties
 * build/). Dependencies stay in node_modules; the app itself is loaded at run time from
 * build/handler.js.
 */
import { defineConfig } from 'vite';

export default defineConfig({
	logLevel: 'warn',
	build: {
		ssr: 'src/start.ts',
		outDir: 'build',
		emptyOutDir: false,
		target: 'node20',
		sourcemap: true,
		rollupOptions: { output: { entryFileNames: 'start.js', format: 'es' } }
	}
});
