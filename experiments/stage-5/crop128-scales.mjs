// Stage 5's rules 26 and 30: the fourth half's steps and, where rule 30 stopped it, the fifth half's
// (crop128-scales.sh), each scored on half A with 2 seeds at 128 px and by the network's own
// translation at 256 px; the tables and, once a half's last step is scored or rule 30 stopped it, which
// step is scored on half B.
//
//   node experiments/stage-5/crop128-scales.mjs [--write | --stopped <run>]
//
// --write puts the tables into README.md's <!-- crop128-scales --> block; --stopped prints "yes" when
// rule 30 stops that run (its checked step scored and under the floor), else "no".
import { CROP128_FLOOR, chooseScaleStep, stopsBelowFloor } from './decide.mjs';
import { branchRows, emit, fixed, noiseBand, readReport } from './reports.mjs';

// Both start at the interim model (212,000 images of 64 px since the restart); each step is 8 images
// of 128 px, counted as 32 of 64 px by their pixels (rule 5). The fifth half's first 500 steps train
// only its critics (rule 30), so its generator has seen 8 * (step - 500) images.
const IMAGES_BEFORE = 212000;
const HALVES = [
  {
    run: 'phase4-crop128', rules: 'rule 26', check: 3000, warmup: 0, steps: [1000, 2000, 3000, 4000, 5000, 6000],
    title: 'The fourth half (`phase4-crop128`: 128 px crops of faces 128-256 px across), half A, 2 seeds, variation 0.3 (rules 26 and 30):',
  },
  {
    run: 'phase5-crop128-warmup', rules: 'rule 30', check: 1500, warmup: 500, steps: [1500, 2500, 3500, 4500, 5500, 6500],
    title: 'The fifth half (`phase5-crop128-warmup`: the fourth half\'s recipe, its critics alone for the first 500 steps), half A, 2 seeds, variation 0.3 (rule 30):',
  },
];

const scoredOf = ({ run, steps }) => steps.map((step) => ({
  step,
  m: readReport(`${run}-step-${step}`)?.ace,
  own: readReport(`${run}-step-${step}/256px`)?.ace,
}));
const checked = (half) => scoredOf(half).find((s) => s.step === half.check)?.m;
const stopped = (half) => Boolean(checked(half)) && stopsBelowFloor(checked(half));

const [arg, which] = process.argv.slice(2);
if (arg === '--stopped') {
  const half = HALVES.find((h) => h.run === which);
  if (!half) {
    console.error(`no such run: ${which} (${HALVES.map((h) => h.run).join(', ')})`);
    process.exit(2);
  }
  console.log(stopped(half) ? 'yes' : 'no');
  process.exit(0);
}

const lines = [];
// The fifth half trains only where rule 30 stopped the fourth.
for (const half of HALVES.filter((h, i) => i === 0 || stopped(HALVES[i - 1]))) {
  const scored = scoredOf(half);
  const stop = stopped(half);
  const steps = stop ? scored.filter((s) => s.step <= half.check) : scored;
  lines.push(half.title, '');
  lines.push('| own step | images of 128 px (as 64 px since the restart) | scored | target rate | vs 128 px | gap closed (KID) | diversity | content kept | qualifies |');
  lines.push('|---|---|---|---|---|---|---|---|---|');
  lines.push(...branchRows(steps, [{ key: 'm', name: '128 px' }, { key: 'own', name: '256 px, the network\'s own' }], (step) => {
    const images = 8 * (step - half.warmup);
    return `${images.toLocaleString('en-US')} (${(IMAGES_BEFORE + 4 * images).toLocaleString('en-US')})`;
  }));
  lines.push('');
  // Rule 26 is rule 24's choice with the network's own route alone (no carried row: chooseScaleStep reads it as not reaching).
  const complete = steps.filter((s) => s.m && s.own);
  const choice = chooseScaleStep(complete, noiseBand().kid);
  const name = half.run === 'phase4-crop128' ? 'the fourth half' : 'the fifth half';
  if (stop) {
    lines.push(`Rule 30: ${name} stopped at its step ${half.check.toLocaleString('en-US')} (${fixed(checked(half).target_rate)} at 128 px, under ${CROP128_FLOOR.toFixed(2)}).`);
  }
  if (complete.length < steps.length) {
    lines.push(`Decision (${half.rules}): not yet (${complete.length} of ${steps.length} steps scored)${choice ? `; it would choose own step ${choice.step.toLocaleString('en-US')}` : '; no step qualifies so far'}.`);
  } else if (choice) {
    lines.push(`Decision (${half.rules}): own step **${choice.step.toLocaleString('en-US')}**, scored on half B at 128 px and at its own 256 px.`);
  } else {
    lines.push(`Decision (${half.rules}): no step qualifies: nothing is scored on half B${stop && half.run === 'phase4-crop128' ? ', and the fifth half trains (rule 30)' : ', and what trains next is a rule of its own'}.`);
  }
  lines.push('');
}
emit(lines.slice(0, -1), 'crop128-scales');
