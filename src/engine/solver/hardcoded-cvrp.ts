// A hand-written capacity-only evaluator with the same interface as the composed RuleSet.
// It exists to measure what the rule abstraction costs on plain CVRP (see overhead.ts);
// the solver itself always uses the composed rules.
import type { Evaluator } from '../rules/index.js';
import type { SegmentKind } from '../rules/types.js';
import type { Instance } from './instance.js';

export class HardcodedCvrpEvaluator implements Evaluator {
  readonly count = 1;
  readonly coef: Float64Array;
  readonly orderSensitive = false;
  readonly needsTime = false;
  readonly needsDistance = false;
  private readonly nd: Float64Array;
  private readonly fw: Float64Array;
  private readonly bw: Float64Array;
  private readonly demand: Float64Array;
  private readonly cap: number;
  private acc = 0;

  constructor(inst: Instance, nodes: number, initialPenalty: number) {
    if (inst.dims !== 1 || inst.hasTime || !inst.homogeneous) throw new Error('hard-coded evaluator: CVRP only');
    this.nd = new Float64Array(nodes);
    this.fw = new Float64Array(nodes);
    this.bw = new Float64Array(nodes);
    this.demand = inst.demand;
    this.cap = inst.capacity[0]!;
    this.coef = Float64Array.of(initialPenalty);
  }
  setJob(node: number, job: number): void {
    this.nd[node] = this.demand[job]!;
  }
  select(): void {}
  signature(): number {
    return 1;
  }
  setDepots(s: number, e: number): void {
    this.nd[s] = 0;
    this.nd[e] = 0;
  }
  forwardStart(node: number): void {
    this.fw[node] = this.nd[node]!;
  }
  backwardStart(node: number): void {
    this.bw[node] = this.nd[node]!;
  }
  forward(prev: number, node: number): void {
    this.fw[node] = this.fw[prev]! + this.nd[node]!;
  }
  backward(node: number, next: number): void {
    this.bw[node] = this.nd[node]! + this.bw[next]!;
  }
  start(kind: SegmentKind, node: number): void {
    this.acc = kind === 0 ? this.nd[node]! : kind === 1 ? this.fw[node]! : this.bw[node]!;
  }
  push(kind: SegmentKind, node: number): void {
    this.acc += kind === 0 ? this.nd[node]! : kind === 1 ? this.fw[node]! : this.bw[node]!;
  }
  penalty(): number {
    const over = this.acc - this.cap;
    return over > 0 ? this.coef[0]! * over : 0;
  }
  routePenalty(endNode: number): number {
    const over = this.fw[endNode]! - this.cap;
    return over > 0 ? this.coef[0]! * over : 0;
  }
  routeViolations(endNode: number): number {
    return this.fw[endNode]! - this.cap > 1e-9 ? 1 : 0;
  }
  addRouteExcess(endNode: number, _v: number, out: Float64Array): void {
    const over = this.fw[endNode]! - this.cap;
    if (over > 0) out[0]! += over;
  }
  swapPenalty(endNode: number, _v: number, removeNode: number, addNode: number): number {
    let load = this.fw[endNode]!;
    if (removeNode >= 0) load -= this.nd[removeNode]!;
    if (addNode >= 0) load += this.nd[addNode]!;
    const over = load - this.cap;
    return over > 0 ? this.coef[0]! * over : 0;
  }
}
