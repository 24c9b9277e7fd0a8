// Granular neighbourhoods: for each job, the Γ most correlated other jobs, made symmetric
// (reload visits excepted, see below).
// Correlation = travel cost, plus (with time windows) the waiting and time warp the pair
// would induce, as in Vidal et al. 2013: d_ij + γ_WT·max(e_j − s_i − t_ij − l_i, 0)
// + γ_TW·max(e_i + s_i + t_ij − l_j, 0), taking the better of both orders.
import type { Instance } from './instance.js';

const GAMMA_WT = 0.2;
const GAMMA_TW = 1;

export function buildNeighbours(inst: Instance, granularity: number): Int32Array[] {
  const { n, W } = inst;
  const v0 = 0;
  const D = inst.dist[inst.profileOf[v0] ?? 0]!;
  const T = inst.time[inst.profileOf[v0] ?? 0]!;
  const withTime = inst.hasTime;
  const lists: Set<number>[] = Array.from({ length: n }, () => new Set<number>());
  const cand = new Float64Array(n);
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (!inst.servable[i]) continue;
    let m = 0;
    const li = inst.jobLoc[i]!;
    const reload = inst.isReload[i] === 1;
    for (let j = 0; j < n; j++) {
      // Reload visits (all at the depot) list the jobs near the depot, not each other.
      if (j === i || !inst.servable[j] || inst.isReload[j]) continue;
      const lj = inst.jobLoc[j]!;
      let c = D[li * W + lj]!;
      if (withTime) {
        const tij = T[li * W + lj]!;
        const wt = Math.max(inst.twStart[j]! - inst.service[i]! - tij - inst.twEnd[i]!, 0);
        const tw = Math.max(inst.twStart[i]! + inst.service[i]! + tij - inst.twEnd[j]!, 0);
        c += GAMMA_WT * (Number.isFinite(wt) ? wt : 0) + GAMMA_TW * (Number.isFinite(tw) ? tw : 0);
      }
      cand[m] = c;
      idx[m] = j;
      m++;
    }
    const order = Array.from(idx.subarray(0, m));
    const costOf = new Map<number, number>();
    for (let k = 0; k < m; k++) costOf.set(idx[k]!, cand[k]!);
    order.sort((a, b) => costOf.get(a)! - costOf.get(b)! || a - b);
    for (let k = 0; k < Math.min(granularity, order.length); k++) {
      lists[i]!.add(order[k]!);
      // Not made symmetric for reloads: the pool would crowd the lists of jobs near the depot.
      if (!reload) lists[order[k]!]!.add(i);
    }
  }
  return lists.map((s) => Int32Array.from([...s].sort((a, b) => a - b)));
}
