// Stage 5's rules 36 to 40 (crop-size.sh): 400 steps of 128 px crops of whole faces 128 px across
// against the interim model's own 64 px crops, and 200 of 128 px crops with one crop-dependent part
// changed (the content window's shift doubled; the critics', the style encoder's or both views at 64
// px windows; the content code pooled by 4, beside 64 px crops pooled by 4; faces 144 px across, so
// that the crop has positions to draw), all from the same start,
// on half A at 128 px with 2 seeds, and the readings the rules fixed before they trained.
//
//   node experiments/stage-5/crop-size.mjs [--write]
//   node experiments/stage-5/crop-size.mjs --pair-needed   # prints yes or no: whether rule 38's third row trains
//
// --write puts the table into README.md's <!-- crop-size --> block.
import { CROP128_FLOOR, CROP_SIZE_BAND, pairNeeded, readCropPart, readCropSize, readPoolShare } from './decide.mjs';
import { emit, fixed as f, pairedBand, readReport, routeRow, signed } from './reports.mjs';

const RUNS = [
  { name: 'crop128-whole-faces', what: '128 px crops of whole faces 128 px across', steps: [200, 400] },
  { name: 'crop64-control', what: '64 px crops (the interim model\'s own recipe)', steps: [200, 400] },
  { name: 'crop128-shift6', what: '128 px crops, the window\'s shift 6 (rule 37)', steps: [200] },
  { name: 'crop128-critic64', what: '128 px crops, the critics on 64 px windows (rule 38)', steps: [200] },
  { name: 'crop128-style64', what: '128 px crops, the style code from 64 px windows (rule 38)', steps: [200] },
  { name: 'crop128-critic64-style64', what: '128 px crops, both on 64 px windows (rule 38)', steps: [200] },
  { name: 'crop64-pool4', what: '64 px crops, the content code pooled by 4 (rule 39)', steps: [200] },
  { name: 'crop128-pool4', what: '128 px crops, the content code pooled by 4 (rule 39)', steps: [200] },
  { name: 'crop128-resize144', what: '128 px crops of faces 144 px across (rule 40)', steps: [200] },
];
const row = (name, step) => `crop-size/${name}-step-${step}`;
const [critic, style] = ['crop128-critic64', 'crop128-style64'].map((name) => readReport(row(name, 200))?.ace);
if (process.argv.includes('--pair-needed')) {
  if (!critic || !style) throw new Error('rule 38\'s first two rows are not both scored');
  console.log(pairNeeded(critic, style) ? 'yes' : 'no');
  process.exit(0);
}
const interim = readReport('detail-step-26500/128px')?.ace;

const lines = ['The interim model\'s run trained on from its step 1,500 (critic and average), half A, 128 px, 2 seeds, variation 0.3 (rules 36 to 40):', ''];
lines.push('| run, own step | images seen | target rate | vs the interim model | gap closed (KID) | diversity | pixel spread | content kept |');
lines.push('|---|---|---|---|---|---|---|---|');
lines.push(routeRow('the interim model (own step 0) | 0', interim, null));
for (const { name, what, steps } of RUNS) {
  for (const step of steps) {
    const images = `${(8 * step).toLocaleString('en-US')} of ${name.startsWith('crop128') ? 128 : 64} px`;
    lines.push(routeRow(`${what}, ${step} | ${images}`, readReport(row(name, step))?.ace, interim));
  }
}
const [whole, control] = RUNS.map(({ name }) => readReport(row(name, 400))?.ace);
lines.push('');
if (!whole || !control) {
  lines.push('Reading (rule 36): not yet (step 400 of both runs not scored).');
} else {
  const apart = `${signed(whole.target_rate - control.target_rate)} (paired band ${f(pairedBand(row('crop64-control', 400), row('crop128-whole-faces', 400)))})`;
  const reading = {
    crop: `the 128 px crop itself breaks this recipe whatever the faces' size (under ${CROP128_FLOOR} where the control is not): a rule for the page's scale must first find what in the recipe depends on the crop.`,
    'not the crop': `the two are within ${CROP_SIZE_BAND}: the crop alone did not break the fourth half, and a rule for the page's scale may train on whole faces at 128 px and grow their size from there.`,
    neither: 'neither of the rule\'s readings: reported as it is.',
  }[readCropSize(whole, control)];
  lines.push(`Reading (rule 36): at own step 400, 128 px crops against 64 px crops ${apart}; ${reading}`);
}
const readings = {
  accounts: 'at least 0.40: it accounts for most of what 128 px crops cost at step 200.',
  'does not': 'at most 0.35: it does not account for what 128 px crops cost.',
  between: 'between 0.35 and 0.40: reported as it is.',
};
/** One row's reading under rules 37, 38 and 40 (`readCropPart`), or that it is not scored yet. */
const partReading = (rule, name, part) => {
  const m = readReport(row(name, 200))?.ace;
  lines.push('', m ? `Reading (rule ${rule}): ${part} ${f(m.target_rate)} at own step 200; ${readings[readCropPart(m)]}` : `Reading (rule ${rule}): ${part}, not yet (its step 200 not scored).`);
};
partReading(37, 'crop128-shift6', '128 px crops with the window\'s shift 6');
partReading(38, 'crop128-critic64', 'the critics on 64 px windows');
partReading(38, 'crop128-style64', 'the style code from 64 px windows');
if (critic && style) {
  if (pairNeeded(critic, style)) partReading(38, 'crop128-critic64-style64', 'both on 64 px windows');
  else lines.push('', 'Rule 38: one part alone reaches 0.40, so both together do not train.');
}
const [pooled128, pooled64] = ['crop128-pool4', 'crop64-pool4'].map((name) => readReport(row(name, 200))?.ace);
if (!pooled128 || !pooled64) lines.push('', 'Reading (rule 39 b): not yet (its two rows not both scored).');
else {
  const apart = `${signed(pooled128.target_rate - pooled64.target_rate)} (paired band ${f(pairedBand(row('crop64-pool4', 200), row('crop128-pool4', 200)))})`;
  const reading = {
    accounts: `within ${CROP_SIZE_BAND}: the content code's share of the crop accounts for what 128 px crops cost, and training at the page's scale may keep that share by pooling in proportion to the crop.`,
    'does not': `further under than ${CROP_SIZE_BAND}: the content code's share of the crop does not account for what 128 px crops cost.`,
    neither: 'above the control by more than the band: reported as it is.',
  }[readPoolShare(pooled128, pooled64)];
  lines.push('', `Reading (rule 39 b): at own step 200, both pooled by 4, 128 px crops against 64 px crops ${apart}; ${reading}`);
}
partReading(40, 'crop128-resize144', '128 px crops of faces 144 px across');
emit(lines, 'crop-size');
