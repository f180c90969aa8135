/** npm run docs: regenerates docs/csv-formats.md from the column spec. */
import { writeFileSync } from 'node:fs';
import { renderCsvDocs } from '../src/lib/domain/csv-docs';

writeFileSync('docs/csv-formats.md', renderCsvDocs());
console.log('docs/csv-formats.md');
