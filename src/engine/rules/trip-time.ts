// Time windows with release dates and multi-trip routes. Each part below is a Vidal et al. (2013)
// time segment (D duration, TW time warp, E earliest and L latest start). A route segment stores:
//   H  the part before its first reload visit, with HR the latest release among H's jobs (still
//      open: the departure that must wait for it lies to the left of the segment);
//   M  from the end of H (its leading leg included) through the last reload visit's service,
//      where every trip closed inside already waits for its own release ("finalised");
//   T  the part after the last reload visit (starting at the departure), TR its latest release.
// Without a reload only H/HR exist. Joining two segments that both reload closes the trip
// T(A) + H(B): M = M(A) ⊕ gate(max(TR(A), HR(B))) ⊕ T(A) ⊕ H(B) ⊕ M(B), where the gate is a
// zero-length segment with window [release, ∞) — the departure from the reload waits for the
// release. A complete route is gate(HR) ⊕ H [⊕ M ⊕ gate(TR) ⊕ T]: violation = its time warp,
// duration (read by maxDuration) = its D. All O(1) per concatenation.
import type { Instance } from '../solver/instance.js';
import type { RuleModule, RuleState, SegmentKind } from './types.js';

// Field offsets within one segment record.
const HD = 0, HR = 4, F = 5, MD = 6, TD = 10, TR = 14, HE = 15, STRIDE = 16;
const ACC = 3;

export class TripTimeRule implements RuleState {
  readonly name = 'time';
  readonly orderSensitive = true;
  readonly initialPenalty = 1;
  /** Duration of the last complete route evaluated by `excess` (read by maxDuration). */
  accD = 0;
  private readonly S: Float64Array;
  private readonly nodes: number;
  private readonly acc: number;
  private readonly fin: number; // scratch record for complete routes
  private readonly gate: number; // scratch 4-tuple for a release gate
  private readonly tmp: number; // scratch record for a concatenation result

  constructor(private readonly inst: Instance, nodes: number) {
    this.nodes = nodes;
    this.acc = 3 * nodes * STRIDE;
    this.fin = this.acc + STRIDE;
    this.gate = this.fin + STRIDE;
    this.tmp = this.gate + STRIDE;
    this.S = new Float64Array(this.tmp + STRIDE);
  }

  private at(kind: number, node: number): number {
    return kind === ACC ? this.acc : (kind * this.nodes + node) * STRIDE;
  }

  private setTuple(o: number, d: number, e: number, l: number): void {
    const S = this.S;
    S[o] = d;
    S[o + 1] = 0;
    S[o + 2] = e;
    S[o + 3] = l;
  }
  private copyTuple(to: number, from: number): void {
    const S = this.S;
    S[to] = S[from]!;
    S[to + 1] = S[from + 1]!;
    S[to + 2] = S[from + 2]!;
    S[to + 3] = S[from + 3]!;
  }

  /** Tuple at o = tuple x ⊕(t) tuple y (o may be x or y). */
  private merge(o: number, x: number, t: number, y: number): void {
    const S = this.S;
    const xD = S[x]!, xTW = S[x + 1]!, xE = S[x + 2]!, xL = S[x + 3]!;
    const yD = S[y]!, yTW = S[y + 1]!, yE = S[y + 2]!, yL = S[y + 3]!;
    const delta = xD - xTW + t;
    let wt = yE - delta - xL;
    if (!(wt > 0)) wt = 0;
    let tw = xE + delta - yL;
    if (!(tw > 0)) tw = 0;
    const e = yE - delta;
    const l = yL - delta;
    S[o] = xD + yD + t + wt;
    S[o + 1] = xTW + yTW + tw;
    S[o + 2] = (e > xE ? e : xE) - wt;
    S[o + 3] = (l < xL ? l : xL) + tw;
  }
  /** Tuple x followed by the departure waiting for `release`. */
  private gated(x: number, release: number): void {
    this.setTuple(this.gate, 0, release, Infinity);
    this.merge(x, x, 0, this.gate);
  }

  setJob(node: number, job: number): void {
    const S = this.S, o = node * STRIDE;
    if (this.inst.isReload[job]) {
      this.setTuple(o + HD, 0, -Infinity, Infinity);
      S[o + HR] = 0;
      S[o + HE] = 1;
      S[o + F] = 1;
      this.setTuple(o + MD, this.inst.service[job]!, -Infinity, Infinity);
      this.setTuple(o + TD, 0, -Infinity, Infinity);
      S[o + TR] = 0;
      return;
    }
    this.setTuple(o + HD, this.inst.service[job]!, this.inst.twStart[job]!, this.inst.twEnd[job]!);
    S[o + HR] = this.inst.release[job]!;
    S[o + HE] = 0;
    S[o + F] = 0;
  }
  setDepots(startNode: number, endNode: number, vehicle: number): void {
    for (const node of [startNode, endNode]) {
      const o = node * STRIDE;
      this.setTuple(o + HD, 0, this.inst.shiftStart[vehicle]!, this.inst.shiftEnd[vehicle]!);
      this.S[o + HR] = 0;
      this.S[o + HE] = 0;
      this.S[o + F] = 0;
    }
  }

  private copy(to: number, from: number): void {
    this.S.copyWithin(to, from, from + STRIDE);
  }

