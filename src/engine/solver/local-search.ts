// Education by local search (HGS-CVRP style) over granular neighbourhoods, on routes each bound
// to one concrete vehicle. Moves: relocate of 1–2 nodes (pair also reversed), swaps 1-1/2-1/2-2,
// 2-opt (intra), 2-opt* (both orientations when reversal is cheap to evaluate), SWAP* between
// routes whose polar sectors overlap, and insertion/removal of optional jobs.
// Costs: each route pays fixedCost when used + its arc costs (cost matrix per route =
// costPerDistance·distance + costPerTime·duration) + Σ rule penalties; the search asks the
// RuleSet for penalties and never names a rule. Nodes: jobs 0..n-1, then per route r its
// start depot n+2r and end depot n+2r+1. No allocation inside the move loops.
import { BW, FW, ND } from '../rules/types.js';
import type { Evaluator } from '../rules/index.js';
import type { Instance } from './instance.js';
import type { Rng } from './rng.js';

const EPS = 1e-7;

/** What the search exchanges with the population: job sequences per route slot. */
export interface RoutesSnapshot {
  routes: number[][];
  unassigned: number[];
}

export class LocalSearch {
  readonly inst: Instance;
  readonly rules: Evaluator;
  readonly n: number;
  readonly R: number;
  readonly N: number;
  readonly W: number;
  readonly routeVeh: Int32Array;
  /** Vehicles sharing profile, start/end and shift are interchangeable for route tails. */
  private readonly routeClass: Int32Array;
  private readonly routeC: Float64Array[];
  /** Node-indexed arc costs when every route shares one cost matrix (saves two lookups per arc). */
  private readonly NC: Float64Array | null;
  private readonly routeD: Float64Array[];
  private readonly routeT: Float64Array[];
  private readonly wantD: boolean;
  private readonly wantT: boolean;
  readonly loc: Int32Array;
  readonly next: Int32Array;
  readonly prev: Int32Array;
  readonly routeOf: Int32Array;
  private readonly pos: Int32Array;
  private readonly cumCost: Float64Array; // arc cost from the start depot to the node
  private readonly cumRev: Float64Array; // cost of the reversed prefix (symmetric instances)
  readonly routeNb: Int32Array;
  /** Route cost without penalties (0 when empty). */
  private readonly routeBase: Float64Array;
  private readonly routeFixed: Float64Array;
  readonly routeTravel: Float64Array;
  readonly routePen: Float64Array;
  readonly routeCost: Float64Array;
  private readonly routeModified: Int32Array;
  private readonly routeTestedSWS: Int32Array;
  private readonly nodeTestedRI: Int32Array;
  private readonly neighbours: Int32Array[];
  private readonly orderNodes: Int32Array;
  private readonly orderRoutes: Int32Array;
  private readonly seq: Int32Array; // scratch for walking evaluations
  private readonly active: Uint8Array; // job takes part in the search (servable)
  private readonly angle: Int32Array | null; // polar angle per job (0..65535) for SWAP*
  private readonly sectorStart: Int32Array;
  private readonly sectorEnd: Int32Array;
  // SWAP* insertion caches: per (route, job) top-3 insertion costs and positions
  private readonly insCost: Float64Array;
  private readonly insPos: Int32Array;
  private readonly insStamp: Int32Array;
  private readonly removalCost: Float64Array;
  private readonly allowedMap: Uint8Array | null;
  private readonly posBuf: Int32Array;
  private readonly edgeBuf: Float64Array;
  private readonly allowReversal: boolean;
  private readonly orderSensitive: boolean;
  private nbMoves = 0;
  private classStamp = 0;
  private readonly classSeen: Int32Array;
  private searchCompleted = false;
  private inRoute: Uint8Array;
  /** Multiplier on the penalty coefficients (10 during repair). */
  penaltyScale = 1;
  /**
   * True once the search's time is up (the driver's clock). Polled between nodes and route pairs,
   * so a long education stops within a few milliseconds and leaves its current, valid routes.
   */
  expired: () => boolean = () => false;
  /** The last run() stopped on `expired` before reaching a local optimum. */
  timedOut = false;
  private rng: Rng;

  constructor(inst: Instance, rules: Evaluator, routeVehicles: Int32Array, neighbours: Int32Array[], rng: Rng) {
    this.inst = inst;
    this.rules = rules;
    this.rng = rng;
    const n = inst.n;
    const R = routeVehicles.length;
    this.n = n;
    this.R = R;
    this.N = n + 2 * R;
    this.W = inst.W;
    this.routeVeh = routeVehicles;
    this.neighbours = neighbours;
    const N = this.N;
    this.loc = new Int32Array(N);
    this.next = new Int32Array(N);
    this.prev = new Int32Array(N);
    this.routeOf = new Int32Array(N).fill(-1);
    this.pos = new Int32Array(N);
    this.cumCost = new Float64Array(N);
    this.cumRev = new Float64Array(N);
    this.routeNb = new Int32Array(R);
    this.routeBase = new Float64Array(R);
    this.routeFixed = Float64Array.from(routeVehicles, (v) => inst.fixedCost[v]!);
    this.routeTravel = new Float64Array(R);
    this.routePen = new Float64Array(R);
    this.routeCost = new Float64Array(R);
    this.routeModified = new Int32Array(R);
    this.routeTestedSWS = new Int32Array(R);
    this.nodeTestedRI = new Int32Array(N);
    this.inRoute = new Uint8Array(n);
    this.seq = new Int32Array(N);
    this.active = inst.servable;
    this.orderNodes = Int32Array.from({ length: n }, (_, i) => i).filter((i) => inst.servable[i]);
    this.orderRoutes = Int32Array.from({ length: R }, (_, i) => i);
    this.wantD = rules.needsDistance;
    this.wantT = rules.needsTime;
    this.orderSensitive = rules.orderSensitive;
    // Cost matrices per (profile, costPerDistance, costPerTime), shared between routes.
    const cache = new Map<string, Float64Array>();
    this.routeC = [];
    this.routeD = [];
    this.routeT = [];
    const classKey = new Map<string, number>();
    this.routeClass = new Int32Array(R);
    for (let r = 0; r < R; r++) {
      const v = routeVehicles[r]!;
      const p = inst.profileOf[v]!;
      const cpd = inst.costPerDistance[v]!;
      const cpt = inst.costPerTime[v]!;
      const key = `${p}|${cpd}|${cpt}`;
      let C = cache.get(key);
      if (!C) {
        const D = inst.dist[p]!;
        const T = inst.time[p]!;
        if (cpd === 1 && cpt === 0) C = D;
        else {
          C = new Float64Array(D.length);
          for (let i = 0; i < D.length; i++) C[i] = cpd * D[i]! + (cpt === 0 ? 0 : cpt * T[i]!);
        }
        cache.set(key, C);
      }
      this.routeC.push(C);
      this.routeD.push(inst.dist[p]!);
      this.routeT.push(inst.time[p]!);
      // Routes of one class exchange segment data (2-opt* tails): they run the same rules.
      const ck = `${key}|${rules.signature(v)}|${inst.vStart[v]}|${inst.vEnd[v]}|${inst.shiftStart[v]}|${inst.shiftEnd[v]}|${inst.maxDistance[v]}|${inst.maxDuration[v]}|${Array.from(inst.capacity.subarray(v * inst.dims, (v + 1) * inst.dims))}`;
      if (!classKey.has(ck)) classKey.set(ck, classKey.size);
      this.routeClass[r] = classKey.get(ck)!;
    }
    for (let j = 0; j < n; j++) {
      this.loc[j] = inst.jobLoc[j]!;
      rules.setJob(j, j);
    }
    let NC: Float64Array | null = null;
    if (cache.size === 1 && N <= 3000) {
      const C = this.routeC[0]!;
      const W = inst.W;
      NC = new Float64Array(N * N);
      const locOf = (x: number): number => (x < n ? inst.jobLoc[x]! : x % 2 === n % 2 ? inst.vStart[routeVehicles[(x - n) >> 1]!]! : inst.vEnd[routeVehicles[(x - n) >> 1]!]!);
      for (let a = 0; a < N; a++) {
        const la = locOf(a) * W;
        for (let b = 0; b < N; b++) NC[a * N + b] = C[la + locOf(b)]!;
      }
    }
    this.NC = NC;
    for (let r = 0; r < R; r++) {
      const v = routeVehicles[r]!;
      const s = n + 2 * r;
      const e = s + 1;
      this.loc[s] = inst.vStart[v]!;
      this.loc[e] = inst.vEnd[v]!;
      this.routeOf[s] = r;
      this.routeOf[e] = r;
      rules.setDepots(s, e, v);
    }
    // Reversal moves need symmetric arc costs and no order-sensitive rule (CVRP case).
    this.allowReversal = inst.symmetric && !rules.orderSensitive && classKey.size === 1 && inst.vStart[routeVehicles[0] ?? 0] === inst.vEnd[routeVehicles[0] ?? 0];
    // Polar angles around the first vehicle's start for SWAP* sector overlap.
    const coords = inst.problem.coordinates;
    this.sectorStart = new Int32Array(R);
    this.sectorEnd = new Int32Array(R);
    if (coords && coords.length >= inst.W - 1 && R > 1) {
      const depotLoc = inst.vStart[routeVehicles[0]!]!;
      const c0 = depotLoc < coords.length ? coords[depotLoc]! : [0, 0];
      this.angle = new Int32Array(n);
      for (let j = 0; j < n; j++) {
        const c = coords[inst.jobLoc[j]!]!;
        const a = Math.atan2(c[1] - c0[1]!, c[0] - c0[0]!);
        this.angle[j] = Math.round((32768 * a) / Math.PI) & 0xffff;
      }
      this.insCost = new Float64Array(R * n * 3);
      this.insPos = new Int32Array(R * n * 3);
      this.insStamp = new Int32Array(R * n).fill(-1);
    } else {
      this.angle = null;
      this.insCost = new Float64Array(0);
      this.insPos = new Int32Array(0);
      this.insStamp = new Int32Array(0);
    }
    this.removalCost = new Float64Array(n);
    this.allowedMap = inst.allowed;
    this.posBuf = new Int32Array(this.N + 1);
    this.edgeBuf = new Float64Array(this.N + 1);
    this.classSeen = new Int32Array(classKey.size);
  }

