// Stage 5's rule 41 (upscaler.sh): the interim model's page route with a learned 2x enlargement trained
// on cat photos, each candidate on half A with 10 seeds against the 128 px row (and, deciding nothing,
// against the enlargement alone), with the fine detail it holds; the chosen one on half B.
//
//   node experiments/stage-5/upscaler.mjs [--write | --candidates | --chosen]
//
// --write puts the table into README.md's <!-- upscaler --> block; --candidates prints each candidate as
// name:feature-weight; --chosen prints half A's choice (none when nothing qualifies).
import { MIN_FINE_DETAIL, UPSCALERS, chooseUpscaler, routeReaches } from './decide.mjs';
import { emit, fixed as f, pairedBand, printChoice, reachVerdict, reachVerdictWithBand, readFine, readReport, routeRow, signed } from './reports.mjs';

if (process.argv.includes('--candidates')) {
  console.log(UPSCALERS.map(({ name, featureWeight }) => `${name}:${featureWeight}`).join(' '));
  process.exit(0);
}

const AT_128 = 'interim-half-a-10-seeds/128px', ENLARGED = 'interim-half-a-10-seeds/style-128-detail-0';
const [at128, enlarged] = [AT_128, ENLARGED].map((dir) => readReport(dir)?.ace);
const rows = UPSCALERS.map(({ name, featureWeight }) => {
  const dir = `interim-half-a-10-seeds/style-128-upscaler-${name}`;
  return { name, featureWeight, dir, r: readReport(dir)?.ace, fine: readFine(dir) };
});
const halfADone = Boolean(at128) && rows.every(({ r, fine }) => r && fine !== null);
const chosen = halfADone ? chooseUpscaler(at128, rows) : undefined;
if (process.argv.includes('--chosen')) printChoice(41, halfADone, chosen);
const B_ROUTE = chosen ? `restart-step-26500-256px-upscaler-${chosen}` : null;
const [b128, bRoute] = [readReport('restart-step-26500')?.ace, B_ROUTE && readReport(B_ROUTE)?.ace];

const lines = ['The page\'s route enlarged by a learned upscaler trained on cat photos alone (4,000 steps of 8 crops), the style photo encoded at 128 px, half A, 10 seeds, variation 0.3, against the 128 px row and, deciding nothing, against the enlargement alone (rule 41):', ''];
lines.push('| half, route | target rate | vs 128 px | gap closed (KID) | diversity | pixel spread | content kept | |');
lines.push('|---|---|---|---|---|---|---|---|');
lines.push(routeRow('A, 128 px', at128, null, ''));
lines.push(routeRow('A, enlarged from 128 px, no band (rule 34)', enlarged, at128, reachVerdictWithBand(AT_128, ENLARGED)));
for (const { name, featureWeight, dir, r, fine } of rows) {
  const held = fine === null ? 'fine detail not measured yet' : `holds ${f(fine)} of the fine detail${fine < MIN_FINE_DETAIL ? `, under ${MIN_FINE_DETAIL}` : ''}`;
  const loss = featureWeight ? `pixels and VGG features at ${featureWeight}` : 'pixels alone';
  const versusEnlarged = r && enlarged ? `; ${signed(r.target_rate - enlarged.target_rate)} against the enlargement (paired band ${f(pairedBand(ENLARGED, dir))})` : '';
  lines.push(routeRow(`A, upscaled from 128 px, ${loss} (${held})`, r, at128, r ? `${reachVerdictWithBand(AT_128, dir)}${versusEnlarged}` : ''));
}
if (chosen) {
  lines.push(routeRow('B, 128 px (the interim model\'s row)', b128, null, ''));
  lines.push(routeRow(`B, upscaled from 128 px (${chosen})`, bRoute, b128, reachVerdict(b128, bRoute)));
}
lines.push('');
if (!halfADone) lines.push('Decision (rule 41): not yet (half A not fully scored).');
else if (chosen === null) lines.push(`Decision (rule 41): no upscaler reaches the 128 px rate on half A holding ${MIN_FINE_DETAIL} of the fine detail: nothing is scored on half B.`);
else if (!bRoute) lines.push(`Decision (rule 41): half A chooses the upscaler trained on ${chosen === 'pixels' ? 'pixels alone' : 'pixels and features'}; half B not scored yet.`);
else if (routeReaches(b128, bRoute)) lines.push(`Decision (rule 41): the upscaled route (**${chosen}**) reaches the 128 px rate on half B: the interim model passes rule 6 and ships as stage 5 with its upscaler.`);
else lines.push(`Decision (rule 41): the upscaled route (${chosen}) falls short of the 128 px rate on half B: nothing changes.`);
emit(lines, 'upscaler');
