// Decoding a giant tour (a permutation of jobs) into routes.
// Homogeneous fleet: Split (Prins 2004, as in HGS) by Bellman over the tour with penalised route
// costs from the rule set, first unlimited, then with at most R routes when that was exceeded.
// Heterogeneous fleet or allowedVehicles: greedy route filling (vehicles by capacity, then cost),
// each job appended to the current vehicle while its route stays penalty-free, then the next
// vehicle; jobs that fit nowhere go to the cheapest allowed route end. Local search repairs the rest.
// Reload visits in the tour cut routes into trips (the rules reset the load there), so Split both
// creates trips and packs them into vehicles.
import { FW, ND } from '../rules/types.js';
import type { Evaluator } from '../rules/index.js';
import type { Instance } from './instance.js';
import { dropEmptyTrips } from './reloads.js';

export class Splitter {
  private readonly pot: Float64Array;
  private readonly pred: Int32Array;
  private readonly potK: Float64Array;
  private readonly predK: Int32Array;
  private readonly vehicleOrder: Int32Array;

  constructor(
    private readonly inst: Instance,
    private readonly rules: Evaluator,
    private readonly routeVeh: Int32Array,
    private readonly homogeneous: boolean,
  ) {
    const m = inst.n + 1;
    this.pot = new Float64Array(m);
    this.pred = new Int32Array(m);
    this.potK = new Float64Array(homogeneous ? (routeVeh.length + 1) * m : 0);
    this.predK = new Int32Array(homogeneous ? (routeVeh.length + 1) * m : 0);
    const order = Array.from(routeVeh.keys());
    const cap0 = (r: number): number => inst.capacity[routeVeh[r]! * inst.dims] ?? 0;
    order.sort((a, b) => cap0(b) - cap0(a) || inst.fixedCost[routeVeh[a]!]! - inst.fixedCost[routeVeh[b]!]! || a - b);
    this.vehicleOrder = Int32Array.from(order);
  }

  /** Routes per route slot (length R). */
  split(tour: ArrayLike<number>, len: number, penaltyScale = 1): number[][] {
    const routes = this.homogeneous ? this.splitHomogeneous(tour, len, penaltyScale) : this.fillGreedy(tour, len, penaltyScale);
    // Reload visits that would open an empty trip stay out (the search inserts them where useful).
    if (this.inst.hasReloads) for (const r of routes) dropEmptyTrips(r, this.inst.isReload);
    return routes;
  }

  /** Cost of route tour[i..j] computed incrementally; calls visit(j, cost) for growing j. */
  private scan(tour: ArrayLike<number>, len: number, i: number, scale: number, visit: (j: number, cost: number) => void): void {
    const inst = this.inst;
    const rules = this.rules;
    const v = this.routeVeh[0]!;
    const p = inst.profileOf[v]!;
    const D = inst.dist[p]!;
    const T = inst.time[p]!;
    const W = inst.W;
    const cpd = inst.costPerDistance[v]!;
    const cpt = inst.costPerTime[v]!;
    const fixed = inst.fixedCost[v]!;
    const st = inst.n; // route slot 0's depots: start n, end n+1
    const en = inst.n + 1;
    const ls = inst.vStart[v]!;
    const le = inst.vEnd[v]!;
    rules.select(v);
    rules.forwardStart(st);
    let prevNode = st;
    let prevLoc = ls;
    let travel = 0;
    for (let j = i; j < len; j++) {
      const x = tour[j]!;
      const lx = inst.jobLoc[x]!;
      const ip = prevLoc * W + lx;
      travel += cpd * D[ip]! + (cpt === 0 ? 0 : cpt * T[ip]!);
      rules.forward(prevNode, x, D[ip]!, T[ip]!);
      const ie = lx * W + le;
      rules.start(FW, x);
      rules.push(ND, en, D[ie]!, T[ie]!);
      const pen = scale * rules.penalty(v);
      const cost = fixed + travel + cpd * D[ie]! + (cpt === 0 ? 0 : cpt * T[ie]!) + pen;
      visit(j, cost);
      // A route whose penalty already exceeds its whole cost is not worth extending further.
      if (pen > 2 * (travel + fixed) + 1 && j > i) break;
      prevNode = x;
      prevLoc = lx;
    }
  }

  private splitHomogeneous(tour: ArrayLike<number>, len: number, scale: number): number[][] {
    const R = this.routeVeh.length;
    const pot = this.pot;
    const pred = this.pred;
    pot.fill(Infinity, 0, len + 1);
    pot[0] = 0;
    for (let i = 0; i < len; i++) {
      const base = pot[i]!;
      if (base === Infinity) continue;
      this.scan(tour, len, i, scale, (j, cost) => {
        if (base + cost < pot[j + 1]!) {
          pot[j + 1] = base + cost;
          pred[j + 1] = i;
        }
      });
    }
    let count = 0;
    for (let j = len; j > 0; j = pred[j]!) count++;
    if (count <= R) return this.collect(tour, len, pred, count);
    // Fleet-limited Bellman: potK[k][j] = best cost of covering tour[0..j) with k routes.
    const m = len + 1;
    const potK = this.potK;
    const predK = this.predK;
    potK.fill(Infinity, 0, (R + 1) * m);
    potK[0] = 0;
    for (let k = 0; k < R; k++) {
      for (let i = 0; i < len; i++) {
        const base = potK[k * m + i]!;
        if (base === Infinity) continue;
        this.scan(tour, len, i, scale, (j, cost) => {
          const o = (k + 1) * m + j + 1;
          if (base + cost < potK[o]!) {
            potK[o] = base + cost;
            predK[o] = i;
          }
        });
      }
    }
    let bestK = -1;
    for (let k = 1; k <= R; k++) if (potK[k * m + len]! < Infinity && (bestK < 0 || potK[k * m + len]! < potK[bestK * m + len]!)) bestK = k;
    if (bestK < 0) {
      // The scan cut-off left no way to cover the tour with R routes: keep the unlimited split
      // and merge its surplus routes into the last slot (penalised; the search fixes it).
      const routes = this.collect(tour, len, pred, count);
      return routes;
    }
    const routes: number[][] = Array.from({ length: R }, () => []);
    let j = len;
    for (let k = bestK; k > 0; k--) {
      const i = predK[k * m + j]!;
      for (let t = i; t < j; t++) routes[k - 1]!.push(tour[t]!);
      j = i;
    }
    return routes;
  }

