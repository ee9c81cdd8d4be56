// Debian's headless Chromium through playwright-core (browser downloads do not work here), with the
// flags this machine needs (no sandbox as root, no background networking: the network is closed) and a fresh profile per launch.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const COMMON = [
  '--headless=new', '--no-sandbox', '--disable-gpu-sandbox', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic',
];

/** A fresh browser context; `webgpu: true` adds --enable-unsafe-webgpu (SwiftShader without a GPU);
 * `camera: true` gives a fake camera (Chromium's test pattern) that needs no permission prompt, and
 * `camera: '<file.y4m>'` one that plays that file (in a loop); `camera: 'denied'` refuses permission;
 * `cameras: 2`: that many fake cameras;
 * `serviceWorkers: 'block'` keeps a page's service worker away (so request routing sees every fetch);
 * `memory: true` gives pages `gc()` and exact `performance.memory` figures (for memory-flatness tests);
 * `devtools: true` opens the DevTools protocol on a local port, for `rendererPeakBytes()`. */
export async function launch({ webgpu = true, camera = false, cameras = 1, serviceWorkers = 'allow', memory = false, devtools = false } = {}) {
  const profile = await mkdtemp(join(tmpdir(), 'ace-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    serviceWorkers,
    args: [
      ...COMMON,
      ...(webgpu ? ['--enable-unsafe-webgpu'] : []),
      ...(camera ? [`--use-fake-device-for-media-stream=device-count=${cameras}`] : []),
      ...(camera ? [camera === 'denied' ? '--deny-permission-prompts' : '--use-fake-ui-for-media-stream'] : []),
      ...(typeof camera === 'string' && camera !== 'denied' ? [`--use-file-for-fake-video-capture=${camera}`] : []),
      ...(memory ? ['--js-flags=--expose-gc', '--enable-precise-memory-info'] : []),
      ...(devtools ? ['--remote-debugging-port=0'] : []),
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const logs = [];
  page.on('console', (m) => logs.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => logs.push(`pageerror: ${e.message}`));
  return {
    context,
    page,
    logs,
    /** The largest peak resident set (bytes) of the browser's renderer processes so far: their ids from
     * the DevTools protocol (`SystemInfo.getProcessInfo`), their peaks (`VmHWM`) from /proc. A page's
     * workers, wasm memories and canvases live in its renderer. Needs `devtools: true`. */
    async rendererPeakBytes() {
      const [port] = (await readFile(join(profile, 'DevToolsActivePort'), 'utf8')).split('\n');
      const remote = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
      try {
        const { processInfo } = await (await remote.newBrowserCDPSession()).send('SystemInfo.getProcessInfo');
        const peaks = await Promise.all(processInfo.filter((p) => p.type === 'renderer').map(async ({ id }) => {
          const status = await readFile(`/proc/${id}/status`, 'utf8').catch(() => '');
          return 1024 * Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1] ?? 0);
        }));
        return Math.max(0, ...peaks);
      } finally {
        await remote.close();
      }
    },
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
