// Maximum route distance per vehicle. Segment data = distance travelled inside the segment;
// concatenation adds the connecting leg; violation = distance above the vehicle's maxDistance.
import type { Instance } from '../solver/instance.js';
import type { RuleModule, RuleState, SegmentKind } from './types.js';

class MaxDistanceRule implements RuleState {
  readonly name = 'maxDistance';
  readonly orderSensitive = true;
  readonly initialPenalty = 1;
  private readonly cols: [Float64Array, Float64Array, Float64Array];
  private acc = 0;
  constructor(private readonly inst: Instance, nodes: number) {
    this.cols = [new Float64Array(nodes), new Float64Array(nodes), new Float64Array(nodes)];
  }
  setJob(node: number): void {
    this.cols[0][node] = 0;
  }
  setDepots(startNode: number, endNode: number): void {
    this.cols[0][startNode] = 0;
    this.cols[0][endNode] = 0;
  }
  forwardStart(node: number): void {
    this.cols[1][node] = 0;
  }
  backwardStart(node: number): void {
    this.cols[2][node] = 0;
  }
  forward(prev: number, node: number, d: number): void {
    this.cols[1][node] = this.cols[1][prev]! + d;
  }
  backward(node: number, next: number, d: number): void {
    this.cols[2][node] = d + this.cols[2][next]!;
  }
  accStart(kind: SegmentKind, node: number): void {
    this.acc = this.cols[kind][node]!;
  }
  accPush(kind: SegmentKind, node: number, d: number): void {
    this.acc += d + this.cols[kind][node]!;
  }
  excess(vehicle: number): number {
    const over = this.acc - this.inst.maxDistance[vehicle]!;
    return over > 0 ? over : 0;
  }
  routeExcess(endNode: number, vehicle: number): number {
    const over = this.cols[1][endNode]! - this.inst.maxDistance[vehicle]!;
    return over > 0 ? over : 0;
  }
  swapExcess(): number {
    return 0;
  }
  activeFor(vehicle: number): boolean {
    return Number.isFinite(this.inst.maxDistance[vehicle]!);
  }
}

export const maxDistanceRule: RuleModule = {
  name: 'maxDistance',
  applies: (inst) => Array.from(inst.maxDistance).some((m) => Number.isFinite(m)),
  create: (inst, nodes) => new MaxDistanceRule(inst, nodes),
};
