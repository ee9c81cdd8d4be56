// Stage 5's decisions (RULE.md) as plain functions of the numbers they read: no files, so each rule's
// code is tested on its own (decide.test.mjs). reports.mjs and the table scripts feed them the reports.

/** The ship test's 128 px bars (RULE.md 6): the milestones apply them on half B, rules 18 and 20 on half A. */
export const SHIP_BARS = { targetRate: 0.40, gapClosedKid: 0.55, contentKept: 0.6, diversity: 5 };

/** Rule 17's candidates, largest first (the order the rule prefers them in). */
export const DETAIL_CANDIDATES = [1, 0.75, 0.5, 0.25];

/** A report's `ace` row keeps the cat: target rate and KID gap closed at their bars. */
export const keepsCat = (m) => m.target_rate >= SHIP_BARS.targetRate && m.gap_closed_kid >= SHIP_BARS.gapClosedKid;

/** A report's `ace` row meets every 128 px bar of the ship test. */
export const meetsBars = (m) => keepsCat(m) && m.content_kept >= SHIP_BARS.contentKept && m.diversity >= SHIP_BARS.diversity;

/** Rule 20 among `scored` ({ step, m } in step order, each scored): among the steps that meet every bar
 * the highest KID gap closed, and the latest step within `noise` of it instead; else the highest content
 * kept among the steps that keep the cat (the earlier of a tie); else the last step. Adding a later step
 * leaves the choice where it was or moves it to that step, never to an earlier one. Null when none. */
export function chooseStep(scored, noise) {
  if (!scored.length) return null;
  const meeting = scored.filter((s) => meetsBars(s.m));
  if (meeting.length) {
    const best = Math.max(...meeting.map((s) => s.m.gap_closed_kid));
    const near = meeting.filter((s) => best - s.m.gap_closed_kid <= noise);
    return { step: near.at(-1).step, why: `the latest step within ${noise.toFixed(3)} of the highest KID gap closed among the steps that meet every bar` };
  }
  const cats = scored.filter((s) => keepsCat(s.m));
  if (cats.length) {
    const best = cats.reduce((a, b) => (b.m.content_kept > a.m.content_kept ? b : a));
    return { step: best.step, why: 'none meets every bar: the highest content kept among the steps that keep target rate and gap' };
  }
  return { step: scored.at(-1).step, why: 'no step keeps target rate and gap: the last step' };
}

/** Rule 17 within one style side: `rows` ({ detail, r } in DETAIL_CANDIDATES order, each scored) against
 * the 128 px row `at128`: the largest detail whose 256 px target rate is at least the 128 px one with
 * content kept at its bar; failing that, the highest 256 px target rate (the larger detail of a tie). */
export function chooseDetail(at128, rows) {
  const passing = rows.find(({ r }) => r.target_rate >= at128.target_rate && r.content_kept >= SHIP_BARS.contentKept);
  if (passing) return { chosen: passing.detail, why: `the largest whose 256 px target rate is at least the 128 px one, content kept >= ${SHIP_BARS.contentKept}` };
  const best = rows.reduce((a, b) => (b.r.target_rate > a.r.target_rate ? b : a));
  return { chosen: best.detail, why: 'none reaches the 128 px rate: the highest 256 px target rate' };
}

/** Rule 21's paired band of two parsed `report.json`s scored on the same photos, style photos and seeds:
 * twice the standard error, by bootstrap over the photos (each resample takes a photo's outputs in both
 * reports together), of the difference in target rate. Deterministic: a seeded generator (mulberry32). */
export function pairedBandOf(a, b, { resamples = 2000, seed = 0 } = {}) {
  const [lo, hi] = a.settings.target_classes.split('..=').map(Number);
  const cats = (classes) => classes.filter((c) => c >= lo && c <= hi).length;
  if (a.images.length !== b.images.length || a.settings.seeds !== b.settings.seeds ||
      a.images.some((im, i) => im.source !== b.images[i].source || im.style !== b.images[i].style)) {
    throw new Error('the two reports were not scored on the same photos, style photos and seeds');
  }
  const diff = a.images.map((im, i) => cats(b.images[i].ace_classes) - cats(im.ace_classes));
  const outputs = a.images.length * a.settings.seeds;
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const draws = Array.from({ length: resamples }, () => {
    let sum = 0;
    for (let i = 0; i < diff.length; i++) sum += diff[Math.floor(next() * diff.length)];
    return sum / outputs;
  });
  const mean = draws.reduce((x, y) => x + y, 0) / resamples;
  const variance = draws.reduce((x, y) => x + (y - mean) ** 2, 0) / (resamples - 1);
  return 2 * Math.sqrt(variance);
}

