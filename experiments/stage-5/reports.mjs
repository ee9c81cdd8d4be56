// What stage 5's tables read: an `ace eval` report of this folder, and the rule's noise band (RULE.md 1).
import { join } from 'node:path';
import * as shared from '../../scripts/lib/experiment-reports.mjs';

export const here = import.meta.dirname;
export const { fixed, signed } = shared;

/** The rows of `<dir>/report.json` under this folder (`scripts/lib/experiment-reports.mjs`), or null before it is scored. */
export const readReport = (dir) => shared.readReport(join(here, dir));

/** Prints a table's lines, or with `--write` puts them into this folder's README.md block `marker`. */
export const emit = (lines, marker) => shared.emit(lines, here, marker);

/** Rule 1: |control - control, seed 6| in KID gap closed and in target rate, each at least 0.01; null until both are scored. */
export function noiseBand() {
  const [control, seed6] = [readReport('control')?.ace, readReport('control-seed-6')?.ace];
  if (!control || !seed6) return null;
  return {
    kid: Math.max(0.01, Math.abs(control.gap_closed_kid - seed6.gap_closed_kid)),
    rate: Math.max(0.01, Math.abs(control.target_rate - seed6.target_rate)),
  };
}
