// Runs one hybrid genetic search under the SolveOptions budget and turns its best routes into a
// model Solution. Budgets: maxIterations (generations), timeLimitMs (read from the injected clock),
// or by default 10 000 generations without improvement. Large CVRP-like instances also get
// periodic decomposition rounds (decompose.ts). Shared by solve() and the worker threads.
import type { Solution, SolveOptions } from '../model.js';
import type { Evaluator } from '../rules/index.js';
import { evaluateSolution } from './exact.js';
import { DEFAULT_HGS, Hgs } from './hgs.js';
import type { Instance } from './instance.js';
import type { RoutesSnapshot } from './local-search.js';
import { DEFAULT_DECOMPOSITION, decomposable, decompositionRound, type DecompositionParams } from './decompose.js';
import { Rng } from './rng.js';
import { tripsOf } from './reloads.js';
import { validateInitialSolution, warmStartSnapshot } from './warm-start.js';

export const DEFAULT_MAX_NO_IMPROVEMENT = 10_000;
/** Share of the time budget the initial population may use at most. */
const INIT_TIME_SHARE = 0.2;
const INITIAL_POPULATION = 100; // 4 × mu, as HGS
/** Initial individuals of a warm-started search built by perturbing the best; random ones follow. */
const WARM_PERTURBED = 25;

export class SearchRun {
  readonly hgs: Hgs;
  private readonly now: () => number;
  private readonly t0: number;
  private lastProgress: number;
  private lastReportedCost = Infinity;
  private initDone = 0;
  /** Decomposition settings when the instance qualifies, else null. */
  private readonly decomposition: DecompositionParams | null;
  private readonly decompositionRng: Rng;
  /** The caller's initial solution as search routes, or null. */
  private readonly warmStart: RoutesSnapshot | null = null;

  constructor(
    readonly inst: Instance,
    private readonly options: SolveOptions,
    seed: number,
    /** Start of the clock (so that compiling the problem counts); defaults to now. */
    t0?: number,
    /** Replaces the rule set (used to measure the rule abstraction against a hard-coded evaluator). */
    makeEvaluator?: (inst: Instance, nodes: number) => Evaluator,
    /** Overrides of the decomposition settings (tests use a smaller minJobs; the overhead bench turns it off). */
    decompositionOverrides?: Partial<DecompositionParams>,
  ) {
    this.now = options.now ?? (() => performance.now());
    this.t0 = t0 ?? this.now();
    this.lastProgress = this.t0;
    this.hgs = new Hgs(inst, seed, DEFAULT_HGS, makeEvaluator);
    const decomposition = { ...DEFAULT_DECOMPOSITION, ...decompositionOverrides };
    this.decomposition = decomposable(this.hgs, decomposition) ? decomposition : null;
    this.decompositionRng = new Rng(seed ^ 0x5bd1e995);
    if (options.initialSolution) {
      validateInitialSolution(inst.problem, options.initialSolution);
      this.warmStart = warmStartSnapshot(inst, this.hgs.routeVeh, options.initialSolution);
    }
    // Short searches (no more steps than one penalty update, whose penalties never adapt) repair
    // by dropping: see Hgs.repairByDropping.
    const steps = options.maxIterations;
    this.hgs.repairByDropping = steps !== undefined && steps <= DEFAULT_HGS.penaltyUpdateEvery;
    // Education polls the clock, so one long local search cannot overrun the budget.
    const limit = options.timeLimitMs;
    if (limit !== undefined) this.hgs.ls.expired = () => this.now() - this.t0 >= limit;
  }

  elapsedMs(): number {
    return this.now() - this.t0;
  }

  /** Search finished by its own budget. */
  finished(): boolean {
    const o = this.options;
    if (this.hgs.servableCount === 0) return true;
    if (o.maxIterations !== undefined && this.hgs.iteration + this.initDone >= o.maxIterations) return true;
    if (o.timeLimitMs !== undefined && this.elapsedMs() >= o.timeLimitMs) return true;
    if (o.maxIterations === undefined && o.timeLimitMs === undefined && this.hgs.sinceImprovement >= DEFAULT_MAX_NO_IMPROVEMENT) return true;
    return false;
  }

