// Hybrid genetic search (Vidal 2012; HGS-CVRP 2022): giant tours + Split, OX crossover,
// education by local search, penalised infeasible solutions with adaptive coefficients (one per
// rule), two subpopulations with biased fitness, repair at 10× penalties, restarts.
// Driven step by step so that callers (solve, worker threads) control budgets and exchanges.
import { composeRules, type Evaluator } from '../rules/index.js';
import type { Instance } from './instance.js';
import { LocalSearch, type RoutesSnapshot } from './local-search.js';
import { buildNeighbours } from './neighbours.js';
import { DEFAULT_POPULATION, Population, type Individual } from './population.js';
import { Rng } from './rng.js';
import { Splitter } from './split.js';
import { usedWindows } from './exact.js';

export interface HgsParams {
  granularity: number;
  targetFeasible: number;
  penaltyUpdateEvery: number;
  restartAfter: number;
  repairProbability: number;
}

export const DEFAULT_HGS: HgsParams = {
  granularity: 20,
  targetFeasible: 0.2,
  penaltyUpdateEvery: 100,
  restartAfter: 20_000,
  repairProbability: 0.5,
};

export interface BestSolution {
  snapshot: RoutesSnapshot;
  /** Cost without penalties (penalised cost when infeasible). */
  cost: number;
  feasible: boolean;
  /** Servable jobs it leaves unrouted (optional jobs, at their penalty). */
  unserved: number;
}

export class Hgs {
  readonly inst: Instance;
  readonly rules: Evaluator;
  readonly ls: LocalSearch;
  readonly routeVeh: Int32Array;
  private readonly splitter: Splitter;
  private readonly pop: Population;
  private readonly rng: Rng;
  private readonly params: HgsParams;
  private readonly jobs: Int32Array; // servable jobs
  private readonly tourBuf: Int32Array;
  private readonly mark: Uint8Array;
  private readonly feasHistory: Uint8Array[]; // per rule, ring buffer of 100 outcomes
  private readonly hasOptionalJobs: boolean;
  private histPos = 0;
  private histLen = 0;
  iteration = 0;
  sinceImprovement = 0;
  best: BestSolution | null = null;

  constructor(
    inst: Instance,
    seed: number,
    params: HgsParams = DEFAULT_HGS,
    makeEvaluator: (inst: Instance, nodes: number) => Evaluator = composeRules,
  ) {
    this.inst = inst;
    this.params = params;
    this.rng = new Rng(seed);
    this.routeVeh = routeSlots(inst);
    const N = inst.n + 2 * this.routeVeh.length;
    this.rules = makeEvaluator(inst, N);
    const neighbours = buildNeighbours(inst, params.granularity);
    this.ls = new LocalSearch(inst, this.rules, this.routeVeh, neighbours, this.rng);
    this.splitter = new Splitter(inst, this.rules, this.routeVeh, inst.homogeneous);
    this.pop = new Population(inst.n, DEFAULT_POPULATION, this.rng);
    this.jobs = Int32Array.from({ length: inst.n }, (_, i) => i).filter((i) => inst.servable[i]);
    this.tourBuf = new Int32Array(this.jobs.length);
    this.mark = new Uint8Array(inst.n);
    this.feasHistory = Array.from({ length: this.rules.count }, () => new Uint8Array(100));
    this.hasOptionalJobs = inst.problem.jobs.some((j, i) => j.optional && inst.servable[i]);
  }

  get servableCount(): number {
    return this.jobs.length;
  }

  /**
   * One individual for the initial population: alternately a random giant tour and, when
   * coordinates are known, a sweep tour (polar order around the depot from a random angle, with
   * a little noise). Sweep starts are far cheaper to educate, which matters on large instances
   * under short time limits; random ones keep the population diverse.
   */
  initialIndividual(): void {
    const tour = this.tourBuf;
    tour.set(this.jobs);
    const angles = this.sweepAngles();
    if (angles && this.initCount++ % 2 === 0) {
      const m = tour.length;
      const offset = this.rng.float() * 2 * Math.PI;
      const key = new Float64Array(this.inst.n);
      for (let k = 0; k < m; k++) {
        const j = tour[k]!;
        const noise = ((this.rng.float() - 0.5) * 2 * Math.PI * 3) / Math.max(1, m);
        key[j] = (angles[j]! - offset + noise + 4 * Math.PI) % (2 * Math.PI);
      }
      tour.sort((a, b) => key[a]! - key[b]!);
    } else {
      this.rng.shuffle(tour);
    }
    this.educateAndAdd(tour);
  }

