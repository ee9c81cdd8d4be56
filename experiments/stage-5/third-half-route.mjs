// Stage 5's rule 31: the third half's own step 5,000 on rule 25's route (third-half-route.sh), the share
// of the photo's detail chosen on half A with 10 seeds, and the ship test on half B once.
//
//   node experiments/stage-5/third-half-route.mjs [--write | --chosen]
//
// --write puts the table into README.md's <!-- third-half-route --> block; --chosen prints half A's
// share ("none" when the step does not qualify; an error before half A is fully scored).
import { STYLE_128_DETAILS, choosePageDetail, meetsBars } from './decide.mjs';
import { emit, printChoice, readReport, routeRow, shipDecisionLines } from './reports.mjs';

const A = 'phase3-scales-step-5000-10-seeds';
const B = 'phase3-scales-step-5000-half-b';
const B_ROUTE = 'phase3-scales-step-5000-half-b-256px-carried-style-128';
const INTERIM_ON_B = readReport('restart-step-26500')?.ace; // the shipped model's 128 px row (rule 24's peer)

const at128 = readReport(`${A}/128px`);
const rows = STYLE_128_DETAILS.map((detail) => ({ detail, r: readReport(`${A}/style-128-detail-${detail}`)?.ace }));
const complete = Boolean(at128) && rows.every(({ r }) => r);
const chosen = complete ? (meetsBars(at128.ace) ? choosePageDetail(at128.ace, rows) : null) : undefined;

if (process.argv[2] === '--chosen') printChoice(31, complete, chosen);

const lines = ['The third half\'s own step 5,000 (rule 24) on rule 25\'s route (the style photo encoded at 128 px), variation 0.3, 10 seeds (rule 31):', ''];
lines.push('| half, route | target rate | vs 128 px | gap closed (KID) | diversity | pixel spread | content kept |');
lines.push('|---|---|---|---|---|---|---|');
lines.push(routeRow('A, 128 px', at128?.ace, null));
for (const { detail, r } of rows) lines.push(routeRow(`A, 256 px carried, the photo's detail at ${detail}`, r, at128?.ace));
const b128 = readReport(B), bRoute = readReport(B_ROUTE)?.ace;
if (chosen) {
  lines.push(routeRow('B, 128 px', b128?.ace, null));
  lines.push(routeRow(`B, 256 px carried, the photo's detail at ${chosen}`, bRoute, b128?.ace));
}
lines.push('');

if (!complete) {
  lines.push('Decision (rule 31): not yet (half A not fully scored).');
} else if (chosen === null) {
  lines.push(`Decision (rule 31): on half A it ${meetsBars(at128.ace) ? 'meets every 128 px bar but no share\'s route reaches its 128 px rate' : 'misses a 128 px bar'}; nothing is scored on half B.`);
} else if (!b128 || !bRoute) {
  lines.push(`Decision (rule 31): half A chooses the photo's detail at ${chosen}; half B not scored yet.`);
} else {
  lines.push(...shipDecisionLines(31, b128, bRoute, 'its route', INTERIM_ON_B,
    `it passes the ship test and ships as stage 5, with the photo's detail at ${chosen} and the style encoded at the model's side as the library's route at 256 px.`));
}
emit(lines, 'third-half-route');
