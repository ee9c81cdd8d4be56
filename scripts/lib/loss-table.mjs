// Prints the model card's loss-curve table from a training run's log.jsonl: the mean of each loss over
// windows of steps. A resumed run may log a step twice (the steps after the last checkpoint are redone);
// the later line wins, as it is the one the checkpointed model followed.
//
//   node scripts/lib/loss-table.mjs <run>/log.jsonl [window=50] [every=5]   (every: print one window in N)
import { readFileSync } from 'node:fs';

const [path, windowArg = '50', everyArg = '5'] = process.argv.slice(2);
if (!path) {
  console.error('usage: node scripts/lib/loss-table.mjs <log.jsonl> [window] [every]');
  process.exit(2);
}
const window = Number(windowArg);
const every = Number(everyArg);
const byStep = new Map();
for (const line of readFileSync(path, 'utf8').split('\n')) {
  if (line.trim()) {
    const entry = JSON.parse(line);
    byStep.set(entry.step, entry);
  }
}
const keys = ['reconstruction', 'contrastive', 'content', 'style', 'gan', 'discriminator'];
const steps = [...byStep.keys()].sort((a, b) => a - b);
const last = steps[steps.length - 1];
console.log(`| steps | ${keys.join(' | ')} |`);
console.log(`|---|${keys.map(() => '---').join('|')}|`);
const windows = Math.floor(last / window);
for (let w = 0; w < windows; w++) {
  if (w % every !== 0 && w !== windows - 1) continue;
  const rows = steps.filter((s) => s > w * window && s <= (w + 1) * window).map((s) => byStep.get(s));
  const mean = (k) => (rows.reduce((sum, r) => sum + r[k], 0) / rows.length).toFixed(3);
  console.log(`| ${w * window + 1}-${(w + 1) * window} | ${keys.map(mean).join(' | ')} |`);
}