  /**
   * One individual for a warm-started search: the best solution so far with some of its jobs
   * taken out (those nearest a random routed job, 10–30 % of the routed jobs), put back at their
   * cheapest positions in random order, then educated. Education from a good start converges in a
   * fraction of the time a random giant tour needs, and stays close to the plan the caller is
   * executing. Falls back to initialIndividual() before any best exists.
   */
  perturbedIndividual(): void {
    const best = this.best;
    const inst = this.inst;
    if (best === null) return this.initialIndividual();
    const routed: number[] = [];
    for (const route of best.snapshot.routes) for (const j of route) if (j < inst.jobCount) routed.push(j);
    if (routed.length < 2) return this.initialIndividual();
    const share = 0.1 + 0.2 * this.rng.float();
    const k = Math.max(1, Math.min(routed.length - 1, Math.round(share * routed.length)));
    // Radial ruin: the k routed jobs nearest a random one (by the first vehicle's distances).
    const seed = routed[this.rng.int(routed.length)]!;
    const D = inst.dist[inst.profileOf[this.routeVeh[0] ?? 0] ?? 0]!;
    const from = inst.jobLoc[seed]! * inst.W;
    const key = new Float64Array(routed.length);
    const order = Int32Array.from({ length: routed.length }, (_, i) => i);
    for (let i = 0; i < routed.length; i++) key[i] = D[from + inst.jobLoc[routed[i]!]!]!;
    order.sort((a, b) => key[a]! - key[b]! || routed[a]! - routed[b]!);
    const out = this.mark;
    out.fill(0);
    const removed = new Int32Array(k);
    for (let i = 0; i < k; i++) {
      removed[i] = routed[order[i]!]!;
      out[removed[i]!] = 1;
    }
    this.rng.shuffle(removed);
    const routes = best.snapshot.routes.map((r) => r.filter((j) => !out[j]));
    this.ls.penaltyScale = 1;
    this.ls.load({ routes, unassigned: [] });
    this.ls.insertJobs(removed);
    this.ls.run();
    this.keepEducated(this.capture());
  }

  /**
   * Set by the driver for short searches (no more steps than one penalty update, as the
   * simulator's dispatch rounds): with optional jobs, an infeasible educated individual becomes
   * feasible by dropping and refilling (addDropped) rather than by the penalised repairs, each of
   * which costs about one more education. The repairs still run when dropping cannot make it
   * feasible. Long searches keep HGS's repairs only: with the refill on, a time-limited dispatch
   * of a pad-bound drone test left an order out that it otherwise placed.
   */
  repairByDropping = false;

  private initCount = 0;
  private angles: Float64Array | null | undefined;
  private sweepAngles(): Float64Array | null {
    if (this.angles !== undefined) return this.angles;
    const coords = this.inst.problem.coordinates;
    const depot = this.inst.vStart[this.routeVeh[0] ?? 0];
    if (!coords || depot === undefined || depot >= coords.length || this.routeVeh.length === 0) return (this.angles = null);
    const [x0, y0] = coords[depot]!;
    this.angles = new Float64Array(this.inst.n);
    const reloads = this.inst.n - this.inst.jobCount;
    for (let j = 0; j < this.inst.n; j++) {
      const c = coords[this.inst.jobLoc[j]!];
      this.angles[j] = c ? Math.atan2(c[1] - y0, c[0] - x0) : 0;
      // Reload visits sit at the depot: spread them around the sweep so that they cut it into trips.
      if (this.inst.isReload[j]) this.angles[j] = -Math.PI + (2 * Math.PI * (j - this.inst.jobCount + 0.5)) / reloads;
    }
    return this.angles;
  }

