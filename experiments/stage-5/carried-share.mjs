// Stage 5's rule 32: how much of the photo's detail band a gated route carries, so that a gate closed
// almost everywhere (an enlargement without detail) does not pass as a route. Over the first 30 photos
// of half A, seed 0, no style photo, at up to 256 px from 128, which for these photos is their own 178
// px (`ace translate` does not enlarge): RMS(gated - no band) / RMS(whole band - no band).
//
//   node experiments/stage-5/carried-share.mjs <ace> <weights> <drit-dog> <detail> <out.json>
//
// Writes { detail, photos, carried } to out.json (beside the route's report).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { firstOfHalfA, withTranslator } from './half-a-sample.mjs';

const PHOTOS = 30;
const [ace, weights, dogs, detail, out] = process.argv.slice(2);
if (!out) {
  console.error('usage: node experiments/stage-5/carried-share.mjs <ace> <weights> <drit-dog> <detail> <out.json>');
  process.exit(2);
}
const half = firstOfHalfA(PHOTOS);

const squares = (a, b) => a.reduce((sum, v, i) => sum + (v - b[i]) ** 2, 0);
let [gated, whole] = [0, 0];
withTranslator(ace, weights, (translate) => {
  // One route's 256 px picture from 128 px, as RGBA samples (the alpha of all three is opaque, so it adds nothing).
  const route = (photo, name, options) => translate(join(dogs, photo), name, ['--model-side', '128', ...options]).data;
  for (const photo of half) {
    const none = route(photo, 'none', ['--detail', '0']);
    const band = route(photo, 'whole', ['--detail', '1']);
    const gatedRoute = route(photo, 'gated', ['--detail', detail, '--detail-from', 'guided']);
    if (band.length !== none.length || gatedRoute.length !== none.length) throw new Error(`${photo}: the three pictures differ in size`);
    gated += squares(gatedRoute, none);
    whole += squares(band, none);
  }
});
const result = { detail: Number(detail), photos: half.length, carried: Math.sqrt(gated / whole) };
writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
console.log(`rule 32: the gated band at detail ${detail} carries ${result.carried.toFixed(3)} of the photo's whole band (${half.length} photos)`);
