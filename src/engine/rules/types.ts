// The contract every routing rule fulfils so the search can ask "what does this cost and violate?"
// without naming any rule. A rule owns per-node segment data in its own typed-array columns:
//   nd[node]  the node alone (a job, or a route's start/end depot),
//   fw[node]  the route from its start depot up to and including node,
//   bw[node]  the route from node up to and including its end depot,
// plus one accumulator. Segments concatenate left to right with the travel (distance d, time t)
// between them; `excess` turns the accumulator into a violation amount that the search weights
// with the rule's adaptive penalty coefficient.
import type { Instance } from '../solver/instance.js';

export type SegmentKind = 0 | 1 | 2; // 0 = nd, 1 = fw, 2 = bw
export const ND: SegmentKind = 0;
export const FW: SegmentKind = 1;
export const BW: SegmentKind = 2;

export interface RuleState {
  readonly name: string;
  /** True when the order of visits changes the violation (time windows); false for sums (load). */
  readonly orderSensitive: boolean;
  /** Initial penalty coefficient per unit of violation. */
  readonly initialPenalty: number;
  setJob(node: number, job: number): void;
  setDepots(startNode: number, endNode: number, vehicle: number): void;
  /** fw[node] = fw[prev] ⊕ nd[node]. */
  forward(prev: number, node: number, d: number, t: number): void;
  /** bw[node] = nd[node] ⊕ bw[next]. */
  backward(node: number, next: number, d: number, t: number): void;
  /** Copies fw[node] into fw[node] of the same node from nd (route start). */
  forwardStart(node: number): void;
  backwardStart(node: number): void;
  accStart(kind: SegmentKind, node: number): void;
  accPush(kind: SegmentKind, node: number, d: number, t: number): void;
  /** Violation of the accumulated (complete) route for `vehicle`. */
  excess(vehicle: number): number;
  /** Violation of a whole route from its stored fw data at the end depot. */
  routeExcess(endNode: number, vehicle: number): number;
  /**
   * A lower bound of the violation when `removeNode` is swapped out of the route and `addNode` in
   * (order ignored; -1 for none): exact for sums, 0 for order-sensitive rules.
   */
  swapExcess(endNode: number, vehicle: number, removeNode: number, addNode: number): number;
  /**
   * False when the rule can never be violated on this vehicle's routes (no battery, no distance
   * limit, no reload visits to overuse): the search then skips it there. Absent = always active.
   */
  activeFor?(vehicle: number): boolean;
}

export interface RuleModule {
  name: string;
  /** Does the instance need this rule at all? */
  applies(inst: Instance): boolean;
  create(inst: Instance, nodeCount: number, deps: Map<string, RuleState>): RuleState;
}
