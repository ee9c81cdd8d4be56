// Stage 5's defaults (RULE.md 8 and 9) from defaults.sh's reports on half A: the table, and the decision
// once the noise band (rule 1) is known.
//
//   node experiments/stage-5/defaults-table.mjs [--write]     # --write: into README.md's <!-- defaults --> block
import { join } from 'node:path';
import { emit, fixed as f, noiseBand, readReport, signed } from './reports.mjs';

const SETTINGS = [
  { setting: 'variation-0.3', variation: 0.3, side: 128, what: "today's default" },
  { setting: 'variation-0.6', variation: 0.6, side: 128, what: 'candidate (rule 8)' },
  { setting: 'variation-1.0', variation: 1.0, side: 128, what: 'candidate (rule 8)' },
  { setting: 'side-256', variation: 0.3, side: 256, what: "the page's size (rule 9)" },
  { setting: 'side-256-carried', variation: 0.3, side: 256, what: 'translated at 128, carried up to 256 with the photo\'s detail (rule 9\'s other route)' },
  { setting: 'side-512', variation: 0.3, side: 512, what: 'the network at 512 px (rule 10)' },
  { setting: 'side-512-carried', variation: 0.3, side: 512, what: 'translated at 128, carried up to 512 (rule 10)' },
  { setting: 'side-256-carried-luma', variation: 0.3, side: 256, what: 'carried up with the luminance band only (rule 11; a build with that carry-up)' },
];
const rows = SETTINGS.map((s) => ({ ...s, ...readReport(join('defaults', s.setting)) }));
const lines = [];
const out = (line) => lines.push(line);

out('| setting | variation | side | what | target rate | gap closed (KID) | diversity | pixel spread (style / none) | content kept |');
out('|---|---|---|---|---|---|---|---|---|');
for (const { setting, variation, side, what, ace, noStyle } of rows) {
  const numbers = ace
    ? `${f(ace.target_rate)} | ${f(ace.gap_closed_kid)} | ${f(ace.diversity, 2)} | ${f(ace.pixel_spread, 1)} / ${f(noStyle?.pixel_spread, 1)} | ${f(ace.content_kept)}`
    : 'not scored yet | | | | ';
  out(`| ${setting} | ${variation.toFixed(1)} | ${side} | ${what} | ${numbers} |`);
}
out('');

const n = noiseBand();
const at = (setting) => rows.find((r) => r.setting === setting)?.ace;
const base = at('variation-0.3');
if (!n || !base) {
  out('Decision: not yet (rules 8 and 9 need the noise band, from `control` and `control-seed-6`).');
} else {
  // 8. The largest candidate whose target rate is within n of 0.3's (as written: either side) with content kept >= 0.6.
  const variations = rows.filter((r) => r.side === 128 && r.ace);
  const within = variations.filter(({ ace }) => Math.abs(ace.target_rate - base.target_rate) <= n.rate && ace.content_kept >= 0.6);
  const chosen = within.reduce((a, b) => (b.variation > a.variation ? b : a));
  for (const { variation, ace } of variations) {
    out(`- variation ${variation}: target rate ${signed(ace.target_rate - base.target_rate)} from 0.3's (n = ${f(n.rate)}), content kept ${f(ace.content_kept)}.`);
  }
  out(`Rule 8: the default variation is ${chosen.variation}${variations.length < 3 ? ' so far (not every candidate is scored)' : ''}.`);
  // 9. The page's 256 px: does the model lose more than n of its 128 px target rate there?
  const big = at('side-256');
  out(big
    ? `Rule 9: at 256 px the target rate is ${signed(big.target_rate - base.target_rate)} from 128 px: ` +
      (base.target_rate - big.target_rate > n.rate ? 'below by more than n, so the page\'s route is to be chosen as the rule says.' : 'not below by more than n; the page keeps its route.')
    : 'Rule 9: not scored yet.');
  const carried = at('side-256-carried');
  if (big && carried && base.target_rate - big.target_rate > n.rate) {
    // The route with the higher target rate at 256 px output, among those keeping content >= 0.6.
    const routes = [
      { route: "the model's own 256 px translation", ace: big },
      { route: 'translating at 128 px and carrying the result up with the photo\'s detail', ace: carried },
    ].filter((r) => r.ace.content_kept >= 0.6);
    const best = routes.reduce((a, b) => (b.ace.target_rate > a.ace.target_rate ? b : a), routes[0]);
    out(`- at 256 px output: the model's own ${f(big.target_rate)} (content kept ${f(big.content_kept)}), carried up from 128 px ${f(carried.target_rate)} (content kept ${f(carried.content_kept)}).`);
    out(best ? `Rule 9's route: ${best.route}.` : 'Rule 9\'s route: neither keeps content >= 0.6.');
  }
  // 10. The native default: carried up from 128 if it beats the network's own 512 px and keeps content.
  const own512 = at('side-512');
  const carried512 = at('side-512-carried');
  if (own512 && carried512) {
    const carry = carried512.target_rate > own512.target_rate && carried512.content_kept >= 0.6;
    out(`Rule 10: at 512 px the network's own ${f(own512.target_rate)} (content kept ${f(own512.content_kept)}), carried up from 128 px ${f(carried512.target_rate)} (content kept ${f(carried512.content_kept)}): the native default model side is ${carry ? '128' : 'unset'}.`);
  } else {
    out('Rule 10: not scored yet.');
  }
  // 11. The luminance band replaces the colour band only if better by more than n, content kept >= 0.6.
  const luma = at('side-256-carried-luma');
  if (luma && carried) {
    const adopt = luma.target_rate - carried.target_rate > n.rate && luma.content_kept >= 0.6;
    out(`Rule 11: luminance band ${f(luma.target_rate)} (content kept ${f(luma.content_kept)}) against the colour band's ${f(carried.target_rate)} (n = ${f(n.rate)}): ${adopt ? 'the luminance band replaces it' : 'the colour band stays'}.`);
  } else {
    out('Rule 11: not scored yet.');
  }
}

emit(lines, 'defaults');