  /** Re-reads every job's own segment data (after the instance's window view changed). */
  refreshJobs(): void {
    for (let j = 0; j < this.n; j++) this.rules.setJob(j, j);
  }

  // ---------- loading / exporting ----------

  load(s: RoutesSnapshot): void {
    const n = this.n;
    this.inRoute.fill(0);
    for (let r = 0; r < this.R; r++) {
      const st = n + 2 * r;
      const en = st + 1;
      let last = st;
      const jobs = s.routes[r] ?? [];
      for (let k = 0; k < jobs.length; k++) {
        const j = jobs[k]!;
        this.next[last] = j;
        this.prev[j] = last;
        this.routeOf[j] = r;
        this.inRoute[j] = 1;
        last = j;
      }
      this.next[last] = en;
      this.prev[en] = last;
      this.prev[st] = -1;
      this.next[en] = -1;
      this.updateRoute(r);
    }
    for (let j = 0; j < n; j++) if (!this.inRoute[j]) this.routeOf[j] = -1;
    this.nbMoves = 0;
    this.nodeTestedRI.fill(-1);
    this.routeTestedSWS.fill(-1);
    this.insStamp.fill(-1);
    this.routeModified.fill(0);
  }

  export(): RoutesSnapshot {
    const routes: number[][] = [];
    for (let r = 0; r < this.R; r++) {
      const jobs: number[] = [];
      for (let x = this.next[this.n + 2 * r]!; x < this.n; x = this.next[x]!) jobs.push(x);
      routes.push(jobs);
    }
    const unassigned: number[] = [];
    for (let j = 0; j < this.n; j++) if (!this.inRoute[j]) unassigned.push(j);
    return { routes, unassigned };
  }

  /** Penalised cost of the loaded solution (route costs + optional penalties of unrouted jobs). */
  totalCost(): number {
    let c = 0;
    for (let r = 0; r < this.R; r++) c += this.routeCost[r]!;
    for (let j = 0; j < this.n; j++) if (!this.inRoute[j] && this.active[j]) c += this.unroutedPenalty(j);
    return c;
  }

  /** Bit i set when some route violates rule i. */
  violations(): number {
    let bits = 0;
    for (let r = 0; r < this.R; r++) if (this.routeNb[r]! > 0) bits |= this.rules.routeViolations(this.n + 2 * r + 1, this.routeVeh[r]!);
    return bits;
  }

  private unroutedPenalty(j: number): number {
    // Mandatory jobs never leave routes; if one is unrouted, make it dominate everything.
    return this.inst.optional[j] ? this.inst.penalty[j]! : 1e12;
  }

  // ---------- route bookkeeping ----------

  private updateRoute(r: number): void {
    const n = this.n;
    const rules = this.rules;
    const C = this.routeC[r]!;
    const D = this.routeD[r]!;
    const T = this.routeT[r]!;
    const W = this.W;
    const loc = this.loc;
    const st = n + 2 * r;
    const en = st + 1;
    rules.select(this.routeVeh[r]!);
    rules.forwardStart(st);
    this.cumCost[st] = 0;
    this.cumRev[st] = 0;
    this.pos[st] = 0;
    let p = st;
    let nb = 0;
    let x = this.next[st]!;
    let a0 = 0;
    let s0 = 0;
    while (true) {
      const ip = loc[p]! * W + loc[x]!;
      this.cumCost[x] = this.cumCost[p]! + C[ip]!;
      this.cumRev[x] = this.cumRev[p]! + C[loc[x]! * W + loc[p]!]! - C[ip]!;
      this.pos[x] = this.pos[p]! + 1;
      this.routeOf[x] = r;
      rules.forward(p, x, this.wantD ? D[ip]! : 0, this.wantT ? T[ip]! : 0);
      if (x === en) break;
      nb++;
      if (this.angle && !this.inst.isReload[x]) {
        const a = this.angle[x]!;
        if (nb === 1) {
          a0 = a;
          s0 = a;
        } else if (!enclosed(a, a0, s0)) {
          if (pmod(a - s0) <= pmod(a0 - a)) s0 = a;
          else a0 = a;
        }
      }
      p = x;
      x = this.next[x]!;
    }
    this.sectorStart[r] = a0;
    this.sectorEnd[r] = s0;
    rules.backwardStart(en);
    for (let y = en, q = this.prev[en]!; q !== -1; y = q, q = this.prev[q]!) {
      const ip = loc[q]! * W + loc[y]!;
      rules.backward(q, y, this.wantD ? D[ip]! : 0, this.wantT ? T[ip]! : 0);
    }
    const v = this.routeVeh[r]!;
    this.routeNb[r] = nb;
    this.routeTravel[r] = this.cumCost[en]!;
    this.routePen[r] = nb === 0 ? 0 : this.penaltyScale * rules.routePenalty(en, v);
    this.routeBase[r] = nb === 0 ? 0 : this.routeFixed[r]! + this.routeTravel[r]!;
    this.routeCost[r] = this.routeBase[r]! + this.routePen[r]!;
    this.routeModified[r] = this.nbMoves;
  }

  private arc(r: number, a: number, b: number): number {
    const M = this.NC;
    if (M !== null) return M[a * this.N + b]!;
    return this.routeC[r]![this.loc[a]! * this.W + this.loc[b]!]!;
  }

  /** Cost of route r (no penalty) with `travel` arc cost and `nb` jobs. */
  private base(r: number, travel: number, nb: number): number {
    return nb === 0 ? 0 : this.routeFixed[r]! + travel;
  }

