// Capacity on multi-trip routes: the load of each trip (between reload visits) must fit the
// vehicle. Segment data per dimension, O(1) to concatenate: the load before the segment's first
// reload (head, still open to the left), the summed excess of the trips closed inside the
// segment, and the load after its last reload (tail, still open to the right). Joining two
// segments that both reload closes the trip tail(A) + head(B) against the capacity of the
// vehicles that own the reload visits (reloads are grouped by capacity, see solver/reloads.ts).
import type { Instance } from '../solver/instance.js';
import { capacityInitialPenalty } from './capacity.js';
import type { RuleModule, RuleState, SegmentKind } from './types.js';

const ACC = 3; // kinds 0..2 are nd/fw/bw; slot 3 is the accumulator

class TripCapacityRule implements RuleState {
  readonly name = 'capacity';
  readonly orderSensitive = true;
  readonly initialPenalty: number;
  private readonly k: number;
  private readonly nodes: number;
  private readonly head: Float64Array; // (4·nodes) × dims
  private readonly tail: Float64Array;
  private readonly closed: Float64Array; // 4·nodes
  private readonly reloads: Uint8Array; // segment contains a reload
  private readonly ref: Int32Array; // a reload visit of the segment (for its group's capacity)

  constructor(private readonly inst: Instance, nodes: number) {
    this.k = inst.dims;
    this.nodes = nodes;
    const slots = 3 * nodes + 1;
    this.head = new Float64Array(slots * this.k);
    this.tail = new Float64Array(slots * this.k);
    this.closed = new Float64Array(slots);
    this.reloads = new Uint8Array(slots);
    this.ref = new Int32Array(slots);
    this.initialPenalty = capacityInitialPenalty(inst);
  }

  private slot(kind: number, node: number): number {
    return kind === ACC ? 3 * this.nodes : kind * this.nodes + node;
  }

  setJob(node: number, job: number): void {
    const s = node, k = this.k;
    const reload = this.inst.isReload[job] === 1;
    for (let d = 0; d < k; d++) {
      this.head[s * k + d] = reload ? 0 : this.inst.demand[job * k + d]!;
      this.tail[s * k + d] = 0;
    }
    this.closed[s] = 0;
    this.reloads[s] = reload ? 1 : 0;
    this.ref[s] = job;
  }
  setDepots(startNode: number, endNode: number): void {
    for (const s of [startNode, endNode]) {
      for (let d = 0; d < this.k; d++) this.head[s * this.k + d] = this.tail[s * this.k + d] = 0;
      this.closed[s] = 0;
      this.reloads[s] = 0;
    }
  }

  private copy(from: number, to: number): void {
    const k = this.k;
    for (let d = 0; d < k; d++) {
      this.head[to * k + d] = this.head[from * k + d]!;
      this.tail[to * k + d] = this.tail[from * k + d]!;
    }
    this.closed[to] = this.closed[from]!;
    this.reloads[to] = this.reloads[from]!;
    this.ref[to] = this.ref[from]!;
  }

  /** out = a ⊕ b (out may be a; never b). */
  private concat(a: number, b: number, out: number): void {
    const k = this.k, head = this.head, tail = this.tail;
    const ra = this.reloads[a]!, rb = this.reloads[b]!;
    if (k === 1 && !ra && !rb) {
      // The common case: one dimension, no reload on either side.
      head[out] = head[a]! + head[b]!;
      this.closed[out] = 0;
      this.reloads[out] = 0;
      return;
    }
    if (!ra) {
      for (let d = 0; d < k; d++) head[out * k + d] = head[a * k + d]! + head[b * k + d]!;
      if (!rb) {
        this.closed[out] = 0;
        this.reloads[out] = 0;
        return;
      }
      for (let d = 0; d < k; d++) tail[out * k + d] = tail[b * k + d]!;
      this.closed[out] = this.closed[b]!;
      this.reloads[out] = 1;
      this.ref[out] = this.ref[b]!;
      return;
    }
    if (out !== a) {
      for (let d = 0; d < k; d++) head[out * k + d] = head[a * k + d]!;
      this.ref[out] = this.ref[a]!;
      this.reloads[out] = 1;
    }
    if (!rb) {
      for (let d = 0; d < k; d++) tail[out * k + d] = tail[a * k + d]! + head[b * k + d]!;
      this.closed[out] = this.closed[a]!;
      return;
    }
    const cap = this.inst.reloadCapacity;
    const r = this.ref[a]!;
    let c = this.closed[a]! + this.closed[b]!;
    for (let d = 0; d < k; d++) {
      const over = tail[a * k + d]! + head[b * k + d]! - cap[r * k + d]!;
      if (over > 0) c += over;
      tail[out * k + d] = tail[b * k + d]!;
    }
    this.closed[out] = c;
  }

  forward(prev: number, node: number): void {
    this.concat(this.nodes + prev, node, this.nodes + node);
  }
  backward(node: number, next: number): void {
    this.concat(node, 2 * this.nodes + next, 2 * this.nodes + node);
  }
  forwardStart(node: number): void {
    this.copy(node, this.nodes + node);
  }
  backwardStart(node: number): void {
    this.copy(node, 2 * this.nodes + node);
  }
  accStart(kind: SegmentKind, node: number): void {
    this.copy(this.slot(kind, node), this.slot(ACC, 0));
  }
  accPush(kind: SegmentKind, node: number): void {
    const acc = this.slot(ACC, 0);
    this.concat(acc, this.slot(kind, node), acc);
  }
  /** Excess of a complete route stored in slot s: open head and tail trips against the vehicle. */
  private complete(s: number, vehicle: number): number {
    const k = this.k, cap = this.inst.capacity;
    let e = this.closed[s]!;
    const both = this.reloads[s] === 1;
    for (let d = 0; d < k; d++) {
      const h = this.head[s * k + d]! - cap[vehicle * k + d]!;
      if (h > 0) e += h;
      if (both) {
        const t = this.tail[s * k + d]! - cap[vehicle * k + d]!;
        if (t > 0) e += t;
      }
    }
    return e;
  }
  excess(vehicle: number): number {
    return this.complete(this.slot(ACC, 0), vehicle);
  }
  routeExcess(endNode: number, vehicle: number): number {
    return this.complete(this.nodes + endNode, vehicle);
  }
  swapExcess(): number {
    return 0; // trip boundaries make the order matter: no cheap lower bound beyond 0
  }
}

export const tripCapacityRule: RuleModule = {
  name: 'capacity',
  applies: (inst) => inst.dims > 0 && inst.hasReloads,
  create: (inst, nodes) => new TripCapacityRule(inst, nodes),
};
