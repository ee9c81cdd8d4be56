// Stage 5's rule 24: the third half's steps (scales.sh), each scored on half A with 2 seeds at 128 px and
// by both 256 px routes; the table and, once its last step is scored, which step is the third
// milestone's model and by which route.
//
//   node experiments/stage-5/scales.mjs [--write]
//
// --write puts the table into README.md's <!-- scales --> block.
import { chooseScaleStep, meetsBars, routeReaches } from './decide.mjs';
import { emit, fixed as f, noiseBand, readReport, signed } from './reports.mjs';

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
for (const s of scored) {
  const images = (IMAGES_BEFORE + 8 * s.step).toLocaleString('en-US');
  for (const { key, name } of ROUTES) {
    const m = s[key];
    const head = key === 'm' ? `| ${s.step.toLocaleString('en-US')} | ${images} | ${name}` : `| | | ${name}`;
    if (!m) {
      lines.push(`${head} | not scored yet | | | | | |`);
      continue;
    }
    const verdict = key === 'm' ? (meetsBars(m) ? 'every 128 px bar met' : 'a 128 px bar missed')
      : s.m && routeReaches(s.m, m) ? 'reaches the 128 px rate' : 'short of it';
    const versus = key === 'm' || !s.m ? '' : signed(m.target_rate - s.m.target_rate);
    lines.push(`${head} | ${f(m.target_rate)} | ${versus} | ${f(m.gap_closed_kid)} | ${f(m.diversity, 2)} | ${f(m.content_kept)} | ${verdict} |`);
  }
}
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
