// What stage 5's tables read: an `ace eval` report of this folder, and the rule's noise band (RULE.md 1).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as shared from '../../scripts/lib/experiment-reports.mjs';
import { DETAIL_CANDIDATES, SHIP_BARS, chooseDetail, meetsBars, pairedBandOf, routeReaches, styleAtModelSide } from './decide.mjs';

export const here = import.meta.dirname;
export const { fixed, signed } = shared;

/** The rows of `<dir>/report.json` under this folder (`scripts/lib/experiment-reports.mjs`), or null before it is scored. */
export const readReport = (dir) => shared.readReport(join(here, dir));

/** Rule 32: the share of the photo's whole band a gated route carries (`<dir>/carried.json`, written by
 * carried-share.mjs), or null before it is measured. */
export function readCarried(dir) {
  const file = join(here, dir, 'carried.json');
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')).carried : null;
}

/** Rule 35's measure beside a report (`<dir>/<file>`, written by fine-detail.mjs), or null before it is made. */
export function readFine(dir, file = 'fine-detail.json') {
  const path = join(here, dir, file);
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')).fine_detail : null;
}

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

export { DETAIL_CANDIDATES, SHIP_BARS } from './decide.mjs';

/** The ship test of rule 6 as rule 15 spells it, on a model's 128 px report `at128` (its `ace` row and
 * its baselines) and its 256 px route's row `route` (rule 14, named `routeName`): [bar, met, value]
 * for each clause, in the order the tables list them. */
export function shipBars(at128, route, routeName) {
  const m = at128.ace;
  return [
    [`target rate >= ${SHIP_BARS.targetRate}`, m.target_rate >= SHIP_BARS.targetRate, fixed(m.target_rate)],
    [`KID gap closed >= ${SHIP_BARS.gapClosedKid}`, m.gap_closed_kid >= SHIP_BARS.gapClosedKid, fixed(m.gap_closed_kid)],
    [`content kept >= ${SHIP_BARS.contentKept}`, m.content_kept >= SHIP_BARS.contentKept, fixed(m.content_kept)],
    [`diversity >= ${SHIP_BARS.diversity}`, m.diversity >= SHIP_BARS.diversity, fixed(m.diversity, 2)],
    ...Object.entries({ identity: at128.identity, 'Lab transfer': at128.labTransfer }).map(([name, b]) => [
      `ahead of ${name} (target rate and KID gap closed)`,
      m.target_rate > b.target_rate && m.gap_closed_kid > b.gap_closed_kid,
      `${fixed(b.target_rate)}, ${fixed(b.gap_closed_kid)}`,
    ]),
    [`256 px (${routeName}): target rate at least the 128 px one, content kept >= ${SHIP_BARS.contentKept}`,
      routeReaches(m, route),
      `${fixed(route.target_rate)} (${signed(route.target_rate - m.target_rate)}), content kept ${fixed(route.content_kept)}`],
  ];
}

/** A row of a route table (rules 25-34): `m`'s numbers, its target rate against `versus` (the 128 px
 * row) when given, or "not scored yet"; with `verdict` (a string) one more cell for it. */
export function routeRow(name, m, versus, verdict) {
  const cells = m
    ? [name, fixed(m.target_rate), versus ? signed(m.target_rate - versus.target_rate) : '', fixed(m.gap_closed_kid), fixed(m.diversity, 2), fixed(m.pixel_spread, 1), fixed(m.content_kept)]
    : [name, 'not scored yet', '', '', '', '', ''];
  if (verdict !== undefined) cells.push(m ? verdict : '');
  return `| ${cells.join(' | ')} |`;
}

/** A route row's verdict cell (rules 25-35): whether route `r` reaches the 128 px row `base` (`routeReaches`),
 * empty while either is unscored. */
export const reachVerdict = (base, r) => (r && base ? (routeReaches(base, r) ? 'reaches the 128 px rate' : 'short of it') : '');

/** `reachVerdict` of the route scored in `dir` against the 128 px row in `baseDir`, with their paired
 * band; empty while either is unscored. */
export function reachVerdictWithBand(baseDir, dir) {
  const [base, r] = [readReport(baseDir)?.ace, readReport(dir)?.ace];
  return r && base ? `${reachVerdict(base, r)} (paired band ${fixed(pairedBand(baseDir, dir))})` : '';
}

/** A driver's `--chosen`: prints half A's choice (`none` when nothing qualifies) and exits, or exits 1
 * with an error while half A is not fully scored (`rule` names the rule in it). */
export function printChoice(rule, complete, chosen) {
  if (!complete) {
    console.error(`rule ${rule}: half A is not fully scored yet`);
    process.exit(1);
  }
  console.log(chosen ?? 'none');
  process.exit(0);
}

/** The half-B lines of a model tried as stage 5 on its route (rules 31 and 33): each clause of the ship
 * test met or missed, the model against the shipped interim model's half-B row `interimOnB`, and
 * whether it passes (`passes`: the decision's text if it does). */
