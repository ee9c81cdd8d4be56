// Stage 5's rule 42 (variation.sh): the library's default `variation` chosen again by rule 8's test, on
// the shipped file and its page route (256 px from 128 through its upscaler), half A with 10 seeds;
// beside it, deciding nothing, the half-B report at 1.0 that prompted the rule.
//
//   node experiments/stage-5/variation.mjs [--write | --candidates]
//
// --write puts the table into README.md's <!-- variation --> block; --candidates prints the variations
// variation.sh scores (0.3's row is rule 41's).
import { VARIATIONS, chooseVariation } from './decide.mjs';
import { emit, fixed as f, pairedBand, readReport, signed } from './reports.mjs';

if (process.argv.includes('--candidates')) {
  console.log(VARIATIONS.slice(1).map((variation) => variation.toFixed(1)).join(' '));
  process.exit(0);
}

const dirOf = (variation) => (variation === VARIATIONS[0]
  ? 'interim-half-a-10-seeds/style-128-upscaler-features'
  : `interim-half-a-10-seeds/page-route-variation-${variation.toFixed(1)}`);
const rows = VARIATIONS.map((variation) => {
  const dir = dirOf(variation), report = readReport(dir);
  const r = report?.ace;
  const band = variation === VARIATIONS[0] || !r ? 0 : pairedBand(dirOf(VARIATIONS[0]), dir);
  return { variation, dir, r, none: report?.noStyle, band };
});
const complete = rows.every(({ r }) => r);
const chosen = complete ? chooseVariation(rows) : null;
const base = rows[0].r;

const row = (name, r, none, versus) => (r
  ? `| ${name} | ${f(r.target_rate)} | ${versus ?? ''} | ${f(r.gap_closed_kid)} | ${f(r.diversity, 2)} | ${f(r.pixel_spread, 1)} / ${none ? f(none.pixel_spread, 1) : '-'} | ${f(r.content_kept)} |`
  : `| ${name} | not scored yet | | | | | |`);
const lines = ['The shipped file on the page\'s route (256 px from 128 through its upscaler, the style photo at 128 px), half A, 10 seeds, at each candidate default `variation` (rule 42):', ''];
lines.push('| variation | target rate | vs 0.3 (paired band) | gap closed (KID) | diversity | pixel spread (style / none) | content kept |');
lines.push('|---|---|---|---|---|---|---|');
for (const { variation, r, none, band } of rows) {
  const versus = variation === VARIATIONS[0] || !r ? '' : `${signed(r.target_rate - base.target_rate)} (${f(band)})`;
  lines.push(row(`A, ${variation.toFixed(1)}${variation === VARIATIONS[0] ? ' (rule 41\'s row)' : ''}`, r, none, versus));
}
const b = readReport('shipped-half-b-page-route-variation-1');
if (b) lines.push(row("B, 1.0 (read before the rule; deciding nothing)", b.ace, b.noStyle));
lines.push('');
lines.push(complete
  ? `Decision (rule 42): the library's default variation becomes **${chosen}** (the largest within its paired band of 0.3's target rate with content kept >= 0.6).`
  : 'Decision (rule 42): not yet (half A not fully scored).');
emit(lines, 'variation');