  /** One generation: select, cross, educate, insert. */
  step(): void {
    if (this.pop.size() < 2) {
      this.initialIndividual();
    } else {
      const p1 = this.pop.tournament();
      const p2 = this.pop.tournament();
      this.crossoverOX(p1.tour, p2.tour);
      this.educateAndAdd(this.tourBuf);
    }
    this.iteration++;
    this.sinceImprovement++;
    if (this.iteration % this.params.penaltyUpdateEvery === 0) this.managePenalties();
    if (this.sinceImprovement >= this.params.restartAfter && this.sinceImprovement % this.params.restartAfter === 0) {
      this.pop.clear();
    }
  }

  /** The best solution first, then the feasible population by cost (for exact re-checks). */
  candidates(): RoutesSnapshot[] {
    const out: RoutesSnapshot[] = [];
    if (this.best) out.push(this.best.snapshot);
    for (const ind of this.pop.feasible) out.push({ routes: ind.routes, unassigned: ind.unassigned });
    return out;
  }

  /**
   * Repair for jobs with several windows: pin each such job to the window its current schedule
   * uses (an under-approximation: feasible under pinned windows means feasible), educate at 10×
   * penalties, re-pin, a few rounds. Returns the repaired routes, or null.
   */
  repairWindows(snap: RoutesSnapshot, rounds = 6): RoutesSnapshot | null {
    const inst = this.inst;
    const savedStart = inst.twStart.slice();
    const savedEnd = inst.twEnd.slice();
    const used = new Int32Array(inst.n);
    let current = snap;
    let result: RoutesSnapshot | null = null;
    try {
      for (let round = 0; round < rounds && result === null; round++) {
        used.fill(-1);
        current.routes.forEach((jobs, r) => usedWindows(inst, this.routeVeh[r]!, jobs, used));
        for (let j = 0; j < inst.jobCount; j++) {
          const tws = inst.problem.jobs[j]!.timeWindows;
          if (tws.length < 2 || used[j]! < 0) continue;
          inst.twStart[j] = tws[used[j]!]!.start;
          inst.twEnd[j] = tws[used[j]!]!.end;
        }
        this.ls.refreshJobs();
        this.ls.penaltyScale = 10;
        this.ls.load(current);
        this.ls.run();
        current = this.ls.export();
        if (this.ls.violations() === 0) result = current;
        inst.twStart.set(savedStart);
        inst.twEnd.set(savedEnd);
      }
    } finally {
      inst.twStart.set(savedStart);
      inst.twEnd.set(savedEnd);
      this.ls.penaltyScale = 1;
      this.ls.refreshJobs();
    }
    return result;
  }

  /**
   * The caller's solution as the first individual: missing jobs inserted at their cheapest
   * positions, then educated (under the deadline). The un-educated start also competes for best,
   * so the result is never worse than it, even when education is cut short or leaves the
   * feasible space.
   */
  warmStart(snapshot: RoutesSnapshot): void {
    this.ls.penaltyScale = 1;
    this.ls.load(snapshot);
    // The solution as given competes too: inserting its missing jobs may break a rule.
    this.considerBest(this.capture());
    this.ls.insertMissing();
    const start = this.capture();
    this.considerBest(start);
    this.ls.run();
    const ind = this.capture();
    this.keepEducated(ind, start.feasible && !ind.feasible ? start : null);
  }

  /** Adds a solution found elsewhere (another thread) to the population without educating it. */
  inject(snapshot: RoutesSnapshot): void {
    this.ls.penaltyScale = 1;
    this.ls.load(snapshot);
    const ind = this.capture();
    this.pop.add(ind);
    this.considerBest(ind);
  }

  /** Educates a solution built elsewhere (a decomposition round) and adds it to the population. */
  adopt(snapshot: RoutesSnapshot): void {
    this.ls.penaltyScale = 1;
    this.ls.load(snapshot);
    this.ls.run();
    const ind = this.capture();
    this.pop.add(ind);
    this.considerBest(ind);
  }

  private educateAndAdd(tour: Int32Array): void {
    const routes = this.splitter.split(tour, tour.length);
    this.ls.penaltyScale = 1;
    this.ls.load({ routes, unassigned: [] });
    this.ls.run();
    this.keepEducated(this.capture());
  }

