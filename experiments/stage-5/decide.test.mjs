// Stage 5's decisions (decide.mjs) on made-up numbers, each test the case a rule's text names. Run by
// scripts/test.sh: `node --test experiments/`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chooseDetail, chooseGuidedDetail, chooseUpscaler, chooseVariation, choosePageDetail, chooseScaleStep, chooseSideDetail, chooseStep, chooseWorkingSide, meetsBars, pairedBandOf, pairNeeded, readCropPart, readCropSize, readPoolShare, stopsBelowFloor, styleAtModelSide } from './decide.mjs';

const row = (target_rate, gap_closed_kid, content_kept, diversity = 8) => ({ target_rate, gap_closed_kid, content_kept, diversity });
const steps = (...rows) => rows.map((m, i) => ({ step: 2500 * (i + 1), m }));

test('a row meets the bars only with all four at or over them', () => {
  assert.ok(meetsBars(row(0.4, 0.55, 0.6, 5)));
  assert.ok(!meetsBars(row(0.399, 0.7, 0.7)));
  assert.ok(!meetsBars(row(0.7, 0.549, 0.7)));
  assert.ok(!meetsBars(row(0.7, 0.7, 0.599)));
  assert.ok(!meetsBars(row(0.7, 0.7, 0.7, 4.9)));
});

test('rule 20: the highest gap closed among the steps that meet every bar, a later one within the band instead', () => {
  // 2,500 meets the bars with the highest gap; 5,000 does not qualify; 7,500 qualifies within the band.
  assert.equal(chooseStep(steps(row(0.45, 0.62, 0.62), row(0.6, 0.7, 0.55), row(0.44, 0.61, 0.61)), 0.016).step, 7500);
  // Outside the band the earlier, better step stays.
  assert.equal(chooseStep(steps(row(0.45, 0.62, 0.62), row(0.44, 0.60, 0.61)), 0.016).step, 2500);
});

test('rule 20: without a step at every bar, the most content kept among the steps that keep the cat; else the last', () => {
  assert.equal(chooseStep(steps(row(0.45, 0.6, 0.55), row(0.5, 0.6, 0.58), row(0.3, 0.6, 0.7)), 0.016).step, 5000);
  assert.equal(chooseStep(steps(row(0.3, 0.6, 0.7), row(0.35, 0.5, 0.7)), 0.016).step, 5000);
  assert.equal(chooseStep([], 0.016), null);
});

test('rule 20: scoring one more step keeps the choice or moves it to that step, never to an earlier one', () => {
  // What lets `run.sh carry` carry the leading step's weights alone: checked on many random runs.
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let run = 0; run < 2000; run++) {
    const all = steps(...Array.from({ length: 10 }, () => row(0.3 + 0.2 * random(), 0.5 + 0.15 * random(), 0.55 + 0.1 * random(), 4 + 2 * random())));
    for (let n = 1; n < all.length; n++) {
      const before = chooseStep(all.slice(0, n), 0.016).step;
      const after = chooseStep(all.slice(0, n + 1), 0.016).step;
      assert.ok(after === before || after === all[n].step, `run ${run}: ${before} -> ${after} after adding ${all[n].step}`);
    }
  }
});

test('rule 17: the largest detail that reaches the 128 px rate with content kept, else the highest rate', () => {
  const at128 = row(0.5, 0.6, 0.62);
  const sweep = (...rates) => rates.map((rate, i) => ({ detail: [1, 0.75, 0.5, 0.25][i], r: row(rate, 0.6, 0.62) }));
  assert.equal(chooseDetail(at128, sweep(0.45, 0.5, 0.55, 0.4)).chosen, 0.75);
  assert.equal(chooseDetail(at128, sweep(0.45, 0.48, 0.47, 0.48)).chosen, 0.75);
  const lowContent = [{ detail: 1, r: row(0.6, 0.6, 0.59) }, { detail: 0.75, r: row(0.55, 0.6, 0.61) }];
  assert.equal(chooseDetail(at128, lowContent).chosen, 0.75);
});

