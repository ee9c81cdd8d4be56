// Stage 5's table and decision (RULE.md, written before any row was scored), from the rows' `ace eval`
// reports on half A: applies rules 1-3 and 7 as written to whichever rows have a report.
//
//   node experiments/stage-5/table.mjs [--write]     # --write: into README.md's <!-- table --> block
import { emit, fixed as f, noiseBand, readReport, signed } from './reports.mjs';

// The rule's rows, in its order; `candidate` marks the rows judged against the control.
const ROWS = [
  { row: 'stage-4', config: '-', change: 'no training: the shipped weights every row starts from', images: '0' },
  { row: 'control', config: 'control.json', change: "stage 4's recipe continued (the long run's first 1,500 steps)", images: '12,000 at 64 px' },
  { row: 'control-seed-6', config: 'control-seed-6.json', change: 'training seed 6 (the noise)', images: '12,000 at 64 px' },
  { row: 'pool4', candidate: true, config: 'pool4.json', change: '`model.content_pool` 4 (layout at 1/16 of the side)', images: '12,000 at 64 px' },
  { row: 'crop128', candidate: true, config: 'crop128.json', change: '`crop` 128 (the whole 128 px face)', images: '3,000 at 128 px (the pixels of 12,000 at 64)' },
];

const rows = ROWS.map((r) => ({ ...r, ...readReport(r.row) }));
const lines = [];
const out = (line) => lines.push(line);

out('| row | config | what changes | images seen | target rate | gap closed (KID) | KID | Fréchet | diversity | pixel spread (style / none) | content kept |');
out('|---|---|---|---|---|---|---|---|---|---|---|');
for (const { row, config, change, images, ace, noStyle } of rows) {
  const numbers = ace
    ? `${f(ace.target_rate)} | ${f(ace.gap_closed_kid)} | ${f(ace.kid, 4)} | ${f(ace.frechet, 1)} | ${f(ace.diversity, 2)} | ` +
      `${f(ace.pixel_spread, 1)} / ${f(noStyle?.pixel_spread, 1)} | ${f(ace.content_kept)}`
    : 'not scored yet | | | | | | ';
  out(`| ${row} | ${config === '-' ? '-' : `\`configs/${config}\``} | ${change} | ${images} | ${numbers} |`);
}

const get = (row) => rows.find((r) => r.row === row)?.ace;
const [stage4, control, seed6] = [get('stage-4'), get('control'), get('control-seed-6')];
out('');
if (stage4 && control) {
  // 7. What the lost critic cost: the control's 12,000 images from a fresh critic, against where it started.
  out(`The lost critic (rule 7): control minus stage 4, gap closed ${signed(control.gap_closed_kid - stage4.gap_closed_kid)}, ` +
    `target rate ${signed(control.target_rate - stage4.target_rate)}.`);
}
if (!control || !seed6) {
  const missing = rows.filter((r) => !r.ace).map((r) => r.row);
  out(`Decision: not yet (the noise band needs \`control\` and \`control-seed-6\`; not scored yet: ${missing.join(', ')}).`);
} else {
  // 1. The noise band, at least 0.01.
  const { kid: nKid, rate: nRate } = noiseBand();
  out(`Noise band: n = ${f(nKid)} in KID gap closed, ${f(nRate)} in target rate (|control - control, seed 6|, at least 0.010).`);
  // 2. A row helps when it beats the control by more than n in gap closed, loses at most n in target rate,
  // and keeps content >= 0.6 and diversity >= 5.
  const candidates = rows.filter((r) => r.candidate && r.ace);
  const helps = candidates.filter(({ ace }) =>
    ace.gap_closed_kid > control.gap_closed_kid + nKid && ace.target_rate >= control.target_rate - nRate &&
    ace.content_kept >= 0.6 && ace.diversity >= 5);
  for (const { row, ace } of candidates) {
    out(`- ${row}: minus control, gap closed ${signed(ace.gap_closed_kid - control.gap_closed_kid)}, target rate ` +
      `${signed(ace.target_rate - control.target_rate)}: ${helps.includes(candidates.find((c) => c.row === row)) ? 'helps' : 'does not help'}.`);
  }
  // 3. The winner: the highest gap closed among the rows that help; a tie within n goes to the control.
  let winner = 'control';
  if (helps.length) {
    const best = helps.reduce((a, b) => (b.ace.gap_closed_kid > a.ace.gap_closed_kid ? b : a));
    if (best.ace.gap_closed_kid - control.gap_closed_kid > nKid) winner = best.row;
  }
  const unscored = rows.filter((r) => r.candidate && !r.ace).map((r) => r.row);
  out('');
  out(unscored.length
    ? `Decision so far: ${winner} (not scored yet: ${unscored.join(', ')}; final when all are).`
    : `Decision: the long run continues as ${winner === 'control' ? 'the control' : `${winner} (switched with --init-from, rule 4)`}.`);
}

emit(lines, 'table');
