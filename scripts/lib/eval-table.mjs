// `ace eval` reports as markdown tables (README, model card, experiments/fine-tune-birman/README.md).
//
//   node scripts/lib/eval-table.mjs <report.json>                           every method of one report
//   node scripts/lib/eval-table.mjs <before/report.json> <after/report.json>  ACE before and after, and the baselines
import { readFileSync } from 'node:fs';

const paths = process.argv.slice(2);
if (paths.length < 1 || paths.length > 2) {
  console.error('usage: node scripts/lib/eval-table.mjs <report.json> [<after/report.json>]');
  process.exit(2);
}
const [first, second] = paths.map((path) => JSON.parse(readFileSync(path, 'utf8')));
const method = (report, name) => report.methods.find((m) => m.name === name);
const f = (v, d = 3) => v.toFixed(d);

console.log('| method | target rate | gap closed (KID) | KID | gap closed (Fréchet) | Fréchet | diversity | pixel spread | content kept |');
console.log('|---|---|---|---|---|---|---|---|---|');
const row = (label, m) =>
  console.log(`| ${label} | ${f(m.target_rate)} | ${f(m.gap_closed_kid)} | ${f(m.kid, 4)} | ${f(m.gap_closed_frechet)} | ` +
    `${f(m.frechet, 1)} | ${f(m.diversity)} | ${m.pixel_spread === undefined ? '-' : f(m.pixel_spread, 1)} | ${f(m.content_kept)} |`);
const describe = (report) =>
  `\`${report.weights.path}\` (sha256 ${report.weights.sha256.slice(0, 12)}...), command \`${report.command}\``;

if (second) {
  row('ACE before fine-tuning', method(first, 'ace'));
  row('ACE after fine-tuning', method(second, 'ace'));
  row('identity (baseline)', method(first, 'identity'));
  row('Lab transfer (baseline)', method(first, 'lab_transfer'));
  console.log(`\nBefore: ${describe(first)}.\nAfter: ${describe(second)}.`);
} else {
  for (const m of first.methods) row(m.name, m);
}
const r = first.reference;
console.log(`\n${r.source_images} source photos, ${r.target_images} target photos, ${first.settings.seeds} seeds, ` +
  `${first.settings.side} px; the classifier calls ${(100 * r.target_rate_of_target).toFixed(1)}% of the target ` +
  `photos cats and ${(100 * (r.source_rate_of_source ?? r.source_dog_rate)).toFixed(1)}% of the source photos dogs.` +
  (second ? '' : ` Command: \`${first.command}\`.`));
