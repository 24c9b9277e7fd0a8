// What the rule abstraction costs: the same search (same seed and iteration budget, hence the
// same trajectory and result) with the composed RuleSet and with a hand-written CVRP evaluator.
// Each run is its own process so that every call site stays monomorphic; variants alternate and
// the medians of CPU time are compared.
//   npm run bench:rules-overhead -- [--instance X-n204-k19] [--iterations 250] [--runs 7]
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readProblem } from '../src/engine/io/index.js';
import { timeVariant } from '../src/engine/solver/overhead.js';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const instance = option('instance', 'X-n204-k19');
const iterations = Number(option('iterations', '250'));
const runs = Number(option('runs', '7'));
const variant = option('variant', '');

if (variant === 'rules' || variant === 'hardcoded') {
  const file = join('bench', 'instances', 'cvrp', `${instance}.vrp`);
  const problem = readProblem(readFileSync(file, 'utf8'), file);
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const r = timeVariant(problem, variant, iterations, 1, () => performance.now(), cpu);
  process.stdout.write(JSON.stringify(r));
} else {
  const self = fileURLToPath(import.meta.url);
  const times: Record<'rules' | 'hardcoded', number[]> = { rules: [], hardcoded: [] };
  const costs = new Set<number>();
  for (let k = 0; k < runs; k++) {
    for (const v of ['rules', 'hardcoded'] as const) {
      const out = execFileSync(process.execPath, [self, '--variant', v, '--instance', instance, '--iterations', String(iterations)], { encoding: 'utf8' });
      const r = JSON.parse(out) as { cpuMs: number; cost: number };
      times[v].push(r.cpuMs);
      costs.add(r.cost);
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const mr = median(times.rules);
  const mh = median(times.hardcoded);
  console.log(`rule abstraction overhead on ${instance}, ${iterations} iterations, ${runs} runs per variant (CPU ms, medians)`);
  console.log(`composed rules ${mr.toFixed(0)} ms | hard-coded CVRP ${mh.toFixed(0)} ms | ratio ${(mr / mh).toFixed(3)}`);
  console.log(costs.size === 1 ? `both variants reached the same cost ${[...costs][0]}` : `WARNING: the variants diverged (costs ${[...costs].join(', ')})`);
  if (costs.size !== 1) process.exitCode = 1;
}