  /** Adds an educated individual (and `alongside`, when given), repairing it when infeasible (see below). */
  private keepEducated(ind: Individual, alongside: Individual | null = null): void {
    this.recordFeasibility();
    this.pop.add(ind);
    this.considerBest(ind);
    if (alongside) this.pop.add(alongside);
    // Until a feasible solution exists, repair every infeasible one, escalating to ×100: on large
    // tight instances under short budgets the penalties may not adapt before time runs out. A
    // best that is feasible only by leaving jobs out (dropToFeasible) counts as none when this
    // individual, which serves more, is cheaper once penalised: short runs (dispatch rounds)
    // never adapt their penalties, and would otherwise keep a plan that drops orders.
    const best = this.best;
    const noFeasible = best === null || !best.feasible || (best.unserved > 0 && ind.penalisedCost < best.cost);
    // Past the deadline the educated (or partly educated) individual is what we keep.
    let fixed = ind;
    // Repair by dropping (re-plans, short searches): the feasible plan addDropped makes is kept and
    // the penalised repairs are skipped; they still run when no such plan exists.
    if (!ind.feasible && this.repairByDropping && this.hasOptionalJobs && this.addDropped(ind)) return;
    if (!ind.feasible && !this.ls.expired() && (noFeasible || this.rng.float() < this.params.repairProbability)) {
      // Repair: the same solution educated again with penalties ×10.
      fixed = this.repair(ind, 10);
      if (!fixed.feasible && noFeasible && !this.ls.timedOut) fixed = this.repair(fixed, 100);
      if (fixed.feasible) {
        this.pop.add(fixed);
        this.considerBest(fixed);
      }
    }
    // Optional jobs whose penalty outweighs any violation stay in breaking routes: also keep the
    // feasible plan that leaves out what does not fit.
    if (!fixed.feasible && this.hasOptionalJobs && !(fixed === ind && this.repairByDropping)) this.addDropped(fixed);
  }

  /**
   * The individual with optional jobs taken out of its breaking routes, when that makes it
   * feasible; in short searches, those that fit are then put back where they break no rule
   * (insertFeasible). True when added.
   */
  private addDropped(ind: Individual): boolean {
    this.ls.penaltyScale = 1;
    this.ls.load({ routes: ind.routes, unassigned: ind.unassigned });
    if (!this.ls.dropToFeasible()) return false;
    if (this.repairByDropping) this.ls.insertFeasible();
    const dropped = this.capture();
    if (!dropped.feasible) return false;
    this.pop.add(dropped);
    this.considerBest(dropped);
    return true;
  }

  private repair(ind: Individual, scale: number): Individual {
    this.ls.penaltyScale = scale;
    this.ls.load({ routes: ind.routes, unassigned: ind.unassigned });
    this.ls.run();
    this.ls.penaltyScale = 1;
    return this.capture();
  }

  private considerBest(ind: Individual): void {
    const b = this.best;
    const better =
      b === null ||
      (ind.feasible && !b.feasible) ||
      (ind.feasible === b.feasible && (ind.feasible ? ind.baseCost : ind.penalisedCost) < b.cost - 1e-7);
    if (better) {
      this.best = {
        snapshot: { routes: ind.routes.map((r) => r.slice()), unassigned: ind.unassigned.slice() },
        cost: ind.feasible ? ind.baseCost : ind.penalisedCost,
        feasible: ind.feasible,
        unserved: ind.unassigned.reduce((k, j) => k + (j < this.inst.jobCount && this.inst.servable[j] ? 1 : 0), 0),
      };
      this.sinceImprovement = 0;
    }
  }

