// Number parsing shared by the text readers: every failure names file, line and field.
import { ParseError } from '../errors.js';

/** A finite number from `token`, or a ParseError naming where it was expected. */
export function parseNumber(token: string | undefined, file: string, line: number | undefined, field: string): number {
  if (token === undefined || token === '') throw new ParseError(file, line, field, 'missing value');
  const value = Number(token);
  if (!Number.isFinite(value)) throw new ParseError(file, line, field, `not a number: "${token}"`);
  return value;
}

/** A whole number (node ids, counts), optionally bounded below. */
export function parseInteger(
  token: string | undefined,
  file: string,
  line: number | undefined,
  field: string,
  min = Number.NEGATIVE_INFINITY,
): number {
  const value = parseNumber(token, file, line, field);
  if (!Number.isInteger(value)) throw new ParseError(file, line, field, `not a whole number: "${token}"`);
  if (value < min) throw new ParseError(file, line, field, `must be at least ${min}, got ${value}`);
  return value;
}

/** Lines of a text with their 1-based numbers, trimmed, blank lines dropped. */
export function numberedLines(text: string): Array<{ line: number; text: string }> {
  const out: Array<{ line: number; text: string }> = [];
  const raw = text.split(/\r?\n/);
  for (let i = 0; i < raw.length; i++) {
    const t = raw[i]!.trim();
    if (t !== '') out.push({ line: i + 1, text: t });
  }
  return out;
}
