// Stage 5's rule 27 (a diagnostic, deciding nothing): the content code's spread over half A's photos
// (content-spread.sh), beside each model's half-A row at 128 px where it has one.
//
//   node experiments/stage-5/content-spread.mjs [--write]
//
// --write puts the table into README.md's <!-- content-spread --> block.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { emit, fixed as f, here, readReport } from './reports.mjs';

// name: [what it is, its half-A report at 128 px (2 seeds) or null]
const MODELS = [
  ['stage-4', 'stage 4 (shipped before)', 'stage-4'],
  ['interim', 'the interim model (ships)', 'phase2-pool2'],
  ...[7500, 10000, 12500].map((s) => [`phase2-pool2-content3-step-${s}`, `rule 22's content3, own step ${s.toLocaleString('en-US')}`, `phase2-pool2-content3-step-${s}`]),
  ...[2500, 5000, 7500, 10000].map((s) => [`phase3-scales-step-${s}`, `rule 24's third half, own step ${s.toLocaleString('en-US')}`, `phase3-scales-step-${s}`]),
  ...[1000, 2000, 3000, 4000, 5000, 6000].map((s) => [`phase4-crop128-step-${s}`, `rule 26's fourth half, own step ${s.toLocaleString('en-US')}`, `phase4-crop128-step-${s}`]),
  ...[1500, 2500, 3500, 4500, 5500, 6500].map((s) => [`phase5-crop128-warmup-step-${s}`, `rule 30's fifth half, own step ${s.toLocaleString('en-US')}`, `phase5-crop128-warmup-step-${s}`]),
];

const lines = ['The content code (`c`) and the predictor\'s output (`p`, what the decoder reads) over half A\'s 169 photos at 128 px, 64 channels each: participation ratio (directions used), share of the variance between photos, RMS (rule 27; `ace content-spread`). Beside them the model\'s half-A row at 128 px, 2 seeds:', ''];
lines.push('| model | c: directions | c: between photos | c: RMS | p: directions | p: between photos | p: RMS | target rate | content kept |');
lines.push('|---|---|---|---|---|---|---|---|---|');
for (const [name, what, report] of MODELS) {
  const file = join(here, 'content-spread', `${name}.json`);
  if (!existsSync(file)) continue;
  const { content_code: c, predicted: p } = JSON.parse(readFileSync(file, 'utf8'));
  const m = readReport(report)?.ace;
  lines.push(`| ${what} | ${f(c.participation_ratio, 2)} | ${f(c.between_photos)} | ${f(c.rms, 2)} | ${f(p.participation_ratio, 2)} | ${f(p.between_photos)} | ${f(p.rms, 4)} | ${m ? f(m.target_rate) : ''} | ${m ? f(m.content_kept) : ''} |`);
}
emit(lines, 'content-spread');
