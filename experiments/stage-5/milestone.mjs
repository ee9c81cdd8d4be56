// Stage 5's ship test at a milestone (RULE.md 5, 6, 14, 15, 17 and 21), from the three half-B reports that
// `run.sh long` writes there: the table, each bar met or missed, and the outcome. Written before any
// milestone was scored; it applies the rule as written to whichever reports exist.
//
//   node experiments/stage-5/milestone.mjs [--write] [--step 25000] [folder of the reports]
//
// --write puts it into README.md's <!-- milestone --> block (of this folder, whichever folder is read).
import { join } from 'node:path';
import { readReport } from '../../scripts/lib/experiment-reports.mjs';
import { SHIP_BARS as BARS, emit, fixed as f, here, milestoneBlock, routeChoice, shipBars, signed } from './reports.mjs';

const args = process.argv.slice(2);
const stepAt = args.indexOf('--step');
const step = stepAt >= 0 ? Number(args[stepAt + 1]) : 25000;
const folder = args.find((a, i) => !a.startsWith('--') && (stepAt < 0 || i !== stepAt + 1)) ?? here;
if (!Number.isInteger(step) || step <= 0) {
  console.error(`--step wants a positive whole number (the milestone's step), not ${args[stepAt + 1]}`);
  process.exit(2);
}

// RULE.md 6: the bars, and the margin over stage 4's own half-B score (its first report, RULE.md 15)
// that makes a milestone short of them an interim model; its second report (rule 16) adds the spread.
const INTERIM_MARGIN = 0.02;
const STAGE_4_ON_B = join(here, '../recipe-ablation/long-both-step-12500');
const STAGE_4_AGAIN = join(here, 'stage-4-half-b');

const at = `restart-step-${step}`;
const report = (suffix) => readReport(join(folder, at + suffix));
const [at128, own256, carried256] = [report(''), report('-256px'), report('-256px-carried')];
const stage4 = readReport(STAGE_4_ON_B).ace;
const stage4Again = readReport(STAGE_4_AGAIN);
// The baselines are rows of the model's 128 px report.
const baselines = at128 && { identity: at128.identity, 'Lab transfer': at128.labTransfer };

const lines = [];
const out = (line) => lines.push(line);
const row = (name, m, spread) =>
  out(`| ${name} | ${f(m.target_rate)} | ${f(m.gap_closed_kid)} | ${f(m.kid, 4)} | ${f(m.diversity, 2)} | ${spread} | ${f(m.content_kept)} |`);

out(`Step ${step.toLocaleString('en-US')} (${(step * 8).toLocaleString('en-US')} images of 64 px since the restart), half B, 10 seeds, variation 0.3:`);
out('');
out('| scored | target rate | gap closed (KID) | KID | diversity | pixel spread (style / none) | content kept |');
out('|---|---|---|---|---|---|---|');
// Rules 17 and 21: the page's route is scored with the detail and style side chosen on half A (reports
// before rule 17 carry 1; a report without a style side encoded the style at its side, 256).
const route = routeChoice(step).chosen;
const carried = carried256 && { detail: carried256.settings?.detail ?? 1, styleSide: carried256.settings?.style_side ?? carried256.settings?.side };
const shown = carried ?? route;
const routeLabel = shown ? `carried up with detail ${shown.detail}${shown.styleSide === 128 ? ', the style at 128 px' : ''}` : 'carried up';
const scoredRows = [
  ['128 px', at128],
  [`256 px, the page's route (translated at 128, ${routeLabel}; rules 14, 17${step === 25000 ? '' : ', 21'})`, carried256],
  ['256 px, the network\'s own (reported, decides nothing)', own256],
];
for (const [name, r] of scoredRows) {
  if (r) row(`**${name}**`, r.ace, `${f(r.ace.pixel_spread, 1)} / ${f(r.noStyle?.pixel_spread, 1)}`);
  else out(`| ${name} | not scored yet | | | | | |`);
}
row('stage 4 (rule 16: scored again by the same build)', stage4Again.ace, `${f(stage4Again.ace.pixel_spread, 1)} / ${f(stage4Again.noStyle?.pixel_spread, 1)}`);
if (baselines) for (const [name, m] of Object.entries(baselines)) row(name, m, '- / -');
out('');

if (!at128 || !carried256) {
  const missing = [at128 ? null : 'the 128 px report', carried256 ? null : "the page's 256 px route"].filter(Boolean);
  out(`Outcome: not yet (missing: ${missing.join(' and ')}).`);
} else if (!route || carried.detail !== route.detail || carried.styleSide !== route.styleSide) {
  const as = (r) => (r ? `detail ${r.detail}, the style at ${r.styleSide} px` : 'nothing yet');
  out(`Outcome: not yet: the page's route was scored with ${as(carried)}, and half A chose ${as(route)}.`);
} else {
  const m = at128.ace;
  const bars = shipBars(at128, carried256.ace, 'the page\'s route');
  for (const [bar, met, value] of bars) out(`- ${met ? 'met' : '**missed**'}: ${bar} (${value})`);
  const passes = bars.every(([, met]) => met);
  const ahead = m.target_rate - stage4.target_rate > INTERIM_MARGIN && m.gap_closed_kid - stage4.gap_closed_kid > INTERIM_MARGIN;
  const interim = !passes && ahead && m.content_kept >= BARS.contentKept;
  out('');
  out(`Against stage 4 on half B: target rate ${signed(m.target_rate - stage4.target_rate)}, ` +
    `KID gap closed ${signed(m.gap_closed_kid - stage4.gap_closed_kid)}.`);
  // RULE.md 5: a second milestone if the first (step 25,000) falls short, and no third; rules 20 and 23
  // made the second's step the one chosen on half A.
  const next = step === 25000
    ? 'the run trains on to the second milestone (400,000 images), as the branch rule 18 chooses'
    : 'the rules name no further milestone: what trains next is a rule of its own (RULE.md 23), and the issue stays open';
  out(passes
    ? 'Outcome (rule 6): it passes the ship test and ships as stage 5.'
    : interim
      ? `Outcome (rule 6): short of the bars but ahead of stage 4 by more than ${INTERIM_MARGIN} in both: it replaces stage 4 as an interim model (the README and the card say it is short of the bars), and ${next}.`
      : `Outcome (rule 6): short of the bars and ${ahead ? `ahead of stage 4 by more than ${INTERIM_MARGIN} in both, but with content kept under ${BARS.contentKept}, so not an interim model either` : 'not ahead of stage 4 by the interim margin'}: stage 4 stays, and ${next}.`);
}

emit(lines, milestoneBlock('milestone', step));