  private push(r: number, kind: 0 | 1 | 2, from: number, node: number): void {
    const ip = this.loc[from]! * this.W + this.loc[node]!;
    this.rules.push(kind, node, this.wantD ? this.routeD[r]![ip]! : 0, this.wantT ? this.routeT[r]![ip]! : 0);
  }

  private penalty(r: number): number {
    return this.penaltyScale * this.rules.penalty(this.routeVeh[r]!);
  }

  /** Penalty of route r = fw[a] + bw[b]. */
  private penFB(r: number, a: number, b: number): number {
    this.rules.select(this.routeVeh[r]!);
    this.rules.start(FW, a);
    this.push(r, BW, a, b);
    return this.penalty(r);
  }
  /** Penalty of route r = fw[a] + u + bw[b]. */
  private penFNB(r: number, a: number, u: number, b: number): number {
    this.rules.select(this.routeVeh[r]!);
    this.rules.start(FW, a);
    this.push(r, ND, a, u);
    this.push(r, BW, u, b);
    return this.penalty(r);
  }
  /** Penalty of route r = fw[a] + u + w + bw[b]. */
  private penFNNB(r: number, a: number, u: number, w: number, b: number): number {
    this.rules.select(this.routeVeh[r]!);
    this.rules.start(FW, a);
    this.push(r, ND, a, u);
    this.push(r, ND, u, w);
    this.push(r, BW, w, b);
    return this.penalty(r);
  }
  /** Penalty of route r = fw[a] + seq[0..len) + bw[b] (linear walk, used after cheap pruning). */
  private penSeq(r: number, a: number, len: number, b: number): number {
    this.rules.select(this.routeVeh[r]!);
    this.rules.start(FW, a);
    let last = a;
    for (let k = 0; k < len; k++) {
      const x = this.seq[k]!;
      this.push(r, ND, last, x);
      last = x;
    }
    this.push(r, BW, last, b);
    return this.penalty(r);
  }

  private allowedOn(job: number, r: number): boolean {
    const a = this.allowedMap;
    if (a === null) return true;
    return a === null || job >= this.n || a[job * this.inst.V + this.routeVeh[r]!] === 1;
  }

  // ---------- main loop ----------

  run(): void {
    const rng = this.rng;
    rng.shuffle(this.orderNodes);
    rng.shuffle(this.orderRoutes);
    for (let i = 0; i < this.n; i++) {
      const nb = this.neighbours[i]!;
      if (nb.length > 1 && rng.int(Math.max(1, nb.length)) === 0) rng.shuffle(nb);
    }
    this.searchCompleted = false;
    this.timedOut = this.expired();
    for (let loopID = 0; !this.searchCompleted && !this.timedOut; loopID++) {
      if (loopID > 1) this.searchCompleted = true;
      for (let oi = 0; oi < this.orderNodes.length; oi++) {
        if ((oi & 7) === 0 && this.expired()) {
          this.timedOut = true;
          return;
        }
        const U = this.orderNodes[oi]!;
        const lastTested = this.nodeTestedRI[U]!;
        this.nodeTestedRI[U] = this.nbMoves;
        if (this.inst.isReload[U]) {
          if (this.placeReload(U) || !this.inRoute[U]) continue;
        } else if (!this.inRoute[U]) {
          this.tryInsertUnrouted(U);
          continue;
        }
        if (this.inst.optional[U] && this.tryRemove(U)) continue;
        const nbs = this.neighbours[U]!;
        for (let k = 0; k < nbs.length; k++) {
          const V = nbs[k]!;
          if (!this.inRoute[V] || !this.inRoute[U]) continue;
          const rU = this.routeOf[U]!;
          const rV = this.routeOf[V]!;
          if (loopID > 0 && Math.max(this.routeModified[rU]!, this.routeModified[rV]!) <= lastTested) continue;
          if (this.moves(U, V, true)) continue;
          // Also try V's predecessor position when it is the depot (insert at route start).
          const pV = this.prev[V]!;
          if ((pV >= this.n || this.inst.isReload[pV]) && this.movesAtDepot(U, pV)) continue;
        }
        if (loopID > 0 && this.inRoute[U]) {
          // Moves towards the first empty route of each vehicle class (the others are identical).
          this.classStamp++;
          for (let r = 0; r < this.R; r++) {
            if (this.routeNb[r]! !== 0 || this.classSeen[this.routeClass[r]!] === this.classStamp) continue;
            this.classSeen[this.routeClass[r]!] = this.classStamp;
            if (this.movesAtDepot(U, this.n + 2 * r)) break;
          }
        }
      }
      if (this.angle) {
        for (let i = 0; i < this.R; i++) {
          const rU = this.orderRoutes[i]!;
          const lastTested = this.routeTestedSWS[rU]!;
          this.routeTestedSWS[rU] = this.nbMoves;
          if (this.routeNb[rU] === 0) continue;
          if (this.expired()) {
            this.timedOut = true;
            return;
          }
          for (let j = 0; j < this.R; j++) {
            const rV = this.orderRoutes[j]!;
            if (rV <= rU || this.routeNb[rV] === 0) continue;
            if (loopID > 0 && Math.max(this.routeModified[rU]!, this.routeModified[rV]!) <= lastTested) continue;
            if (!overlap(this.sectorStart[rU]!, this.sectorEnd[rU]!, this.sectorStart[rV]!, this.sectorEnd[rV]!)) continue;
            this.swapStar(rU, rV);
          }
        }
      }
    }
  }

  private moves(U: number, V: number, _full: boolean): boolean {
    return (
      this.relocate1(U, V) ||
      this.relocate2(U, V) ||
      this.swap11(U, V) ||
      this.swap21(U, V) ||
      this.swap22(U, V) ||
      this.twoOpt(U, V) ||
      this.twoOptStarReversed(U, V) ||
      this.twoOptStar(U, V)
    );
  }

  private movesAtDepot(U: number, depot: number): boolean {
    return (
      this.relocate1(U, depot) ||
      this.relocate2(U, depot) ||
      this.twoOptStarReversed(U, depot) ||
      this.twoOptStar(U, depot)
    );
  }

  private applied(r1: number, r2: number): true {
    this.nbMoves++;
    this.searchCompleted = false;
    this.updateRoute(r1);
    if (r2 !== r1) this.updateRoute(r2);
    return true;
  }

  /** Moves node U to just after node V. */
  private insertAfter(U: number, V: number): void {
    const p = this.prev[U]!;
    const x = this.next[U]!;
    this.next[p] = x;
    this.prev[x] = p;
    this.spliceAfter(V, U);
  }

  /** Links U (already unlinked) just after V, in V's route. */
  private spliceAfter(V: number, U: number): void {
    const y = this.next[V]!;
    this.next[V] = U;
    this.prev[U] = V;
    this.next[U] = y;
    this.prev[y] = U;
    this.routeOf[U] = this.routeOf[V]!;
  }

  private swapNodes(U: number, V: number): void {
    const pU = this.prev[U]!, xU = this.next[U]!, pV = this.prev[V]!, xV = this.next[V]!;
    const rU = this.routeOf[U]!, rV = this.routeOf[V]!;
    this.next[pU] = V;
    this.prev[xU] = V;
    this.next[pV] = U;
    this.prev[xV] = U;
    this.prev[U] = pV;
    this.next[U] = xV;
    this.prev[V] = pU;
    this.next[V] = xU;
    this.routeOf[U] = rV;
    this.routeOf[V] = rU;
  }

