// Stage 5's rule 35 (working-side.sh): the interim model's own translation at working sides from 128 to
// 224 px on half A, the page's route from the largest side that keeps the 128 px rate (enlarged to 256
// px with detail 0.25 or 0, half A, 10 seeds, each with the fine detail it holds) and the chosen route
// once on half B against the interim model's 128 px row there.
//
//   node experiments/stage-5/working-side.mjs [--write | --sides | --side | --details | --chosen]
//
// --write puts the tables into README.md's <!-- working-side --> block; --sides and --details print what
// to score; --side prints the candidate side and --chosen half A's detail ("none" when nothing
// qualifies; an error before every row it reads is scored).
import { MIN_FINE_DETAIL, SIDE_DETAILS, WORKING_SIDES, chooseSideDetail, chooseWorkingSide, routeReaches } from './decide.mjs';
import { emit, fixed as f, printChoice, reachVerdict, reachVerdictWithBand, readFine, readReport, routeRow } from './reports.mjs';

const arg = process.argv[2];
if (arg === '--sides' || arg === '--details') {
  console.log((arg === '--sides' ? WORKING_SIDES : SIDE_DETAILS).join(' '));
  process.exit(0);
}

const CURVE = 'interim-working-side';
const curve = WORKING_SIDES.map((side) => ({ side, dir: `${CURVE}/side-${side}`, r: readReport(`${CURVE}/side-${side}`)?.ace }));
const curveDone = curve.every(({ r }) => r);
const side = curveDone ? chooseWorkingSide(curve) : undefined;
if (arg === '--side') printChoice(35, curveDone, side);

const AT_128 = 'interim-half-a-10-seeds/128px';
const at128 = readReport(AT_128)?.ace;
const rows = side ? SIDE_DETAILS.map((detail) => {
  const dir = `interim-half-a-10-seeds/style-128-side-${side}-detail-${detail}`;
  return { detail, dir, r: readReport(dir)?.ace, fine: readFine(dir) };
}) : [];
const routesDone = Boolean(side) && Boolean(at128) && rows.every(({ r, fine }) => r && fine !== null);
const chosen = routesDone ? chooseSideDetail(at128, rows) : undefined;
if (arg === '--chosen') printChoice(35, routesDone, chosen);
const B_ROUTE = chosen ? `restart-step-26500-256px-side-${side}-detail-${chosen}` : null;
const [b128, bRoute] = [readReport('restart-step-26500')?.ace, B_ROUTE && readReport(B_ROUTE)?.ace];

const lines = ['The interim model\'s own translation at each working side, the style photo encoded at 128 px, half A, 2 seeds, variation 0.3 (rule 35\'s curve):', ''];
lines.push('| side | target rate | vs 128 px | gap closed (KID) | diversity | pixel spread | content kept | |');
lines.push('|---|---|---|---|---|---|---|---|');
const ref = curve[0].r;
for (const { side: s, r } of curve) {
  lines.push(routeRow(`${s} px`, r, s === 128 ? null : ref, s === 128 ? '' : reachVerdict(ref, r)));
}
lines.push('');
if (!curveDone) lines.push('Decision (rule 35): not yet (the curve is not fully scored).');
else if (side === null) lines.push('Decision (rule 35): no side above 128 px keeps the 128 px rate on half A: nothing more is scored.');
else {
  const references = [['the enlargement from 128 px (detail 0)', 'fine-detail-enlargement.json'], ['the photo\'s whole band from 128 px (detail 1)', 'fine-detail-photo-band.json']]
    .map(([name, file]) => [name, readFine(CURVE, file)])
    .map(([name, fine]) => `${name} ${fine === null ? 'not measured yet' : f(fine)}`);
  lines.push(`The candidate side is ${side} px. Its route to 256 px, the style photo encoded at 128 px, half A, 10 seeds, against the 128 px row (the fine detail each holds of the photo's; for reference ${references.join(', ')}):`, '');
  lines.push('| half, route | target rate | vs 128 px | gap closed (KID) | diversity | pixel spread | content kept | |');
  lines.push('|---|---|---|---|---|---|---|---|');
  lines.push(routeRow('A, 128 px', at128, null, ''));
  for (const { detail, dir, r, fine } of rows) {
    const held = fine === null ? 'fine detail not measured yet' : `holds ${f(fine)} of the fine detail${fine < MIN_FINE_DETAIL ? `, under ${MIN_FINE_DETAIL}` : ''}`;
    lines.push(routeRow(`A, from ${side} px, detail ${detail} (${held})`, r, at128, reachVerdictWithBand(AT_128, dir)));
  }
  if (chosen) {
    lines.push(routeRow('B, 128 px (the interim model\'s row)', b128, null, ''));
    lines.push(routeRow(`B, from ${side} px, detail ${chosen}`, bRoute, b128, reachVerdict(b128, bRoute)));
  }
  lines.push('');
  if (!routesDone) lines.push('Decision (rule 35): not yet (half A not fully scored).');
  else if (chosen === null) lines.push(`Decision (rule 35): neither detail from ${side} px reaches the 128 px rate on half A holding ${MIN_FINE_DETAIL} of the fine detail: nothing is scored on half B.`);
  else if (!bRoute) lines.push(`Decision (rule 35): half A chooses the route from ${side} px with detail ${chosen}; half B not scored yet.`);
  else if (routeReaches(b128, bRoute)) lines.push(`Decision (rule 35): the route from **${side} px with detail ${chosen}** reaches the 128 px rate on half B: the interim model passes rule 6 and ships as stage 5 with this route.`);
  else lines.push(`Decision (rule 35): the route from ${side} px with detail ${chosen} falls short of the 128 px rate on half B: nothing changes.`);
}
emit(lines, 'working-side');
