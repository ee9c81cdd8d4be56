// What carried-share.mjs and fine-detail.mjs measure on: the first photos of half A, each translated by
// `ace translate` (seed 0, variation 0.3, no style photo, at most 256 px) into a scratch folder.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';

/** The first `count` photos of half A (paths relative to drit-dog). */
export const firstOfHalfA = (count) => readFileSync(join(import.meta.dirname, '../recipe-ablation/drit-dog-half-a.txt'), 'utf8')
  .split('\n').filter((line) => line && !line.startsWith('#')).slice(0, count);

/** Runs `body(translate)` with a scratch folder removed after it; `translate(content, name, options)`
 * gives `ace translate`'s picture of the `content` file with those options as a pngjs PNG. */
export function withTranslator(ace, weights, body) {
  const dir = mkdtempSync(join(tmpdir(), 'half-a-sample-'));
  const translate = (content, name, options) => {
    const file = join(dir, `${name}.png`);
    const run = spawnSync(ace, ['translate', '--backend', 'cpu', '--weights', weights, '--content', content, '--seed', '0',
      '--variation', '0.3', '--max-side', '256', ...options, '--out', file], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`ace translate ${content} (${options.join(' ')}) failed: ${run.stderr}`);
    return PNG.sync.read(readFileSync(file));
  };
  try {
    return body(translate, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