  /** Record o = a ⊕(t) b; o may alias a but not b. */
  private concat(o: number, a: number, t: number, b: number): void {
    const S = this.S;
    const fa = S[a + F] === 1, fb = S[b + F] === 1;
    if (!fa && !fb) {
      // The common case (no reload on either side), inlined: H = H(A) ⊕ H(B).
      const xD = S[a]!, xTW = S[a + 1]!, xE = S[a + 2]!, xL = S[a + 3]!;
      const yE = S[b + 2]!, yL = S[b + 3]!;
      const delta = xD - xTW + t;
      let wt = yE - delta - xL;
      if (!(wt > 0)) wt = 0;
      let tw = xE + delta - yL;
      if (!(tw > 0)) tw = 0;
      const e = yE - delta;
      const l = yL - delta;
      S[o] = xD + S[b]! + t + wt;
      S[o + 1] = xTW + S[b + 1]! + tw;
      S[o + 2] = (e > xE ? e : xE) - wt;
      S[o + 3] = (l < xL ? l : xL) + tw;
      const ra = S[a + HR]!, rb = S[b + HR]!;
      S[o + HR] = ra > rb ? ra : rb;
      S[o + HE] = 0;
      S[o + F] = 0;
      return;
    }
    if (!fa) {
      // H(A) then B's first reload: B's head (if any) joins H; the leading leg joins M otherwise.
      if (S[b + HE] === 1) {
        this.setTuple(this.gate, 0, -Infinity, Infinity);
        this.merge(o + MD, this.gate, t, b + MD);
        if (o !== a) this.copyTuple(o + HD, a + HD);
        S[o + HR] = S[a + HR]!;
      } else {
        this.merge(o + HD, a + HD, t, b + HD);
        S[o + HR] = Math.max(S[a + HR]!, S[b + HR]!);
        this.copyTuple(o + MD, b + MD);
      }
      this.copyTuple(o + TD, b + TD);
      S[o + TR] = S[b + TR]!;
      S[o + HE] = 0;
      S[o + F] = 1;
      return;
    }
    if (o !== a) {
      this.copyTuple(o + HD, a + HD);
      S[o + HR] = S[a + HR]!;
      S[o + HE] = S[a + HE]!;
      S[o + F] = 1;
    }
    if (!fb) {
      this.merge(o + TD, a + TD, t, b + HD);
      S[o + TR] = Math.max(S[a + TR]!, S[b + HR]!);
      if (o !== a) this.copyTuple(o + MD, a + MD);
      return;
    }
    // Both reload: close the trip T(A) + H(B) and append it and M(B) to M(A).
    const m = this.tmp;
    this.copyTuple(m, a + MD);
    this.gated(m, Math.max(S[a + TR]!, S[b + HE] === 1 ? 0 : S[b + HR]!));
    this.merge(m, m, 0, a + TD);
    if (S[b + HE] === 1) this.merge(m, m, t, b + MD);
    else {
      this.merge(m, m, t, b + HD);
      this.merge(m, m, 0, b + MD);
    }
    this.copyTuple(o + MD, m);
    this.copyTuple(o + TD, b + TD);
    S[o + TR] = S[b + TR]!;
  }

  forward(prev: number, node: number, _d: number, t: number): void {
    this.concat(this.at(1, node), this.at(1, prev), t, this.at(0, node));
  }
  backward(node: number, next: number, _d: number, t: number): void {
    // o = nd[node] ⊕ bw[next], written to bw[node] (no aliasing with either input).
    this.concat(this.at(2, node), this.at(0, node), t, this.at(2, next));
  }
  forwardStart(node: number): void {
    this.copy(this.at(1, node), this.at(0, node));
  }
  backwardStart(node: number): void {
    this.copy(this.at(2, node), this.at(0, node));
  }
  accStart(kind: SegmentKind, node: number): void {
    this.copy(this.acc, this.at(kind, node));
  }
  accPush(kind: SegmentKind, node: number, _d: number, t: number): void {
    this.concat(this.acc, this.acc, t, this.at(kind, node));
  }

  /** Closes the complete route in record s: gate(HR) ⊕ H [⊕ M ⊕ gate(TR) ⊕ T]; returns its time warp. */
  private complete(s: number): number {
    const S = this.S, f = this.fin;
    this.setTuple(f, 0, S[s + HR]!, Infinity);
    this.merge(f, f, 0, s + HD);
    if (S[s + F] === 1) {
      this.merge(f, f, 0, s + MD);
      this.gated(f, S[s + TR]!);
      this.merge(f, f, 0, s + TD);
    }
    return S[f + 1]!;
  }
  excess(): number {
    const tw = this.complete(this.acc);
    this.accD = this.S[this.fin]!;
    return tw;
  }
  routeExcess(endNode: number): number {
    return this.complete(this.at(1, endNode));
  }
  /** Minimal duration of the route ending at endNode (read by maxDuration). */
  routeDuration(endNode: number): number {
    this.complete(this.at(1, endNode));
    return this.S[this.fin]!;
  }
  swapExcess(): number {
    return 0;
  }
}

export const tripTimeRule: RuleModule = {
  name: 'time',
  applies: (inst) => inst.hasTime && (inst.hasReloads || inst.hasRelease),
  create: (inst, nodes) => new TripTimeRule(inst, nodes),
};
