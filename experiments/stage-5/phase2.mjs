// Stage 5's rule 18: the branches of the first milestone that should keep more of the photo's layout,
// each scored on half A with 2 seeds; the table and which branch the long run continues as.
//
//   node experiments/stage-5/phase2.mjs [--write | --winner]
//
// --write puts it into README.md's <!-- phase2 --> block; --winner prints only the winning row's name
// (for run.sh) and fails while a row is missing.
import { keepsCat, meetsBars } from './decide.mjs';
import { emit, fixed as f, noiseBand, readReport, signed } from './reports.mjs';

const ROWS = [
  ['phase2-control', '`configs/pool4.json`', 'nothing: pool4 trained on'],
  ['phase2-pool2', '`configs/phase2-pool2.json`', '`model.content_pool` 2 (layout at 1/8 of the side)'],
  ['phase2-content3', '`configs/phase2-content3.json`', '`objective.content` 3'],
];
const PROBE = ['phase2-probe-pool2', '-', "the milestone's weights, content pooled by 2, no training (decides nothing)"];
// RULE.md 18: the ship test's 128 px bars, applied on half A; rule 1's noise band (in KID gap closed) in
// the deciding number.
const NOISE = noiseBand().kid;

const scored = ROWS.map(([name, config, what]) => ({ name, config, what, m: readReport(name)?.ace }));
const probe = readReport(PROBE[0])?.ace;

const lines = ['Half A, 2 seeds, 128 px, variation 0.3; every branch 12,000 images of 64 px after step 25,000 (rule 18):', ''];
lines.push('| row | config | what changes | target rate | gap closed (KID) | diversity | pixel spread (style / none) | content kept |');
lines.push('|---|---|---|---|---|---|---|---|');
const spread = (name) => {
  const r = readReport(name);
  return `${f(r?.ace?.pixel_spread, 1)} / ${f(r?.noStyle?.pixel_spread, 1)}`;
};
for (const { name, config, what, m } of scored) {
  lines.push(m
    ? `| ${name} | ${config} | ${what} | ${f(m.target_rate)} | ${f(m.gap_closed_kid)} | ${f(m.diversity, 2)} | ${spread(name)} | ${f(m.content_kept)} |`
    : `| ${name} | ${config} | ${what} | not scored yet | | | | |`);
}
lines.push(probe
  ? `| ${PROBE[0]} | ${PROBE[1]} | ${PROBE[2]} | ${f(probe.target_rate)} | ${f(probe.gap_closed_kid)} | ${f(probe.diversity, 2)} | ${spread(PROBE[0])} | ${f(probe.content_kept)} |`
  : `| ${PROBE[0]} | ${PROBE[1]} | ${PROBE[2]} | not scored yet | | | | |`);
lines.push('');

if (scored.some(({ m }) => !m)) {
  if (process.argv.includes('--winner')) {
    console.error('rule 18 has not decided yet: a row under experiments/stage-5/phase2-* is not scored');
    process.exit(1);
  }
  lines.push('Decision: not yet (rows missing).');
} else {
  const control = scored[0];
  // decide.mjs's predicates read a report's `ace` row; the rows here carry it as `m`.
  const qualifies = (row) => meetsBars(row.m);
  const catKept = (row) => keepsCat(row.m);
  for (const row of scored) {
    lines.push(`- ${row.name}: ${qualifies(row) ? 'meets every 128 px bar' : catKept(row) ? 'keeps target rate and gap, misses content kept or diversity' : 'misses target rate or gap'}` +
      (row === control ? '' : `; minus control, content kept ${signed(row.m.content_kept - control.m.content_kept)}, gap closed ${signed(row.m.gap_closed_kid - control.m.gap_closed_kid)}, target rate ${signed(row.m.target_rate - control.m.target_rate)}`));
  }
  // The deciding number: gap closed among rows that meet every bar, else content kept among rows that keep the cat.
  const [pool, key, label] = scored.some(qualifies)
    ? [scored.filter(qualifies), (r) => r.m.gap_closed_kid, 'KID gap closed among the rows that meet every bar']
    : [scored.filter(catKept), (r) => r.m.content_kept, 'content kept among the rows that keep target rate and gap'];
  let winner = pool.length ? pool.reduce((a, b) => (key(b) > key(a) ? b : a)) : control;
  // A row within the noise band of the control loses to it (when the control is in the pool).
  if (winner !== control && pool.includes(control) && key(winner) - key(control) <= NOISE) winner = control;
  if (process.argv.includes('--winner')) {
    console.log(winner.name);
    process.exit(0);
  }
  lines.push('', pool.length
    ? `Decision (rule 18, by ${label}): the long run continues as **${winner.name}**.`
    : 'Decision (rule 18): no row keeps target rate and gap: the long run continues as **phase2-control**.');
}
emit(lines, 'phase2');