// Two reports of `photos` photos, 2 seeds each: `cat(i, seed)` says whether output i is called a cat.
const report = (photos, cat) => ({
  settings: { seeds: 2, target_classes: '281..=285' },
  images: Array.from({ length: photos }, (_, i) => ({ source: `dog-${i}`, style: `cat-${i % 5}`, ace_classes: [0, 1].map((s) => (cat(i, s) ? 282 : 250)) })),
});

test('rule 21: the paired band is zero when every photo moves alike, and grows with how unevenly they move', () => {
  const none = report(100, () => false);
  assert.equal(pairedBandOf(none, report(100, () => true)), 0);
  assert.equal(pairedBandOf(none, none), 0);
  // 30 of 100 photos gain both outputs: difference 0.3, binomial SE sqrt(0.3 * 0.7 / 100) = 0.046.
  const band = pairedBandOf(none, report(100, (i) => i < 30));
  assert.ok(band > 0.075 && band < 0.11, `band ${band}`);
  assert.equal(pairedBandOf(none, report(100, (i) => i < 30)), band, 'the same band every time');
  assert.throws(() => pairedBandOf(none, report(99, () => false)), /same photos/);
});

test('rule 21: the style at 128 px needs more than the band and at most 0.01 less content kept', () => {
  assert.ok(styleAtModelSide(row(0.5, 0.6, 0.62), row(0.56, 0.6, 0.615), 0.05));
  assert.ok(!styleAtModelSide(row(0.5, 0.6, 0.62), row(0.54, 0.6, 0.62), 0.05));
  assert.ok(!styleAtModelSide(row(0.5, 0.6, 0.62), row(0.6, 0.6, 0.605), 0.05));
});

test('rule 24: a step qualifies with every 128 px bar and a 256 px route at its 128 px rate; the best gap, a later one within the band', () => {
  const at = (step, m, own, carried) => ({ step, m, own, carried });
  const bars = row(0.45, 0.62, 0.62);
  // 2,500: both routes short of 0.45; 5,000: the page's route reaches it; 7,500: misses a 128 px bar.
  const scored = [
    at(2500, bars, row(0.3, 0.5, 0.6), row(0.44, 0.6, 0.61)),
    at(5000, row(0.45, 0.61, 0.62), row(0.3, 0.5, 0.6), row(0.45, 0.6, 0.61)),
    at(7500, row(0.6, 0.7, 0.58), row(0.7, 0.7, 0.6), row(0.7, 0.7, 0.6)),
  ];
  assert.deepEqual(chooseScaleStep(scored, 0.016), { step: 5000, route: 'carried' });
  // A route at the rate but under the content bar does not qualify the step.
  assert.equal(chooseScaleStep([at(2500, bars, row(0.5, 0.6, 0.59), row(0.3, 0.6, 0.6))], 0.016), null);
  // Both routes qualify: the higher target rate, the network's own on a tie.
  assert.equal(chooseScaleStep([at(2500, bars, row(0.5, 0.6, 0.6), row(0.5, 0.6, 0.6))], 0.016).route, 'own');
  assert.equal(chooseScaleStep([at(2500, bars, row(0.46, 0.6, 0.6), row(0.5, 0.6, 0.6))], 0.016).route, 'carried');
  // Outside the band the earlier step with the higher gap stays; a step not yet scored for a route is skipped.
  assert.equal(chooseScaleStep([at(2500, row(0.45, 0.65, 0.62), row(0.5, 0.6, 0.6)), at(5000, bars, row(0.5, 0.6, 0.6))], 0.016).step, 2500);
  assert.equal(chooseScaleStep([at(2500, bars, undefined, undefined)], 0.016), null);
});

test('rule 25: the larger detail that reaches the 128 px rate with content kept at its bar, else none', () => {
  const at128 = row(0.42, 0.6, 0.62);
  const rows = (a, b) => [{ detail: 0.25, r: a }, { detail: 0.125, r: b }];
  assert.equal(choosePageDetail(at128, rows(row(0.42, 0.6, 0.61), row(0.43, 0.6, 0.61))), 0.25); // equal rate reaches
  assert.equal(choosePageDetail(at128, rows(row(0.419, 0.6, 0.61), row(0.42, 0.6, 0.61))), 0.125);
  assert.equal(choosePageDetail(at128, rows(row(0.5, 0.6, 0.599), row(0.419, 0.6, 0.61))), null); // content, then rate
});