  /**
   * Evaluates the inter-route change where route rU gets cost change dU and route rV gets dV
   * (arc costs), with the given new job counts, before penalties. Returns the delta without
   * penalties, or Infinity when it cannot improve even if all current penalties vanished.
   */
  private interBase(rU: number, dU: number, nbU: number, rV: number, dV: number, nbV: number): number {
    const newU = nbU === 0 ? 0 : this.routeFixed[rU]! + this.routeTravel[rU]! + dU;
    const newV = nbV === 0 ? 0 : this.routeFixed[rV]! + this.routeTravel[rV]! + dV;
    const b = newU + newV - this.routeBase[rU]! - this.routeBase[rV]!;
    return b >= this.routePen[rU]! + this.routePen[rV]! - EPS ? Infinity : b;
  }

  // relocate U after V
  private relocate1(U: number, V: number): boolean {
    const X = this.next[U]!;
    const Y = this.next[V]!;
    if (U === V || U === Y) return false;
    const pU = this.prev[U]!;
    const rU = this.routeOf[U]!;
    const rV = this.routeOf[V]!;
    const dU = this.arc(rU, pU, X) - this.arc(rU, pU, U) - this.arc(rU, U, X);
    const dV = this.arc(rV, V, U) + this.arc(rV, U, Y) - this.arc(rV, V, Y);
    if (rU !== rV) {
      if (!this.allowedOn(U, rV)) return false;
      const b = this.interBase(rU, dU, this.routeNb[rU]! - 1, rV, dV, this.routeNb[rV]! + 1);
      if (b === Infinity) return false;
      const pu = this.routeNb[rU]! === 1 ? 0 : this.penFB(rU, pU, X);
      const old = this.routePen[rU]! + this.routePen[rV]!;
      if (b + pu - old > -EPS) return false;
      const pv = this.penFNB(rV, V, U, Y);
      if (b + pu + pv - old > -EPS) return false;
    } else {
      const b = dU + dV;
      if (!this.orderSensitive) {
        if (b > -EPS) return false;
      } else {
        if (b >= this.routePen[rU]! - EPS) return false;
        // Rebuild the changed stretch: from the earlier of pU/V to the later of X/Y.
        let len = 0;
        let head: number, tail: number;
        if (this.pos[U]! < this.pos[V]!) {
          head = pU;
          for (let z = X; ; z = this.next[z]!) {
            this.seq[len++] = z;
            if (z === V) break;
          }
          this.seq[len++] = U;
          tail = Y;
        } else {
          head = V;
          this.seq[len++] = U;
          for (let z = Y; z !== U; z = this.next[z]!) this.seq[len++] = z;
          tail = X;
        }
        const p = this.penSeq(rU, head, len, tail);
        if (b + p - this.routePen[rU]! > -EPS) return false;
      }
    }
    this.insertAfter(U, V);
    return this.applied(rU, rV);
  }

  // relocate (U, X) after V, as (U, X) then reversed as (X, U); shared checks and removal gain
  private relocate2(U: number, V: number): boolean {
    const X = this.next[U]!;
    if (X >= this.n) return false;
    const Y = this.next[V]!;
    if (U === Y || V === X || U === V) return false;
    const pU = this.prev[U]!;
    const rU = this.routeOf[U]!;
    const rV = this.routeOf[V]!;
    if (rU === rV && V === pU) return false; // reversing in place is a 2-opt
    if (rU !== rV && (!this.allowedOn(U, rV) || !this.allowedOn(X, rV))) return false;
    const XX = this.next[X]!;
    const dU = this.arc(rU, pU, XX) - this.arc(rU, pU, U) - this.arc(rU, U, X) - this.arc(rU, X, XX);
    return this.relocate2As(U, X, V, Y, pU, XX, rU, rV, dU, U, X) || this.relocate2As(U, X, V, Y, pU, XX, rU, rV, dU, X, U);
  }

  private relocate2As(
    U: number, X: number, V: number, Y: number, pU: number, XX: number,
    rU: number, rV: number, dU: number, first: number, second: number,
  ): boolean {
    const dV = this.arc(rV, V, first) + this.arc(rV, first, second) + this.arc(rV, second, Y) - this.arc(rV, V, Y);
    if (rU !== rV) {
      const b = this.interBase(rU, dU, this.routeNb[rU]! - 2, rV, dV, this.routeNb[rV]! + 2);
      if (b === Infinity) return false;
      const pu = this.routeNb[rU]! === 2 ? 0 : this.penFB(rU, pU, XX);
      const old = this.routePen[rU]! + this.routePen[rV]!;
      if (b + pu - old > -EPS) return false;
      const pv = this.penFNNB(rV, V, first, second, Y);
      if (b + pu + pv - old > -EPS) return false;
    } else {
      const b = dU + dV;
      if (!this.orderSensitive) {
        if (b > -EPS) return false;
      } else {
        if (b >= this.routePen[rU]! - EPS) return false;
        let len = 0;
        let head: number, tail: number;
        if (this.pos[U]! < this.pos[V]!) {
          head = pU;
          for (let z = XX; ; z = this.next[z]!) {
            this.seq[len++] = z;
            if (z === V) break;
          }
          this.seq[len++] = first;
          this.seq[len++] = second;
          tail = Y;
        } else {
          head = V;
          this.seq[len++] = first;
          this.seq[len++] = second;
          for (let z = Y; z !== U; z = this.next[z]!) this.seq[len++] = z;
          tail = XX;
        }
        const p = this.penSeq(rU, head, len, tail);
        if (b + p - this.routePen[rU]! > -EPS) return false;
      }
    }
    this.insertAfter(first, V);
    this.insertAfter(second, first);
    return this.applied(rU, rV);
  }

  // swap U and V
  private swap11(U: number, V: number): boolean {
    if (V >= this.n) return false;
    const pU = this.prev[U]!, X = this.next[U]!, pV = this.prev[V]!, Y = this.next[V]!;
    if (U === pV || U === Y) return false;
    const rU = this.routeOf[U]!;
    const rV = this.routeOf[V]!;
    const dU = this.arc(rU, pU, V) + this.arc(rU, V, X) - this.arc(rU, pU, U) - this.arc(rU, U, X);
    const dV = this.arc(rV, pV, U) + this.arc(rV, U, Y) - this.arc(rV, pV, V) - this.arc(rV, V, Y);
    if (rU !== rV) {
      if (!this.allowedOn(U, rV) || !this.allowedOn(V, rU)) return false;
      const b = this.interBase(rU, dU, this.routeNb[rU]!, rV, dV, this.routeNb[rV]!);
      if (b === Infinity) return false;
      const old = this.routePen[rU]! + this.routePen[rV]!;
      const pu = this.penFNB(rU, pU, V, X);
      if (b + pu - old > -EPS) return false;
      const pv = this.penFNB(rV, pV, U, Y);
      if (b + pu + pv - old > -EPS) return false;
    } else {
      const b = dU + dV;
      if (!this.orderSensitive) {
        if (b > -EPS) return false;
      } else {
        if (b >= this.routePen[rU]! - EPS) return false;
        const [A, B] = this.pos[U]! < this.pos[V]! ? [U, V] : [V, U];
        let len = 0;
        this.seq[len++] = B;
        for (let z = this.next[A]!; z !== B; z = this.next[z]!) this.seq[len++] = z;
        this.seq[len++] = A;
        const p = this.penSeq(rU, this.prev[A]!, len, this.next[B]!);
        if (b + p - this.routePen[rU]! > -EPS) return false;
      }
    }
    this.swapNodes(U, V);
    return this.applied(rU, rV);
  }

