// The hostile battery: damaged, oversized and malicious inputs, each with what the `ace` CLI and the npm
// package must answer (a clear, typed refusal naming the input; never a crash, an abort or a picture).
// One generator, two runners: native-train/tests/hostile.rs (the CLI, under a memory limit) and
// tests/browser/library.test.mjs (the package in Chromium).
//
//   node tests/hostile/battery.mjs <folder>     writes the files and <folder>/cases.json
//
// A case: `name`, the defect it guards (`point`, as numbered in the hostile-input issue: 1 memory a
// weights file demands, 2 working size, 3 truncation, 4 files that check themselves, 5 outputs and
// codes, 6 messages), the inputs (files in the folder; content defaults to chelsea.png, weights to the
// shipped file), extra CLI `args` and package `options`, and the expected answers: `cli` (text the error
// contains; `exit` the CLI's status when not 1, as clap's 2 for a bad argument), or `warning` (text
// stderr holds while the picture is still written), and `browser` (`error`: the class name, `input`: which input it names), or no `browser` where
// the package has no such input (manifest files, style codes).
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(import.meta.dirname, '../..');
const shipped = join(root, 'weights/ace-default.safetensors');

/** A PNG of `width` x `height` grey pixels; `rows` limits how many rows of data it holds; `clear`
 * makes it RGBA with every pixel fully transparent. */
export function png(width, height, rows = height, clear = false) {
  const chunk = (type, data) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, clear ? 6 : 2, 0, 0, 0], 8); // 8-bit RGB (or RGBA), no interlace
  const row = Buffer.alloc(1 + width * (clear ? 4 : 3), 128);
  if (clear) for (let x = 0; x < width; x++) row[1 + 4 * x + 3] = 0;
  row[0] = 0; // filter: none
  const data = deflateSync(Buffer.concat(Array.from({ length: rows }, () => row)));
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', data), chunk('IEND', Buffer.alloc(0))]);
}

/** A 24-bit BMP of `width` x `height` pixels (rows padded to 4 bytes), whole. */
function bmp(width, height) {
  const stride = Math.ceil((width * 3) / 4) * 4;
  const file = Buffer.alloc(54 + stride * height, 90);
  file.write('BM', 0, 'ascii');
  file.writeUInt32LE(file.length, 2);
  file.writeUInt32LE(0, 6);
  file.writeUInt32LE(54, 10);
  file.writeUInt32LE(40, 14);
  file.writeInt32LE(width, 18);
  file.writeInt32LE(height, 22);
  file.writeUInt16LE(1, 26);
  file.writeUInt16LE(24, 28);
  file.writeUInt32LE(0, 30);
  file.writeUInt32LE(stride * height, 34);
  file.fill(0, 38, 54);
  return file;
}

/** A JPEG with its first start-of-frame marker (baseline, FF C0) changed to `marker`. */
function reframed(jpeg, marker) {
  const out = Buffer.from(jpeg);
  const at = out.indexOf(Buffer.from([0xff, 0xc0]));
  out[at + 1] = marker;
  return out;
}

/** A weights file's parts: its JSON header and its tensor data. */
function split(bytes) {
  const length = Number(bytes.readBigUInt64LE(0));
  return { header: JSON.parse(bytes.subarray(8, 8 + length).toString('utf8')), data: bytes.subarray(8 + length) };
}

function join8(header, data) {
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(json.length));
  return Buffer.concat([length, json, data]);
}

/** A weights file with our metadata and this model config, holding no tensors at all. */
function headerOnly(config) {
  return join8({ __metadata__: { format: 'ace', version: '1', config: JSON.stringify(config) } }, Buffer.alloc(0));
}

