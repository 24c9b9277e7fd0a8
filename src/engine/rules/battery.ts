// Battery: the energy of each trip must fit the vehicle's budget (Vehicle.energy). A leg of travel
// time t with payload m on board draws t·(A·m + B); the payload falls as jobs are served, and a
// reload starts the next trip with a fresh budget. Energy is bilinear in (A, B): E = A·X + B·T with
// T the flight time and X = Σ t·m the payload-time of the legs, and both concatenate in O(1)
// without knowing the vehicle, so each vehicle may have its own A and B (one drone type's battery
// per vehicle). A segment stores its total payload P (what its jobs drop), T, and X when it
// carries only its own payload; carrying more (the payload of what follows) adds T per unit:
// A ⊕(t) B: X = X_A + (T_A + t)·P_B + X_B, T = T_A + t + T_B, P = P_A + P_B.
// As for capacity, a segment keeps the open part before its first reload (the leg into that
// reload included), the summed excess of the trips closed inside it, and the open part after
// its last reload; joining two segments that both reload closes the trip between them against
// the model and budget of the vehicles owning the reload visits (reloads are grouped by battery).
import type { Instance } from '../solver/instance.js';
import type { RuleModule, RuleState, SegmentKind } from './types.js';

// Record fields: head P/T/X, closed excess, has-reload flag, reload ref, tail P/T/X.
const HP = 0, HT = 1, HX = 2, C = 3, F = 4, REF = 5, TP = 6, TT = 7, TX = 8, STRIDE = 9;
const ACC = 3;

class BatteryRule implements RuleState {
  readonly name = 'battery';
  readonly orderSensitive = true;
  readonly initialPenalty: number;
  private readonly S: Float64Array;
  private readonly nodes: number;
  private readonly acc: number;
  /** Per vehicle: draw per unit of time per unit of payload (A) and with no payload (B). */
  private readonly A: Float64Array;
  private readonly B: Float64Array;

  constructor(private readonly inst: Instance, nodes: number) {
    this.nodes = nodes;
    this.acc = 3 * nodes * STRIDE;
    this.S = new Float64Array(this.acc + STRIDE);
    this.A = inst.energyPerLoad;
    this.B = inst.energyBase;
    // One unit of excess energy priced like the distance flown with it (empty), capped.
    let maxDist = 0;
    const D = inst.dist[0]!;
    for (let i = 0; i < D.length; i++) if (D[i]! > maxDist && Number.isFinite(D[i]!)) maxDist = D[i]!;
    let maxTime = 0;
    const T = inst.time[0]!;
    for (let i = 0; i < T.length; i++) if (T[i]! > maxTime && Number.isFinite(T[i]!)) maxTime = T[i]!;
    let base = 0;
    for (let v = 0; v < inst.V; v++) if (Number.isFinite(inst.energyBudget[v]!)) base = Math.max(base, this.B[v]!);
    const perEnergy = maxTime > 0 && base > 0 ? maxDist / (maxTime * base) : 1;
    this.initialPenalty = Math.max(1e-6, Math.min(1000, perEnergy));
  }

  private at(kind: number, node: number): number {
    return kind === ACC ? this.acc : (kind * this.nodes + node) * STRIDE;
  }

  setJob(node: number, job: number): void {
    const S = this.S, o = node * STRIDE;
    S.fill(0, o, o + STRIDE);
    if (this.inst.isReload[job]) {
      S[o + F] = 1;
      S[o + REF] = this.inst.reloadVehicle[job]!;
    } else {
      S[o + HP] = this.inst.demand[job * this.inst.dims + this.inst.energyDim]!;
    }
  }
  setDepots(startNode: number, endNode: number): void {
    this.S.fill(0, startNode * STRIDE, (startNode + 1) * STRIDE);
    this.S.fill(0, endNode * STRIDE, (endNode + 1) * STRIDE);
  }

  /** Payload-time, time and payload of the part x followed by leg t and part y, written at o (o may be x). */
  private join(o: number, x: number, t: number, y: number): void {
    const S = this.S;
    const py = S[y]!;
    const xt = S[x + 2]! + (S[x + 1]! + t) * py + S[y + 2]!;
    S[o + 1] = S[x + 1]! + t + S[y + 1]!;
    S[o] = S[x]! + py;
    S[o + 2] = xt;
  }