  // swap (U, X) with V
  private swap21(U: number, V: number): boolean {
    const X = this.next[U]!;
    if (V >= this.n || X >= this.n) return false;
    const pU = this.prev[U]!, XX = this.next[X]!, pV = this.prev[V]!, Y = this.next[V]!;
    if (U === pV || X === pV || U === Y || V === X) return false;
    const rU = this.routeOf[U]!;
    const rV = this.routeOf[V]!;
    if (rU === rV && this.orderSensitive) return false; // intra 2-1 swaps are left to relocations
    const dU = this.arc(rU, pU, V) + this.arc(rU, V, XX) - this.arc(rU, pU, U) - this.arc(rU, U, X) - this.arc(rU, X, XX);
    const dV = this.arc(rV, pV, U) + this.arc(rV, U, X) + this.arc(rV, X, Y) - this.arc(rV, pV, V) - this.arc(rV, V, Y);
    if (rU !== rV) {
      if (!this.allowedOn(U, rV) || !this.allowedOn(X, rV) || !this.allowedOn(V, rU)) return false;
      const b = this.interBase(rU, dU, this.routeNb[rU]! - 1, rV, dV, this.routeNb[rV]! + 1);
      if (b === Infinity) return false;
      const old = this.routePen[rU]! + this.routePen[rV]!;
      const pu = this.penFNB(rU, pU, V, XX);
      if (b + pu - old > -EPS) return false;
      const pv = this.penFNNB(rV, pV, U, X, Y);
      if (b + pu + pv - old > -EPS) return false;
    } else if (dU + dV > -EPS) return false;
    this.swapNodes(U, V);
    this.insertAfter(X, U);
    return this.applied(rU, rV);
  }

  // swap (U, X) with (V, Y)
  private swap22(U: number, V: number): boolean {
    const X = this.next[U]!;
    if (V >= this.n || X >= this.n) return false;
    const Y = this.next[V]!;
    if (Y >= this.n) return false;
    const pU = this.prev[U]!, XX = this.next[X]!, pV = this.prev[V]!, YY = this.next[Y]!;
    if (Y === pU || U === Y || X === V || V === XX) return false;
    const rU = this.routeOf[U]!;
    const rV = this.routeOf[V]!;
    if (rU === rV && this.orderSensitive) return false;
    const dU = this.arc(rU, pU, V) + this.arc(rU, V, Y) + this.arc(rU, Y, XX) - this.arc(rU, pU, U) - this.arc(rU, U, X) - this.arc(rU, X, XX);
    const dV = this.arc(rV, pV, U) + this.arc(rV, U, X) + this.arc(rV, X, YY) - this.arc(rV, pV, V) - this.arc(rV, V, Y) - this.arc(rV, Y, YY);
    if (rU !== rV) {
      if (!this.allowedOn(U, rV) || !this.allowedOn(X, rV) || !this.allowedOn(V, rU) || !this.allowedOn(Y, rU)) return false;
      const b = this.interBase(rU, dU, this.routeNb[rU]!, rV, dV, this.routeNb[rV]!);
      if (b === Infinity) return false;
      const old = this.routePen[rU]! + this.routePen[rV]!;
      const pu = this.penFNNB(rU, pU, V, Y, XX);
      if (b + pu - old > -EPS) return false;
      const pv = this.penFNNB(rV, pV, U, X, YY);
      if (b + pu + pv - old > -EPS) return false;
    } else if (dU + dV > -EPS) return false;
    this.swapNodes(U, V);
    this.swapNodes(X, Y);
    return this.applied(rU, rV);
  }

  // intra-route 2-opt: reverse X..V
  private twoOpt(U: number, V: number): boolean {
    const rU = this.routeOf[U]!;
    if (rU !== this.routeOf[V]! || this.pos[U]! >= this.pos[V]!) return false;
    const X = this.next[U]!;
    const Y = this.next[V]!;
    if (X === V) return false;
    // cumRev carries how much reversing a stretch changes its cost (0 when symmetric).
    const b = this.arc(rU, U, V) + this.arc(rU, X, Y) - this.arc(rU, U, X) - this.arc(rU, V, Y) + this.cumRev[V]! - this.cumRev[X]!;
    if (!this.orderSensitive) {
      if (b > -EPS) return false;
    } else {
      if (b >= this.routePen[rU]! - EPS) return false;
      let len = 0;
      for (let z = V; ; z = this.prev[z]!) {
        this.seq[len++] = z;
        if (z === X) break;
      }
      const p = this.penSeq(rU, U, len, Y);
      if (b + p - this.routePen[rU]! > -EPS) return false;
    }
    // Reverse the chain X..V in place.
    let z = V;
    let last = U;
    const stop = Y;
    while (true) {
      const pz = this.prev[z]!;
      this.next[last] = z;
      this.prev[z] = last;
      last = z;
      if (z === X) break;
      z = pz;
    }
    this.next[X] = stop;
    this.prev[stop] = X;
    return this.applied(rU, rU);
  }

  /** 2-opt*: route U becomes startU..U + Y..end, route V becomes startV..V + X..end. */
  private twoOptStar(U: number, V: number): boolean {
    const rU = this.routeOf[U]!;
    const rV = this.routeOf[V]!;
    if (rU === rV) return false;
    const X = this.next[U]!;
    const Y = this.next[V]!;
    const n = this.n;
    const enU = n + 2 * rU + 1;
    const enV = n + 2 * rV + 1;
    // Tails move between routes: check eligibility, count jobs.
    if (this.inst.allowed) {
      for (let z = X; z < n; z = this.next[z]!) if (!this.allowedOn(z, rV)) return false;
      for (let z = Y; z < n; z = this.next[z]!) if (!this.allowedOn(z, rU)) return false;
    }
    const tailU = this.routeNb[rU]! - this.pos[U]!; // jobs after U (pos of depot = 0)
    const tailV = this.routeNb[rV]! - this.pos[V]!;
    const nbU = this.routeNb[rU]! - tailU + tailV;
    const nbV = this.routeNb[rV]! - tailV + tailU;
    const sameClass = this.routeClass[rU] === this.routeClass[rV];
    let dU: number, dV: number;
    if (sameClass) {
      // Same cost matrix and end depot: tail costs are transferable.
      const tailCostU = this.routeTravel[rU]! - this.cumCost[X]!;
      const tailCostV = this.routeTravel[rV]! - this.cumCost[Y]!;
      dU = this.arc(rU, U, Y) - this.arc(rU, U, X) - tailCostU + tailCostV;
      dV = this.arc(rV, V, X) - this.arc(rV, V, Y) - tailCostV + tailCostU;
      // Tails end at each route's own end depot; with one class those coincide.
    } else {
      dU = -(this.routeTravel[rU]! - this.cumCost[U]!);
      let last = U;
      for (let z = Y; z < n; z = this.next[z]!) {
        dU += this.arc(rU, last, z);
        last = z;
      }
      dU += this.arc(rU, last, enU);
      dV = -(this.routeTravel[rV]! - this.cumCost[V]!);
      last = V;
      for (let z = X; z < n; z = this.next[z]!) {
        dV += this.arc(rV, last, z);
        last = z;
      }
      dV += this.arc(rV, last, enV);
    }
    const b = this.interBase(rU, dU, nbU, rV, dV, nbV);
    if (b === Infinity) return false;
    const old = this.routePen[rU]! + this.routePen[rV]!;
    let pu: number, pv: number;
    if (sameClass) {
      pu = nbU === 0 ? 0 : this.penFB(rU, U, Y);
      if (b + pu - old > -EPS) return false;
      pv = nbV === 0 ? 0 : this.penFB(rV, V, X);
    } else {
      let len = 0;
      for (let z = Y; z < n; z = this.next[z]!) this.seq[len++] = z;
      pu = nbU === 0 ? 0 : this.penSeq(rU, U, len, enU);
      if (b + pu - old > -EPS) return false;
      len = 0;
      for (let z = X; z < n; z = this.next[z]!) this.seq[len++] = z;
      pv = nbV === 0 ? 0 : this.penSeq(rV, V, len, enV);
    }
    if (b + pu + pv - old > -EPS) return false;
    // Relink: U -> Y ... -> enU ; V -> X ... -> enV.
    const lastU = this.prev[enU]!;
    const lastV = this.prev[enV]!;
    if (Y < n) {
      this.next[U] = Y;
      this.prev[Y] = U;
      this.next[lastV] = enU;
      this.prev[enU] = lastV;
    } else {
      this.next[U] = enU;
      this.prev[enU] = U;
    }
    if (X < n) {
      this.next[V] = X;
      this.prev[X] = V;
      this.next[lastU] = enV;
      this.prev[enV] = lastU;
    } else {
      this.next[V] = enV;
      this.prev[enV] = V;
    }
    return this.applied(rU, rV);
  }

