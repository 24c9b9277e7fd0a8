// One entry point for reading problems and solutions in any supported format. Pure: the
// caller reads the file and passes its text and name (used for format sniffing and errors).
import { ParseError } from '../errors.js';
import type { Metric, Problem, Solution } from '../model.js';
import { readSolomon } from './solomon.js';
import { readSol } from './sol.js';
import { readVroom } from './vroom.js';
import { readVroomOutput } from './vroom-output.js';
import { readVrplib } from './vrplib.js';

export type ProblemFormat = 'cvrplib' | 'solomon' | 'vroom';
export const PROBLEM_FORMATS: readonly ProblemFormat[] = ['cvrplib', 'solomon', 'vroom'];

export interface ReadProblemOptions {
  format?: ProblemFormat | 'auto';
  /** CVRPLIB EUC_2D metric override (see readVrplib). */
  metric?: Metric;
  /** VROOM without a matrix: metres per second. */
  defaultSpeed?: number;
}

/** Guess the format from the extension, then from the content. */
export function detectFormat(text: string, file: string): ProblemFormat {
  const lower = file.toLowerCase();
  if (lower.endsWith('.json')) return 'vroom';
  if (lower.endsWith('.vrp')) return 'cvrplib';
  const head = text.slice(0, 4000);
  if (/^\s*[{[]/.test(head)) return 'vroom';
  if (/^\s*(NAME|TYPE|DIMENSION)\s*:/m.test(head)) return 'cvrplib';
  if (/^\s*VEHICLE\s*$/m.test(head) && /^\s*CUSTOMER\s*$/m.test(head)) return 'solomon';
  throw new ParseError(file, undefined, 'format', 'cannot tell the format (use --format cvrplib|solomon|vroom)');
}

export function readProblem(text: string, file: string, options: ReadProblemOptions = {}): Problem {
  const format = !options.format || options.format === 'auto' ? detectFormat(text, file) : options.format;
  switch (format) {
    case 'cvrplib':
      return readVrplib(text, file, options.metric ? { metric: options.metric } : {});
    case 'solomon':
      return readSolomon(text, file);
    case 'vroom':
      return readVroom(text, file, options.defaultSpeed ? { defaultSpeed: options.defaultSpeed } : {});
    default:
      throw new ParseError(file, undefined, 'format', `unknown format "${String(format)}"`);
  }
}

export interface ReadSolutionResult {
  solution: Solution;
  /** Cost stated in the file, when it states one (.sol "Cost"). */
  statedCost?: number;
  /** References to jobs/vehicles the problem lacks; a checker run should count them as violations. */
  unknown: string[];
}

/** A `.sol` file, or a VROOM-shaped JSON solution (detected by a leading `{`). */
export function readSolution(text: string, file: string, problem: Problem): ReadSolutionResult {
  if (/^\s*\{/.test(text)) {
    const { solution, unknown } = readVroomOutput(text, file, problem);
    return { solution, unknown };
  }
  const sol = readSol(text, file, problem);
  const out: ReadSolutionResult = { solution: sol.solution, unknown: sol.unknown };
  if (sol.cost !== undefined) out.statedCost = sol.cost;
  return out;
}
