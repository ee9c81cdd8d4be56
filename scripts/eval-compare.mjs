// Two `ace eval` reports side by side (before and after fine-tuning), as a markdown table.
//
//   node scripts/eval-compare.mjs <before/report.json> <after/report.json>
import { readFileSync } from 'node:fs';

const [beforePath, afterPath] = process.argv.slice(2);
if (!afterPath) {
  console.error('usage: node scripts/eval-compare.mjs <before/report.json> <after/report.json>');
  process.exit(2);
}
const load = (path) => JSON.parse(readFileSync(path, 'utf8'));
const before = load(beforePath);
const after = load(afterPath);
const numbers = ['target_rate', 'gap_closed_kid', 'kid', 'gap_closed_frechet', 'frechet', 'diversity', 'content_kept'];
const method = (report, name) => report.methods.find((m) => m.name === name);

console.log('# Fine-tuning gain (`bash scripts/eval-fine-tune.sh`)\n');
console.log(`Before: \`${before.weights.path}\` (sha256 ${before.weights.sha256.slice(0, 12)}...), command \`${before.command}\``);
console.log(`After: \`${after.weights.path}\` (sha256 ${after.weights.sha256.slice(0, 12)}...), command \`${after.command}\`\n`);
console.log(`S: ${before.reference.source_images} photos, T: ${before.reference.target_images} photos; ` +
  `the classifier calls ${(100 * before.reference.target_rate_of_target).toFixed(1)}% of T cats.\n`);
console.log(`| method | ${numbers.join(' | ')} |`);
console.log(`|---|${numbers.map(() => '---').join('|')}|`);
const row = (label, m) => console.log(`| ${label} | ${numbers.map((k) => m[k].toFixed(k.includes('frechet') && !k.startsWith('gap') ? 1 : 3)).join(' | ')} |`);
row('ACE before fine-tuning', method(before, 'ace'));
row('ACE after fine-tuning', method(after, 'ace'));
row('identity (baseline)', method(before, 'identity'));
row('Lab transfer (baseline)', method(before, 'lab_transfer'));