  /** 2-opt* with reversal: route U = start..U + reversed(start..V), route V = reversed(X..end) + Y..end. */
  private twoOptStarReversed(U: number, V: number): boolean {
    if (!this.allowReversal || this.inst.allowed) return false;
    const rU = this.routeOf[U]!;
    const rV = this.routeOf[V]!;
    if (rU === rV) return false;
    const n = this.n;
    const X = this.next[U]!;
    const Y = this.next[V]!;
    const stV = n + 2 * rV;
    const enU = n + 2 * rU + 1;
    const headU = this.pos[U]!; // jobs in start..U
    const headV = this.pos[V]!;
    const nbU = headU + headV;
    const nbV = this.routeNb[rU]! - headU + this.routeNb[rV]! - headV;
    // Symmetric single-class case: use route totals directly (HGS move 8).
    const costU = this.cumCost[U]! + this.arc(rU, U, V) + this.cumCost[V]!;
    const costV = (this.routeTravel[rU]! - this.cumCost[X]!) + this.arc(rV, X, Y) + (this.routeTravel[rV]! - this.cumCost[Y]!);
    const deltaU = costU - this.routeTravel[rU]!;
    const deltaV = costV - this.routeTravel[rV]!;
    if (X >= n && V >= n) return false;
    const b = this.interBase(rU, deltaU, nbU, rV, deltaV, nbV);
    if (b === Infinity) return false;
    const old = this.routePen[rU]! + this.routePen[rV]!;
    // Order-insensitive rules only: penalties from totals via a walk-free concatenation.
    this.rules.select(this.routeVeh[rU]!);
    this.rules.start(FW, U);
    this.rules.push(FW, V, 0, 0);
    const pu = nbU === 0 ? 0 : this.penalty(rU);
    if (b + pu - old > -EPS) return false;
    this.rules.select(this.routeVeh[rV]!);
    this.rules.start(BW, X);
    this.rules.push(BW, Y, 0, 0);
    const pv = nbV === 0 ? 0 : this.penalty(rV);
    if (b + pu + pv - old > -EPS) return false;
    // Collect both pieces, then relink.
    let len = 0;
    for (let z = V; z < n; z = this.prev[z]!) this.seq[len++] = z; // V back to first of V
    const mid = len;
    for (let z = this.prev[enU]!; z !== U; z = this.prev[z]!) this.seq[len++] = z; // last of U back to X
    let last = U;
    for (let k = 0; k < mid; k++) {
      const z = this.seq[k]!;
      this.next[last] = z;
      this.prev[z] = last;
      last = z;
    }
    this.next[last] = enU;
    this.prev[enU] = last;
    last = stV;
    for (let k = mid; k < len; k++) {
      const z = this.seq[k]!;
      this.next[last] = z;
      this.prev[z] = last;
      last = z;
    }
    this.next[last] = Y;
    this.prev[Y] = last;
    return this.applied(rU, rV);
  }

  // ---------- optional jobs ----------

  private tryRemove(U: number): boolean {
    const rU = this.routeOf[U]!;
    const pU = this.prev[U]!;
    const X = this.next[U]!;
    const nb = this.routeNb[rU]! - 1;
    const travel = this.routeTravel[rU]! + this.arc(rU, pU, X) - this.arc(rU, pU, U) - this.arc(rU, U, X);
    const pen = nb === 0 ? 0 : this.penFB(rU, pU, X);
    const delta = this.base(rU, travel, nb) + pen - this.routeCost[rU]! + this.inst.penalty[U]!;
    // A reload visit that gains nothing goes (insertion needs a strict gain, so no cycling).
    if (delta > (this.inst.isReload[U] ? EPS : -EPS)) return false;
    this.next[pU] = X;
    this.prev[X] = pU;
    this.inRoute[U] = 0;
    this.routeOf[U] = -1;
    return this.applied(rU, rU);
  }

  private tryInsertUnrouted(U: number): boolean {
    let best = this.unroutedPenalty(U) - EPS;
    let bestV = -1;
    const nbs = this.neighbours[U]!;
    const consider = (V: number): void => {
      const rV = this.routeOf[V]!;
      if (!this.allowedOn(U, rV)) return;
      const Y = this.next[V]!;
      const travel = this.routeTravel[rV]! + this.arc(rV, V, U) + this.arc(rV, U, Y) - this.arc(rV, V, Y);
      const b = this.base(rV, travel, this.routeNb[rV]! + 1) - this.routeCost[rV]! + this.routePen[rV]!;
      if (b >= best + this.routePen[rV]!) return;
      const pen = this.penFNB(rV, V, U, Y);
      const delta = b + pen - this.routePen[rV]!;
      if (delta < best) {
        best = delta;
        bestV = V;
      }
    };
    for (let k = 0; k < nbs.length; k++) {
      const V = nbs[k]!;
      if (!this.inRoute[V]) continue;
      consider(V);
      if (this.prev[V]! >= this.n) consider(this.prev[V]!);
    }
    this.classStamp++;
    for (let r = 0; r < this.R; r++) {
      if (this.routeNb[r] !== 0 || this.classSeen[this.routeClass[r]!] === this.classStamp) continue;
      this.classSeen[this.routeClass[r]!] = this.classStamp;
      consider(this.n + 2 * r);
    }
    if (bestV < 0) return false;
    const rV = this.linkAfter(bestV, U);
    return this.applied(rV, rV);
  }

  /** Node after which cheapestInsertionIn found a better position (−1: none yet). */
  private insertAfterNode = -1;

  /**
   * Scans every position of route r for inserting U (cost and penalty deltas against the route
   * as it is); when one beats `best`, records it in insertAfterNode and returns its delta.
   */
  private cheapestInsertionIn(r: number, U: number, best: number): number {
    const en = this.n + 2 * r + 1;
    for (let V = this.n + 2 * r; V !== en; V = this.next[V]!) {
      const Y = this.next[V]!;
      const travel = this.routeTravel[r]! + this.arc(r, V, U) + this.arc(r, U, Y) - this.arc(r, V, Y);
      const b = this.base(r, travel, this.routeNb[r]! + 1) - this.routeBase[r]!;
      if (b - this.routePen[r]! >= best) continue; // the penalty cannot fall below zero
      const delta = b + this.penFNB(r, V, U, Y) - this.routePen[r]!;
      if (delta < best) {
        best = delta;
        this.insertAfterNode = V;
      }
    }
    return best;
  }

  /** Links unrouted U after routed V (the caller re-evaluates the route); returns V's route. */
  private linkAfter(V: number, U: number): number {
    this.spliceAfter(V, U);
    this.inRoute[U] = 1;
    return this.routeOf[V]!;
  }

  /**
   * Inserts every unrouted servable job (reload visits aside) at its cheapest position over all
   * routes (penalties counted), in index order, when that beats leaving it out. For warm starts.
   */
  insertMissing(): void {
    for (let U = 0; U < this.inst.jobCount; U++) this.insertCheapest(U);
  }

  /** insertMissing() for the given jobs, in the given order (unrouted servable jobs only). */
  insertJobs(jobs: ArrayLike<number>): void {
    for (let i = 0; i < jobs.length; i++) this.insertCheapest(jobs[i]!);
  }

  private insertCheapest(U: number): void {
    if (this.inRoute[U] || !this.active[U]) return;
    let best = this.unroutedPenalty(U) - EPS;
    this.insertAfterNode = -1;
    this.classStamp++;
    for (let r = 0; r < this.R; r++) {
      if (!this.allowedOn(U, r)) continue;
      // Empty routes of one vehicle class are interchangeable: try the first only.
      if (this.routeNb[r] === 0) {
        if (this.classSeen[this.routeClass[r]!] === this.classStamp) continue;
        this.classSeen[this.routeClass[r]!] = this.classStamp;
      }
      best = this.cheapestInsertionIn(r, U, best);
    }
    if (this.insertAfterNode < 0) return;
    const r = this.linkAfter(this.insertAfterNode, U);
    this.applied(r, r);
  }

