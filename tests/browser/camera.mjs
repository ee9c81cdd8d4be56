// A fake camera that films real photos: a y4m video (what Chromium's --use-file-for-fake-video-capture
// plays, in a loop) made from photos the browser decodes, each held for a few frames, so the picture
// moves from one photo to the next as a camera pointed around would.
import { writeFileSync } from 'node:fs';

/**
 * Writes `path`: the photos at `urls` (served to `page`), each covering `width` x `height` and held for
 * `hold` frames, at 30 frames per second, as 4:2:0 YUV (BT.601, full range: y4m's C420jpeg).
 */
export async function writeCameraFile(page, urls, path, { width = 160, height = 120, hold = 6 } = {}) {
  const frames = await page.evaluate(async ({ urls, width, height }) => {
    const planes = [];
    for (const url of urls) {
      const bitmap = await createImageBitmap(await (await fetch(url)).blob());
      const scale = Math.max(width / bitmap.width, height / bitmap.height);
      const canvas = new OffscreenCanvas(width, height);
      const context = canvas.getContext('2d');
      context.drawImage(bitmap, (width - bitmap.width * scale) / 2, (height - bitmap.height * scale) / 2, bitmap.width * scale, bitmap.height * scale);
      const rgba = context.getImageData(0, 0, width, height).data;
      const y = new Uint8Array(width * height);
      const u = new Uint8Array((width / 2) * (height / 2));
      const v = new Uint8Array(u.length);
      const at = (x, row, c) => rgba[(row * width + x) * 4 + c];
      for (let i = 0; i < width * height; i++) y[i] = Math.round(0.299 * rgba[4 * i] + 0.587 * rgba[4 * i + 1] + 0.114 * rgba[4 * i + 2]);
      for (let row = 0; row < height; row += 2) {
        for (let x = 0; x < width; x += 2) {
          // The mean of each 2x2 block, then BT.601's chroma.
          const mean = (c) => (at(x, row, c) + at(x + 1, row, c) + at(x, row + 1, c) + at(x + 1, row + 1, c)) / 4;
          const [r, g, b] = [mean(0), mean(1), mean(2)];
          const k = (row / 2) * (width / 2) + x / 2;
          u[k] = Math.min(255, Math.max(0, Math.round(128 - 0.168736 * r - 0.331264 * g + 0.5 * b)));
          v[k] = Math.min(255, Math.max(0, Math.round(128 + 0.5 * r - 0.418688 * g - 0.081312 * b)));
        }
      }
      const frame = new Uint8Array(y.length + u.length + v.length);
      frame.set(y);
      frame.set(u, y.length);
      frame.set(v, y.length + u.length);
      let text = '';
      for (let i = 0; i < frame.length; i += 8192) text += String.fromCharCode(...frame.subarray(i, i + 8192));
      planes.push(btoa(text));
    }
    return planes;
  }, { urls, width, height });
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F30:1 Ip A1:1 C420jpeg\n`);
  const parts = [header];
  for (const frame of frames.map((b64) => Buffer.from(b64, 'base64'))) {
    for (let i = 0; i < hold; i++) parts.push(Buffer.from('FRAME\n'), frame);
  }
  writeFileSync(path, Buffer.concat(parts));
}
