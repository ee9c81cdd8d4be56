// The fine-tuning candidates' table and decision (RULE.md 4, written before any row was scored), from
// the rows' `ace eval` reports on the held-out part of the training folders.
//
//   node experiments/fine-tune-gain/table.mjs [--write]     # --write: into README.md's <!-- table --> block
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { emit, fixed as f, readReport, signed } from '../../scripts/lib/experiment-reports.mjs';

const here = import.meta.dirname;
const ROWS = [
  { row: 'zero-shot', change: 'no fine-tuning: the shipped weights' },
  { row: 'today-step-42', change: '`today` after N/8 steps (diagnosis)' },
  { row: 'today-step-168', change: '`today` after N/2 steps (diagnosis)' },
  { row: 'today', candidate: true, change: "stage 4's config as fine-tuned today" },
  { row: 'today-seed-2', change: 'training seed 2 (the noise)' },
  { row: 'warmup', candidate: true, change: 'critics alone for the first N/4 steps' },
  { row: 'warmup-slow', candidate: true, change: '`warmup` + generator learning rate / 4' },
  { row: 'warmup-paper', candidate: true, change: '`warmup` + no reconstruction term (latent consistency + GAN)' },
];

const rows = ROWS.map((r) => ({ ...r, ...readReport(join(here, r.row)) }));
const get = (row) => rows.find((r) => r.row === row)?.ace;
const lines = [];
const out = (line) => lines.push(line);

out('| row | what changes | target rate | gap closed (KID) | KID | Fréchet | diversity | content kept |');
out('|---|---|---|---|---|---|---|---|');
for (const { row, change, ace } of rows) {
  const numbers = ace
    ? `${f(ace.target_rate)} | ${f(ace.gap_closed_kid)} | ${f(ace.kid, 4)} | ${f(ace.frechet, 1)} | ${f(ace.diversity, 2)} | ${f(ace.content_kept)}`
    : 'not scored yet | | | | |';
  out(`| ${row} | ${change} | ${numbers} |`);
}
out('');

const [zeroShot, today, seed2] = [get('zero-shot'), get('today'), get('today-seed-2')];
const candidates = rows.filter((r) => r.candidate);
let chosen = null; // the row RULE.md 5 scores, once the decision is made
let band = null; // the noise band and the qualification (RULE.md 4), once every row is scored
let qualifies = () => false;
if (!zeroShot || !today || !seed2 || candidates.some((r) => !r.ace)) {
  out(`Decision: not yet (not scored yet: ${rows.filter((r) => !r.ace).map((r) => r.row).join(', ')}).`);
} else {
  // 4. The noise band, the qualification and the choice, as the rule says.
  band = {
    kid: Math.max(0.01, Math.abs(today.gap_closed_kid - seed2.gap_closed_kid)),
    rate: Math.max(0.01, Math.abs(today.target_rate - seed2.target_rate)),
  };
  out(`Noise band: ${f(band.kid)} in KID gap closed, ${f(band.rate)} in target rate (|today - today-seed-2|, at least 0.010).`);
  qualifies = (ace) => ace.content_kept >= 0.6 && ace.target_rate >= zeroShot.target_rate - band.rate;
  for (const { row, ace } of candidates) {
    out(`- ${row}: minus today, gap closed ${signed(ace.gap_closed_kid - today.gap_closed_kid)}, target rate ` +
      `${signed(ace.target_rate - today.target_rate)}; ${qualifies(ace) ? 'qualifies' : 'does not qualify (content kept < 0.6 or target rate below zero-shot by more than the band)'}.`);
  }
  const best = candidates.filter((r) => qualifies(r.ace)).sort((a, b) => b.ace.gap_closed_kid - a.ace.gap_closed_kid)[0];
  out('');
  if (!best) out('Decision: no candidate qualifies; none of these procedures is chosen.');
  else if (best.row !== 'today' && best.ace.gap_closed_kid - today.gap_closed_kid <= band.kid)
    out(`Decision: none beats today by more than the noise band (best: ${best.row}); these fixes do not help.`);
  else {
    chosen = best.row;
    out(`Decision: ${best.row} is the chosen procedure (RULE.md 5 scores it on the held-out dogs).`);
  }
}
emit(lines, here, 'table');

// 6. Round two: the chosen procedure with the issue's 30 minutes, on the split; it wins when it
// qualifies and beats the 8-minute row's KID gap closed by more than the noise band.
let longer = null; // the round-two row, when it wins
const round = ['| row | steps | target rate | gap closed (KID) | KID | Fréchet | diversity | content kept |', '|---|---|---|---|---|---|---|---|'];
const eight = chosen && rows.find((r) => r.row === chosen);
const thirty = chosen && { row: `${chosen}-30`, ...readReport(join(here, `${chosen}-30`)) };
const splitLine = (row, steps, ace) => `| ${row} | ${steps} | ${f(ace.target_rate)} | ${f(ace.gap_closed_kid)} | ${f(ace.kid, 4)} | ${f(ace.frechet, 1)} | ${f(ace.diversity, 2)} | ${f(ace.content_kept)} |`;
if (zeroShot) round.push(splitLine('zero-shot', 0, zeroShot));
if (eight) round.push(splitLine(eight.row, 336, eight.ace));
if (thirty?.ace) {
  round.push(splitLine(thirty.row, 1264, thirty.ace), '');
  const margin = thirty.ace.gap_closed_kid - eight.ace.gap_closed_kid;
  const wins = qualifies(thirty.ace) && margin > band.kid;
  if (wins) longer = thirty.row;
  round.push(`${thirty.row} minus ${eight.row}: gap closed ${signed(margin)} (noise band ${f(band.kid)}), target rate ` +
    `${signed(thirty.ace.target_rate - eight.ace.target_rate)}; it ${qualifies(thirty.ace) ? 'qualifies' : 'does not qualify'}.`);
  round.push(wins ? `Decision: ${thirty.row} wins; RULE.md 6 scores it on the held-out dogs.` : `Decision: ${eight.row} at 8 minutes stands; no second held-out score.`);
} else round.push('', `Decision: not yet (${chosen ? `${chosen}-30` : 'round one'} not scored yet).`);
emit(round, here, 'round-two');

