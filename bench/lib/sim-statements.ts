// bench:sim --statements FILE: SQL statements, driver time and process CPU time per simulation
// event kind (CPU time is the steadier figure on a shared machine), and the
// statement list of one event of each kind (the 200th, once caches are warm, the 45th for dispatch commits; for hand-overs the
// first delivered one from there). Labels events by wrapping Simulation's event handler from the
// outside (the simulation itself knows nothing of it).
import { writeFileSync } from 'node:fs';
import { Simulation } from '../../src/sim/simulation.js';
import type { SimRecord } from '../../src/sim/recorder.js';
import { installStatementCounter, type StatementCounter } from './statement-counter.js';

const CAPTURE_FROM = 200;
/** Kinds with fewer events than that in a short run: dispatch commits (one per round, 90 in 12 simulated hours). */
const CAPTURE_FROM_KIND: Record<string, number> = { 'dispatch-commit': 45 };

export function countStatementsPerEvent(): { counter: StatementCounter; cpuMs: Map<string, number>; write(file: string): void } {
  const cpuMs = new Map<string, number>();
  const counter = installStatementCounter();
  const seen = new Map<string, number>();
  const lists = new Map<string, string[]>();
  type Event = { kind: string; event?: { kind: string } };
  const proto = Simulation.prototype as unknown as { handle(e: Event): Promise<void>; record: SimRecord };
  const handle = proto.handle;
  proto.handle = async function (this: { record: SimRecord }, e: Event) {
    const kind = e.kind === 'supplier' ? `supplier:${e.event!.kind}` : e.kind;
    const n = (seen.get(kind) ?? 0) + 1;
    seen.set(kind, n);
    const capture = n >= (CAPTURE_FROM_KIND[kind] ?? CAPTURE_FROM) && !lists.has(kind);
    const delivered = this.record.deliveries.length;
    counter.label = kind;
    if (capture) counter.captured = [];
    const cpu0 = process.cpuUsage();
    try {
      await handle.call(this, e);
    } finally {
      const cpu = process.cpuUsage(cpu0);
      cpuMs.set(kind, (cpuMs.get(kind) ?? 0) + (cpu.user + cpu.system) / 1000);
      const list = counter.captured;
      counter.captured = null;
      counter.label = 'other';
      if (capture && list && (kind !== 'handover' || this.record.deliveries.length > delivered)) lists.set(kind, list);
    }
  };
  return {
    counter,
    cpuMs,
    write(file) {
      const out: string[] = [];
      for (const [kind, list] of [...lists].sort()) {
        out.push(`## ${kind}${kind === 'handover' ? ' (delivered)' : ''}: ${list.length} statements`, ...list.map((s, i) => `${i + 1}. ${s}`), '');
      }
      writeFileSync(file, out.join('\n'));
    },
  };
}