  /**
   * After dropToFeasible: puts unrouted jobs back where they keep their route feasible (no rule
   * broken), at the cheapest such position, alone or as a new trip (with an unused reload visit,
   * on multi-trip routes), when that costs less than the job's penalty. Only routes that break no
   * rule take jobs. Returns the jobs inserted.
   */
  insertFeasible(): number {
    const n = this.n;
    const jc = this.inst.jobCount;
    let inserted = 0;
    for (let U = 0; U < jc; U++) {
      if (this.inRoute[U] || !this.active[U]) continue;
      // Only where serving the job costs less than leaving it out.
      let best = this.unroutedPenalty(U) - EPS;
      let bestV = -1;
      let bestX = -1; // reload visit opening a new trip (−1: none)
      let bestFirst = false; // U before X (else X before U)
      this.classStamp++;
      for (let r = 0; r < this.R; r++) {
        if (!this.allowedOn(U, r) || this.routePen[r]! > 0) continue;
        if (this.routeNb[r] === 0) {
          if (this.classSeen[this.routeClass[r]!] === this.classStamp) continue;
          this.classSeen[this.routeClass[r]!] = this.classStamp;
        }
        let X = -1;
        for (let x = jc; x < n; x++) {
          if (!this.inRoute[x] && this.allowedOn(x, r)) {
            X = x;
            break;
          }
        }
        const st = n + 2 * r;
        const en = st + 1;
        const nb = this.routeNb[r]!;
        for (let V = st; V !== en; V = this.next[V]!) {
          const Y = this.next[V]!;
          const t0 = this.routeTravel[r]! - this.arc(r, V, Y);
          const b = this.base(r, t0 + this.arc(r, V, U) + this.arc(r, U, Y), nb + 1) - this.routeBase[r]!;
          if (b < best && this.penFNB(r, V, U, Y) <= 1e-10) {
            best = b;
            bestV = V;
            bestX = -1;
          }
          if (X < 0 || nb === 0) continue;
          // A new trip: X then U after the end of a trip (k = 0), or U then X before its start (k = 1).
          for (let k = 0; k < 2; k++) {
            const uFirst = k === 1;
            if (uFirst ? V !== st && !this.inst.isReload[V] : Y !== en && !this.inst.isReload[Y]) continue;
            const a = uFirst ? U : X, c = uFirst ? X : U;
            const b2 = this.base(r, t0 + this.arc(r, V, a) + this.arc(r, a, c) + this.arc(r, c, Y), nb + 2) - this.routeBase[r]!;
            if (b2 < best && this.penFNNB(r, V, a, c, Y) <= 1e-10) {
              best = b2;
              bestV = V;
              bestX = X;
              bestFirst = uFirst;
            }
          }
        }
      }
      if (bestV < 0) continue;
      const rV = this.routeOf[bestV]!;
      const saved = this.routeModified[rV]!;
      const first = bestX >= 0 && bestFirst ? U : bestX >= 0 ? bestX : U;
      const second = bestX < 0 ? -1 : first === U ? bestX : U;
      this.linkAfter(bestV, first);
      if (second >= 0) this.linkAfter(first, second);
      this.updateRoute(rV);
      if (this.rules.routeViolations(n + 2 * rV + 1, this.routeVeh[rV]!) !== 0) {
        // Rounding let a violation through: undo.
        for (const x of [first, second]) {
          if (x < 0) continue;
          const p = this.prev[x]!, y = this.next[x]!;
          this.next[p] = y;
          this.prev[y] = p;
          this.inRoute[x] = 0;
          this.routeOf[x] = -1;
        }
        this.updateRoute(rV);
        this.routeModified[rV] = saved;
        continue;
      }
      this.applied(rV, rV);
      inserted++;
    }
    return inserted;
  }

  /**
   * Makes the loaded solution feasible by taking optional jobs out of the routes that break a
   * rule, one at a time, the one whose removal lowers the route's penalty most (then the one that
   * saves most travel). When leaving a job out costs more than any penalty can reach (orders with a
   * huge penalty), the search keeps violating routes; this turns them into a feasible plan that
   * serves what fits. False when a route still breaks a rule with only mandatory jobs left.
   */
  dropToFeasible(): boolean {
    const n = this.n;
    for (let r = 0; r < this.R; r++) {
      const en = n + 2 * r + 1;
      while (this.routeNb[r]! > 0 && this.rules.routeViolations(en, this.routeVeh[r]!) !== 0) {
        let bestU = -1;
        let bestGain = -Infinity;
        let bestSave = -Infinity;
        for (let U = this.next[n + 2 * r]!; U !== en; U = this.next[U]!) {
          if (!this.inst.optional[U] || this.inst.isReload[U]) continue;
          const p = this.prev[U]!, x = this.next[U]!;
          const gain = this.routePen[r]! - (this.routeNb[r]! === 1 ? 0 : this.penFB(r, p, x));
          const save = this.arc(r, p, U) + this.arc(r, U, x) - this.arc(r, p, x);
          if (gain > bestGain + EPS || (gain > bestGain - EPS && save > bestSave)) {
            bestGain = gain;
            bestSave = save;
            bestU = U;
          }
        }
        if (bestU < 0) return false;
        const p = this.prev[bestU]!, x = this.next[bestU]!;
        this.next[p] = x;
        this.prev[x] = p;
        this.inRoute[bestU] = 0;
        this.routeOf[bestU] = -1;
        this.applied(r, r);
      }
    }
    return true;
  }

  // ---------- reload visits ----------

  /**
   * Best place for reload visit U over every position of every route (a trip boundary can be
   * anywhere, not only next to the jobs nearest the depot): U is taken out, then put at the best
   * position if that beats the old route, left out if it was useless, else put back unchanged.
   */
  private placeReload(U: number): boolean {
    const routed = this.inRoute[U] === 1;
    const rU = routed ? this.routeOf[U]! : -1;
    const pU = routed ? this.prev[U]! : -1;
    let gain = 0; // cost saved by taking U out
    let savedModified = 0;
    if (routed) {
      savedModified = this.routeModified[rU]!;
      const before = this.routeCost[rU]!;
      const X = this.next[U]!;
      this.next[pU] = X;
      this.prev[X] = pU;
      this.inRoute[U] = 0;
      this.routeOf[U] = -1;
      this.updateRoute(rU);
      gain = before - this.routeCost[rU]!;
    }
    let best = gain - EPS;
    this.insertAfterNode = -1;
    for (let r = 0; r < this.R; r++) {
      if (this.routeNb[r] === 0 || !this.allowedOn(U, r)) continue;
      best = this.cheapestInsertionIn(r, U, best);
    }
    const bestV = this.insertAfterNode;
    if (bestV < 0 && routed && gain < -EPS) {
      // No better place and removal would cost: restore U where it was.
      const X = this.next[pU]!;
      this.next[pU] = U;
      this.prev[U] = pU;
      this.next[U] = X;
      this.prev[X] = U;
      this.inRoute[U] = 1;
      this.routeOf[U] = rU;
      this.updateRoute(rU);
      this.routeModified[rU] = savedModified;
      return false;
    }
    if (bestV < 0) return routed ? this.applied(rU, rU) : false;
    const rV = this.linkAfter(bestV, U);
    return this.applied(rV, routed ? rU : rV);
  }

  // ---------- SWAP* (Vidal 2022) ----------