/** Rule 21: the style at 128 px wins when its chosen row (`narrow`) beats the chosen row with the style at
 * up to 256 px (`wide`) by more than `band` in target rate, with content kept at most 0.01 lower. */
export const styleAtModelSide = (wide, narrow, band) =>
  narrow.target_rate - wide.target_rate > band && narrow.content_kept >= wide.content_kept - 0.01;

/** A 256 px route of one model qualifies under rule 24 (rule 14's clause on half A): its target rate at
 * least the model's own 128 px one, content kept at its bar. */
export const routeReaches = (at128, route) =>
  Boolean(route) && route.target_rate >= at128.target_rate && route.content_kept >= SHIP_BARS.contentKept;

/** Rule 24 among `scored` ({ step, m, own, carried } in step order: the 128 px row and the two 256 px
 * routes, the network's own and the page's carried one): a step qualifies when it meets every 128 px bar
 * and one of its routes reaches its 128 px rate; of those the highest KID gap closed at 128 px, the
 * latest within `noise` of it instead. Its route: the qualifying one with the higher target rate, the
 * network's own on a tie. Null when no step qualifies. */
export function chooseScaleStep(scored, noise) {
  const qualifying = scored.filter((s) => meetsBars(s.m) && (routeReaches(s.m, s.own) || routeReaches(s.m, s.carried)));
  if (!qualifying.length) return null;
  const best = Math.max(...qualifying.map((s) => s.m.gap_closed_kid));
  const chosen = qualifying.filter((s) => best - s.m.gap_closed_kid <= noise).at(-1);
  const own = routeReaches(chosen.m, chosen.own), carried = routeReaches(chosen.m, chosen.carried);
  const route = own && (!carried || chosen.own.target_rate >= chosen.carried.target_rate) ? 'own' : 'carried';
  return { step: chosen.step, route };
}

/** Rule 30: a branch of 128 px crops stops at its checked step when its 128 px target rate on half A
 * is under this (not half-way back from the fourth half's 0.14 to the bar of 0.40). */
export const CROP128_FLOOR = 0.3;

/** Rule 30's test of a branch's checked step `m` (its 128 px row): whether the branch stops there. */
export const stopsBelowFloor = (m) => m.target_rate < CROP128_FLOOR;

/** Rule 25's candidates for the page's route with the style at the network's side, largest first. */
export const STYLE_128_DETAILS = [0.25, 0.125];

/** Rule 25 on half A: of `rows` ({ detail, r } in STYLE_128_DETAILS order, each scored), the largest
 * detail whose route reaches the 128 px row `at128` (`routeReaches`); null when none does. */
export const choosePageDetail = (at128, rows) => rows.find(({ r }) => routeReaches(at128, r))?.detail ?? null;

/** Rule 28's candidates: shares of the network's own detail band, largest first (chosen as rule 25's). */
export const NETWORK_DETAILS = [1, 0.5];

/** Rule 29's candidates: shares of the band the decoder draws at 256 px on the 128 px layout, largest
 * first (chosen as rule 25's). */
export const DECODER_DETAILS = [1, 0.5];

/** Rule 32's candidates: `detail` of the photo's band gated by the translation (`detail_from`
 * `guided`), largest first. */
export const GUIDED_DETAILS = [1, 0.5];

/** Rule 32: a gated route counts only if it carries at least this share of the photo's whole band (RMS
 * of what it adds over what the whole band adds), the smallest uniform share scored (rule 25). */
export const MIN_CARRIED_SHARE = 0.125;

/** Rule 32 on half A: of `rows` ({ detail, r, carried } in GUIDED_DETAILS order, each scored and
 * measured), the largest detail that carries at least MIN_CARRIED_SHARE of the band and whose route
 * reaches the 128 px row `at128`; null when none does. */
export const chooseGuidedDetail = (at128, rows) => largestGuarded(at128, rows.map((row) => ({ ...row, held: row.carried })), MIN_CARRIED_SHARE);

/** Rules 32 and 35: of `rows` ({ detail, r, held } largest detail first), the first whose guard's
 * measure `held` is at least `min` and whose route reaches `at128`; null when none does. */
const largestGuarded = (at128, rows, min) => rows.find(({ r, held }) => held >= min && routeReaches(at128, r))?.detail ?? null;

/** Rule 35's working sides: the network's own translation on half A at each (128 the reference). */
export const WORKING_SIDES = [128, 144, 160, 192, 224];

/** Rule 35's candidate side: of `curve` ({ side, r } in WORKING_SIDES order, each scored), the largest side
 * above 128 whose row reaches the side-128 row (`routeReaches`); null when none does. */