test('rule 26: rule 24\'s choice with the network\'s own route alone', () => {
  const step = (n, m, own) => ({ step: n, m, own });
  // 1,000 misses the 256 px rate; 2,000 reaches it; 3,000 reaches it within the band: the later wins.
  const scored = [step(1000, row(0.45, 0.62, 0.62), row(0.2, 0.3, 0.6)), step(2000, row(0.45, 0.63, 0.62), row(0.46, 0.6, 0.61)), step(3000, row(0.44, 0.62, 0.61), row(0.44, 0.6, 0.6))];
  assert.deepEqual(chooseScaleStep(scored, 0.016), { step: 3000, route: 'own' });
  assert.equal(chooseScaleStep(scored.slice(0, 1), 0.016), null);
});

test('rule 30: a branch stops at its checked step under 0.30 at 128 px, whatever else it shows', () => {
  assert.ok(stopsBelowFloor(row(0.299, 0.7, 0.7)));
  assert.ok(!stopsBelowFloor(row(0.3, 0.3, 0.3)));
});

test('rule 32: the larger gated share that reaches the 128 px rate and carries at least an eighth of the band', () => {
  const at128 = row(0.43, 0.6, 0.62);
  const reaches = row(0.44, 0.6, 0.61), short = row(0.42, 0.6, 0.61), loses = row(0.44, 0.6, 0.59);
  assert.equal(chooseGuidedDetail(at128, [{ detail: 1, r: reaches, carried: 0.3 }, { detail: 0.5, r: reaches, carried: 0.15 }]), 1);
  // A gate closed almost everywhere is an enlargement, not a route, whatever its target rate.
  assert.equal(chooseGuidedDetail(at128, [{ detail: 1, r: reaches, carried: 0.1 }, { detail: 0.5, r: reaches, carried: 0.05 }]), null);
  assert.equal(chooseGuidedDetail(at128, [{ detail: 1, r: short, carried: 0.3 }, { detail: 0.5, r: reaches, carried: 0.15 }]), 0.5);
  assert.equal(chooseGuidedDetail(at128, [{ detail: 1, r: loses, carried: 0.3 }, { detail: 0.5, r: short, carried: 0.15 }]), null);
});

test('rule 35: the largest side above 128 px that keeps the 128 px rate, with content kept at its bar', () => {
  const curve = (rates, kept = rates.map(() => 0.62)) => [128, 144, 160, 192, 224].map((side, i) => ({ side, r: row(rates[i], 0.6, kept[i]) }));
  assert.equal(chooseWorkingSide(curve([0.42, 0.43, 0.42, 0.40, 0.30])), 160);
  assert.equal(chooseWorkingSide(curve([0.42, 0.40, 0.39, 0.45, 0.41])), 192);
  assert.equal(chooseWorkingSide(curve([0.42, 0.41, 0.39, 0.30, 0.20])), null);
  // Content kept under 0.6 at 160 px: not a candidate.
  assert.equal(chooseWorkingSide(curve([0.42, 0.43, 0.44, 0.40, 0.30], [0.62, 0.62, 0.59, 0.62, 0.62])), 144);
});

test('rule 35: the larger detail that reaches the 128 px row holding enough of the photo\'s fine detail', () => {
  const at128 = row(0.429, 0.6, 0.62);
  const rows = (a, b, fineA = 0.6, fineB = 0.6) => [{ detail: 0.25, r: a, fine: fineA }, { detail: 0, r: b, fine: fineB }];
  assert.equal(chooseSideDetail(at128, rows(row(0.43, 0.6, 0.62), row(0.44, 0.6, 0.62))), 0.25);
  assert.equal(chooseSideDetail(at128, rows(row(0.42, 0.6, 0.62), row(0.429, 0.6, 0.62))), 0);
  assert.equal(chooseSideDetail(at128, rows(row(0.45, 0.6, 0.62), row(0.45, 0.6, 0.62), 0.1, 0.124)), null);
  assert.equal(chooseSideDetail(at128, rows(row(0.42, 0.6, 0.62), row(0.43, 0.6, 0.59))), null);
});

