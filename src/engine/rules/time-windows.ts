// Time windows and shifts (Vidal et al. 2013 concatenation). Segment data: minimal duration D
// (travel + service + unavoidable waiting), time warp TW (lateness forced by windows), earliest E
// and latest L feasible start of the segment. Jobs use their window envelope (exact for one
// window); depots carry the vehicle's shift. Violation = total time warp. The accumulated D is
// the route's minimal duration (departure as late as possible), which maxDuration reads.
import type { Instance } from '../solver/instance.js';
import type { RuleModule, RuleState, SegmentKind } from './types.js';

export class TimeWindowRule implements RuleState {
  readonly name = 'time';
  readonly orderSensitive = true;
  readonly initialPenalty = 1;
  // columns per kind (nd, fw, bw)
  private readonly D: [Float64Array, Float64Array, Float64Array];
  private readonly TW: [Float64Array, Float64Array, Float64Array];
  private readonly E: [Float64Array, Float64Array, Float64Array];
  private readonly L: [Float64Array, Float64Array, Float64Array];
  accD = 0;
  accTW = 0;
  accE = 0;
  accL = 0;
  private readonly inst: Instance;

  constructor(inst: Instance, nodes: number) {
    const cols = (): [Float64Array, Float64Array, Float64Array] => [
      new Float64Array(nodes), new Float64Array(nodes), new Float64Array(nodes),
    ];
    this.D = cols();
    this.TW = cols();
    this.E = cols();
    this.L = cols();
    this.inst = inst;
  }

  setJob(node: number, job: number): void {
    this.D[0][node] = this.inst.service[job]!;
    this.TW[0][node] = 0;
    this.E[0][node] = this.inst.twStart[job]!;
    this.L[0][node] = this.inst.twEnd[job]!;
  }
  setDepots(startNode: number, endNode: number, vehicle: number): void {
    for (const node of [startNode, endNode]) {
      this.D[0][node] = 0;
      this.TW[0][node] = 0;
      this.E[0][node] = this.inst.shiftStart[vehicle]!;
      this.L[0][node] = this.inst.shiftEnd[vehicle]!;
    }
  }
  private copy(to: 1 | 2, node: number): void {
    this.D[to][node] = this.D[0][node]!;
    this.TW[to][node] = this.TW[0][node]!;
    this.E[to][node] = this.E[0][node]!;
    this.L[to][node] = this.L[0][node]!;
  }
  forwardStart(node: number): void {
    this.copy(1, node);
  }
  backwardStart(node: number): void {
    this.copy(2, node);
  }
  forward(prev: number, node: number, _d: number, t: number): void {
    this.accStart(1, prev);
    this.accPush(0, node, 0, t);
    this.D[1][node] = this.accD;
    this.TW[1][node] = this.accTW;
    this.E[1][node] = this.accE;
    this.L[1][node] = this.accL;
  }
  backward(node: number, next: number, _d: number, t: number): void {
    this.accStart(0, node);
    this.accPush(2, next, 0, t);
    this.D[2][node] = this.accD;
    this.TW[2][node] = this.accTW;
    this.E[2][node] = this.accE;
    this.L[2][node] = this.accL;
  }
  accStart(kind: SegmentKind, node: number): void {
    this.accD = this.D[kind][node]!;
    this.accTW = this.TW[kind][node]!;
    this.accE = this.E[kind][node]!;
    this.accL = this.L[kind][node]!;
  }
  accPush(kind: SegmentKind, node: number, _d: number, t: number): void {
    const bD = this.D[kind][node]!;
    const bTW = this.TW[kind][node]!;
    const bE = this.E[kind][node]!;
    const bL = this.L[kind][node]!;
    const delta = this.accD - this.accTW + t;
    let deltaWT = bE - delta - this.accL;
    if (!(deltaWT > 0)) deltaWT = 0;
    let deltaTW = this.accE + delta - bL;
    if (!(deltaTW > 0)) deltaTW = 0;
    this.accD = this.accD + bD + t + deltaWT;
    this.accTW = this.accTW + bTW + deltaTW;
    const e = bE - delta;
    this.accE = (e > this.accE ? e : this.accE) - deltaWT;
    const l = bL - delta;
    this.accL = (l < this.accL ? l : this.accL) + deltaTW;
  }
  excess(): number {
    return this.accTW;
  }
  routeExcess(endNode: number): number {
    return this.TW[1][endNode]!;
  }
  /** Minimal duration of the route ending at endNode (read by maxDuration). */
  routeDuration(endNode: number): number {
    return this.D[1][endNode]!;
  }
  swapExcess(): number {
    return 0;
  }
}

export const timeWindowRule: RuleModule = {
  name: 'time',
  applies: (inst) => inst.hasTime && !inst.hasReloads && !inst.hasRelease,
  create: (inst, nodes) => new TimeWindowRule(inst, nodes),
};
