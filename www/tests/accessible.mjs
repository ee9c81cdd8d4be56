// axe-core (WCAG 2.x A/AA and best practices) on a page as it is, at desktop and phone sizes; the
// viewport is left at desktop size.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const axeScript = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

export async function accessible(page, state) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: axeScript });
  for (const [width, height] of [[1280, 900], [390, 844]]) {
    await page.setViewportSize({ width, height });
    const violations = await page.evaluate(async () =>
      (await window.axe.run(document, { resultTypes: ['violations'], rules: { 'label-content-name-mismatch': { enabled: true } } })).violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`));
    assert.deepEqual(violations, [], `axe, ${state} state at ${width}x${height}`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}
