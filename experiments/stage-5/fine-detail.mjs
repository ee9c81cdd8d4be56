// Stage 5's rule 35: how much fine detail a 256 px route holds, against the photo's own, so that a soft
// enlargement does not pass as a route at the page's size. Over the first 30 photos of half A, seed 0,
// no style photo, variation 0.3: RMS(fine(route)) / RMS(fine(photo)), each summed over the photos, where
// fine(x) = x - up(down(x)), down the mean of each 2x2 block (256 -> 128 px) and up bilinear back. The
// photo is enlarged to 256 px as `ace eval` enlarges a source (bilinear) and the route translates that.
//
//   node experiments/stage-5/fine-detail.mjs <ace> <weights> <drit-dog> <out.json> <ace translate options>
//
// Writes { options, photos, fine_detail } to out.json (beside the route's report).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { firstOfHalfA, withTranslator } from './half-a-sample.mjs';

const PHOTOS = 30;
const SIDE = 256;
const [ace, weights, dogs, out, ...options] = process.argv.slice(2);
if (!options.length) {
  console.error('usage: node experiments/stage-5/fine-detail.mjs <ace> <weights> <drit-dog> <out.json> <ace translate options>');
  process.exit(2);
}
const half = firstOfHalfA(PHOTOS);

/** A `width` x `height` RGBA picture resampled bilinearly (pixel centres aligned) to `w` x `h`, as floats. */
function bilinear({ data, width, height }, w, h) {
  const outData = new Float32Array(w * h * 4);
  const at = (x, y, c) => data[(y * width + x) * 4 + c];
  for (let y = 0; y < h; y++) {
    const sy = Math.min(Math.max((y + 0.5) * height / h - 0.5, 0), height - 1), y0 = Math.floor(sy), y1 = Math.min(y0 + 1, height - 1), fy = sy - y0;
    for (let x = 0; x < w; x++) {
      const sx = Math.min(Math.max((x + 0.5) * width / w - 0.5, 0), width - 1), x0 = Math.floor(sx), x1 = Math.min(x0 + 1, width - 1), fx = sx - x0;
      for (let c = 0; c < 4; c++) {
        const top = at(x0, y0, c) * (1 - fx) + at(x1, y0, c) * fx, bottom = at(x0, y1, c) * (1 - fx) + at(x1, y1, c) * fx;
        outData[(y * w + x) * 4 + c] = top * (1 - fy) + bottom * fy;
      }
    }
  }
  return { data: outData, width: w, height: h };
}

/** The energy of fine(x) = x - up(down(x)) over the colour channels of a square picture of even side. */
function fineEnergy(picture) {
  const { data, width, height } = picture;
  const small = { data: new Float32Array((width / 2) * (height / 2) * 4), width: width / 2, height: height / 2 };
  for (let y = 0; y < small.height; y++) {
    for (let x = 0; x < small.width; x++) {
      for (let c = 0; c < 4; c++) {
        const i = (j, k) => data[((2 * y + j) * width + 2 * x + k) * 4 + c];
        small.data[(y * small.width + x) * 4 + c] = (i(0, 0) + i(0, 1) + i(1, 0) + i(1, 1)) / 4;
      }
    }
  }
  const up = bilinear(small, width, height);
  let energy = 0;
  for (let i = 0; i < data.length; i++) if (i % 4 !== 3) energy += (data[i] - up.data[i]) ** 2;
  return energy;
}

let [route, photo] = [0, 0];
withTranslator(ace, weights, (translate, dir) => {
  for (const name of half) {
    // The photo at its own size, decoded by ace (--strength 0 gives it back), enlarged as ace eval does.
    const enlarged = bilinear(translate(join(dogs, name), 'own', ['--strength', '0']), SIDE, SIDE);
    const png = new PNG({ width: SIDE, height: SIDE });
    png.data = Buffer.from(enlarged.data.map((v) => Math.round(v)));
    const input = join(dir, 'photo.png');
    writeFileSync(input, PNG.sync.write(png));
    const routed = translate(input, 'route', options);
    if (routed.width !== SIDE || routed.height !== SIDE) throw new Error(`${name}: the route gave ${routed.width}x${routed.height}, not ${SIDE} px`);
    // The photo at 256 px is what `ace translate --strength 0` gives back of this input: the input itself.
    photo += fineEnergy(png);
    route += fineEnergy(routed);
  }
});
const result = { options: options.join(' '), photos: half.length, fine_detail: Math.sqrt(route / photo) };
writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
console.log(`rule 35: ${result.options} holds ${result.fine_detail.toFixed(3)} of the photo's fine detail (${half.length} photos)`);