export function chooseWorkingSide(curve) {
  const at128 = curve.find(({ side }) => side === 128).r;
  return curve.filter(({ side, r }) => side > 128 && routeReaches(at128, r)).at(-1)?.side ?? null;
}

/** Rule 35's shares of the photo's band above the candidate side, largest first. */
export const SIDE_DETAILS = [0.25, 0];

/** Rule 35: a route counts only if it holds at least this share of the photo's fine detail (fine-detail.mjs). */
export const MIN_FINE_DETAIL = 0.125;

/** Rule 35 on half A: of `rows` ({ detail, r, fine } in SIDE_DETAILS order, each scored and measured), the
 * largest detail that holds MIN_FINE_DETAIL of the photo's fine detail and whose route reaches the 128 px
 * row `at128`; null when none does. */
export const chooseSideDetail = (at128, rows) => largestGuarded(at128, rows.map((row) => ({ ...row, held: row.fine })), MIN_FINE_DETAIL);

/** Rule 36's reading at own step 400 of `whole` (128 px crops of whole faces) and `control` (64 px
 * crops), their 128 px rows on half A: 'crop' when the crop itself breaks the recipe (the first under
 * CROP128_FLOOR, the control at or over it), 'not the crop' when the two are within CROP_SIZE_BAND, else
 * 'neither' (reported as it is). */
export const CROP_SIZE_BAND = 0.07;
export function readCropSize(whole, control) {
  if (stopsBelowFloor(whole) && !stopsBelowFloor(control)) return 'crop';
  if (Math.abs(whole.target_rate - control.target_rate) <= CROP_SIZE_BAND) return 'not the crop';
  return 'neither';
}

/** Rules 37 and 38's reading of `m`, the 128 px row at own step 200 of 128 px crops with one
 * crop-dependent part changed (the window's shift, the critics' view, the style encoder's): 'accounts'
 * (for most of what 128 px crops cost) at or over 0.40, 'does not' at or under 0.35, else 'between'. */
export function readCropPart(m) {
  if (m.target_rate >= 0.40) return 'accounts';
  if (m.target_rate <= 0.35) return 'does not';
  return 'between';
}

/** Rule 38: the row with both parts at 64 px windows trains only when neither alone accounts. */
export const pairNeeded = (critic, style) => readCropPart(critic) !== 'accounts' && readCropPart(style) !== 'accounts';

/** Rule 39 (b)'s reading at own step 200 of `crop128` and `crop64`, both read with content pooled by 4:
 * 'accounts' (the content code's share of the crop accounts for what 128 px crops cost) when the first
 * is within CROP_SIZE_BAND of the second, 'does not' when it is further under, else 'neither'. */
export function readPoolShare(crop128, crop64) {
  const apart = crop128.target_rate - crop64.target_rate;
  if (Math.abs(apart) <= CROP_SIZE_BAND) return 'accounts';
  return apart < 0 ? 'does not' : 'neither';
}

/** Rule 41's candidates, in the order a tie goes to: the upscaler's name and the weight of its feature term. */
export const UPSCALERS = [{ name: 'pixels', featureWeight: 0 }, { name: 'features', featureWeight: 0.1 }];

/** Rule 41 on half A: of `rows` ({ name, r, fine } in UPSCALERS order, each scored and measured), those
 * that hold MIN_FINE_DETAIL of the photo's fine detail and whose route reaches the 128 px row `at128`;
 * the one with the highest target rate (the earlier of a tie), or null when none qualifies. */
export function chooseUpscaler(at128, rows) {
  const qualified = rows.filter(({ r, fine }) => fine >= MIN_FINE_DETAIL && routeReaches(at128, r));
  return qualified.reduce((best, row) => (!best || row.r.target_rate > best.r.target_rate ? row : best), null)?.name ?? null;
}

/** Rule 42's candidates for the default `variation`, smallest first: 0.3's row is the reference. */
export const VARIATIONS = [0.3, 0.6, 1.0];

/** Rule 42 (rule 8's test on the shipped route): of `rows` ({ variation, r, band } in VARIATIONS order,
 * `band` the paired band of that row against 0.3's, 0 for 0.3 itself), the largest variation whose
 * target rate is at least 0.3's less its band and whose content kept is at its bar; 0.3 when no
 * other does. */
export function chooseVariation(rows) {
  const base = rows.find(({ variation }) => variation === VARIATIONS[0]).r;
  const kept = rows.filter(({ r, band }) => r.target_rate >= base.target_rate - band && r.content_kept >= SHIP_BARS.contentKept);
  return kept.reduce((best, { variation }) => Math.max(best, variation), VARIATIONS[0]);
}
