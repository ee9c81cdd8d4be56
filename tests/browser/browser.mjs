// Debian's headless Chromium through playwright-core (browser downloads do not work here), with the
// flags this machine needs (no sandbox as root, no background networking: the network is closed) and a fresh profile per launch.
import { mkdtemp, rm } from 'node:fs/promises';
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
 * `memory: true` gives pages `gc()` and exact `performance.memory` figures (for memory-flatness tests). */
export async function launch({ webgpu = true, camera = false, cameras = 1, serviceWorkers = 'allow', memory = false } = {}) {
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
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
