// `relais solve FILE`: read an instance, solve it within a time limit, verify the result with the
// independent checker and write the solution. Figures printed are the checker's, not the solver's.
// Exit codes: 0 feasible solution written, 1 the solver returned an infeasible solution
// (written anyway, violations on stderr), 2 unreadable or invalid input.
import { readFileSync, writeFileSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import cliProgress from 'cli-progress';
import { check, type CheckResult } from '../../engine/check.js';
import { isParseError } from '../../engine/errors.js';
import { detectFormat, PROBLEM_FORMATS, readProblem, type ProblemFormat } from '../../engine/io/index.js';
import { formatCost, writeSol } from '../../engine/io/sol.js';
import { writeVroomOutput } from '../../engine/io/vroom-output.js';
import type { Metric, Problem, SolveOptions, SolveProgress } from '../../engine/model.js';
import { solve, type SolveResult } from '../../engine/solve.js';
import { solveParallel } from '../../jobs/solve-threads.js';

export const METRICS: readonly Metric[] = ['euc2d-round', 'euclidean', 'euclidean-trunc1', 'haversine'];

/** Thrown for bad input: the CLI prints `relais: <message>` on one line and exits 2. */
export class InputError extends Error {}

export function positiveNumber(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`${name} must be a positive number.`);
    return n;
  };
}
export function nonNegativeInteger(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${name} must be a non-negative whole number.`);
    return n;
  };
}

export function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new InputError(`${file}: file: cannot read (${code})`);
  }
}

export interface LoadOptions {
  format?: ProblemFormat | 'auto';
  metric?: Metric;
  speed?: number;
}

export function loadProblem(file: string, opts: LoadOptions): { problem: Problem; format: ProblemFormat } {
  const text = readText(file);
  const format = !opts.format || opts.format === 'auto' ? detectFormat(text, file) : opts.format;
  const read: Parameters<typeof readProblem>[2] = { format };
  if (opts.metric) read.metric = opts.metric;
  if (opts.speed) read.defaultSpeed = opts.speed;
  return { problem: readProblem(text, file, read), format };
}

/** A closed stdout pipe (`relais check … | head`) ends the command quietly instead of crashing. */
export function quietEpipe(): void {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

/** Print one line for input errors and set exit code 2; rethrow anything else. */
export function reportInputError(err: unknown): void {
  if (isParseError(err) || err instanceof InputError) {
    process.stderr.write(`relais: ${err.message}\n`);
    process.exitCode = 2;
    return;
  }
  throw err;
}

/** Cost summary from the checker, one line per figure group. */
export function describeCheck(problem: Problem, result: CheckResult): string {
  const c = result.cost;
  const lines = [
    `${problem.name}: ${result.feasible ? 'feasible' : 'INFEASIBLE'}`,
    `cost ${formatCost(c.total)} = distance cost ${formatCost(c.distance)} + time cost ${formatCost(c.time)} + fixed ${formatCost(c.fixed)} + penalties ${formatCost(c.penalty)}`,
    `vehicles used ${result.vehiclesUsed}/${problem.vehicles.length}, jobs served ${problem.jobs.length - result.unassigned.length}/${problem.jobs.length}, unassigned ${result.unassigned.length}`,
    `total distance ${formatCost(result.distance)}, travel time ${formatCost(result.travelTime)}, route duration ${formatCost(result.duration)}`,
  ];
  if (result.violations.length > 0) {
    lines.push(`${result.violations.length} violation(s):`);
    for (const v of result.violations.slice(0, 20)) lines.push(`  - ${v}`);
    if (result.violations.length > 20) lines.push(`  … and ${result.violations.length - 20} more`);
  }
  return lines.join('\n') + '\n';
}

/** Progress on stderr: a bar on a terminal, otherwise a few plain lines (at most one per quarter). */
function progressReporter(timeLimitMs: number): { onProgress: (p: SolveProgress) => void; stop: () => void } {
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      { stream: process.stderr, format: 'solving |{bar}| {percentage}% | {elapsed}s | best {best}{flag}', hideCursor: true, clearOnComplete: false },
      cliProgress.Presets.shades_classic,
    );
    bar.start(100, 0, { elapsed: '0.0', best: '-', flag: '' });
    return {
      onProgress: (p) => bar.update(Math.min(100, Math.round((100 * p.elapsedMs) / timeLimitMs)), { elapsed: (p.elapsedMs / 1000).toFixed(1), best: formatCost(p.bestCost), flag: p.bestFeasible ? '' : ' (infeasible)' }),
      stop: () => {
        bar.update(100);
        bar.stop();
      },
    };
  }
  let nextQuarter = 0;
  return {
    onProgress: (p) => {
      const quarter = Math.floor((4 * p.elapsedMs) / timeLimitMs);
      if (quarter < nextQuarter) return;
      nextQuarter = quarter + 1;
      process.stderr.write(`solving: ${(p.elapsedMs / 1000).toFixed(1)}s, iteration ${p.iteration}, best ${formatCost(p.bestCost)}${p.bestFeasible ? '' : ' (infeasible)'}\n`);
    },
    stop: () => {},
  };
}

/** Solve on one thread, or on several through the jobs layer's worker threads. */
export async function runSolver(problem: Problem, options: SolveOptions, threads: number): Promise<SolveResult> {
  return threads <= 1 ? solve(problem, options) : solveParallel(problem, { ...options, threads });
}

interface SolveCommandOptions {
  format: ProblemFormat | 'auto';
  timeLimit: number;
  seed: number;
  threads: number;
  out?: string;
  outputFormat?: 'sol' | 'vroom';
  metric?: Metric;
  speed?: number;
}

export function register(program: Command): void {
  program
    .command('solve')
    .description('solve a routing instance (CVRPLIB .vrp, Solomon .txt or VROOM JSON) and write the solution')
    .argument('<file>', 'instance file')
    .addOption(new Option('--format <format>', 'input format').choices(['auto', ...PROBLEM_FORMATS]).default('auto'))
    .option('--time-limit <seconds>', 'wall-clock budget in seconds', positiveNumber('--time-limit'), 10)
    .option('--seed <n>', 'random seed', nonNegativeInteger('--seed'), 1)
    .option('--threads <n>', 'worker threads (1 = solve in this process)', positiveNumber('--threads'), 1)
    .option('--out <file>', 'write the solution here instead of stdout')
    .addOption(new Option('--output-format <format>', 'solution format (default: vroom for VROOM input, else sol)').choices(['sol', 'vroom']))
    .addOption(new Option('--metric <metric>', 'CVRPLIB EUC_2D rounding (default: euc2d-round; euclidean-trunc1 with time windows)').choices([...METRICS]))
    .option('--speed <m/s>', 'VROOM input without a matrix: speed in metres per second (default 10)', positiveNumber('--speed'))
    .action(async (file: string, opts: SolveCommandOptions) => {
      quietEpipe();
      let problem: Problem;
      let format: ProblemFormat;
      try {
        ({ problem, format } = loadProblem(file, opts));
      } catch (err) {
        reportInputError(err);
        return;
      }
      const timeLimitMs = opts.timeLimit * 1000;
      const progress = progressReporter(timeLimitMs);
      const t0 = performance.now();
      let result: SolveResult;
      try {
        result = await runSolver(problem, { seed: opts.seed, timeLimitMs, now: () => performance.now(), onProgress: progress.onProgress }, Math.floor(opts.threads));
      } catch (err) {
        progress.stop();
        reportInputError(err);
        return;
      }
      const solvingMs = performance.now() - t0;
      progress.stop();

      const checked = check(problem, result.solution);
      const outputFormat = opts.outputFormat ?? (format === 'vroom' ? 'vroom' : 'sol');
      const text =
        outputFormat === 'vroom'
          ? JSON.stringify(writeVroomOutput(problem, checked, { solving: solvingMs }), null, 2) + '\n'
          : writeSol(result.solution, checked.cost.total);
      if (opts.out) writeFileSync(opts.out, text);
      else process.stdout.write(text);
      process.stderr.write(describeCheck(problem, checked));
      process.stderr.write(`solved in ${(solvingMs / 1000).toFixed(1)}s, ${result.iterations} iterations, seed ${opts.seed}, threads ${Math.floor(opts.threads)}${opts.out ? `, written to ${opts.out}` : ''}\n`);
      if (!checked.feasible) process.exitCode = 1;
    });
}
