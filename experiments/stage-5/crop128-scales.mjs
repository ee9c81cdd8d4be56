// Stage 5's rule 26: the fourth half's steps (crop128-scales.sh), each scored on half A with 2 seeds at
// 128 px and by the network's own translation at 256 px; the table and, once its last step is scored,
// which step is scored on half B.
//
//   node experiments/stage-5/crop128-scales.mjs [--write]
//
// --write puts the table into README.md's <!-- crop128-scales --> block.
import { chooseScaleStep } from './decide.mjs';
import { branchRows, emit, noiseBand, readReport } from './reports.mjs';

// RULE.md 26: own steps of phase4-crop128, which starts at the interim model (212,000 images of 64 px
// since the restart); each step is 8 images of 128 px, counted as 32 of 64 px by their pixels (rule 5).
const STEPS = [1000, 2000, 3000, 4000, 5000, 6000];
const IMAGES_BEFORE = 212000;

const scored = STEPS.map((step) => ({
  step,
  m: readReport(`phase4-crop128-step-${step}`)?.ace,
  own: readReport(`phase4-crop128-step-${step}/256px`)?.ace,
}));

const lines = ['The fourth half (`phase4-crop128`: 128 px crops of faces 128-256 px across), half A, 2 seeds, variation 0.3 (rule 26):', ''];
lines.push('| own step | images of 128 px (as 64 px since the restart) | scored | target rate | vs 128 px | gap closed (KID) | diversity | content kept | qualifies |');
lines.push('|---|---|---|---|---|---|---|---|---|');
lines.push(...branchRows(scored, [{ key: 'm', name: '128 px' }, { key: 'own', name: '256 px, the network\'s own' }],
  (step) => `${(8 * step).toLocaleString('en-US')} (${(IMAGES_BEFORE + 32 * step).toLocaleString('en-US')})`));
lines.push('');

// Rule 26 is rule 24's choice with the network's own route alone (no carried row: chooseScaleStep reads it as not reaching).
const complete = scored.filter((s) => s.m && s.own);
const choice = chooseScaleStep(complete, noiseBand().kid);
if (complete.length < STEPS.length) {
  lines.push(`Decision (rule 26): not yet (${complete.length} of ${STEPS.length} steps scored)${choice ? `; it would choose own step ${choice.step.toLocaleString('en-US')}` : '; no step qualifies so far'}.`);
} else if (choice) {
  lines.push(`Decision (rule 26): own step **${choice.step.toLocaleString('en-US')}**, scored on half B at 128 px and at its own 256 px.`);
} else {
  lines.push('Decision (rule 26): no step qualifies: nothing is scored on half B, and what trains next is a rule of its own.');
}
emit(lines, 'crop128-scales');
