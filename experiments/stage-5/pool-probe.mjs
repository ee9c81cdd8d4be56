// Stage 5's rule 39 (a) (pool-probe.sh): the interim model's own translation at 256 px with its content
// code pooled by 2 and by 4, half A, 2 seeds, against rule 35's side-128 row, and the pool-4 route with 10
// seeds against the 128 px row when it qualifies.
//
//   node experiments/stage-5/pool-probe.mjs [--write | --qualifies]
//
// --write puts the table into README.md's <!-- pool-probe --> block; --qualifies prints yes or no
// (an error before both probe rows are scored).
import { routeReaches } from './decide.mjs';
import { emit, reachVerdictWithBand, readReport, routeRow } from './reports.mjs';

const SIDE_128 = 'interim-working-side/side-128';
const probe = (pool) => `interim-pool-probe/side-256-pool-${pool}`;
const [at128, pool2, pool4] = [SIDE_128, probe(2), probe(4)].map((dir) => readReport(dir)?.ace);
const qualifies = Boolean(at128 && pool4) && routeReaches(at128, pool4);
if (process.argv.includes('--qualifies')) {
  if (!at128 || !pool2 || !pool4) throw new Error('rule 39 (a): the probe rows are not both scored');
  console.log(qualifies ? 'yes' : 'no');
  process.exit(0);
}

const lines = ['The interim model\'s own translation at 256 px with its content code pooled by 2 (as shipped) and by 4, the style photo encoded at 128 px, half A, 2 seeds, variation 0.3 (rule 39 a):', ''];
lines.push('| side, pooling | target rate | vs 128 px | gap closed (KID) | diversity | pixel spread | content kept | |');
lines.push('|---|---|---|---|---|---|---|---|');
lines.push(routeRow('128 px, pooled by 2 (rule 35\'s curve)', at128, null, ''));
for (const [pool, r] of [[2, pool2], [4, pool4]]) {
  lines.push(routeRow(`256 px, pooled by ${pool}`, r, at128, reachVerdictWithBand(SIDE_128, probe(pool))));
}
const AT_128_10 = 'interim-half-a-10-seeds/128px', ROUTE_10 = 'interim-half-a-10-seeds/style-128-side-256-pool-4';
const [at128Ten, routeTen] = [AT_128_10, ROUTE_10].map((dir) => readReport(dir)?.ace);
if (qualifies) {
  lines.push('', 'The pool-4 route with 10 seeds, half A, against the 128 px row:', '');
  lines.push('| half, route | target rate | vs 128 px | gap closed (KID) | diversity | pixel spread | content kept | |');
  lines.push('|---|---|---|---|---|---|---|---|');
  lines.push(routeRow('A, 128 px', at128Ten, null, ''));
  lines.push(routeRow('A, 256 px pooled by 4', routeTen, at128Ten, reachVerdictWithBand(AT_128_10, ROUTE_10)));
}
lines.push('');
if (!pool2 || !pool4) lines.push('Decision (rule 39 a): not yet (the probe is not fully scored).');
else if (!qualifies) lines.push('Decision (rule 39 a): at 256 px the content pooled by 4 does not reach the 128 px rate on half A: nothing more is scored.');
else if (!routeTen) lines.push('Decision (rule 39 a): the pool-4 row reaches the 128 px rate with 2 seeds; 10 seeds not scored yet.');
else lines.push(`Decision (rule 39 a): with 10 seeds the pool-4 route ${routeReaches(at128Ten, routeTen) ? 'reaches the 128 px rate on half A: its fine detail and half B follow as the rule says' : 'falls short of the 128 px rate on half A: nothing is scored on half B'}.`);
emit(lines, 'pool-probe');
