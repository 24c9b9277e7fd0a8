// Maximum route duration per vehicle: the route's minimal duration (departure as late as possible,
// from the time rule's segment data) above the vehicle's maxDuration is the violation. This rule
// owns no columns; it reads the time rule's accumulator, which it declares as a dependency.
import type { Instance } from '../solver/instance.js';
import { TimeWindowRule } from './time-windows.js';
import { TripTimeRule } from './trip-time.js';
import type { RuleModule, RuleState } from './types.js';

class MaxDurationRule implements RuleState {
  readonly name = 'maxDuration';
  readonly orderSensitive = true;
  readonly initialPenalty = 1;
  constructor(private readonly inst: Instance, private readonly time: TimeWindowRule | TripTimeRule) {}
  setJob(): void {}
  setDepots(): void {}
  forwardStart(): void {}
  backwardStart(): void {}
  forward(): void {}
  backward(): void {}
  accStart(): void {}
  accPush(): void {}
  excess(vehicle: number): number {
    const over = this.time.accD - this.inst.maxDuration[vehicle]!;
    return over > 0 ? over : 0;
  }
  routeExcess(endNode: number, vehicle: number): number {
    const over = this.time.routeDuration(endNode) - this.inst.maxDuration[vehicle]!;
    return over > 0 ? over : 0;
  }
  swapExcess(): number {
    return 0;
  }
  activeFor(vehicle: number): boolean {
    return Number.isFinite(this.inst.maxDuration[vehicle]!);
  }
}

export const maxDurationRule: RuleModule = {
  name: 'maxDuration',
  applies: (inst) => Array.from(inst.maxDuration).some((m) => Number.isFinite(m)),
  create: (inst, _nodes, deps) => {
    const time = deps.get('time');
    if (!(time instanceof TimeWindowRule) && !(time instanceof TripTimeRule)) throw new Error('maxDuration needs the time rule');
    return new MaxDurationRule(inst, time);
  },
};
