// Battery: the energy of each trip must fit the vehicle's budget (Vehicle.energy). A leg of travel
// time t with payload m on board draws t·(A·m + B); the payload falls as jobs are served, and a
// reload starts the next trip with a fresh budget. O(1) concatenation: a segment stores its
// total payload P (what its jobs drop), its flight time T and the energy E of its own legs when
// it carries only its own payload. Carrying more (the payload of what follows) costs A·T per
// unit, so A ⊕(t) B: E = E_A + A·T_A·P_B + t·(A·P_B + B) + E_B, T = T_A + t + T_B, P = P_A + P_B.
// As for capacity, a segment keeps the open part before its first reload (the leg into that
// reload included), the summed excess of the trips closed inside it, and the open part after
// its last reload; joining two segments that both reload closes the trip between them against
// the budget of the vehicles owning the reload visits (reloads are grouped by battery).
import type { Instance } from '../solver/instance.js';
import type { RuleModule, RuleState, SegmentKind } from './types.js';

// Record fields: head P/T/E, closed excess, has-reload flag, reload ref, tail P/T/E.
const HP = 0, HT = 1, HE = 2, C = 3, F = 4, REF = 5, TP = 6, TT = 7, TE = 8, STRIDE = 9;
const ACC = 3;

class BatteryRule implements RuleState {
  readonly name = 'battery';
  readonly orderSensitive = true;
  readonly initialPenalty: number;
  private readonly S: Float64Array;
  private readonly nodes: number;
  private readonly acc: number;
  private readonly A: number;
  private readonly B: number;

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
    const perEnergy = maxTime > 0 && this.B > 0 ? maxDist / (maxTime * this.B) : 1;
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

  /** Energy of the part x (P/T/E at offset x) followed by leg t and part y, written at o (o may be x). */
  private join(o: number, x: number, t: number, y: number): void {
    const S = this.S, A = this.A;
    const py = S[y]!;
    const e = S[x + 2]! + A * S[x + 1]! * py + t * (A * py + this.B) + S[y + 2]!;
    S[o + 1] = S[x + 1]! + t + S[y + 1]!;
    S[o] = S[x]! + py;
    S[o + 2] = e;
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
      S[o + TE] = S[b + TE]!;
      return;
    }
    if (o !== a) {
      S[o + HP] = S[a + HP]!;
      S[o + HT] = S[a + HT]!;
      S[o + HE] = S[a + HE]!;
      S[o + F] = 1;
      S[o + REF] = S[a + REF]!;
    }
    if (!fb) {
      this.join(o + TP, a + TP, t, b + HP);
      S[o + C] = S[a + C]!;
      return;
    }
    // Close the trip tail(A) ⊕ head(B), which ends at B's first reload.
    const A = this.A;
    const py = S[b + HP]!;
    const trip = S[a + TE]! + A * S[a + TT]! * py + t * (A * py + this.B) + S[b + HE]!;
    const over = trip - this.inst.energyBudget[S[a + REF]!]!;
    S[o + C] = S[a + C]! + S[b + C]! + (over > 0 ? over : 0);
    S[o + TP] = S[b + TP]!;
    S[o + TT] = S[b + TT]!;
    S[o + TE] = S[b + TE]!;
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
  /** A complete route (start depot to end depot): the first and last trips against the vehicle's budget. */
  private complete(s: number, vehicle: number): number {
    const S = this.S, budget = this.inst.energyBudget[vehicle]!;
    let e = S[s + C]!;
    const h = S[s + HE]! - budget;
    if (h > 0) e += h;
    if (S[s + F] === 1) {
      const t = S[s + TE]! - budget;
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
}

export const batteryRule: RuleModule = {
  name: 'battery',
  applies: (inst) => inst.hasEnergy,
  create: (inst, nodes) => new BatteryRule(inst, nodes),
};
