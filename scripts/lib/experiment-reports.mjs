// What an experiment's tables read and write: the `ace eval` reports of its rows and the block of its
// README.md between two markers.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { replaceBetween } from './markers.mjs';

/** The rows of `<folder>/report.json` (the model with and without a style photo, and the two
 * baselines) and its settings, or null before it is scored. */
export function readReport(folder) {
  const path = join(folder, 'report.json');
  if (!existsSync(path)) return null;
  const { methods, settings } = JSON.parse(readFileSync(path, 'utf8'));
  const row = (name) => methods.find((m) => m.name === name);
  return { ace: row('ace'), noStyle: row('ace_no_style'), identity: row('identity'), labTransfer: row('lab_transfer'), settings };
}

export const fixed = (v, d = 3) => (v === undefined ? '-' : v.toFixed(d));
export const signed = (v) => (v >= 0 ? '+' : '') + fixed(v);

/** Prints a table's lines, or with `--write` puts them between `<!-- marker -->` and `<!-- /marker -->`
 * of `<folder>/README.md`. */
export function emit(lines, folder, marker) {
  const text = lines.join('\n');
  if (process.argv.includes('--write')) replaceBetween(join(folder, 'README.md'), `<!-- ${marker} -->`, `<!-- /${marker} -->`, text);
  else console.log(text);
}