test('rule 36: the crop breaks the recipe only when the 128 px run falls under the floor and the control does not', () => {
  const at = (target_rate) => row(target_rate, 0.6, 0.62);
  assert.equal(readCropSize(at(0.15), at(0.40)), 'crop');
  assert.equal(readCropSize(at(0.36), at(0.42)), 'not the crop');
  assert.equal(readCropSize(at(0.25), at(0.29)), 'not the crop');
  assert.equal(readCropSize(at(0.31), at(0.42)), 'neither');
  assert.equal(readCropSize(at(0.10), at(0.25)), 'neither');
});

test('rules 37 and 38: a part accounts for the loss at 0.40 or more, not at 0.35 or less', () => {
  const at = (target_rate) => row(target_rate, 0.6, 0.62);
  assert.equal(readCropPart(at(0.40)), 'accounts');
  assert.equal(readCropPart(at(0.35)), 'does not');
  assert.equal(readCropPart(at(0.37)), 'between');
});

test('rule 38: both windows train together only when neither alone accounts', () => {
  const at = (target_rate) => row(target_rate, 0.6, 0.62);
  assert.ok(pairNeeded(at(0.30), at(0.38)));
  assert.ok(!pairNeeded(at(0.41), at(0.30)));
  assert.ok(!pairNeeded(at(0.30), at(0.40)));
});

test('rule 39 (b): pooled by 4, 128 px crops within 0.07 of 64 px crops account for the loss', () => {
  const at = (target_rate) => row(target_rate, 0.6, 0.62);
  assert.equal(readPoolShare(at(0.36), at(0.43)), 'accounts');
  assert.equal(readPoolShare(at(0.35), at(0.43)), 'does not');
  assert.equal(readPoolShare(at(0.51), at(0.43)), 'neither');
});

test('rule 41: of the upscalers that reach the 128 px rate holding the fine detail, the higher rate; a tie to the first', () => {
  const at128 = row(0.429, 0.6, 0.62);
  const rows = (pixels, features, fine = [0.5, 0.5]) => [
    { name: 'pixels', r: pixels, fine: fine[0] },
    { name: 'features', r: features, fine: fine[1] },
  ];
  assert.equal(chooseUpscaler(at128, rows(row(0.43, 0.6, 0.62), row(0.45, 0.6, 0.62))), 'features');
  assert.equal(chooseUpscaler(at128, rows(row(0.45, 0.6, 0.62), row(0.45, 0.6, 0.62))), 'pixels');
  assert.equal(chooseUpscaler(at128, rows(row(0.43, 0.6, 0.62), row(0.45, 0.6, 0.59))), 'pixels', 'content kept under 0.6');
  assert.equal(chooseUpscaler(at128, rows(row(0.43, 0.6, 0.62), row(0.45, 0.6, 0.62), [0.5, 0.1])), 'pixels', 'too little fine detail');
  assert.equal(chooseUpscaler(at128, rows(row(0.428, 0.6, 0.62), row(0.40, 0.6, 0.62))), null);
});

test('rule 42: the largest variation within its paired band of 0.3\'s target rate with content kept at its bar, else 0.3', () => {
  const rows = (r06, r10, band = 0.03) => [
    { variation: 0.3, r: row(0.50, 0.56, 0.62), band: 0 },
    { variation: 0.6, r: r06, band },
    { variation: 1.0, r: r10, band },
  ];
  assert.equal(chooseVariation(rows(row(0.48, 0.5, 0.61), row(0.475, 0.5, 0.61))), 1.0, 'both inside the band');
  assert.equal(chooseVariation(rows(row(0.48, 0.5, 0.61), row(0.40, 0.5, 0.61))), 0.6, '1.0 costs more than the band');
  assert.equal(chooseVariation(rows(row(0.48, 0.5, 0.61), row(0.49, 0.5, 0.58))), 0.6, '1.0 keeps too little content');
  assert.equal(chooseVariation(rows(row(0.44, 0.5, 0.61), row(0.36, 0.5, 0.58))), 0.3, 'neither');
});
