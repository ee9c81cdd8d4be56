// Stage 5's rule 20: the long run's own steps in its second half, each scored on half A with 2 seeds;
// the table and which step is the second milestone's model. Rule 22: that half trains in two run
// folders, one after the other (SEGMENTS); every step is named by the long run's own step.
//
//   node experiments/stage-5/steps.mjs [--write | --steps | --choice | --leading | --current | --segment <own step>]
//
// --steps prints the own steps `run.sh long` keeps and scores (after 1,500, which rule 18 scored);
// --choice prints the chosen own step (for run.sh) and fails until the last step is scored; --leading
// prints the step the rule would choose among those scored so far (`run.sh carry` carries its weights);
// --current prints the run folder the long run trains in now; --segment prints the run folder that
// trained an own step and the own step that folder started at; --write puts the table into
// README.md's <!-- steps --> block.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chooseStep, meetsBars } from './decide.mjs';
import { emit, fixed as f, here, noiseBand, readReport } from './reports.mjs';

// RULE.md 20: the run is rule 18's winner, whose step 1,500 is rule 18's own row; RULE.md 22: from its
// own step 5,000 it trains on in a folder of its own (--init-from), whose step s is the run's 5,000 + s.
const SEGMENTS = [
  { run: 'phase2-pool2', from: 0 },
  { run: 'phase2-pool2-content3', from: 5000 },
];
const RUN = SEGMENTS[0].run;
// RULE.md 23: the second half ended at own step 12,500 (rule 22's recipe broke down there); rule 20
// decides among the steps up to it.
const LAST = 12500;
const KEPT = Array.from({ length: (LAST - 5000) / 2500 + 1 }, (_, i) => 5000 + 2500 * i);
const segmentOf = (step) => SEGMENTS.filter((s) => s.from < step).at(-1);
// A step's report folder (and its weights' name, ema-<own step>.safetensors in its segment's folder).
const folderOf = (step) => (step === 1500 ? RUN : `${segmentOf(step).run}-step-${step}`);

const args = process.argv.slice(2);
if (args.includes('--steps')) {
  console.log(KEPT.join(' '));
  process.exit(0);
}
if (args.includes('--current')) {
  console.log(SEGMENTS.at(-1).run);
  process.exit(0);
}
if (args.includes('--segment')) {
  const step = Number(args[args.indexOf('--segment') + 1]);
  if (!Number.isInteger(step) || step <= 0 || step > 25000) {
    console.error('--segment wants an own step of the second half (1 to 25000)');
    process.exit(2);
  }
  const { run, from } = segmentOf(step);
  console.log(`${run} ${from}`);
  process.exit(0);
}

// `run.sh long` writes lost.txt into a step's folder when its weights went with a machine unscored.
const lost = (step) => {
  const path = join(here, folderOf(step), 'lost.txt');
  return existsSync(path) ? readFileSync(path, 'utf8').trim() : null;
};
const steps = [1500, ...KEPT].map((step) => ({ step, m: readReport(folderOf(step))?.ace, lost: lost(step) }));

const lines = [`The long run's own steps after the first milestone, half A, 2 seeds, 128 px, variation 0.3 (rule 20; images since the restart = 8 x (25,000 + own step)):`, ''];
lines.push('| own step | images since the restart | trained by | target rate | gap closed (KID) | diversity | pixel spread (style / none) | content kept | every 128 px bar |');
lines.push('|---|---|---|---|---|---|---|---|---|');
for (const { step, m, lost: why } of steps) {
  const images = (8 * (25000 + step)).toLocaleString('en-US');
  const head = `| ${step.toLocaleString('en-US')} | ${images} | \`${segmentOf(step).run}\``;
  if (m) {
    const r = readReport(folderOf(step));
    lines.push(`${head} | ${f(m.target_rate)} | ${f(m.gap_closed_kid)} | ${f(m.diversity, 2)} | ${f(m.pixel_spread, 1)} / ${f(r.noStyle?.pixel_spread, 1)} | ${f(m.content_kept)} | ${meetsBars(m) ? 'met' : 'missed'} |`);
  } else lines.push(`${head} | ${why ? `not a candidate: ${why}` : 'not scored yet'} | | | | | |`);
}
lines.push('');

// Rule 20 among the steps scored so far (`chooseStep`, decide.mjs): final once the last step is; until
// then the step it leads with, the only earlier step it can still end on (`run.sh carry` carries it).
const final = Boolean(steps.find((s) => s.step === LAST).m);
const leading = chooseStep(steps.filter((s) => s.m), noiseBand().kid);
const chosen = final ? leading : null;
if (args.includes('--leading')) {
  console.log(leading.step);
  process.exit(0);
}
if (args.includes('--choice')) {
  if (!chosen) {
    console.error(`rule 20 cannot choose yet: the long run's own step ${LAST} is not scored on half A`);
    process.exit(1);
  }
  console.log(chosen.step);
  process.exit(0);
}
lines.push(chosen
  ? `Decision (rule 20): own step **${chosen.step.toLocaleString('en-US')}** (${chosen.why}), scored on half B as \`restart-step-${25000 + chosen.step}\`.`
  : `Decision (rule 20): not yet (step ${LAST.toLocaleString('en-US')} is not scored).`);
emit(lines, 'steps');