export function shipDecisionLines(rule, b128, bRoute, routeName, interimOnB, passes) {
  const m = b128.ace;
  const bars = shipBars(b128, bRoute, routeName);
  return [
    ...bars.map(([bar, met, value]) => `- ${met ? 'met' : '**missed**'}: ${bar} (${value})`),
    '',
    `Against the shipped interim model's half-B row: target rate ${signed(m.target_rate - interimOnB.target_rate)}, KID gap closed ${signed(m.gap_closed_kid - interimOnB.gap_closed_kid)}.`,
    bars.every(([, met]) => met) ? `Decision (rule ${rule}): ${passes}` : `Decision (rule ${rule}): it misses the ship test on half B: nothing changes.`,
  ];
}

/** Where rule 17's sweep of milestone `step` puts a candidate's report: style at up to 256 px (rule
 * 17), or at the network's 128 px (rule 21's second sweep). */
export const sweepRow = (step, detail, styleSide = 256) =>
  `detail-step-${step}/${styleSide === 256 ? '' : `style-${styleSide}-`}detail-${detail}`;

/** Rule 17 at milestone `step`, within one style side: the half-A reports of detail-step-<step>/ and,
 * once all are scored, the chosen detail (`chooseDetail`, decide.mjs). */
export function detailChoice(step, styleSide = 256) {
  const at128 = readReport(`detail-step-${step}/128px`)?.ace;
  const rows = DETAIL_CANDIDATES.map((detail) => ({ detail, dir: sweepRow(step, detail, styleSide), r: readReport(sweepRow(step, detail, styleSide))?.ace }));
  if (!at128 || rows.some(({ r }) => !r)) return { at128, rows, chosen: null };
  return { at128, rows, ...chooseDetail(at128, rows) };
}

/** Rule 21's paired band of two reports of this folder (`pairedBandOf` in decide.mjs). */
export const pairedBand = (dirA, dirB) =>
  pairedBandOf(...[dirA, dirB].map((dir) => JSON.parse(readFileSync(join(here, dir, 'report.json'), 'utf8'))));

/** The page's route at milestone `step` (rules 17 and 21): the style side and the detail. At the first
 * milestone rule 21 does not apply (rule 19 decided there): the style at up to 256 px, rule 17's detail.
 * Otherwise each style side's rule-17 choice, and the style at 128 px when its row beats the other's by
 * more than the paired band with content kept at most 0.01 lower. `chosen` is null until all is scored. */
export function routeChoice(step) {
  const wide = detailChoice(step, 256);
  if (step === 25000) return { wide, chosen: wide.chosen === null ? null : { styleSide: 256, detail: wide.chosen } };
  const narrow = detailChoice(step, 128);
  if (wide.chosen === null || narrow.chosen === null) return { wide, narrow, chosen: null };
  const [w, n] = [wide, narrow].map((c) => c.rows.find((r) => r.detail === c.chosen));
  const band = pairedBand(w.dir, n.dir);
  const gain = n.r.target_rate - w.r.target_rate;
  const adopted = styleAtModelSide(w.r, n.r, band);
  const chosen = adopted ? { styleSide: 128, detail: narrow.chosen } : { styleSide: 256, detail: wide.chosen };
  return { wide, narrow, band, gain, keptChange: n.r.content_kept - w.r.content_kept, adopted, chosen };
}

/** The README block a milestone's table goes into: the first milestone (restart step 25,000) keeps its
 * own, and the second (whichever step rule 20 chose) writes beside it, `<base>-second`. */
export const milestoneBlock = (base, step) => (step === 25000 ? base : `${base}-second`);

/** The body of a branch's step table (scales.mjs, crop128-scales.mjs): for each of `scored` ({ step, m,
 * ...routes }) its 128 px row (key `m`) and then each 256 px route of `routes` ({ key, name }, the 128 px
 * one first), with the route's target rate against the step's own 128 px one and whether it qualifies.
 * `imagesOf(step)` fills the images column. */
export function branchRows(scored, routes, imagesOf) {
  const lines = [];
  for (const s of scored) {
    for (const { key, name } of routes) {
      const m = s[key];
      const head = key === 'm' ? `| ${s.step.toLocaleString('en-US')} | ${imagesOf(s.step)} | ${name}` : `| | | ${name}`;
      if (!m) {
        lines.push(`${head} | not scored yet | | | | | |`);
        continue;
      }
      const verdict = key === 'm' ? (meetsBars(m) ? 'every 128 px bar met' : 'a 128 px bar missed')
        : s.m && routeReaches(s.m, m) ? 'reaches the 128 px rate' : 'short of it';
      const versus = key === 'm' || !s.m ? '' : signed(m.target_rate - s.m.target_rate);
      lines.push(`${head} | ${fixed(m.target_rate)} | ${versus} | ${fixed(m.gap_closed_kid)} | ${fixed(m.diversity, 2)} | ${fixed(m.content_kept)} | ${verdict} |`);
    }
  }
  return lines;
}
