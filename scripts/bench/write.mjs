#!/usr/bin/env node
// Replaces the block between `<!-- bench:NAME -->` and `<!-- /bench:NAME -->` in BENCHMARKS.md with
// standard input (a table from one of the bench scripts), so scripts/bench.sh keeps the file current.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { replaceBetween } from '../lib/markers.mjs';

const name = process.argv[2];
const file = resolve(import.meta.dirname, '../../BENCHMARKS.md');
const body = readFileSync(0, 'utf8').trim();
if (!body.split('\n').some((line) => line.startsWith('|'))) {
  // A bench script that died prints its command line and no table: keep the old figures.
  console.error(`bench:${name} produced no table; BENCHMARKS.md left as it was`);
  process.exit(1);
}
try {
  replaceBetween(file, `<!-- bench:${name} -->`, `<!-- /bench:${name} -->`, body);
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
console.log(`BENCHMARKS.md: rewrote ${name}`);
