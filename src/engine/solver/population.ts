// Population management of hybrid genetic search (Vidal 2012/2022): feasible and infeasible
// subpopulations, biased fitness (cost rank + diversity rank by broken-pairs distance),
// survivor selection removing clones first, binary tournament.
import type { Rng } from './rng.js';

export interface Individual {
  routes: number[][];
  unassigned: number[];
  /** Giant tour: routed jobs in route order, then unassigned servable jobs. */
  tour: Int32Array;
  /** Cost without penalties (fixed + arc costs + optional-job penalties). */
  baseCost: number;
  /** Violation per rule. */
  excess: Float64Array;
  penalisedCost: number;
  feasible: boolean;
  succ: Int32Array;
  pred: Int32Array;
  /** (distance, other) sorted by distance. */
  proximity: Array<{ d: number; other: Individual }>;
  fitness: number;
}

export interface PopulationParams {
  mu: number;
  lambda: number;
  nbElite: number;
  nbClose: number;
}

export const DEFAULT_POPULATION: PopulationParams = { mu: 25, lambda: 40, nbElite: 4, nbClose: 5 };

export function brokenPairs(a: Individual, b: Individual, n: number): number {
  let diff = 0;
  for (let j = 0; j < n; j++) {
    if (a.succ[j] !== b.succ[j] && a.succ[j] !== b.pred[j]) diff++;
    if (a.pred[j] === -1 && b.pred[j] !== -1 && b.succ[j] !== -1) diff++;
  }
  return diff / Math.max(1, n);
}

export class Population {
  readonly feasible: Individual[] = [];
  readonly infeasible: Individual[] = [];

  constructor(private readonly n: number, private readonly params: PopulationParams, private readonly rng: Rng) {}

  size(): number {
    return this.feasible.length + this.infeasible.length;
  }

  add(ind: Individual): void {
    const sub = ind.feasible ? this.feasible : this.infeasible;
    for (const other of sub) {
      const d = brokenPairs(ind, other, this.n);
      insertSorted(other.proximity, d, ind);
      insertSorted(ind.proximity, d, other);
    }
    let k = sub.length;
    while (k > 0 && sub[k - 1]!.penalisedCost > ind.penalisedCost - 1e-9) k--;
    sub.splice(k, 0, ind);
    if (sub.length > this.params.mu + this.params.lambda) {
      while (sub.length > this.params.mu) this.removeWorst(sub);
    }
  }

  clear(): void {
    this.feasible.length = 0;
    this.infeasible.length = 0;
  }

  private removeWorst(sub: Individual[]): void {
    this.updateFitness(sub);
    let worst = -1;
    let worstClone = false;
    let worstFit = -Infinity;
    for (let i = 1; i < sub.length; i++) {
      const ind = sub[i]!;
      const clone = ind.proximity.length > 0 && ind.proximity[0]!.d < 1e-9;
      if ((clone && !worstClone) || (clone === worstClone && ind.fitness > worstFit)) {
        worst = i;
        worstClone = clone;
        worstFit = ind.fitness;
      }
    }
    if (worst < 0) worst = sub.length - 1;
    const [gone] = sub.splice(worst, 1);
    for (const other of sub) {
      const idx = other.proximity.findIndex((p) => p.other === gone);
      if (idx >= 0) other.proximity.splice(idx, 1);
    }
  }

  private avgClose(ind: Individual): number {
    const k = Math.min(this.params.nbClose, ind.proximity.length);
    if (k === 0) return 0;
    let s = 0;
    for (let i = 0; i < k; i++) s += ind.proximity[i]!.d;
    return s / k;
  }

  updateFitness(sub: Individual[]): void {
    const size = sub.length;
    if (size === 0) return;
    if (size === 1) {
      sub[0]!.fitness = 0;
      return;
    }
    // sub is sorted by penalised cost: cost rank = index. Diversity rank: larger distance = better.
    const div = sub.map((ind, i) => ({ i, d: -this.avgClose(ind) }));
    div.sort((a, b) => a.d - b.d || a.i - b.i);
    const eliteShare = 1 - this.params.nbElite / size;
    for (let r = 0; r < size; r++) {
      const ind = sub[div[r]!.i]!;
      const divRank = r / (size - 1);
      const fitRank = div[r]!.i / (size - 1);
      ind.fitness = size <= this.params.nbElite ? fitRank : fitRank + eliteShare * divRank;
    }
  }

  tournament(): Individual {
    this.updateFitness(this.feasible);
    this.updateFitness(this.infeasible);
    const total = this.size();
    const pick = (): Individual => {
      const k = this.rng.int(total);
      return k < this.feasible.length ? this.feasible[k]! : this.infeasible[k - this.feasible.length]!;
    };
    const a = pick();
    const b = pick();
    return a.fitness <= b.fitness ? a : b;
  }

  /** Re-sorts the infeasible subpopulation after penalty coefficients changed. */
  reprice(coef: Float64Array): void {
    for (const ind of this.infeasible) {
      let p = ind.baseCost;
      for (let i = 0; i < coef.length; i++) p += coef[i]! * ind.excess[i]!;
      ind.penalisedCost = p;
    }
    this.infeasible.sort((a, b) => a.penalisedCost - b.penalisedCost);
  }
}

function insertSorted(list: Array<{ d: number; other: Individual }>, d: number, other: Individual): void {
  let k = list.length;
  while (k > 0 && list[k - 1]!.d > d) k--;
  list.splice(k, 0, { d, other });
}
