// What stage 5's tables read: an `ace eval` report of this folder, and the rule's noise band (RULE.md 1).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { replaceBetween } from '../../scripts/lib/markers.mjs';

export const here = import.meta.dirname;

/** The `ace` and `ace_no_style` rows of `<dir>/report.json` under this folder, or null before it is scored. */
export function readReport(dir) {
  const path = join(here, dir, 'report.json');
  if (!existsSync(path)) return null;
  const methods = JSON.parse(readFileSync(path, 'utf8')).methods;
  return { ace: methods.find((m) => m.name === 'ace'), noStyle: methods.find((m) => m.name === 'ace_no_style') };
}

/** Rule 1: |control - control, seed 6| in KID gap closed and in target rate, each at least 0.01; null until both are scored. */
export function noiseBand() {
  const [control, seed6] = [readReport('control')?.ace, readReport('control-seed-6')?.ace];
  if (!control || !seed6) return null;
  return {
    kid: Math.max(0.01, Math.abs(control.gap_closed_kid - seed6.gap_closed_kid)),
    rate: Math.max(0.01, Math.abs(control.target_rate - seed6.target_rate)),
  };
}

export const fixed = (v, d = 3) => (v === undefined ? '-' : v.toFixed(d));
export const signed = (v) => (v >= 0 ? '+' : '') + fixed(v);

/** Prints a table's lines, or with `--write` puts them between `<!-- marker -->` and `<!-- /marker -->`
 * of this folder's README.md. */
export function emit(lines, marker) {
  const text = lines.join('\n');
  if (process.argv.includes('--write')) replaceBetween(join(here, 'README.md'), `<!-- ${marker} -->`, `<!-- /${marker} -->`, text);
  else console.log(text);
}