  /** Record o = a ⊕(t) b; o may alias a, never b. */
  private concat(o: number, a: number, t: number, b: number): void {
    const S = this.S;
    const fa = S[a + F] === 1, fb = S[b + F] === 1;
    if (!fa) {
      this.join(o + HP, a + HP, t, b + HP);
      if (!fb) {
        S[o + C] = 0;
        S[o + F] = 0;
        return;
      }
      S[o + C] = S[b + C]!;
      S[o + F] = 1;
      S[o + REF] = S[b + REF]!;
      S[o + TP] = S[b + TP]!;
      S[o + TT] = S[b + TT]!;
      S[o + TX] = S[b + TX]!;
      return;
    }
    if (o !== a) {
      S[o + HP] = S[a + HP]!;
      S[o + HT] = S[a + HT]!;
      S[o + HX] = S[a + HX]!;
      S[o + F] = 1;
      S[o + REF] = S[a + REF]!;
    }
    if (!fb) {
      this.join(o + TP, a + TP, t, b + HP);
      S[o + C] = S[a + C]!;
      return;
    }
    // Close the trip tail(A) ⊕ head(B), which ends at B's first reload, with its group's battery.
    const ref = S[a + REF]!;
    const py = S[b + HP]!;
    const x = S[a + TX]! + (S[a + TT]! + t) * py + S[b + HX]!;
    const time = S[a + TT]! + t + S[b + HT]!;
    const over = this.A[ref]! * x + this.B[ref]! * time - this.inst.energyBudget[ref]!;
    S[o + C] = S[a + C]! + S[b + C]! + (over > 0 ? over : 0);
    S[o + TP] = S[b + TP]!;
    S[o + TT] = S[b + TT]!;
    S[o + TX] = S[b + TX]!;
  }

  forward(prev: number, node: number, _d: number, t: number): void {
    this.concat(this.at(1, node), this.at(1, prev), t, this.at(0, node));
  }
  backward(node: number, next: number, _d: number, t: number): void {
    this.concat(this.at(2, node), this.at(0, node), t, this.at(2, next));
  }
  forwardStart(node: number): void {
    this.S.copyWithin(this.at(1, node), this.at(0, node), this.at(0, node) + STRIDE);
  }
  backwardStart(node: number): void {
    this.S.copyWithin(this.at(2, node), this.at(0, node), this.at(0, node) + STRIDE);
  }
  accStart(kind: SegmentKind, node: number): void {
    const from = this.at(kind, node);
    this.S.copyWithin(this.acc, from, from + STRIDE);
  }
  accPush(kind: SegmentKind, node: number, _d: number, t: number): void {
    this.concat(this.acc, this.acc, t, this.at(kind, node));
  }
  /** A complete route (start depot to end depot): the first and last trips against the vehicle's battery. */
  private complete(s: number, vehicle: number): number {
    const S = this.S, budget = this.inst.energyBudget[vehicle]!;
    const A = this.A[vehicle]!, B = this.B[vehicle]!;
    let e = S[s + C]!;
    const h = A * S[s + HX]! + B * S[s + HT]! - budget;
    if (h > 0) e += h;
    if (S[s + F] === 1) {
      const t = A * S[s + TX]! + B * S[s + TT]! - budget;
      if (t > 0) e += t;
    }
    return e;
  }
  excess(vehicle: number): number {
    return this.complete(this.acc, vehicle);
  }
  routeExcess(endNode: number, vehicle: number): number {
    return this.complete(this.at(1, endNode), vehicle);
  }
  swapExcess(): number {
    return 0;
  }
  /** A vehicle without a battery (infinite budget) never breaks it. */
  activeFor(vehicle: number): boolean {
    return Number.isFinite(this.inst.energyBudget[vehicle]!);
  }
}

export const batteryRule: RuleModule = {
  name: 'battery',
  applies: (inst) => inst.hasEnergy,
  create: (inst, nodes) => new BatteryRule(inst, nodes),
};
