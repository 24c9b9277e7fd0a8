// `relais check PROBLEM SOLUTION`: verify a solution (.sol or VROOM-shaped JSON) against an
// instance with the independent checker. Exit codes: 0 feasible, 1 infeasible, 2 unreadable input.
import { Command, Option } from 'commander';
import { check } from '../../engine/check.js';
import { PROBLEM_FORMATS, readSolution, type ProblemFormat } from '../../engine/io/index.js';
import { formatCost } from '../../engine/io/sol.js';
import type { Metric, Problem } from '../../engine/model.js';
import { describeCheck, loadProblem, METRICS, positiveNumber, quietEpipe, readText, reportInputError } from './solve.js';

interface CheckCommandOptions {
  format: ProblemFormat | 'auto';
  metric?: Metric;
  speed?: number;
}

export function register(program: Command): void {
  program
    .command('check')
    .description('check a solution (.sol or VROOM JSON) against an instance: feasibility, violations, cost')
    .argument('<problem>', 'instance file (CVRPLIB .vrp, Solomon .txt or VROOM JSON)')
    .argument('<solution>', 'solution file (.sol or VROOM-shaped JSON)')
    .addOption(new Option('--format <format>', 'instance format').choices(['auto', ...PROBLEM_FORMATS]).default('auto'))
    .addOption(new Option('--metric <metric>', 'CVRPLIB EUC_2D rounding override').choices([...METRICS]))
    .option('--speed <m/s>', 'VROOM input without a matrix: speed in metres per second (default 10)', positiveNumber('--speed'))
    .action((problemFile: string, solutionFile: string, opts: CheckCommandOptions) => {
      quietEpipe();
      let problem: Problem;
      let read: ReturnType<typeof readSolution>;
      try {
        problem = loadProblem(problemFile, opts).problem;
        read = readSolution(readText(solutionFile), solutionFile, problem);
      } catch (err) {
        reportInputError(err);
        return;
      }
      const result = check(problem, read.solution);
      // References the problem lacks are violations too (the checker only sees valid indices).
      for (const u of read.unknown) result.violations.unshift(`${solutionFile}: ${u}`);
      result.feasible = result.violations.length === 0;
      process.stdout.write(describeCheck(problem, result));
      if (read.statedCost !== undefined) {
        process.stdout.write(`stated cost ${formatCost(read.statedCost)} in ${solutionFile}\n`);
      }
      process.exitCode = result.feasible ? 0 : 1;
    });
}
