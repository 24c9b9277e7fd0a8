import { describe, expect, it } from 'vitest';
import { ParseError } from '../../../src/engine/errors.js';
import { lineOfField, lineOfPath, parsePath } from '../../../src/engine/io/json-lines.js';
import { readVroom } from '../../../src/engine/io/vroom.js';

const TEXT = JSON.stringify(
  {
    vehicles: [{ id: 1, start: [2.35, 48.85], "we\"ird": { a: [1, { b: 2 }] } }],
    jobs: [
      { id: 1, location: [2.36, 48.86] },
      { id: 2, location: [2.34, 48.84], time_windows: [[0, 10], [20, 5]], pickup: [1] },
    ],
  },
  null,
  2,
);

describe('JSON field lines', () => {
  it('parses paths', () => {
    expect(parsePath('jobs[1].time_windows[0]')).toEqual(['jobs', 1, 'time_windows', 0]);
  });

  it('finds members and elements, skipping strings with escapes and nested values', () => {
    const lines = TEXT.split('\n');
    const at = (line: number | undefined) => lines[line! - 1]!.trim();
    expect(at(lineOfPath(TEXT, 'jobs'))).toBe('"jobs": [');
    expect(at(lineOfPath(TEXT, 'jobs[1]'))).toBe('{');
    expect(at(lineOfPath(TEXT, 'jobs[1].pickup'))).toBe('"pickup": [');
    expect(at(lineOfPath(TEXT, 'jobs[1].time_windows[1]'))).toBe('[');
    expect(lineOfPath(TEXT, 'jobs[1].time_windows[1]')).toBe(lineOfPath(TEXT, 'jobs[1].time_windows[0]')! + 4);
    expect(lineOfPath(TEXT, 'jobs[5]')).toBeUndefined();
    // A missing member points at its object.
    expect(lineOfField(TEXT, 'jobs[0].location_index')).toBe(lineOfPath(TEXT, 'jobs[0]'));
  });

  it('puts the line into VROOM reader errors', () => {
    const text = TEXT.replace(/,\s*"we\\"ird": \{[\s\S]*?\n {6}\}/, '');
    expect(text).not.toContain('ird');
    try {
      readVroom(text, 'in.json');
      throw new Error('no error');
    } catch (err) {
      expect(err).toBeInstanceOf(ParseError);
      const e = err as ParseError;
      // Amounts are read before windows: the pickup is the first thing rejected.
      expect(e.field).toBe('jobs[1].pickup');
      expect(e.line).toBe(lineOfPath(text, 'jobs[1].pickup'));
      expect(e.message).toMatch(new RegExp(`^in\\.json:${e.line}: jobs\\[1\\]\\.pickup: unsupported field`));
    }
    try {
      readVroom(text.replace(/,\s*"pickup": \[\s*1\s*\]/, ''), 'in.json');
      throw new Error('no error');
    } catch (err) {
      const e = err as ParseError;
      expect(e.message).toBe(`in.json:${lineOfPath(text, 'jobs[1].time_windows[1]')}: jobs[1].time_windows[1]: window ends before it starts: [20, 5]`);
    }
  });
});
