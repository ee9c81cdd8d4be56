#!/usr/bin/env node
// Replaces the block between `<!-- bench:NAME -->` and `<!-- /bench:NAME -->` in BENCHMARKS.md with
// standard input (a table from one of the bench scripts), so scripts/bench/all.sh keeps the file current.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const name = process.argv[2];
const file = resolve(import.meta.dirname, '../../BENCHMARKS.md');
const body = readFileSync(0, 'utf8').trim();
if (!body.split('\n').some((line) => line.startsWith('|'))) {
  // A bench script that died prints its command line and no table: keep the old figures.
  console.error(`bench:${name} produced no table; BENCHMARKS.md left as it was`);
  process.exit(1);
}
const text = readFileSync(file, 'utf8');
const start = `<!-- bench:${name} -->`;
const end = `<!-- /bench:${name} -->`;
const [a, b] = [text.indexOf(start), text.indexOf(end)];
if (a < 0 || b < a) {
  console.error(`BENCHMARKS.md has no ${start} ... ${end} block`);
  process.exit(1);
}
writeFileSync(file, `${text.slice(0, a + start.length)}\n${body}\n${text.slice(b)}`);
console.log(`BENCHMARKS.md: rewrote ${name}`);
