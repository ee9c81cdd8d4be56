// Stage 5's rule 36 (crop-size.sh): 400 steps of 128 px crops of whole faces 128 px across against the
// interim model's own 64 px crops, from the same start, on half A at 128 px with 2 seeds, and the
// reading the rule fixed before they trained.
//
//   node experiments/stage-5/crop-size.mjs [--write]
//
// --write puts the table into README.md's <!-- crop-size --> block.
import { CROP128_FLOOR, CROP_SIZE_BAND, readCropSize } from './decide.mjs';
import { emit, fixed as f, pairedBand, readReport, routeRow, signed } from './reports.mjs';

const RUNS = [
  { name: 'crop128-whole-faces', what: '128 px crops of whole faces 128 px across' },
  { name: 'crop64-control', what: '64 px crops (the interim model\'s own recipe)' },
];
const STEPS = [200, 400];
const row = (name, step) => `crop-size/${name}-step-${step}`;
const interim = readReport('detail-step-26500/128px')?.ace;

const lines = ['The interim model\'s run trained on from its step 1,500 (critic and average), half A, 128 px, 2 seeds, variation 0.3 (rule 36):', ''];
lines.push('| run, own step | images seen | target rate | vs the interim model | gap closed (KID) | diversity | pixel spread | content kept |');
lines.push('|---|---|---|---|---|---|---|---|');
lines.push(routeRow('the interim model (own step 0) | 0', interim, null));
for (const { name, what } of RUNS) {
  for (const step of STEPS) {
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
emit(lines, 'crop-size');
