import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	compilerOptions: { runes: true },
	kit: {
		// One process only: DuckDB allows a single read-write opener of the database file.
		adapter: adapter({ out: 'build' })
	}
};

export default config;
