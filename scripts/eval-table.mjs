// The numbers of one `ace eval` report as a markdown table (README, model card).
//
//   node scripts/eval-table.mjs <report.json>
import { readFileSync } from 'node:fs';

const path = process.argv[2];
if (!path) {
  console.error('usage: node scripts/eval-table.mjs <report.json>');
  process.exit(2);
}
const report = JSON.parse(readFileSync(path, 'utf8'));
const r = report.reference;
console.log(`| method | target rate | gap closed (KID) | KID | gap closed (Fréchet) | Fréchet | diversity | content kept |`);
console.log('|---|---|---|---|---|---|---|---|');
for (const m of report.methods) {
  const f = (v, d = 3) => v.toFixed(d);
  console.log(`| ${m.name} | ${f(m.target_rate)} | ${f(m.gap_closed_kid)} | ${f(m.kid, 4)} | ${f(m.gap_closed_frechet)} | ${f(m.frechet, 1)} | ${f(m.diversity)} | ${f(m.content_kept)} |`);
}
console.log(`\n${r.source_images} source photos, ${r.target_images} target photos, ${report.settings.seeds} seeds, ` +
  `${report.settings.side} px; the classifier calls ${(100 * r.target_rate_of_target).toFixed(1)}% of the target ` +
  `photos cats and ${(100 * r.source_dog_rate).toFixed(1)}% of the source photos dogs. Command: \`${report.command}\`.`);
