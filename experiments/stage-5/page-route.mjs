// Stage 5's rule 25: the page's route with the style at the network's side (page-route.sh), its detail
// chosen on half A with 10 seeds and decided once on half B against the interim model's 128 px row.
//
//   node experiments/stage-5/page-route.mjs [--write | --candidates | --chosen]
//
// --write puts the table into README.md's <!-- page-route --> block; --candidates prints the details
// to score; --chosen prints half A's choice ("none" when neither reaches the 128 px rate; an error
// before every row is scored).
import { STYLE_128_DETAILS, choosePageDetail, routeReaches } from './decide.mjs';
import { emit, fixed as f, readReport, signed } from './reports.mjs';

const arg = process.argv[2];
if (arg === '--candidates') {
  console.log(STYLE_128_DETAILS.join(' '));
  process.exit(0);
}

const at128 = readReport('interim-half-a-10-seeds/128px')?.ace;
const rows = STYLE_128_DETAILS.map((detail) => ({ detail, r: readReport(`interim-half-a-10-seeds/style-128-detail-${detail}`)?.ace }));
const complete = Boolean(at128) && rows.every(({ r }) => r);
const chosen = complete ? choosePageDetail(at128, rows) : undefined;
if (arg === '--chosen') {
  if (!complete) {
    console.error('rule 25: half A is not fully scored yet');
    process.exit(1);
  }
  console.log(chosen ?? 'none');
  process.exit(0);
}

const row = (name, m, versus, verdict) => (m
  ? `| ${name} | ${f(m.target_rate)} | ${versus ? signed(m.target_rate - versus.target_rate) : ''} | ${f(m.gap_closed_kid)} | ${f(m.diversity, 2)} | ${f(m.pixel_spread, 1)} | ${f(m.content_kept)} | ${verdict} |`
  : `| ${name} | not scored yet | | | | | | |`);
const lines = ['The page\'s route with the style photo encoded at 128 px (rule 25), the interim model, variation 0.3, 10 seeds:', ''];
lines.push('| half, route | target rate | vs 128 px | gap closed (KID) | diversity | pixel spread | content kept | |');
lines.push('|---|---|---|---|---|---|---|---|');
lines.push(row('A, 128 px', at128, null, ''));
for (const { detail, r } of rows) {
  lines.push(row(`A, 256 px carried, detail ${detail}`, r, at128, r && at128 ? (routeReaches(at128, r) ? 'reaches the 128 px rate' : 'short of it') : ''));
}
const b128 = readReport('restart-step-26500')?.ace;
const bRoute = readReport('restart-step-26500-256px-carried-style-128')?.ace;
lines.push(row('B, 128 px (the interim model\'s row)', b128, null, ''));
if (chosen !== null) {
  lines.push(row(`B, 256 px carried, detail ${chosen ?? '(chosen on A)'}`, bRoute, b128, bRoute ? (routeReaches(b128, bRoute) ? 'reaches the 128 px rate' : 'short of it') : ''));
}
lines.push('');
if (!complete) lines.push('Decision (rule 25): not yet (half A not fully scored).');
else if (chosen === null) lines.push('Decision (rule 25): neither detail reaches the 128 px rate on half A; nothing is scored on half B, and the page keeps its route.');
else if (!bRoute) lines.push(`Decision (rule 25): half A chooses detail ${chosen}; half B not scored yet.`);
else if (routeReaches(b128, bRoute)) lines.push(`Decision (rule 25): detail **${chosen}** with the style at 128 px reaches the 128 px rate on half B: the interim model passes rule 6 and ships as stage 5 with this route.`);
else lines.push(`Decision (rule 25): detail ${chosen} with the style at 128 px falls short of the 128 px rate on half B: nothing changes.`);
emit(lines, 'page-route');