  /** Turns the local search's current state into an Individual. */
  private capture(): Individual {
    const ls = this.ls;
    const inst = this.inst;
    const n = inst.n;
    const snap = ls.export();
    const excess = new Float64Array(this.rules.count);
    let baseCost = 0;
    for (let r = 0; r < ls.R; r++) {
      if (ls.routeNb[r] === 0) continue;
      baseCost += inst.fixedCost[this.routeVeh[r]!]! + ls.routeTravel[r]!;
      this.rules.addRouteExcess(n + 2 * r + 1, this.routeVeh[r]!, excess);
    }
    let mandatoryMissing = false;
    for (const j of snap.unassigned) {
      if (!inst.servable[j]) continue;
      if (inst.optional[j]) baseCost += inst.penalty[j]!;
      else mandatoryMissing = true;
    }
    let pen = 0;
    let feasible = !mandatoryMissing;
    for (let i = 0; i < excess.length; i++) {
      pen += this.rules.coef[i]! * excess[i]!;
      if (excess[i]! > 1e-9) feasible = false;
    }
    const tour = new Int32Array(this.jobs.length);
    const succ = new Int32Array(n).fill(-2);
    const pred = new Int32Array(n).fill(-2);
    let k = 0;
    for (const route of snap.routes) {
      for (let i = 0; i < route.length; i++) {
        const j = route[i]!;
        tour[k++] = j;
        pred[j] = i === 0 ? -1 : route[i - 1]!;
        succ[j] = i === route.length - 1 ? -1 : route[i + 1]!;
      }
    }
    for (const j of snap.unassigned) if (inst.servable[j]) tour[k++] = j;
    return {
      routes: snap.routes,
      unassigned: snap.unassigned,
      tour,
      baseCost,
      excess,
      penalisedCost: baseCost + pen + (mandatoryMissing ? 1e12 : 0),
      feasible,
      succ,
      pred,
      proximity: [],
      fitness: 0,
    };
  }

  private recordFeasibility(): void {
    const bits = this.ls.violations();
    for (let i = 0; i < this.feasHistory.length; i++) this.feasHistory[i]![this.histPos] = bits & (1 << i) ? 0 : 1;
    this.histPos = (this.histPos + 1) % 100;
    this.histLen = Math.min(100, this.histLen + 1);
  }

  private managePenalties(): void {
    if (this.histLen === 0) return;
    const target = this.params.targetFeasible;
    for (let i = 0; i < this.feasHistory.length; i++) {
      let ok = 0;
      for (let k = 0; k < this.histLen; k++) ok += this.feasHistory[i]![k]!;
      const ratio = ok / this.histLen;
      const c = this.rules.coef;
      if (ratio < target - 0.05) c[i] = Math.min(100_000, c[i]! * 1.2);
      else if (ratio > target + 0.05) c[i] = Math.max(0.1, c[i]! * 0.85);
    }
    this.pop.reprice(this.rules.coef);
  }

  /** OX crossover of two giant tours into tourBuf. */
  private crossoverOX(a: Int32Array, b: Int32Array): void {
    const m = a.length;
    const child = this.tourBuf;
    if (m < 2) {
      child.set(a);
      return;
    }
    const mark = this.mark;
    for (let i = 0; i < m; i++) mark[a[i]!] = 0;
    const start = this.rng.int(m);
    let end = this.rng.int(m);
    while (end === start) end = this.rng.int(m);
    let j = start;
    while (j % m !== (end + 1) % m) {
      const x = a[j % m]!;
      child[j % m] = x;
      mark[x] = 1;
      j++;
    }
    for (let i = 1; i <= m; i++) {
      const x = b[(end + i) % m]!;
      if (mark[x]) continue;
      child[j % m] = x;
      j++;
    }
  }
}

/** Route slots of the search, each bound to one vehicle. */
function routeSlots(inst: Instance): Int32Array {
  if (!inst.homogeneous) return Int32Array.from({ length: inst.V }, (_, i) => i);
  // Identical vehicles: enough slots for the demand (as HGS sizes its fleet), plus slack.
  let ratio = 0;
  for (let d = 0; d < inst.dims; d++) {
    const cap = inst.capacity[d]!;
    if (cap > 0) ratio = Math.max(ratio, inst.totalDemand[d]! / cap);
  }
  let est = Math.ceil(1.3 * ratio) + 3;
  if (inst.hasTime) est = Math.max(2 * est + 10, 100);
  const R = Math.min(inst.V, Math.max(est, 1));
  return Int32Array.from({ length: R }, (_, i) => i);
}
