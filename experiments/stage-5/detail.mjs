// Stage 5's rule 17: the share of the photo's detail the page's 256 px route carries, chosen at a
// milestone from the half-A reports `run.sh long` writes into detail-step-<S>/ (128 px, and 256 px
// carried up from 128 with each candidate --detail); the rule itself is `detailChoice` in reports.mjs.
// Rule 19's variant (the style photo encoded at 128 px, style-side-step-<S>/) is shown and decided below it.
//
//   node experiments/stage-5/detail.mjs [--step 25000] [--write | --choice | --candidates]
//
// --write puts the table and the choice into README.md's <!-- detail --> block; --choice prints only
// the chosen detail (for run.sh) and fails while a report is missing; --candidates prints the shares
// the sweep scores (for run.sh).
import { DETAIL_CANDIDATES, detailChoice, emit, milestoneBlock, fixed as f, noiseBand, readReport, signed } from './reports.mjs';

const args = process.argv.slice(2);
const stepAt = args.indexOf('--step');
const step = stepAt >= 0 ? Number(args[stepAt + 1]) : 25000;
if (!Number.isInteger(step) || step <= 0) {
  console.error(`--step wants a positive whole number (the milestone's step), not ${args[stepAt + 1]}`);
  process.exit(2);
}

if (args.includes('--candidates')) {
  console.log(DETAIL_CANDIDATES.join(' '));
  process.exit(0);
}
const { at128, rows, chosen, why } = detailChoice(step);
if (args.includes('--choice')) {
  if (chosen === null) {
    console.error(`rule 17 cannot choose yet: a report under experiments/stage-5/detail-step-${step} is missing`);
    process.exit(1);
  }
  console.log(chosen);
  process.exit(0);
}

const lines = [`Step ${step.toLocaleString('en-US')}, half A, 2 seeds, variation 0.3 (rule 17):`, ''];
lines.push('| scored | target rate | vs 128 px | gap closed (KID) | diversity | content kept |', '|---|---|---|---|---|---|');
lines.push(at128
  ? `| 128 px | ${f(at128.target_rate)} | | ${f(at128.gap_closed_kid)} | ${f(at128.diversity, 2)} | ${f(at128.content_kept)} |`
  : '| 128 px | not scored yet | | | | |');
for (const { detail, r } of rows) {
  lines.push(r
    ? `| 256 px carried, detail ${detail} | ${f(r.target_rate)} | ${at128 ? signed(r.target_rate - at128.target_rate) : '-'} | ${f(r.gap_closed_kid)} | ${f(r.diversity, 2)} | ${f(r.content_kept)} |`
    : `| 256 px carried, detail ${detail} | not scored yet | | | | |`);
}
// Rule 19: the style encoded at 128 px on the route rule 17 scored with detail 1; adopted when its
// target rate beats that route's by more than rule 1's n in target rate (0.086), with content kept at
// most 0.01 lower.
const styleSide = readReport(`style-side-step-${step}`)?.ace;
const route = rows.find((r) => r.detail === 1)?.r;
if (styleSide) {
  lines.push(`| 256 px carried, detail 1, style at 128 px (rule 19) | ${f(styleSide.target_rate)} | ${at128 ? signed(styleSide.target_rate - at128.target_rate) : '-'} | ${f(styleSide.gap_closed_kid)} | ${f(styleSide.diversity, 2)} | ${f(styleSide.content_kept)} |`);
}
lines.push('', chosen === null ? 'Rule 17: not chosen yet (reports missing).' : `Rule 17: the page's route carries detail **${chosen}** (${why}).`);
if (styleSide && route) {
  const [gain, n] = [styleSide.target_rate - route.target_rate, noiseBand().rate];
  const adopted = gain > n && styleSide.content_kept >= route.content_kept - 0.01;
  lines.push(`Rule 19: the style at 128 px moves the route's target rate ${signed(gain)} (n = ${f(n)}) and content kept ` +
    `${signed(styleSide.content_kept - route.content_kept)}: ${adopted ? '**adopted** from the next shipped model on' : 'not adopted, the style stays encoded at up to 256 px'}.`);
}
emit(lines, milestoneBlock('detail', step));
