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
  /** The vehicle whose route the next segment calls (forward…, start, push) are about. */
  select(vehicle: number): void;
  /** Which rules are active on the vehicle (bit i = rule i): routes with equal signatures share segment data. */
  signature(vehicle: number): number;
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

/**
 * The active rules of one problem, with one penalty coefficient each. Per vehicle, only the rules
 * that can be violated on its routes are run (a van has no battery, a drone no distance limit):
 * segment calls go to the rules of the vehicle last selected.
 */
export class RuleSet implements Evaluator {
  readonly rules: RuleState[];
  readonly coef: Float64Array;
  readonly orderSensitive: boolean;
  readonly needsTime: boolean;
  readonly needsDistance: boolean;
  readonly count: number;
  /** Per vehicle: its active rules and their indices (into rules and coef). */
  private readonly ruleOf: RuleState[][];
  private readonly indexOf: Int32Array[];
  private readonly masks: Int32Array;
  private sel: RuleState[];

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
    this.ruleOf = [];
    this.indexOf = [];
    this.masks = new Int32Array(inst.V);
    for (let v = 0; v < inst.V; v++) {
      const idx = rules.map((r, i) => (r.activeFor?.(v) ?? true ? i : -1)).filter((i) => i >= 0);
      this.indexOf.push(Int32Array.from(idx));
      this.ruleOf.push(idx.map((i) => rules[i]!));
      this.masks[v] = idx.reduce((m, i) => m | (1 << i), 0);
    }
    this.sel = this.ruleOf[0] ?? rules;
  }

  setJob(node: number, job: number): void {
    for (let i = 0; i < this.count; i++) this.rules[i]!.setJob(node, job);
  }
  setDepots(s: number, e: number, v: number): void {
    for (let i = 0; i < this.count; i++) this.rules[i]!.setDepots(s, e, v);
  }
  select(vehicle: number): void {
    this.sel = this.ruleOf[vehicle]!;
  }
  signature(vehicle: number): number {
    return this.masks[vehicle]!;
  }
  forwardStart(node: number): void {
    const rs = this.sel;
    for (let k = 0; k < rs.length; k++) rs[k]!.forwardStart(node);
  }
  backwardStart(node: number): void {
    const rs = this.sel;
    for (let k = 0; k < rs.length; k++) rs[k]!.backwardStart(node);
  }
  forward(prev: number, node: number, d: number, t: number): void {
    const rs = this.sel;
    for (let k = 0; k < rs.length; k++) rs[k]!.forward(prev, node, d, t);
  }
  backward(node: number, next: number, d: number, t: number): void {
    const rs = this.sel;
    for (let k = 0; k < rs.length; k++) rs[k]!.backward(node, next, d, t);
  }
  start(kind: SegmentKind, node: number): void {
    const rs = this.sel;
    for (let k = 0; k < rs.length; k++) rs[k]!.accStart(kind, node);
  }
  push(kind: SegmentKind, node: number, d: number, t: number): void {
    const rs = this.sel;
    for (let k = 0; k < rs.length; k++) rs[k]!.accPush(kind, node, d, t);
  }
  /** Weighted violation of the accumulated route (the vehicle selected for it). */
  penalty(vehicle: number): number {
    const rs = this.ruleOf[vehicle]!, idx = this.indexOf[vehicle]!;
    let p = 0;
    for (let k = 0; k < rs.length; k++) p += this.coef[idx[k]!]! * rs[k]!.excess(vehicle);
    return p;
  }
  routePenalty(endNode: number, vehicle: number): number {
    const rs = this.ruleOf[vehicle]!, idx = this.indexOf[vehicle]!;
    let p = 0;
    for (let k = 0; k < rs.length; k++) p += this.coef[idx[k]!]! * rs[k]!.routeExcess(endNode, vehicle);
    return p;
  }
  /** Per-rule violation flags of a stored route (for penalty adaptation): bit i = rule i violated. */
  routeViolations(endNode: number, vehicle: number): number {
    const rs = this.ruleOf[vehicle]!, idx = this.indexOf[vehicle]!;
    let bits = 0;
    for (let k = 0; k < rs.length; k++) if (rs[k]!.routeExcess(endNode, vehicle) > 1e-9) bits |= 1 << idx[k]!;
    return bits;
  }
  /** Adds each rule's violation of a stored route into out[i]. */
  addRouteExcess(endNode: number, vehicle: number, out: Float64Array): void {
    const rs = this.ruleOf[vehicle]!, idx = this.indexOf[vehicle]!;
    for (let k = 0; k < rs.length; k++) out[idx[k]!]! += rs[k]!.routeExcess(endNode, vehicle);
  }
  swapPenalty(endNode: number, vehicle: number, removeNode: number, addNode: number): number {
    const rs = this.ruleOf[vehicle]!, idx = this.indexOf[vehicle]!;
    let p = 0;
    for (let k = 0; k < rs.length; k++) p += this.coef[idx[k]!]! * rs[k]!.swapExcess(endNode, vehicle, removeNode, addNode);
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
  /** One rule: it runs on every vehicle (where it cannot be violated its excess is 0 whatever its data). */
  select(): void {}
  signature(): number {
    return 1;
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
