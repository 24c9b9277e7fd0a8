// CVRPLIB `.sol` solutions: "Route #k: a b c" lines and "Cost N".
// Numbering: customer k is job k-1 (job ids "1".."n" of the CVRPLIB/Solomon readers); 0 is the
// depot, and a 0 inside a route is a reload that starts a new trip (the MTVRPTWR convention).
// Route #k is read as vehicle k-1. Jobs that appear in no route are returned as unassigned.
import { ParseError } from '../errors.js';
import type { Problem, Solution } from '../model.js';
import { numberedLines, parseInteger, parseNumber } from './numbers.js';

export interface SolFile {
  solution: Solution;
  /** The "Cost" the file states, if any (in the file's own units). */
  cost?: number;
  /** References to customers the problem does not have (left out of the solution, to report). */
  unknown: string[];
}

export function readSol(text: string, file: string, problem: Problem): SolFile {
  const routes: Solution['routes'] = [];
  const seen = new Uint8Array(problem.jobs.length);
  let cost: number | undefined;
  const unknown: string[] = [];
  for (const { line, text: t } of numberedLines(text)) {
    const route = /^Route\s*#\s*(\d+)\s*:(.*)$/i.exec(t);
    if (route) {
      const trips: number[][] = [[]];
      for (const tok of route[2]!.trim().split(/\s+/).filter((x) => x !== '')) {
        const k = parseInteger(tok, file, line, `Route #${route[1]}`, 0);
        if (k === 0) {
          trips.push([]);
          continue;
        }
        if (k > problem.jobs.length) {
          unknown.push(`line ${line}: Route #${route[1]}: unknown customer ${k} (the problem has ${problem.jobs.length})`);
          continue;
        }
        seen[k - 1] = 1;
        trips.at(-1)!.push(k - 1);
      }
      routes.push({ vehicle: routes.length, trips: trips.filter((trip) => trip.length > 0) });
      continue;
    }
    const c = /^Cost\s*:?\s*(\S+)$/i.exec(t);
    if (c) {
      cost = parseNumber(c[1], file, line, 'Cost');
      continue;
    }
    // Other "Key: value" lines (Optimal, Time, ...) are metadata; anything else is an error.
    if (!/^[A-Za-z][A-Za-z _-]*\s*:/.test(t)) throw new ParseError(file, line, 'line', `expected "Route #k: …" or "Cost N", got "${t.slice(0, 40)}"`);
  }
  if (routes.length === 0) throw new ParseError(file, undefined, 'Route', 'no "Route #k:" line');
  const unassigned: number[] = [];
  for (let j = 0; j < seen.length; j++) if (!seen[j]) unassigned.push(j);
  const out: SolFile = { solution: { routes, unassigned }, unknown };
  if (cost !== undefined) out.cost = cost;
  return out;
}

/** Write non-empty routes in order as Route #1.., trips joined by a 0 (reload), then "Cost". */
export function writeSol(solution: Solution, cost: number): string {
  const lines: string[] = [];
  for (const route of solution.routes) {
    const trips = route.trips.filter((t) => t.length > 0);
    if (trips.length === 0) continue;
    lines.push(`Route #${lines.length + 1}: ${trips.map((t) => t.map((j) => j + 1).join(' ')).join(' 0 ')}`);
  }
  lines.push(`Cost ${formatCost(cost)}`);
  return lines.join('\n') + '\n';
}

/** Integers as integers; otherwise up to 6 decimals without trailing zeros. */
export function formatCost(cost: number): string {
  if (Number.isInteger(cost)) return String(cost);
  const rounded = Math.round(cost);
  if (Math.abs(cost - rounded) < 1e-9) return String(rounded);
  return String(Number(cost.toFixed(6)));
}