  /** Runs until the budget ends or `untilIteration` total steps are done. */
  run(untilIteration = Infinity): void {
    const o = this.options;
    // Never end without a solution: the first individual (the warm start when given) is built
    // even when compiling used up the budget (its education then stops at once).
    if (this.hgs.best === null && this.hgs.servableCount > 0 && this.steps() < untilIteration && o.maxIterations !== 0) {
      if (this.warmStart) this.hgs.warmStart(this.warmStart);
      else this.hgs.initialIndividual();
      this.initDone++;
      this.report(false);
    }
    while (!this.finished() && this.steps() < untilIteration) {
      const initTimeOk = o.timeLimitMs === undefined || this.elapsedMs() < INIT_TIME_SHARE * o.timeLimitMs;
      if (this.initDone < INITIAL_POPULATION && initTimeOk && this.initDone < 4 * this.hgs.servableCount) {
        // A warm-started search builds its first individuals around the best (see perturbedIndividual).
        if (this.warmStart && this.initDone < WARM_PERTURBED) this.hgs.perturbedIndividual();
        else this.hgs.initialIndividual();
        this.initDone++;
      } else {
        this.hgs.step();
        this.decompose();
      }
      this.report(false);
    }
    this.report(true);
  }

  /** After the first generation, then every `period` generations: re-optimise the best solution group of routes by group. */
  private decompose(): void {
    const d = this.decomposition;
    const best = this.hgs.best;
    if (d === null || this.hgs.iteration % d.period !== 1 % d.period || best === null || !best.feasible) return;
    const snap = decompositionRound(this.hgs, best.snapshot, this.decompositionRng, d, () => this.finished());
    if (!snap) return;
    // Educating the recomposed solution stitches across group borders; past the budget, just keep it.
    if (this.finished()) this.hgs.inject(snap);
    else this.hgs.adopt(snap);
  }

  /** Steps taken: initial individuals + generations (the unit of maxIterations). */
  steps(): number {
    return this.initDone + this.hgs.iteration;
  }

  private report(force: boolean): void {
    const cb = this.options.onProgress;
    if (!cb) return;
    const best = this.hgs.best;
    const t = this.now();
    const improved = best !== null && best.cost < this.lastReportedCost;
    if (!improved && !force && t - this.lastProgress < 250) return;
    this.lastProgress = t;
    if (best) this.lastReportedCost = best.cost;
    cb({
      elapsedMs: t - this.t0,
      iteration: this.steps(),
      bestCost: best ? best.cost : Infinity,
      bestFeasible: best ? best.feasible : false,
    });
  }

  bestSnapshot(): RoutesSnapshot | null {
    return this.hgs.best?.snapshot ?? null;
  }

  inject(s: RoutesSnapshot): void {
    this.hgs.inject(s);
  }

  solution(): Solution {
    const best = snapshotToSolution(this.inst, this.hgs.routeVeh, this.bestSnapshot());
    if (!this.inst.multiWindow || evaluateSolution(this.inst, best).feasible) return best;
    // The search sees a job's windows as their envelope; with several windows per job the best
    // may miss a gap between windows. Prefer the cheapest candidate that is exactly feasible.
    const candidates = this.hgs.candidates();
    for (const snap of candidates) {
      const sol = snapshotToSolution(this.inst, this.hgs.routeVeh, snap);
      if (evaluateSolution(this.inst, sol).feasible) return sol;
    }
    // None is: repair the best ones with windows pinned to those their schedules use, with a
    // small grace past the budget (5 %, at least 50 ms) since the search itself has stopped.
    const limit = this.options.timeLimitMs;
    if (limit !== undefined) {
      const until = this.now() + Math.max(50, 0.05 * limit);
      this.hgs.ls.expired = () => this.now() >= until;
    }
    for (const snap of candidates.slice(0, 3)) {
      const repaired = this.hgs.repairWindows(snap);
      if (!repaired) continue;
      const sol = snapshotToSolution(this.inst, this.hgs.routeVeh, repaired);
      if (evaluateSolution(this.inst, sol).feasible) return sol;
    }
    return best;
  }
}

export function snapshotToSolution(inst: Instance, routeVeh: Int32Array, snap: RoutesSnapshot | null): Solution {
  const routed = new Uint8Array(inst.n);
  const routes: Solution['routes'] = [];
  if (snap) {
    snap.routes.forEach((jobs, r) => {
      if (jobs.length === 0) return;
      for (const j of jobs) routed[j] = 1;
      const trips = tripsOf(jobs, inst.jobCount);
      if (trips.length > 0) routes.push({ vehicle: routeVeh[r]!, trips });
    });
  }
  routes.sort((a, b) => a.vehicle - b.vehicle);
  const unassigned: number[] = [];
  for (let j = 0; j < inst.jobCount; j++) if (!routed[j]) unassigned.push(j);
  return { routes, unassigned };
}