  /** Top-3 cheapest insertion positions of every job of route rFrom into route rTo (cached). */
  private preprocessInsertions(rFrom: number, rTo: number): void {
    const n = this.n;
    const stTo = n + 2 * rTo;
    const enTo = stTo + 1;
    // Positions of rTo and the cost of the edge each insertion would break, gathered once.
    let m = 0;
    for (let V = stTo; V !== enTo; V = this.next[V]!) {
      this.posBuf[m] = V;
      this.edgeBuf[m] = this.arc(rTo, V, this.next[V]!);
      m++;
    }
    this.posBuf[m] = enTo;
    const M = this.NC;
    const N = this.N;
    const cost = this.insCost;
    const pos = this.insPos;
    for (let U = this.next[n + 2 * rFrom]!; U < n; U = this.next[U]!) {
      this.removalCost[U] = this.arc(rFrom, this.prev[U]!, this.next[U]!) - this.arc(rFrom, this.prev[U]!, U) - this.arc(rFrom, U, this.next[U]!);
      const key = rTo * n + U;
      if (this.insStamp[key]! >= 0 && this.insStamp[key]! >= this.routeModified[rTo]!) continue;
      this.insStamp[key] = this.nbMoves;
      let c0 = Infinity, c1 = Infinity, c2 = Infinity;
      let p0 = -1, p1 = -1, p2 = -1;
      for (let k = 0; k < m; k++) {
        const V = this.posBuf[k]!;
        const Y = this.posBuf[k + 1]!;
        const c =
          M !== null ? M[V * N + U]! + M[U * N + Y]! - this.edgeBuf[k]! : this.arc(rTo, V, U) + this.arc(rTo, U, Y) - this.edgeBuf[k]!;
        if (c < c2) {
          if (c < c1) {
            c2 = c1;
            p2 = p1;
            if (c < c0) {
              c1 = c0;
              p1 = p0;
              c0 = c;
              p0 = V;
            } else {
              c1 = c;
              p1 = V;
            }
          } else {
            c2 = c;
            p2 = V;
          }
        }
      }
      const o = key * 3;
      cost[o] = c0;
      cost[o + 1] = c1;
      cost[o + 2] = c2;
      pos[o] = p0;
      pos[o + 1] = p1;
      pos[o + 2] = p2;
    }
  }

  private bestPos = -1;
  /** Cheapest insertion of U into V's route when V is removed at the same time. */
  private insertSimultRemoval(U: number, V: number): number {
    const rV = this.routeOf[V]!;
    const o = (rV * this.n + U) * 3;
    let best = Infinity;
    this.bestPos = -1;
    for (let k = 0; k < 3; k++) {
      const p = this.insPos[o + k]!;
      if (p < 0) break;
      if (p !== V && this.next[p] !== V) {
        best = this.insCost[o + k]!;
        this.bestPos = p;
        break;
      }
    }
    // In place of V.
    const pV = this.prev[V]!, xV = this.next[V]!;
    const c = this.arc(rV, pV, U) + this.arc(rV, U, xV) - this.arc(rV, pV, xV);
    if (c < best) {
      best = c;
      this.bestPos = pV;
    }
    return best;
  }

  private swapStar(rU: number, rV: number): boolean {
    const n = this.n;
    this.preprocessInsertions(rU, rV);
    this.preprocessInsertions(rV, rU);
    let bestCost = Infinity;
    let bU = -1, bV = -1, bPosU = -1, bPosV = -1;
    const vU = this.routeVeh[rU]!, vV = this.routeVeh[rV]!;
    const enU = n + 2 * rU + 1, enV = n + 2 * rV + 1;
    const sc = this.penaltyScale;
    for (let U = this.next[n + 2 * rU]!; U < n; U = this.next[U]!) {
      if (!this.allowedOn(U, rV)) continue;
      for (let V = this.next[n + 2 * rV]!; V < n; V = this.next[V]!) {
        if (!this.allowedOn(V, rU)) continue;
        const penU = sc * this.rules.swapPenalty(enU, vU, U, V) - this.routePen[rU]!;
        const penV = sc * this.rules.swapPenalty(enV, vV, V, U) - this.routePen[rV]!;
        if (penU + this.removalCost[U]! + penV + this.removalCost[V]! > -EPS) continue;
        const extraV = this.insertSimultRemoval(V, U);
        const posV = this.bestPos;
        const extraU = this.insertSimultRemoval(U, V);
        const posU = this.bestPos;
        const c = penU + penV + this.removalCost[U]! + this.removalCost[V]! + extraU + extraV;
        if (c < bestCost) {
          bestCost = c;
          bU = U;
          bV = V;
          bPosU = posU;
          bPosV = posV;
        }
      }
    }
    // Plain relocations to the other route's best position (not limited to granular neighbours).
    for (let U = this.next[n + 2 * rU]!; U < n; U = this.next[U]!) {
      if (!this.allowedOn(U, rV)) continue;
      const o = (rV * n + U) * 3;
      const c = this.removalCost[U]! + this.insCost[o]! +
        sc * this.rules.swapPenalty(enU, vU, U, -1) - this.routePen[rU]! +
        sc * this.rules.swapPenalty(enV, vV, -1, U) - this.routePen[rV]!;
      if (c < bestCost) {
        bestCost = c;
        bU = U;
        bV = -1;
        bPosU = this.insPos[o]!;
      }
    }
    for (let V = this.next[n + 2 * rV]!; V < n; V = this.next[V]!) {
      if (!this.allowedOn(V, rU)) continue;
      const o = (rU * n + V) * 3;
      const c = this.removalCost[V]! + this.insCost[o]! +
        sc * this.rules.swapPenalty(enV, vV, V, -1) - this.routePen[rV]! +
        sc * this.rules.swapPenalty(enU, vU, -1, V) - this.routePen[rU]!;
      if (c < bestCost) {
        bestCost = c;
        bU = -1;
        bV = V;
        bPosV = this.insPos[o]!;
      }
    }
    if (bestCost > -EPS || (bU < 0 && bV < 0)) return false;
    // Exact check of the candidate (order-sensitive rules were only bounded above).
    if (this.orderSensitive && !this.swapStarExact(rU, rV, bU, bV, bPosU, bPosV)) return false;
    if (bU >= 0) this.insertAfter(bU, bPosU);
    if (bV >= 0) this.insertAfter(bV, bPosV);
    return this.applied(rU, rV);
  }

  /** Builds both new routes into `seq` and evaluates them exactly; true when improving. */
  private swapStarExact(rU: number, rV: number, U: number, V: number, posU: number, posV: number): boolean {
    const newU = this.evalRebuilt(rU, U, V, posV);
    const newV = this.evalRebuilt(rV, V, U, posU);
    return newU + newV - this.routeCost[rU]! - this.routeCost[rV]! < -EPS;
  }

  /** Cost of route r with `removed` taken out and `added` inserted after `after` (r's node or prev of removed). */
  private evalRebuilt(r: number, removed: number, added: number, after: number): number {
    const n = this.n;
    const st = n + 2 * r;
    let len = 0;
    if (after === st && added >= 0) this.seq[len++] = added;
    for (let z = this.next[st]!; z < n; z = this.next[z]!) {
      if (z !== removed) this.seq[len++] = z;
      if (z === after && added >= 0) this.seq[len++] = added;
    }
    let travel = 0;
    let last = st;
    for (let k = 0; k < len; k++) {
      travel += this.arc(r, last, this.seq[k]!);
      last = this.seq[k]!;
    }
    if (len === 0) return 0;
    travel += this.arc(r, last, st + 1);
    const pen = this.penSeq(r, st, len, st + 1);
    return this.base(r, travel, len) + pen;
  }
}

function pmod(i: number): number {
  return ((i % 65536) + 65536) % 65536;
}
function enclosed(a: number, start: number, end: number): boolean {
  return pmod(a - start) <= pmod(end - start);
}
function overlap(s1: number, e1: number, s2: number, e2: number): boolean {
  return pmod(s2 - s1) <= pmod(e1 - s1) || pmod(s1 - s2) <= pmod(e2 - s2);
}
