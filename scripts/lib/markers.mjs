// The one way the project's generated markdown is kept current: the text between two marker comments
// of a file is replaced, and everything around them is left as a person wrote it.
import { readFileSync, writeFileSync } from 'node:fs';

/** Replaces what lies between `start` and `end` in `file` with `body`; throws if a marker is missing. */
export function replaceBetween(file, start, end, body) {
  const text = readFileSync(file, 'utf8');
  const [a, b] = [text.indexOf(start), text.indexOf(end)];
  if (a < 0 || b < a) throw new Error(`${file} has no ${start} ... ${end} block`);
  writeFileSync(file, `${text.slice(0, a + start.length)}\n${body.trim()}\n${text.slice(b)}`);
}
