// The rule registry and its composition. The search talks to a `RuleSet` only: it never names
// a rule. Adding a rule (drone battery, multi-trip reloads) = one module + one line below.
// Order matters where a rule reads another's accumulator (maxDuration after time).
import type { Instance } from '../solver/instance.js';
import { capacityRule } from './capacity.js';
import { maxDistanceRule } from './max-distance.js';
import { maxDurationRule } from './max-duration.js';
import { timeWindowRule } from './time-windows.js';
import type { RuleModule, RuleState, SegmentKind } from './types.js';

export const RULES: RuleModule[] = [capacityRule, timeWindowRule, maxDistanceRule, maxDurationRule];

/** The active rules of one problem, with one penalty coefficient each. */
export class RuleSet {
  readonly rules: RuleState[];
  readonly coef: Float64Array;
  readonly orderSensitive: boolean;
  readonly needsTime: boolean;
  readonly count: number;

  constructor(inst: Instance, nodes: number, modules: RuleModule[] = RULES) {
    const deps = new Map<string, RuleState>();
    const rules: RuleState[] = [];
    for (const m of modules) {
      if (!m.applies(inst)) continue;
      const r = m.create(inst, nodes, deps);
      deps.set(m.name, r);
      rules.push(r);
    }
    this.rules = rules;
    this.count = rules.length;
    this.coef = Float64Array.from(rules.map((r) => r.initialPenalty));
    this.orderSensitive = rules.some((r) => r.orderSensitive);
    this.needsTime = deps.has('time');
  }

  setJob(node: number, job: number): void {
    for (let i = 0; i < this.count; i++) this.rules[i]!.setJob(node, job);
  }
  setDepots(s: number, e: number, v: number): void {
    for (let i = 0; i < this.count; i++) this.rules[i]!.setDepots(s, e, v);
  }
  forwardStart(node: number): void {
    for (let i = 0; i < this.count; i++) this.rules[i]!.forwardStart(node);
  }
  backwardStart(node: number): void {
    for (let i = 0; i < this.count; i++) this.rules[i]!.backwardStart(node);
  }
  forward(prev: number, node: number, d: number, t: number): void {
    for (let i = 0; i < this.count; i++) this.rules[i]!.forward(prev, node, d, t);
  }
  backward(node: number, next: number, d: number, t: number): void {
    for (let i = 0; i < this.count; i++) this.rules[i]!.backward(node, next, d, t);
  }
  start(kind: SegmentKind, node: number): void {
    for (let i = 0; i < this.count; i++) this.rules[i]!.accStart(kind, node);
  }
  push(kind: SegmentKind, node: number, d: number, t: number): void {
    for (let i = 0; i < this.count; i++) this.rules[i]!.accPush(kind, node, d, t);
  }
  /** Weighted violation of the accumulated route. */
  penalty(vehicle: number): number {
    let p = 0;
    for (let i = 0; i < this.count; i++) p += this.coef[i]! * this.rules[i]!.excess(vehicle);
    return p;
  }
  routePenalty(endNode: number, vehicle: number): number {
    let p = 0;
    for (let i = 0; i < this.count; i++) p += this.coef[i]! * this.rules[i]!.routeExcess(endNode, vehicle);
    return p;
  }
  /** Per-rule violation flags of a stored route (for penalty adaptation): bit i = rule i violated. */
  routeViolations(endNode: number, vehicle: number): number {
    let bits = 0;
    for (let i = 0; i < this.count; i++) if (this.rules[i]!.routeExcess(endNode, vehicle) > 1e-9) bits |= 1 << i;
    return bits;
  }
  /** Adds each rule's violation of a stored route into out[i]. */
  addRouteExcess(endNode: number, vehicle: number, out: Float64Array): void {
    for (let i = 0; i < this.count; i++) out[i]! += this.rules[i]!.routeExcess(endNode, vehicle);
  }
  swapPenalty(endNode: number, vehicle: number, removeNode: number, addNode: number): number {
    let p = 0;
    for (let i = 0; i < this.count; i++) p += this.coef[i]! * this.rules[i]!.swapExcess(endNode, vehicle, removeNode, addNode);
    return p;
  }
}
