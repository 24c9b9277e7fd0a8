// At most maxTrips trips per vehicle: the number of reload visits on a route above the vehicle's
// maxTrips − 1 is the violation. Segment data = reload visits counted; concatenation adds. Active
// only when a vehicle may use more reload visits than its own limit allows (shared pools).
import type { Instance } from '../solver/instance.js';
import type { RuleModule, RuleState, SegmentKind } from './types.js';

class TripCountRule implements RuleState {
  readonly name = 'trips';
  readonly orderSensitive = false;
  readonly initialPenalty: number;
  private readonly cols: [Float64Array, Float64Array, Float64Array];
  private acc = 0;

  constructor(private readonly inst: Instance, nodes: number) {
    this.cols = [new Float64Array(nodes), new Float64Array(nodes), new Float64Array(nodes)];
    // One extra trip should cost about one depot round trip.
    let maxDist = 0;
    const D = inst.dist[0]!;
    for (let i = 0; i < D.length; i++) if (D[i]! > maxDist && Number.isFinite(D[i]!)) maxDist = D[i]!;
    this.initialPenalty = Math.max(1, maxDist);
  }
  setJob(node: number, job: number): void {
    this.cols[0][node] = this.inst.isReload[job]!;
  }
  setDepots(startNode: number, endNode: number): void {
    this.cols[0][startNode] = 0;
    this.cols[0][endNode] = 0;
  }
  forward(prev: number, node: number): void {
    this.cols[1][node] = this.cols[1][prev]! + this.cols[0][node]!;
  }
  backward(node: number, next: number): void {
    this.cols[2][node] = this.cols[0][node]! + this.cols[2][next]!;
  }
  forwardStart(node: number): void {
    this.cols[1][node] = this.cols[0][node]!;
  }
  backwardStart(node: number): void {
    this.cols[2][node] = this.cols[0][node]!;
  }
  accStart(kind: SegmentKind, node: number): void {
    this.acc = this.cols[kind][node]!;
  }
  accPush(kind: SegmentKind, node: number): void {
    this.acc += this.cols[kind][node]!;
  }
  private over(count: number, vehicle: number): number {
    const o = count - this.inst.maxReloads[vehicle]!;
    return o > 0 ? o : 0;
  }
  excess(vehicle: number): number {
    return this.over(this.acc, vehicle);
  }
  routeExcess(endNode: number, vehicle: number): number {
    return this.over(this.cols[1][endNode]!, vehicle);
  }
  swapExcess(endNode: number, vehicle: number, removeNode: number, addNode: number): number {
    let c = this.cols[1][endNode]!;
    if (removeNode >= 0) c -= this.cols[0][removeNode]!;
    if (addNode >= 0) c += this.cols[0][addNode]!;
    return this.over(c, vehicle);
  }
  /** A vehicle that cannot be given more reload visits than it may use never breaks it. */
  activeFor(vehicle: number): boolean {
    return reloadsAvailable(this.inst, vehicle) > this.inst.maxReloads[vehicle]!;
  }
}

/** Reload visits each vehicle could be given (all of its group's pool). */
function reloadsAvailable(inst: Instance, vehicle: number): number {
  let count = 0;
  for (let j = inst.jobCount; j < inst.n; j++) if (inst.allowed === null || inst.allowed[j * inst.V + vehicle]) count++;
  return count;
}

export const tripCountRule: RuleModule = {
  name: 'trips',
  applies: (inst) => {
    if (!inst.hasReloads) return false;
    for (let v = 0; v < inst.V; v++) if (reloadsAvailable(inst, v) > inst.maxReloads[v]!) return true;
    return false;
  },
  create: (inst, nodes) => new TripCountRule(inst, nodes),
};
