// Stage 5's rules 17 and 21: the page's 256 px route at a milestone, chosen from the half-A reports
// `run.sh long` writes into detail-step-<S>/ (128 px, and 256 px carried up from 128 with each candidate
// --detail; from the second milestone on each of them again with the style photo at 128 px); the rules
// themselves are `detailChoice` and `routeChoice` in reports.mjs. Rule 19's variant of the first
// milestone (the style photo encoded at 128 px, style-side-step-<S>/) is shown and decided below it.
//
//   node experiments/stage-5/detail.mjs [--step 25000] [--write | --route | --candidates]
//
// --write puts the table and the choice into README.md's <!-- detail --> block (<!-- detail-second -->
// past the first milestone); --route prints the chosen detail and style side (for run.sh) and fails
// while a report is missing; --candidates prints the shares the sweep scores (for run.sh).
import { DETAIL_CANDIDATES, emit, milestoneBlock, fixed as f, noiseBand, readReport, routeChoice, signed } from './reports.mjs';

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
const route = routeChoice(step);
if (args.includes('--route')) {
  if (route.chosen === null) {
    console.error(`rules 17 and 21 cannot choose yet: a report under experiments/stage-5/detail-step-${step} is missing`);
    process.exit(1);
  }
  console.log(`${route.chosen.detail} ${route.chosen.styleSide}`);
  process.exit(0);
}

const { at128 } = route.wide;
const lines = [`Step ${step.toLocaleString('en-US')}, half A, 2 seeds, variation 0.3 (rule 17${route.narrow ? ' and 21' : ''}):`, ''];
lines.push('| scored | target rate | vs 128 px | gap closed (KID) | diversity | content kept |', '|---|---|---|---|---|---|');
lines.push(at128
  ? `| 128 px | ${f(at128.target_rate)} | | ${f(at128.gap_closed_kid)} | ${f(at128.diversity, 2)} | ${f(at128.content_kept)} |`
  : '| 128 px | not scored yet | | | | |');
const sweepLines = (sweep, label) => {
  for (const { detail, r } of sweep.rows) {
    lines.push(r
      ? `| 256 px carried, detail ${detail}${label} | ${f(r.target_rate)} | ${at128 ? signed(r.target_rate - at128.target_rate) : '-'} | ${f(r.gap_closed_kid)} | ${f(r.diversity, 2)} | ${f(r.content_kept)} |`
      : `| 256 px carried, detail ${detail}${label} | not scored yet | | | | |`);
  }
};
sweepLines(route.wide, '');
if (route.narrow) sweepLines(route.narrow, ', style at 128 px (rule 21)');
// Rule 19 (first milestone only): the style encoded at 128 px on the route rule 17 scored with detail
// 1; adopted when its target rate beats that route's by more than rule 1's n in target rate (0.086),
// with content kept at most 0.01 lower.
const styleSide = readReport(`style-side-step-${step}`)?.ace;
const detailOne = route.wide.rows.find((r) => r.detail === 1)?.r;
if (styleSide) {
  lines.push(`| 256 px carried, detail 1, style at 128 px (rule 19) | ${f(styleSide.target_rate)} | ${at128 ? signed(styleSide.target_rate - at128.target_rate) : '-'} | ${f(styleSide.gap_closed_kid)} | ${f(styleSide.diversity, 2)} | ${f(styleSide.content_kept)} |`);
}
const rule17 = (sweep, label) =>
  sweep.chosen === null ? `Rule 17${label}: not chosen yet (reports missing).` : `Rule 17${label}: ${label ? '' : "the page's route carries "}detail **${sweep.chosen}** (${sweep.why}).`;
lines.push('', rule17(route.wide, route.narrow ? ', style at up to 256 px' : ''));
if (route.narrow) {
  lines.push(rule17(route.narrow, ', style at 128 px'));
  lines.push(route.chosen === null
    ? 'Rule 21: not decided yet (reports missing).'
    : `Rule 21: the style at 128 px moves the chosen route's target rate ${signed(route.gain)} (paired band ${f(route.band)}) and content kept ${signed(route.keptChange)}: ` +
      `the page's route encodes the style **${route.adopted ? 'at 128 px' : 'at up to 256 px'}**, detail **${route.chosen.detail}**.`);
}
if (styleSide && detailOne) {
  const [gain, n] = [styleSide.target_rate - detailOne.target_rate, noiseBand().rate];
  const adopted = gain > n && styleSide.content_kept >= detailOne.content_kept - 0.01;
  lines.push(`Rule 19: the style at 128 px moves the route's target rate ${signed(gain)} (n = ${f(n)}) and content kept ` +
    `${signed(styleSide.content_kept - detailOne.content_kept)}: ${adopted ? '**adopted** from the next shipped model on' : 'not adopted, the style stays encoded at up to 256 px'}.`);
}
emit(lines, milestoneBlock('detail', step));