export function writeBattery(folder) {
  mkdirSync(folder, { recursive: true });
  const weights = readFileSync(shipped);
  const { header, data } = split(weights);
  const file = (name, bytes) => (writeFileSync(join(folder, name), bytes), name);
  const fifo = (name) => {
    rmSync(join(folder, name), { force: true });
    execFileSync('mkfifo', [join(folder, name)]);
    return name;
  };
  copyFileSync(join(root, 'assets/samples/chelsea.png'), join(folder, 'chelsea.png'));
  const apple = readFileSync(join(root, 'assets/samples/apple.jpg'));
  const chelsea = readFileSync(join(root, 'assets/samples/chelsea.png'));
  const model = { vgg_layer: 'relu3_1', content_res_blocks: 4, decoder_res_blocks: 4, style_dim: 8, mlp_hidden: 256 };

  // The first weight tensor with its dimensions reversed: the same number of bytes, the wrong shape.
  const misshapen = structuredClone(header);
  const [name] = Object.keys(misshapen).filter((k) => k !== '__metadata__' && misshapen[k].shape.length === 4);
  misshapen[name].shape = [...misshapen[name].shape].reverse();
  const flipped = Buffer.from(weights);
  flipped[flipped.length - data.length / 2] ^= 0x10;
  // Every tensor zero, with the digest made to match: a file that checks itself and draws nothing.
  const zeroed = structuredClone(header);
  const zeros = Buffer.alloc(data.length);
  zeroed.__metadata__.tensors_sha256 = createHash('sha256').update(zeros).digest('hex');
  const unsigned = structuredClone(header);
  delete unsigned.__metadata__.tensors_sha256;
  file('other.safetensors', weights);
  file('other.safetensors.json', JSON.stringify({ ...JSON.parse(readFileSync(`${shipped}.json`, 'utf8')), file: 'model.safetensors' }));

  const weightsError = { error: 'WeightsError', input: 'weights' };
  const badImage = (input) => ({ error: 'InvalidImageError', input });
  const cases = [
    { name: 'weights-huge-config', point: 1, what: 'a 200-byte file whose config means about 190 GB of parameters',
      weights: file('huge-config.safetensors', headerOnly({ ...model, vgg_layer: 'relu4_1', content_channels: 4096, content_res_blocks: 64, decoder_res_blocks: 64, style_dim: 1024, mlp_hidden: 8192 })),
      cli: 'over the limit', browser: weightsError },
    { name: 'weights-no-tensors', point: 1, what: 'a plausible config (190 MB as f32) and no tensors',
      weights: file('no-tensors.safetensors', headerOnly({ ...model, content_channels: 512 })),
      cli: 'is missing', browser: weightsError },
    { name: 'weights-misshapen', point: 1, what: `the shipped file with ${name}'s shape reversed`,
      weights: file('misshapen.safetensors', join8(misshapen, data)), cli: name, browser: weightsError },
    { name: 'max-side-huge', point: 2, what: 'a working size of 100,000 px',
      args: ['--max-side', '100000'], options: { maxSide: 100000 }, cli: 'max_side must be at most 4096', browser: { error: 'InvalidOptionError' } },
    { name: 'png-dimension-bomb', point: 2, what: 'a PNG header of 100,000 x 100,000 pixels over 3 rows of data',
      content: file('bomb.png', png(100000, 100000, 3)), cli: 'a side longer than the limit',
      // Its size is read from the header alone, so it is "too large", not "unreadable", in wasm too.
      browser: { error: 'ImageTooLargeError', input: 'content' } },
    { name: 'jpeg-truncated', point: 3, what: 'the first half of a JPEG',
      content: file('half.jpg', apple.subarray(0, apple.length / 2)), cli: 'truncated', browser: badImage('content') },
    { name: 'png-truncated', point: 3, what: 'the first half of a PNG',
      content: file('half.png', chelsea.subarray(0, chelsea.length / 2)), cli: 'content photo', browser: badImage('content') },
    { name: 'weights-flipped-byte', point: 4, what: 'the shipped file with one bit of tensor data flipped, no manifest',
      weights: file('flipped.safetensors', flipped), cli: 'the tensor data is damaged', browser: weightsError },
    { name: 'weights-v2-unsigned', point: 4, what: 'a version-2 file without its digest',
      weights: file('unsigned.safetensors', join8(unsigned, data)), cli: 'tensors_sha256', browser: weightsError },
    { name: 'manifest-of-another-file', point: 4, what: 'a manifest beside the file that names another file',
      weights: 'other.safetensors', cli: 'model.safetensors' },
    { name: 'style-code-huge', point: 5, what: 'a finite style code of 1e38 (decodes to black)',
      args: ['--style-code', '1e38,0,0,0,0,0,0,0'], cli: 'within ±100' },
    { name: 'aspect-extreme', point: 5, what: 'a 4096 x 2 picture',
      content: file('sliver.png', png(4096, 2)), cli: 'content photo', browser: { error: 'ImageTooSmallError', input: 'content' } },
    { name: 'style-not-an-image', point: 6, what: 'text given as the style photo',
      style: file('style.txt', 'not an image'), cli: 'the style photo', browser: badImage('style') },
    { name: 'strength-negative', point: 6, what: 'strength -0.5 (a value, not a flag)',
      args: ['--strength', '-0.5'], options: { strength: -0.5 }, cli: 'strength must be in [0, 1], got -0.5', browser: { error: 'InvalidOptionError' } },
    { name: 'content-empty', point: 6, what: 'an empty content file',
      content: file('empty.png', Buffer.alloc(0)), cli: 'content photo', browser: badImage('content') },
    // Round two (the second hostile-input issue), family 4: a FIFO where a file is read blocked forever.
    { name: 'content-fifo', point: 6, what: 'a FIFO named like a photo, given as the content photo',
      content: fifo('pipe.png'), cli: 'not a regular file' },
    { name: 'weights-fifo', point: 6, what: 'a FIFO given as the weights file',
      weights: fifo('pipe.safetensors'), cli: 'not a regular file' },
    { name: 'weights-cut', point: 6, what: 'the shipped file cut in half (said once, not twice)',
      weights: file('cut.safetensors', weights.subarray(0, weights.length / 2)), cli: 'tensor data ends early', browser: weightsError },
    // Round two, family 5 (pictures) and family 7 (messages).
    { name: 'jpeg-half-with-end-marker', point: 3, what: 'the first half of a JPEG with an end-of-image marker appended',
      content: file('half-ended.jpg', Buffer.concat([apple.subarray(0, apple.length / 2), Buffer.from([0xff, 0xd9])])),
      cli: 'cut short or damaged', browser: badImage('content') },
    { name: 'png-fully-transparent', point: 5, what: 'an RGBA PNG whose every pixel has alpha 0 (its hidden colours are grey)',
      content: file('clear.png', png(64, 64, 64, true)), cli: 'fully transparent', browser: badImage('content') },
    { name: 'jpeg-arithmetic', point: 6, what: 'a JPEG whose frame says arithmetic coding (SOF9)',
      content: file('arithmetic.jpg', reframed(apple, 0xc9)), cli: 'arithmetic coding', browser: badImage('content') },
    { name: 'jpeg-lossless', point: 6, what: 'a JPEG whose frame says lossless coding (SOF3)',
      content: file('lossless.jpg', reframed(apple, 0xc3)), cli: 'lossless coding', browser: badImage('content') },
    { name: 'bmp-truncated', point: 3, what: 'the first half of a 64x64 BMP',
      content: file('half.bmp', bmp(64, 64).subarray(0, 54 + 64 * 3 * 32)), cli: 'truncated', browser: badImage('content') },
    { name: 'seed-negative', point: 6, what: 'seed -1 (a value of the wrong sign, not an unknown flag)',
      args: ['--seed', '-1'], cli: "invalid value '-1' for '--seed <SEED>'", exit: 2 },
    { name: 'max-side-negative', point: 6, what: 'max side -5',
      args: ['--max-side', '-5'], options: { maxSide: -5 }, cli: "invalid value '-5' for '--max-side <MAX_SIDE>'", exit: 2,
      browser: { error: 'InvalidOptionError' } },
    // Not refused: a file that checks itself but whose network draws one flat colour is translated
    // with a warning on stderr.
    { name: 'weights-all-zero', point: 5, what: 'every tensor zero, its digest matching',
      weights: file('zeros.safetensors', join8(zeroed, zeros)), warning: 'one flat colour' },
  ];
  // Whole command lines (the CLI alone): `{dir}` is this folder, `{samples}` the committed photos,
  // `{weights}` the shipped file; `absent` names what a refused command must not have created.
  const config = (name, json) => file(name, JSON.stringify(json));
  const pretrain = (name, settings) => ['pretrain', '--backend', 'cpu', '--data', '{samples}', '--out', `{dir}/run-${name}`,
    '--config', `{dir}/${config(`${name}.json`, settings)}`, '--max-steps-now', '1'];
  const commands = [
    { name: 'config-array', point: 6, what: 'a training config that is [] (read as "all defaults" before)',
      command: pretrain('array', []), cli: 'the config is an array', absent: 'run-array' },
    { name: 'config-negative-lr', point: 6, what: 'lr_generator -1',
      command: pretrain('negative-lr', { lr_generator: -1 }), cli: 'lr_generator must be 0 or more, got -1', absent: 'run-negative-lr' },
    { name: 'config-beta1', point: 6, what: 'beta1 1.5', command: pretrain('beta1', { beta1: 1.5 }), cli: 'beta1 must be in [0, 1), got 1.5', absent: 'run-beta1' },
    { name: 'config-zero-loss-weight', point: 6, what: 'a GAN loss weight of 0',
      command: pretrain('zero-weight', { objective: { gan: 0 } }), cli: 'objective.gan must be a positive weight', absent: 'run-zero-weight' },
    { name: 'config-no-scales', point: 2, what: 'a discriminator with 0 scales (a panic inside burn before)',
      command: pretrain('no-scales', { discriminator: { scales: 0 } }), cli: 'scales, width and layers must be at least 1', absent: 'run-no-scales' },
    { name: 'config-no-width', point: 2, what: 'a discriminator 0 wide',
      command: pretrain('no-width', { discriminator: { width: 0 } }), cli: 'scales, width and layers must be at least 1', absent: 'run-no-width' },
    { name: 'grid-side-huge', point: 2, what: 'grid --side 100000 (120 GB asked for before)',
      command: ['grid', '--backend', 'cpu', '--weights', '{weights}', '--content', '{samples}/chelsea.png', '--side', '100000', '--out', '{dir}/grid.png'],
      cli: 'max_side must be at most 4096', absent: 'grid.png' },
    { name: 'eval-side-huge', point: 2, what: 'eval --side 100000 (30 GB asked for before)',
      command: ['eval', '--weights', '{weights}', '--source', '{samples}', '--target', '{samples}', '--side', '100000', '--out', '{dir}/eval'],
      cli: "'100000' for '--side <PX>': 100000 is not in 16..=1024", exit: 2, absent: 'eval' },
    { name: 'eval-seeds-overflow', point: 2, what: 'eval --seeds 2^64 - 1 (a capacity-overflow panic before)',
      command: ['eval', '--weights', '{weights}', '--source', '{samples}', '--target', '{samples}', '--seeds', '18446744073709551615', '--out', '{dir}/eval'],
      cli: '--seeds must be from 1 to 100', absent: 'eval' },
    { name: 'eval-out-inside-source', point: 6, what: 'an eval report written inside its own source photos',
      command: ['eval', '--weights', '{weights}', '--source', '{samples}', '--target', '{samples}', '--out', '{samples}/report'],
      cli: 'is inside --source' },
    { name: 'info-damaged', point: 6, what: 'ace info on a file with one bit of tensor data flipped (described as fine before)',
      command: ['info', '{dir}/flipped.safetensors'], cli: 'the tensor data is damaged' },
  ];
  cases.push(...commands);
  for (const c of cases) c.content ??= 'chelsea.png';
  writeFileSync(join(folder, 'cases.json'), JSON.stringify(cases, null, 2));
  return cases;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const folder = process.argv[2];
  if (!folder) {
    console.error('usage: node tests/hostile/battery.mjs <folder>');
    process.exit(2);
  }
  console.log(`${writeBattery(resolve(folder)).length} cases in ${folder}`);
}
