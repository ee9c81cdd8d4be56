// Stage 5's rule 32: how much of the photo's detail band a gated route carries, so that a gate closed
// almost everywhere (an enlargement without detail) does not pass as a route. Over the first 30 photos
// of half A, seed 0, no style photo, at 256 px from 128: RMS(gated - no band) / RMS(whole band - no band).
//
//   node experiments/stage-5/carried-share.mjs <ace> <weights> <drit-dog> <detail> <out.json>
//
// Writes { detail, photos, carried } to out.json (beside the route's report).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';

const PHOTOS = 30;
const [ace, weights, dogs, detail, out] = process.argv.slice(2);
if (!out) {
  console.error('usage: node experiments/stage-5/carried-share.mjs <ace> <weights> <drit-dog> <detail> <out.json>');
  process.exit(2);
}
const half = readFileSync(join(import.meta.dirname, '../recipe-ablation/drit-dog-half-a.txt'), 'utf8')
  .split('\n').filter((line) => line && !line.startsWith('#')).slice(0, PHOTOS);
const dir = mkdtempSync(join(tmpdir(), 'carried-share-'));

// One route's 256 px picture, as RGBA samples (the alpha of all three is opaque, so it adds nothing).
function translate(photo, name, options) {
  const file = join(dir, `${name}.png`);
  const run = spawnSync(ace, ['translate', '--backend', 'cpu', '--weights', weights, '--content', join(dogs, photo), '--seed', '0',
    '--variation', '0.3', '--max-side', '256', '--model-side', '128', ...options, '--out', file], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`ace translate ${photo} (${options.join(' ')}) failed: ${run.stderr}`);
  return PNG.sync.read(readFileSync(file)).data;
}

const squares = (a, b) => a.reduce((sum, v, i) => sum + (v - b[i]) ** 2, 0);
let [gated, whole] = [0, 0];
try {
  for (const photo of half) {
    const none = translate(photo, 'none', ['--detail', '0']);
    const band = translate(photo, 'whole', ['--detail', '1']);
    const route = translate(photo, 'gated', ['--detail', detail, '--detail-from', 'guided']);
    if (band.length !== none.length || route.length !== none.length) throw new Error(`${photo}: the three pictures differ in size`);
    gated += squares(route, none);
    whole += squares(band, none);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const result = { detail: Number(detail), photos: half.length, carried: Math.sqrt(gated / whole) };
writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
console.log(`rule 32: the gated band at detail ${detail} carries ${result.carried.toFixed(3)} of the photo's whole band (${half.length} photos)`);
