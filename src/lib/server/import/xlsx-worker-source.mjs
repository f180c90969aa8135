// The Excel worker (xlsx-worker.ts) when the app runs from source: Vitest, `vite dev` and the
// tsx scripts (`npm run import`). tsx compiles it and what it imports, in this thread only.
// The built app never loads this file: it runs build/xlsx-worker.js.
import { tsImport } from 'tsx/esm/api';

await tsImport('./xlsx-worker.ts', import.meta.url);
