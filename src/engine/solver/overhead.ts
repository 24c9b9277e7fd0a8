// Measures the cost of the rule abstraction: the same search (same seed, same iteration budget,
// hence the same trajectory and result) with the composed RuleSet or the hard-coded CVRP
// evaluator. Run each variant in its own process so every call site stays monomorphic.
import type { Problem } from '../model.js';
import { RuleSet } from '../rules/index.js';
import { SearchRun } from './driver.js';
import { HardcodedCvrpEvaluator } from './hardcoded-cvrp.js';
import { compileInstance } from './instance.js';

export function timeVariant(
  problem: Problem,
  variant: 'rules' | 'hardcoded',
  iterations: number,
  seed: number,
  now: () => number,
  cpuMs: () => number = now,
): { ms: number; cpuMs: number; cost: number } {
  const inst = compileInstance(problem);
  const make =
    variant === 'rules'
      ? undefined
      : (i: typeof inst, nodes: number) => new HardcodedCvrpEvaluator(i, nodes, new RuleSet(i, 0).coef[0]!);
  const t0 = now();
  const c0 = cpuMs();
  // Without decomposition: its sub-searches always use the composed rules.
  const run = new SearchRun(inst, { maxIterations: iterations, now }, seed, t0, make, { minJobs: Infinity });
  run.run();
  return { ms: now() - t0, cpuMs: cpuMs() - c0, cost: run.hgs.best?.cost ?? Infinity };
}
