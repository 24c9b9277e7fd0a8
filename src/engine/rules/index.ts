// The rule registry and its composition. The search talks to a `RuleSet` only: it never names
// a rule. Adding a rule (drone battery, multi-trip reloads) = one module + one line below.
// Order matters where a rule reads another's accumulator (maxDuration after time).
import type { Instance } from '../solver/instance.js';
import { batteryRule } from './battery.js';
import { capacityRule } from './capacity.js';
import { maxDistanceRule } from './max-distance.js';
import { maxDurationRule } from './max-duration.js';
import { timeWindowRule } from './time-windows.js';
import { tripCapacityRule } from './trip-capacity.js';
import { tripCountRule } from './trip-count.js';
import { tripTimeRule } from './trip-time.js';
import type { RuleModule, RuleState, SegmentKind } from './types.js';

// capacity/tripCapacity and time/tripTime are exclusive (the trip-aware ones apply to multi-trip
// routes and release dates only, so single-trip problems keep the lean versions).
export const RULES: RuleModule[] = [
  capacityRule, tripCapacityRule, timeWindowRule, tripTimeRule, maxDistanceRule, maxDurationRule, tripCountRule, batteryRule,
];

/** What the search needs from the rules: segment bookkeeping, concatenation, penalties. */
export interface Evaluator {
  readonly count: number;
  readonly coef: Float64Array;
  readonly orderSensitive: boolean;
  readonly needsTime: boolean;
  readonly needsDistance: boolean;
  setJob(node: number, job: number): void;
  setDepots(s: number, e: number, v: number): void;
  forwardStart(node: number): void;
  backwardStart(node: number): void;
  forward(prev: number, node: number, d: number, t: number): void;
  backward(node: number, next: number, d: number, t: number): void;
  start(kind: SegmentKind, node: number): void;
  push(kind: SegmentKind, node: number, d: number, t: number): void;
  penalty(vehicle: number): number;
  routePenalty(endNode: number, vehicle: number): number;
  routeViolations(endNode: number, vehicle: number): number;
  addRouteExcess(endNode: number, vehicle: number, out: Float64Array): void;
  swapPenalty(endNode: number, vehicle: number, removeNode: number, addNode: number): number;
}

/** The active rules of one problem, with one penalty coefficient each. */
export class RuleSet implements Evaluator {
  readonly rules: RuleState[];
  readonly coef: Float64Array;
  readonly orderSensitive: boolean;
  readonly needsTime: boolean;
  readonly needsDistance: boolean;
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
    this.needsTime = deps.has('time') || deps.has('battery'); // the battery draws per unit of flight time
    this.needsDistance = deps.has('maxDistance');
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

/** One active rule (plain CVRP): the same contract without the per-rule loops. */
export class SingleRuleSet implements Evaluator {
  readonly count = 1;
  readonly coef: Float64Array;
  readonly orderSensitive: boolean;
  readonly needsTime: boolean;
  readonly needsDistance: boolean;
  private readonly r: RuleState;

  constructor(set: RuleSet) {
    this.r = set.rules[0]!;
    this.coef = set.coef;
    this.orderSensitive = set.orderSensitive;
    this.needsTime = set.needsTime;
    this.needsDistance = set.needsDistance;
  }
  setJob(node: number, job: number): void {
    this.r.setJob(node, job);
  }
  setDepots(s: number, e: number, v: number): void {
    this.r.setDepots(s, e, v);
  }
  forwardStart(node: number): void {
    this.r.forwardStart(node);
  }
  backwardStart(node: number): void {
    this.r.backwardStart(node);
  }
  forward(prev: number, node: number, d: number, t: number): void {
    this.r.forward(prev, node, d, t);
  }
  backward(node: number, next: number, d: number, t: number): void {
    this.r.backward(node, next, d, t);
  }
  start(kind: SegmentKind, node: number): void {
    this.r.accStart(kind, node);
  }
  push(kind: SegmentKind, node: number, d: number, t: number): void {
    this.r.accPush(kind, node, d, t);
  }
  penalty(vehicle: number): number {
    return this.coef[0]! * this.r.excess(vehicle);
  }
  routePenalty(endNode: number, vehicle: number): number {
    return this.coef[0]! * this.r.routeExcess(endNode, vehicle);
  }
  routeViolations(endNode: number, vehicle: number): number {
    return this.r.routeExcess(endNode, vehicle) > 1e-9 ? 1 : 0;
  }
  addRouteExcess(endNode: number, vehicle: number, out: Float64Array): void {
    out[0]! += this.r.routeExcess(endNode, vehicle);
  }
  swapPenalty(endNode: number, vehicle: number, removeNode: number, addNode: number): number {
    return this.coef[0]! * this.r.swapExcess(endNode, vehicle, removeNode, addNode);
  }
}

/** The evaluator the search uses: the composed rules, without loops when only one is active. */
export function composeRules(inst: Instance, nodes: number, modules: RuleModule[] = RULES): Evaluator {
  const set = new RuleSet(inst, nodes, modules);
  return set.count === 1 ? new SingleRuleSet(set) : set;
}
