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

/** The ship test's 128 px bars (RULE.md 6): the milestones apply them on half B, rule 18 on half A. */
export const SHIP_BARS = { targetRate: 0.40, gapClosedKid: 0.55, contentKept: 0.6, diversity: 5 };

/** Rule 17's candidates, largest first (the order the rule prefers them in). */
export const DETAIL_CANDIDATES = [1, 0.75, 0.5, 0.25];

/** Rule 17 at milestone `step`: the half-A reports of detail-step-<step>/ and, once all are scored, the
 * chosen detail: the largest candidate whose 256 px target rate is at least the 128 px one with content
 * kept >= 0.6; failing that, the highest 256 px target rate (the larger of a tie). */
export function detailChoice(step) {
  const folder = `detail-step-${step}`;
  const at128 = readReport(`${folder}/128px`)?.ace;
  const rows = DETAIL_CANDIDATES.map((detail) => ({ detail, r: readReport(`${folder}/detail-${detail}`)?.ace }));
  if (!at128 || rows.some(({ r }) => !r)) return { at128, rows, chosen: null };
  const passing = rows.find(({ r }) => r.target_rate >= at128.target_rate && r.content_kept >= SHIP_BARS.contentKept);
  if (passing) return { at128, rows, chosen: passing.detail, why: `the largest whose 256 px target rate is at least the 128 px one, content kept >= ${SHIP_BARS.contentKept}` };
  const best = rows.reduce((a, b) => (b.r.target_rate > a.r.target_rate ? b : a));
  return { at128, rows, chosen: best.detail, why: 'none reaches the 128 px rate: the highest 256 px target rate' };
}

/** The README block a milestone's table goes into: the first milestone (restart step 25,000) keeps its
 * own, and the second (whichever step rule 20 chose) writes beside it, `<base>-second`. */
export const milestoneBlock = (base, step) => (step === 25000 ? base : `${base}-second`);
