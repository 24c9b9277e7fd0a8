// Capacity: the load carried by a route, per dimension, must not exceed the vehicle's capacity.
// Segment data = summed demand; concatenation adds; violation = Σ excess over dimensions.
import type { Instance } from '../solver/instance.js';
import type { RuleModule, RuleState, SegmentKind } from './types.js';

class CapacityRule implements RuleState {
  readonly name = 'capacity';
  readonly orderSensitive = false;
  readonly initialPenalty: number;
  private readonly dims: number;
  private readonly cols: [Float64Array, Float64Array, Float64Array]; // nd, fw, bw: node*dims + d
  private readonly acc: Float64Array;
  private readonly capacity: Float64Array;
  private readonly demand: Float64Array;

  constructor(inst: Instance, nodes: number) {
    this.dims = inst.dims;
    this.cols = [new Float64Array(nodes * this.dims), new Float64Array(nodes * this.dims), new Float64Array(nodes * this.dims)];
    this.acc = new Float64Array(this.dims);
    this.capacity = inst.capacity;
    this.demand = inst.demand;
    this.initialPenalty = capacityInitialPenalty(inst);
  }

  setJob(node: number, job: number): void {
    for (let d = 0; d < this.dims; d++) this.cols[0][node * this.dims + d] = this.demand[job * this.dims + d]!;
  }
  setDepots(startNode: number, endNode: number): void {
    for (let d = 0; d < this.dims; d++) {
      this.cols[0][startNode * this.dims + d] = 0;
      this.cols[0][endNode * this.dims + d] = 0;
    }
  }
  forward(prev: number, node: number): void {
    const nd = this.cols[0], fw = this.cols[1], k = this.dims;
    for (let d = 0; d < k; d++) fw[node * k + d] = fw[prev * k + d]! + nd[node * k + d]!;
  }
  backward(node: number, next: number): void {
    const nd = this.cols[0], bw = this.cols[2], k = this.dims;
    for (let d = 0; d < k; d++) bw[node * k + d] = nd[node * k + d]! + bw[next * k + d]!;
  }
  forwardStart(node: number): void {
    for (let d = 0; d < this.dims; d++) this.cols[1][node * this.dims + d] = this.cols[0][node * this.dims + d]!;
  }
  backwardStart(node: number): void {
    for (let d = 0; d < this.dims; d++) this.cols[2][node * this.dims + d] = this.cols[0][node * this.dims + d]!;
  }
  accStart(kind: SegmentKind, node: number): void {
    const src = this.cols[kind];
    for (let d = 0; d < this.dims; d++) this.acc[d] = src[node * this.dims + d]!;
  }
  accPush(kind: SegmentKind, node: number): void {
    const src = this.cols[kind];
    for (let d = 0; d < this.dims; d++) this.acc[d]! += src[node * this.dims + d]!;
  }
  excess(vehicle: number): number {
    let e = 0;
    for (let d = 0; d < this.dims; d++) {
      const over = this.acc[d]! - this.capacity[vehicle * this.dims + d]!;
      if (over > 0) e += over;
    }
    return e;
  }
  routeExcess(endNode: number, vehicle: number): number {
    const fw = this.cols[1];
    let e = 0;
    for (let d = 0; d < this.dims; d++) {
      const over = fw[endNode * this.dims + d]! - this.capacity[vehicle * this.dims + d]!;
      if (over > 0) e += over;
    }
    return e;
  }
  swapExcess(endNode: number, vehicle: number, removeNode: number, addNode: number): number {
    const fw = this.cols[1], nd = this.cols[0];
    let e = 0;
    for (let d = 0; d < this.dims; d++) {
      let load = fw[endNode * this.dims + d]!;
      if (removeNode >= 0) load -= nd[removeNode * this.dims + d]!;
      if (addNode >= 0) load += nd[addNode * this.dims + d]!;
      const over = load - this.capacity[vehicle * this.dims + d]!;
      if (over > 0) e += over;
    }
    return e;
  }
}

/** One-dimension specialisation: the common CVRP/VRPTW case without the inner dimension loop. */
class CapacityRule1 implements RuleState {
  readonly name = 'capacity';
  readonly orderSensitive = false;
  readonly initialPenalty: number;
  private readonly nd: Float64Array;
  private readonly fw: Float64Array;
  private readonly bw: Float64Array;
  private readonly cols: [Float64Array, Float64Array, Float64Array];
  private acc = 0;
  private readonly capacity: Float64Array;
  private readonly demand: Float64Array;

  constructor(inst: Instance, nodes: number) {
    this.nd = new Float64Array(nodes);
    this.fw = new Float64Array(nodes);
    this.bw = new Float64Array(nodes);
    this.cols = [this.nd, this.fw, this.bw];
    this.capacity = inst.capacity;
    this.demand = inst.demand;
    this.initialPenalty = capacityInitialPenalty(inst);
  }
  setJob(node: number, job: number): void {
    this.nd[node] = this.demand[job]!;
  }
  setDepots(startNode: number, endNode: number): void {
    this.nd[startNode] = 0;
    this.nd[endNode] = 0;
  }
  forward(prev: number, node: number): void {
    this.fw[node] = this.fw[prev]! + this.nd[node]!;
  }
  backward(node: number, next: number): void {
    this.bw[node] = this.nd[node]! + this.bw[next]!;
  }
  forwardStart(node: number): void {
    this.fw[node] = this.nd[node]!;
  }
  backwardStart(node: number): void {
    this.bw[node] = this.nd[node]!;
  }
  accStart(kind: SegmentKind, node: number): void {
    this.acc = this.cols[kind][node]!;
  }
  accPush(kind: SegmentKind, node: number): void {
    this.acc += this.cols[kind][node]!;
  }
  excess(vehicle: number): number {
    const over = this.acc - this.capacity[vehicle]!;
    return over > 0 ? over : 0;
  }
  routeExcess(endNode: number, vehicle: number): number {
    const over = this.fw[endNode]! - this.capacity[vehicle]!;
    return over > 0 ? over : 0;
  }
  swapExcess(endNode: number, vehicle: number, removeNode: number, addNode: number): number {
    let load = this.fw[endNode]!;
    if (removeNode >= 0) load -= this.nd[removeNode]!;
    if (addNode >= 0) load += this.nd[addNode]!;
    const over = load - this.capacity[vehicle]!;
    return over > 0 ? over : 0;
  }
}

/** Same scale as the distances: largest edge length per unit of largest demand (as HGS does). */
export function capacityInitialPenalty(inst: Instance): number {
  let maxDist = 0;
  const D = inst.dist[0]!;
  for (let i = 0; i < D.length; i++) if (D[i]! > maxDist && Number.isFinite(D[i]!)) maxDist = D[i]!;
  let maxDemand = 0;
  for (let i = 0; i < inst.demand.length; i++) maxDemand = Math.max(maxDemand, inst.demand[i]!);
  return Math.max(0.1, Math.min(1000, maxDist / Math.max(1, maxDemand)));
}

export const capacityRule: RuleModule = {
  name: 'capacity',
  // Multi-trip routes use the trip-aware variant (trip-capacity.ts).
  applies: (inst) => inst.dims > 0 && !inst.hasReloads,
  create: (inst, nodes) => (inst.dims === 1 ? new CapacityRule1(inst, nodes) : new CapacityRule(inst, nodes)),
};
