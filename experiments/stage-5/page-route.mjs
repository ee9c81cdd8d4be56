// Stage 5's rules 25, 28, 29 and 32: the page's route with the style at the network's side
// (page-route.sh), the detail band from the photo (rule 25), from the network's own translation at 256
// px (rule 28), from the decoder drawing at 256 px on the 128 px layout (rule 29) or the photo's gated by
// the translation (rule 32), its share chosen on half A with 10 seeds and decided once on half B against
// the interim model's 128 px row. Rule 34 splits each half-A route's gap into the enlargement's part and
// the band's.
//
//   node experiments/stage-5/page-route.mjs [--write | --candidates <source> | --chosen <source>]   (source: photo, network, decoder or guided)
//
// --write puts the tables into README.md's <!-- page-route --> block; --candidates prints the shares to
// score; --chosen prints half A's choice ("none" when no share reaches the 128 px rate; an error before
// every row is scored).
import { DECODER_DETAILS, GUIDED_DETAILS, MIN_CARRIED_SHARE, NETWORK_DETAILS, STYLE_128_DETAILS, chooseGuidedDetail, choosePageDetail, routeReaches } from './decide.mjs';
import { emit, fixed as f, pairedBand, printChoice, reachVerdict, readCarried, readReport, routeRow, signed } from './reports.mjs';

// Each source of the band: its rule, its candidate shares, where its rows are.
const SOURCES = {
  photo: { rule: 25, shares: STYLE_128_DETAILS, row: (d) => `interim-half-a-10-seeds/style-128-detail-${d}`, b: 'restart-step-26500-256px-carried-style-128', name: 'the photo\'s detail' },
  network: { rule: 28, shares: NETWORK_DETAILS, row: (d) => `interim-half-a-10-seeds/style-128-network-detail-${d}`, b: 'restart-step-26500-256px-network-detail', name: 'the network\'s own 256 px detail' },
  decoder: { rule: 29, shares: DECODER_DETAILS, row: (d) => `interim-half-a-10-seeds/style-128-decoder-detail-${d}`, b: 'restart-step-26500-256px-decoder-detail', name: 'the decoder\'s 256 px detail on the 128 px layout' },
  guided: { rule: 32, shares: GUIDED_DETAILS, row: (d) => `interim-half-a-10-seeds/style-128-guided-detail-${d}`, b: 'restart-step-26500-256px-guided-detail', name: 'the photo\'s detail gated by the translation', gated: true },
};
const [arg, which] = process.argv.slice(2);
if (arg === '--candidates') {
  console.log(SOURCES[which].shares.join(' '));
  process.exit(0);
}

const AT_128 = 'interim-half-a-10-seeds/128px';
const at128 = readReport(AT_128)?.ace;
const b128 = readReport('restart-step-26500')?.ace;
const choices = Object.fromEntries(Object.entries(SOURCES).map(([key, source]) => {
  // A gated band (rule 32) also says how much of the photo's band it carries (carried-share.mjs).
  const rows = source.shares.map((detail) => {
    const dir = source.row(detail);
    return { detail, dir, r: readReport(dir)?.ace, carried: source.gated ? readCarried(dir) : undefined };
  });
  const complete = Boolean(at128) && rows.every(({ r, carried }) => r && carried !== null);
  const choose = source.gated ? chooseGuidedDetail : choosePageDetail;
  return [key, { ...source, rows, complete, chosen: complete ? choose(at128, rows) : undefined, bRoute: readReport(source.b)?.ace }];
}));
if (arg === '--chosen') printChoice(choices[which].rule, choices[which].complete, choices[which].chosen);

