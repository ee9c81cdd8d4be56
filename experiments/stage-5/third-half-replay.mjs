// Stage 5's rule 33: the third half replayed (third-half-replay.sh): its steps 2,500 and 5,000 at 128 px
// beside the first run's, and its step 5,000 on rule 32's gated route, chosen on half A with 10 seeds
// and decided once on half B.
//
//   node experiments/stage-5/third-half-replay.mjs [--write | --candidates | --chosen]
//
// --write puts the tables into README.md's <!-- third-half-replay --> block; --candidates prints the
// shares to score; --chosen prints half A's choice ("none" when it does not qualify; an error before
// half A is fully scored).
import { GUIDED_DETAILS, MIN_CARRIED_SHARE, chooseGuidedDetail, meetsBars } from './decide.mjs';
import { emit, fixed as f, pairedBand, printChoice, readCarried, readReport, routeRow, shipDecisionLines, signed } from './reports.mjs';

const A = 'phase3-scales-step-5000-10-seeds';
const B = 'phase3-scales-replay-half-b';
const B_ROUTE = 'phase3-scales-replay-half-b-256px-guided-style-128';
const INTERIM_ON_B = readReport('restart-step-26500')?.ace; // the shipped model's 128 px row (rule 24's peer)

if (process.argv[2] === '--candidates') {
  console.log(GUIDED_DETAILS.join(' '));
  process.exit(0);
}
const at128 = readReport(`${A}/replay-128px`);
const rows = GUIDED_DETAILS.map((detail) => ({
  detail, r: readReport(`${A}/replay-style-128-guided-detail-${detail}`)?.ace, carried: readCarried(`${A}/replay-style-128-guided-detail-${detail}`),
}));
const complete = Boolean(at128) && rows.every(({ r, carried }) => r && carried !== null);
const chosen = complete ? (meetsBars(at128.ace) ? chooseGuidedDetail(at128.ace, rows) : null) : undefined;
if (process.argv[2] === '--chosen') printChoice(33, complete, chosen);

const lines = ['The third half replayed from the interim model\'s run (rule 33), half A, 2 seeds, variation 0.3, beside the first run (rule 24):', ''];
lines.push('| own step | first run: target rate / gap closed / content kept | replay: target rate / gap closed / content kept | replay - first run in target rate (paired band) |');
lines.push('|---|---|---|---|');
const triple = (m) => (m ? `${f(m.target_rate)} / ${f(m.gap_closed_kid)} / ${f(m.content_kept)}` : 'not scored yet');
for (const step of [2500, 5000]) {
  const [first, replay] = [`phase3-scales-step-${step}`, `phase3-scales-replay-step-${step}`];
  const [m1, m2] = [first, replay].map((dir) => readReport(dir)?.ace);
  // Both were scored on the same photos, style photos and seeds: the paired band (rule 21) says how much of
  // the difference the evaluation's own sampling explains; the rest is the two trainings'.
  const apart = m1 && m2 ? `${signed(m2.target_rate - m1.target_rate)} (${f(pairedBand(first, replay))})` : '';
  lines.push(`| ${step.toLocaleString('en')} | ${triple(m1)} | ${triple(m2)} | ${apart} |`);
}
lines.push('', 'Its step 5,000 on rule 32\'s route (the style photo encoded at 128 px, the photo\'s detail gated by the translation), variation 0.3, 10 seeds:', '');
lines.push('| half, route | target rate | vs 128 px | gap closed (KID) | diversity | pixel spread | content kept |');
lines.push('|---|---|---|---|---|---|---|');
lines.push(routeRow('A, 128 px', at128?.ace, null));
for (const { detail, r, carried } of rows) {
  const share = carried === null ? 'share carried not measured yet' : `carries ${f(carried)} of the band`;
  lines.push(routeRow(`A, 256 px, the gated band at ${detail} (${share})`, r, at128?.ace));
}
const b128 = readReport(B), bRoute = readReport(B_ROUTE)?.ace;
if (chosen) {
  lines.push(routeRow('B, 128 px', b128?.ace, null));
  lines.push(routeRow(`B, 256 px, the gated band at ${chosen}`, bRoute, b128?.ace));
}
lines.push('');
if (!complete) {
  lines.push('Decision (rule 33): not yet (half A not fully scored).');
} else if (chosen === null) {
  lines.push(`Decision (rule 33): on half A it ${meetsBars(at128.ace) ? `meets every 128 px bar but no gated share reaches its 128 px rate carrying at least ${MIN_CARRIED_SHARE} of the band` : 'misses a 128 px bar'}; nothing is scored on half B.`);
} else if (!b128 || !bRoute) {
  lines.push(`Decision (rule 33): half A chooses the gated band at ${chosen}; half B not scored yet.`);
} else {
  lines.push(...shipDecisionLines(33, b128, bRoute, 'the gated route', INTERIM_ON_B,
    `it passes the ship test on half B, with the gated band at ${chosen} (if the interim model passes rule 32 too, the higher half-B target rate on its route ships).`));
}
emit(lines, 'third-half-replay');
