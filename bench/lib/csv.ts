// CSV output for benchmark rows (the bench/results folder is git-ignored).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export function writeCsv(file: string, header: string[], rows: Array<Array<string | number | boolean>>): void {
  const cell = (v: string | number | boolean) => {
    const s = String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, [header, ...rows].map((r) => r.map(cell).join(',')).join('\n') + '\n');
}

/** Default results path: bench/results/<name>-<YYYY-MM-DDTHH-MM>.csv */
export function defaultCsvPath(name: string, now = new Date()): string {
  const stamp = now.toISOString().slice(0, 16).replace(':', '-');
  return `bench/results/${name}-${stamp}.csv`;
}