const lines = ['The page\'s route with the style photo encoded at 128 px, the interim model, variation 0.3, 10 seeds; the detail band carried up from the photo (rule 25), from the network\'s own translation at 256 px (rule 28), from the decoder drawing at 256 px on the 128 px layout (rule 29) or from the photo gated pixel by pixel by the translation (rule 32, with the share of the photo\'s whole band it carries):', ''];
lines.push('| half, route | target rate | vs 128 px | gap closed (KID) | diversity | pixel spread | content kept | |');
lines.push('|---|---|---|---|---|---|---|---|');
lines.push(routeRow('A, 128 px', at128, null, ''));
const gateVerdict = (carried) => (carried === undefined ? '' : carried === null ? ' (share carried not measured yet)'
  : ` (carries ${f(carried)} of the band${carried < MIN_CARRIED_SHARE ? `, under ${MIN_CARRIED_SHARE}: not a route` : ''})`);
for (const { rows, name } of Object.values(choices)) {
  for (const { detail, r, carried } of rows) lines.push(routeRow(`A, 256 px carried, ${name} at ${detail}${gateVerdict(carried)}`, r, at128, reachVerdict(at128, r)));
}
lines.push(routeRow('B, 128 px (the interim model\'s row)', b128, null, ''));
for (const { chosen, bRoute, name } of Object.values(choices)) {
  if (chosen) lines.push(routeRow(`B, 256 px carried, ${name} at ${chosen}`, bRoute, b128, reachVerdict(b128, bRoute)));
}
lines.push('');
for (const { rule, complete, chosen, bRoute, name, gated } of Object.values(choices)) {
  if (!complete) lines.push(`Decision (rule ${rule}): not yet (half A not fully scored).`);
  else if (chosen === null) lines.push(`Decision (rule ${rule}): no share of ${name} reaches the 128 px rate on half A${gated ? ` carrying at least ${MIN_CARRIED_SHARE} of the band` : ''}; nothing is scored on half B.`);
  else if (!bRoute) lines.push(`Decision (rule ${rule}): half A chooses ${name} at ${chosen}; half B not scored yet.`);
  else if (routeReaches(b128, bRoute)) lines.push(`Decision (rule ${rule}): ${name} at **${chosen}** reaches the 128 px rate on half B: the interim model passes rule 6 and ships as stage 5 with this route.`);
  else lines.push(`Decision (rule ${rule}): ${name} at ${chosen} falls short of the 128 px rate on half B: nothing changes.`);
}

// Rule 34: the enlargement with no band, and each route's difference from it and from the 128 px row.
const ENLARGED = 'interim-half-a-10-seeds/style-128-detail-0';
const enlarged = readReport(ENLARGED)?.ace;
const apart = (m, dir, peer, peerDir) => `${signed(m.target_rate - peer.target_rate)} (${f(pairedBand(peerDir, dir))})`;
lines.push('', 'Rule 34, deciding nothing: each half-A route\'s target rate against the 128 px row and against the enlargement alone (the same route with no band), each difference with its paired band:', '');
lines.push('| half A, route | target rate | vs 128 px (paired band) | vs the enlargement alone (paired band) |');
lines.push('|---|---|---|---|');
if (!enlarged || !at128) {
  lines.push('| 256 px, the enlargement alone (detail 0) | not scored yet | | |');
} else {
  const [gap, band] = [enlarged.target_rate - at128.target_rate, pairedBand(AT_128, ENLARGED)];
  lines.push(`| 256 px, the enlargement alone (detail 0) | ${f(enlarged.target_rate)} | ${signed(gap)} (${f(band)}) | |`);
  for (const { rows, name } of Object.values(choices)) {
    for (const { detail, dir, r } of rows) {
      if (r) lines.push(`| 256 px, ${name} at ${detail} | ${f(r.target_rate)} | ${apart(r, dir, at128, AT_128)} | ${apart(r, dir, enlarged, ENLARGED)} |`);
    }
  }
  lines.push('', gap < -band
    ? 'The enlargement alone falls short of the 128 px row by more than its paired band: no carried route meets rule 14 on this comparison unless its band adds cats; the next try is training at the page\'s scale.'
    : gap > band
      ? 'The enlargement alone is ahead of the 128 px row by more than its paired band: each band costs more than its gap from the 128 px row shows, and a band is still worth a rule.'
      : 'The enlargement alone is within its paired band of the 128 px row: what the routes lose is their band\'s, and a band is still worth a rule.');
}
emit(lines, 'page-route');