  private collect(tour: ArrayLike<number>, len: number, pred: Int32Array, count: number): number[][] {
    const R = this.routeVeh.length;
    const routes: number[][] = Array.from({ length: R }, () => []);
    let k = count - 1;
    for (let j = len; j > 0; j = pred[j]!, k--) {
      const slot = Math.min(k, R - 1);
      const seg: number[] = [];
      for (let t = pred[j]!; t < j; t++) seg.push(tour[t]!);
      routes[slot]!.unshift(...seg);
    }
    return routes;
  }

  private fillGreedy(tour: ArrayLike<number>, len: number, scale: number): number[][] {
    const inst = this.inst;
    const R = this.routeVeh.length;
    const routes: number[][] = Array.from({ length: R }, () => []);
    const order = this.vehicleOrder;
    // Reload visits are held back and put before a job when the job fits only on a new trip:
    // multi-trip routes start as trips that fit rather than one overloaded trip for the search to cut.
    const reloads: number[] = [];
    if (inst.hasReloads) for (let t = 0; t < len; t++) if (inst.isReload[tour[t]!]) reloads.push(tour[t]!);
    let cur = 0;
    for (let t = 0; t < len; t++) {
      const j = tour[t]!;
      if (inst.hasReloads && inst.isReload[j]) continue;
      let placed = false;
      while (cur < R && !placed) {
        const r = order[cur]!;
        if (this.allowed(j, r) && (this.appendPenalty(routes[r]!, r, j, scale) <= 1e-9 || this.appendTrip(routes[r]!, r, j, scale, reloads))) {
          if (routes[r]!.at(-1) !== j) routes[r]!.push(j);
          placed = true;
        } else if (routes[r]!.length === 0 && this.allowed(j, r)) {
          // An empty vehicle that cannot take the job alone will not take it later either.
          break;
        } else if (this.allowed(j, r)) cur++;
        else break;
      }
      if (placed) continue;
      // A new trip that fits on any allowed route, else the cheapest allowed route end (empty
      // routes included), penalties counted.
      let best = Infinity;
      let bestR = -1;
      for (let r = 0; r < R; r++) {
        if (!this.allowed(j, r)) continue;
        if (this.appendTrip(routes[r]!, r, j, scale, reloads)) {
          bestR = -2;
          break;
        }
        const c = this.appendPenalty(routes[r]!, r, j, scale) + (routes[r]!.length === 0 ? inst.fixedCost[this.routeVeh[r]!]! : 0);
        if (c < best) {
          best = c;
          bestR = r;
        }
      }
      if (bestR === -2) continue;
      if (bestR >= 0) routes[bestR]!.push(j);
      else routes[order[0]!]!.push(j); // unreachable for servable jobs; keeps every job routed
    }
    // Reload visits left over stay unrouted (optional, no penalty): the search places them where useful.
    return routes;
  }

  /** Appends reload + j to route slot r when that is penalty-free (a new trip); true when done. */
  private appendTrip(jobs: number[], r: number, j: number, scale: number, reloads: number[]): boolean {
    if (jobs.length === 0 || reloads.length === 0 || this.inst.isReload[jobs[jobs.length - 1]!]) return false;
    let k = 0;
    while (k < reloads.length && !this.allowed(reloads[k]!, r)) k++;
    if (k === reloads.length) return false;
    const x = reloads[k]!;
    jobs.push(x);
    const ok = this.appendPenalty(jobs, r, j, scale) <= 1e-9;
    if (!ok) {
      jobs.pop();
      return false;
    }
    jobs.push(j);
    reloads[k] = reloads[reloads.length - 1]!;
    reloads.pop();
    return true;
  }

  private allowed(j: number, r: number): boolean {
    const a = this.inst.allowed;
    return a === null || a[j * this.inst.V + this.routeVeh[r]!] === 1;
  }

  /** Penalty of route slot r's jobs followed by j (linear in the route length). */
  private appendPenalty(jobs: number[], r: number, j: number, scale: number): number {
    const inst = this.inst;
    const v = this.routeVeh[r]!;
    const p = inst.profileOf[v]!;
    const D = inst.dist[p]!;
    const T = inst.time[p]!;
    const W = inst.W;
    const st = inst.n + 2 * r;
    const en = st + 1;
    this.rules.select(v);
    this.rules.start(ND, st);
    let last = inst.vStart[v]!;
    const visit = (x: number): void => {
      const lx = inst.jobLoc[x]!;
      this.rules.push(ND, x, D[last * W + lx]!, T[last * W + lx]!);
      last = lx;
    };
    for (const x of jobs) visit(x);
    visit(j);
    const le = inst.vEnd[v]!;
    this.rules.push(ND, en, D[last * W + le]!, T[last * W + le]!);
    return scale * this.rules.penalty(v);
  }
}
