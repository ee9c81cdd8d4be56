// Stage 5's rule 24: the third half's steps (scales.sh), each scored on half A with 2 seeds at 128 px and
// by both 256 px routes; the table and, once its last step is scored, which step is the third
// milestone's model and by which route.
//
//   node experiments/stage-5/scales.mjs [--write]
//
// --write puts the table into README.md's <!-- scales --> block.
import { chooseScaleStep } from './decide.mjs';
import { branchRows, emit, noiseBand, readReport } from './reports.mjs';

// RULE.md 24: own steps of phase3-scales; it starts at the interim model, 212,000 images since the restart.
const STEPS = [2500, 5000, 7500, 10000];
const IMAGES_BEFORE = 212000;
const ROUTES = [
  { key: 'm', dir: '', name: '128 px' },
  { key: 'own', dir: '/256px', name: '256 px, the network\'s own' },
  { key: 'carried', dir: '/256px-carried', name: '256 px carried, detail 0.25' },
];

const scored = STEPS.map((step) => {
  const row = { step };
  for (const { key, dir } of ROUTES) row[key] = readReport(`phase3-scales-step-${step}${dir}`)?.ace;
  return row;
});

const lines = ['The third half (`phase3-scales`: each face\'s short side drawn from 128 to 256 px), half A, 2 seeds, variation 0.3 (rule 24):', ''];
lines.push('| own step | images since the restart | scored | target rate | vs 128 px | gap closed (KID) | diversity | content kept | qualifies |');
lines.push('|---|---|---|---|---|---|---|---|---|');
lines.push(...branchRows(scored, ROUTES, (step) => (IMAGES_BEFORE + 8 * step).toLocaleString('en-US')));
lines.push('');

const complete = scored.filter((s) => s.m && s.own && s.carried);
const final = complete.length === STEPS.length;
const choice = chooseScaleStep(complete, noiseBand().kid);
const route = (c) => (c.route === 'own' ? 'the network\'s own at 256 px' : 'carried from 128 px with detail 0.25');
if (!final) {
  lines.push(`Decision (rule 24): not yet (${complete.length} of ${STEPS.length} steps scored)${choice ? `; it would choose own step ${choice.step.toLocaleString('en-US')}, ${route(choice)}` : '; no step qualifies so far'}.`);
} else if (choice) {
  lines.push(`Decision (rule 24): own step **${choice.step.toLocaleString('en-US')}**, ${route(choice)}: the third milestone's model, scored on half B.`);
} else {
  lines.push('Decision (rule 24): no step qualifies: nothing is scored on half B, and the interim model stays.');
}
emit(lines, 'scales');
