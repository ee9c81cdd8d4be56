// The demo page as its tests open it: the production build (dist/) served the way a host serves it
// (docs/hosting.md), one fresh browser on a desktop-sized window, and a file dropped the way a
// visitor drops one.
import { join, resolve } from 'node:path';
import { serve } from '../../tests/browser/server.mjs';
import { launch } from '../../tests/browser/browser.mjs';

const www = resolve(import.meta.dirname, '..');

/** `{ server, browser, page }`; `launchOptions` as `launch` takes them. */
export async function openDemo(launchOptions) {
  const server = await serve(join(www, 'dist'), {}, { host: true });
  const browser = await launch(launchOptions);
  await browser.page.setViewportSize({ width: 1280, height: 900 });
  return { server, browser, page: browser.page };
}

/** Closes what `openDemo` opened (either may be missing when it failed), printing the browser's console
 * when a test failed. */
export async function closeDemo(demo) {
  if (process.exitCode) console.log(demo?.browser?.logs.join('\n'));
  await demo?.browser?.close();
  await demo?.server?.close();
}

/** Drops `bytes` on the page's drop zone as a file named `name` of MIME type `type`. */
export async function dropFile(page, name, bytes, type) {
  await page.evaluate(({ name, data, type }) => {
    const file = new File([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], name, { type });
    const transfer = new DataTransfer();
    transfer.items.add(file);
    document.getElementById('dropzone').dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, { name, data: Buffer.from(bytes).toString('base64'), type });
}
