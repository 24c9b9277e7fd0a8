// bks.csv (instance,family,n,bks,objective,source): best-known values per instance.
import { readFileSync } from 'node:fs';

export interface BksRow {
  instance: string;
  family: string;
  n: number;
  bks: number;
  objective: string;
  source: string;
}

/** Split one CSV line, honouring double-quoted fields. */
function splitCsv(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

export function readBks(file: string): BksRow[] {
  const lines = readFileSync(file, 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '');
  return lines.slice(1).map((l) => {
    const [instance, family, n, bks, objective, source] = splitCsv(l);
    return { instance: instance!, family: family!, n: Number(n), bks: Number(bks), objective: objective ?? '', source: source ?? '' };
  });
}

/** Vehicle count stated in a hierarchical objective, e.g. "min vehicles (10) then distance". */
export function bksVehicles(objective: string): number | undefined {
  const m = /vehicles \((\d+)\)/.exec(objective);
  return m ? Number(m[1]) : undefined;
}
