/**
 * npm run docs: regenerates docs/csv-formats.md from the column spec, and the README's settings
 * table and example.env from src/lib/server/config.ts.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { renderCsvDocs } from '../src/lib/domain/csv-docs';
import { renderExampleEnv, withSettingsTable } from '../src/lib/server/config-docs';

writeFileSync('docs/csv-formats.md', renderCsvDocs());
writeFileSync('example.env', renderExampleEnv());
writeFileSync('README.md', withSettingsTable(readFileSync('README.md', 'utf8')));
console.log('docs/csv-formats.md, example.env, README.md');
