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
  // The Γ best candidates by (cost, index), kept sorted by insertion: O(n·Γ) per job at worst,
  // instead of sorting all n candidates (the same lists as a full sort, far cheaper on large instances).
  const g = Math.max(0, granularity);
  const topCost = new Float64Array(g);
  const topIdx = new Int32Array(g);
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
      // j grows, so an equal cost goes after the entries already kept (ties by index, as a stable sort).
      if (m === g && !(c < topCost[g - 1]!)) continue;
      let k = m < g ? m++ : g - 1;
      while (k > 0 && c < topCost[k - 1]!) {
        topCost[k] = topCost[k - 1]!;
        topIdx[k] = topIdx[k - 1]!;
        k--;
      }
      topCost[k] = c;
      topIdx[k] = j;
    }
    for (let k = 0; k < m; k++) {
      lists[i]!.add(topIdx[k]!);
      // Not made symmetric for reloads: the pool would crowd the lists of jobs near the depot.
      if (!reload) lists[topIdx[k]!]!.add(i);
    }
  }
  return lists.map((s) => Int32Array.from([...s].sort((a, b) => a - b)));
}
