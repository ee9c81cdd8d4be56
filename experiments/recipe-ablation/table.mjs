// The recipe ablation's table and decision (experiments/recipe-ablation/RULE.md), from the rows' `ace eval`
// reports. The rule was written before any row was scored; this applies it as written, to whichever
// rows have a report, and says which rows are still missing.
//
//   node experiments/recipe-ablation/table.mjs [--write] [experiments/recipe-ablation]
//
// --write puts it between the <!-- table --> markers of the folder's README.md instead of printing it.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { replaceBetween } from '../../scripts/lib/markers.mjs';

const args = process.argv.slice(2);
const write = args.includes('--write');
const dir = args.find((a) => a !== '--write') ?? 'experiments/recipe-ablation';
const lines = [];
const out = (line) => lines.push(line);
// Rows in the rule's order, with its images/s from 50 timed steps each (RULE.md, "Budget");
// isSwitch marks the rows the decision judges against today.
const ROWS = [
  // Not a row of the rule: where every row starts (the shipped weights, step 0), for reference only.
  { row: 'shipped', config: '-', change: 'no training: the shipped weights every row starts from', imagesPerS: '-' },
  { row: 'today', config: 'today.json', change: "the shipped stage-3 recipe, plus EMA", imagesPerS: 4.8 },
  { row: 'today-live', config: 'today.json', change: 'the same run, its live (non-EMA) weights', imagesPerS: 4.8 },
  { row: 'today-seed-2', config: 'today-seed-2.json', change: 'training seed 2 (the noise)', imagesPerS: 4.8 },
  { row: 'bottleneck', isSwitch: true, config: 'bottleneck.json', change: '`model.content_pool` 2 (layout at 1/8 of the side)', imagesPerS: 4.9 },
  { row: 'vgg-d', isSwitch: true, config: 'vgg-d.json', change: 'VGG-19 feature discriminator instead of the pixel PatchGAN', imagesPerS: 3.6 },
  { row: 'both', isSwitch: true, config: 'both.json', change: 'both of the above', imagesPerS: 3.4 },
];

const ace = (row) => {
  const path = join(dir, row, 'report.json');
  if (!existsSync(path)) return null;
  const report = JSON.parse(readFileSync(path, 'utf8'));
  return { ...report.methods.find((m) => m.name === 'ace'), report };
};
const scored = ROWS.map((r) => ({ ...r, m: ace(r.row) }));
const f = (v, d = 3) => v.toFixed(d);
const signed = (v) => (v >= 0 ? '+' : '') + f(v);

out('| row | config | what changes | images/s | target rate | gap closed (KID) | KID | Fréchet | diversity | content kept | sample grid |');
out('|---|---|---|---|---|---|---|---|---|---|---|');
for (const { row, config, change, imagesPerS, m } of scored) {
  const numbers = m
    ? `${f(m.target_rate)} | ${f(m.gap_closed_kid)} | ${f(m.kid, 4)} | ${f(m.frechet, 1)} | ${f(m.diversity, 2)} | ${f(m.content_kept)} | [page](${row}/index.html)`
    : 'not scored yet | | | | | | ';
  out(`| ${row} | ${config === '-' ? '-' : `\`experiments/recipe-ablation/configs/${config}\``} | ${change} | ${imagesPerS} | ${numbers} |`);
}

const get = (row) => scored.find((r) => r.row === row)?.m;
const today = get('today');
const seed2 = get('today-seed-2');
const missing = scored.filter((r) => !r.m).map((r) => r.row);
out('');
if (!today || !seed2) {
  out(`Decision: not yet (the rule needs \`today\` and \`today-seed-2\` for the noise band; missing: ${missing.join(', ')}).`);
} else {
  // 1. The noise band: the two training seeds of today's recipe.
  const nKid = Math.abs(today.gap_closed_kid - seed2.gap_closed_kid);
  const nRate = Math.abs(today.target_rate - seed2.target_rate);
  out(`Noise band: n = ${f(nKid)} in KID gap closed, ${f(nRate)} in target rate (|today - today, seed 2|).`);
  // 2. A switch helps when it beats today by more than n on KID gap closed, loses no more than n on target
  // rate, and keeps content >= 0.4 and diversity >= 5.
  const switches = scored.filter((r) => r.isSwitch && r.m);
  const helps = switches.filter(({ m }) =>
    m.gap_closed_kid > today.gap_closed_kid + nKid && m.target_rate >= today.target_rate - nRate &&
    m.content_kept >= 0.4 && m.diversity >= 5);
  for (const { row, m } of switches) {
    const verdict = helps.some((h) => h.row === row) ? 'helps' : 'does not help';
    out(`- ${row}: minus today, gap closed ${signed(m.gap_closed_kid - today.gap_closed_kid)}, target rate ` +
      `${signed(m.target_rate - today.target_rate)}: ${verdict}.`);
  }
  // 3. The winner: the highest KID gap closed among the rows that help; a tie within n goes to the faster row.
  let winner = 'today';
  if (helps.length) {
    const best = Math.max(...helps.map((h) => h.m.gap_closed_kid));
    const tied = helps.filter((h) => best - h.m.gap_closed_kid <= nKid);
    winner = tied.sort((a, b) => b.imagesPerS - a.imagesPerS)[0].row;
  }
  const unscored = scored.filter((r) => r.isSwitch && !r.m).map((r) => r.row);
  out('');
  out(unscored.length
    ? `Decision so far: ${winner} (rows not yet scored: ${unscored.join(', ')}; the decision is final when all are).`
    : `Decision: ${winner} continues as the long run.`);
}

const text = lines.join('\n');
if (write) {
  replaceBetween(join(dir, 'README.md'), '<!-- table -->', '<!-- /table -->', text);
} else {
  console.log(text);
}