// 5 and 6. Each chosen procedure's two seeds on the held-out dogs, against zero-shot on the same protocol.
const final = [];
const before = readReport(join(here, '../fine-tune-birman/before'))?.ace;
final.push('| model | target rate | gap closed (KID) | KID | Fréchet | diversity | content kept |');
final.push('|---|---|---|---|---|---|---|');
const line = (name, ace) => `| ${name} | ${f(ace.target_rate)} | ${f(ace.gap_closed_kid)} | ${f(ace.kid, 4)} | ${f(ace.frechet, 1)} | ${f(ace.diversity, 2)} | ${f(ace.content_kept)} |`;
if (before) final.push(line('zero-shot (`experiments/fine-tune-birman/before`)', before));
const verdicts = [];
for (const procedure of [chosen, longer].filter(Boolean)) {
  const seeds = [1, 2].map((seed) => ({ seed, ace: readReport(join(here, `final-${procedure}-seed-${seed}`))?.ace }));
  for (const { seed, ace } of seeds) final.push(ace ? line(`${procedure}, training seed ${seed}`, ace) : `| ${procedure}, training seed ${seed} | not scored yet | | | | | |`);
  if (!before || !seeds.every((s) => s.ace)) continue;
  const mean = (key) => (seeds[0].ace[key] + seeds[1].ace[key]) / 2;
  const [gap, rate, kept] = [mean('gap_closed_kid'), mean('target_rate'), mean('content_kept')];
  const met = gap - before.gap_closed_kid >= 0.15 && rate >= before.target_rate && kept >= 0.6;
  verdicts.push(`${procedure}, mean of the two seeds: KID gap closed ${f(gap)} (${signed(gap - before.gap_closed_kid)} over zero-shot; the bar is +0.150), ` +
    `target rate ${f(rate)} (zero-shot ${f(before.target_rate)}), content kept ${f(kept)} (the bar is 0.6). The issue's bar: ${met ? 'met' : 'not met'}.`);
}
final.push('', ...verdicts);
emit(final, here, 'final');

// 7. Summer to winter (reported, no bar): 37 summer test photos x 10 seeds, against 14 winter test photos.
const winter = ['| model | gap closed (KID) | KID | Fréchet | diversity | content kept |', '|---|---|---|---|---|---|'];
for (const [name, folder] of [['zero-shot (the shipped weights)', 'winter-zero-shot'], [`${longer ?? chosen}, training seed 1`, `winter-${longer ?? chosen}`]]) {
  const ace = readReport(join(here, folder))?.ace;
  winter.push(ace ? `| ${name} | ${f(ace.gap_closed_kid)} | ${f(ace.kid, 4)} | ${f(ace.frechet, 1)} | ${f(ace.diversity, 2)} | ${f(ace.content_kept)} |` : `| ${name} | not scored yet | | | | |`);
}
const reference = (() => {
  try {
    return JSON.parse(readFileSync(join(here, 'winter-zero-shot/report.json'), 'utf8')).reference;
  } catch {
    return null;
  }
})();
if (reference) {
  winter.push('', `Counts: ${reference.source_images} summer test photos translated (10 seeds; KID and Fréchet from the first seed's ` +
    `${reference.source_images} outputs) against the ${reference.target_images} winter test photos; before translation KID(summer, winter) = ` +
    `${f(reference.kid_source_to_target, 4)}, the gap a row closes.`);
}
emit(winter, here, 'winter');

// 8. One folder alone (reported): the style photos as content too, scored on the split like the rows above.
const alone = ['| model | content photos | target rate | gap closed (KID) | KID | Fréchet | diversity | content kept |', '|---|---|---|---|---|---|---|---|'];
const procedure = chosen; // RULE.md 8: the 8-minute procedure
for (const [name, content, folder] of [['zero-shot', '-', 'zero-shot'], [procedure, '260 split dogs', procedure], [`${procedure}, one folder`, 'the 658 split cats (the style folder)', `one-folder-${procedure}`]]) {
  const ace = readReport(join(here, folder))?.ace;
  alone.push(ace ? `| ${name} | ${content} | ${f(ace.target_rate)} | ${f(ace.gap_closed_kid)} | ${f(ace.kid, 4)} | ${f(ace.frechet, 1)} | ${f(ace.diversity, 2)} | ${f(ace.content_kept)} |` : `| ${name} | ${content} | not scored yet | | | | | |`);
}
emit(alone, here, 'one-folder');
