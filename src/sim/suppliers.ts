// The replenishment side of a simulated day: the platform's periodic replenishment sweep (the same
// call its background dispatcher makes), and simulated suppliers who confirm each purchase order
// shortly after receiving it, ship it so that it arrives after their lead time, and the hub staff
// who book the goods receipt. Every step is a domain call with the role a real party would have.
import type { Actor } from '../domain/actor.js';
import type { DomainContext } from '../domain/context.js';
import { DomainError } from '../domain/errors.js';
import { getPurchaseOrder, transitionPurchaseOrder } from '../domain/purchase-orders.js';
import { runReplenishment } from '../domain/replenishment.js';
import type { SimRecord } from './recorder.js';

export type SupplierEvent =
  | { kind: 'replenishment-sweep' }
  | { kind: 'po-confirm'; poId: string; supplierId: string }
  | { kind: 'po-ship'; poId: string; supplierId: string }
  | { kind: 'po-receive'; poId: string };

/** A supplier answers a purchase order this long after it was sent. */
export const CONFIRM_AFTER_S = 15 * 60;
/** Goods are on the road this long before they arrive (within the lead time). */
export const TRANSIT_S = 2 * 3600;
export const SWEEP_EVERY_S = 3600;

export class SupplierPlayer {
  constructor(
    private readonly ctx: DomainContext,
    private readonly operator: Actor,
    private readonly record: SimRecord,
    private readonly schedule: (at: number, e: SupplierEvent) => void,
  ) {}

  async handle(e: SupplierEvent, now: number): Promise<void> {
    switch (e.kind) {
      case 'replenishment-sweep': {
        this.schedule(now + SWEEP_EVERY_S, e);
        const decisions = await runReplenishment(this.ctx, this.operator);
        const raised = [...new Set(decisions.filter((d) => d.outcome === 'raised').map((d) => d.purchaseOrderId!))].sort();
        for (const poId of raised) {
          const { po } = await getPurchaseOrder(this.ctx, this.operator, poId);
          this.record.purchaseOrders.created++;
          this.schedule(now + CONFIRM_AFTER_S, { kind: 'po-confirm', poId, supplierId: po.supplierId });
        }
        return;
      }
      case 'po-confirm': {
        const view = await this.step(e.poId, 'confirmed', supplierActor(e.supplierId));
        if (!view) return;
        this.record.purchaseOrders.confirmed++;
        const expectedAt = view.po.expectedAt ?? now;
        this.schedule(Math.max(now, expectedAt - TRANSIT_S), { kind: 'po-ship', poId: e.poId, supplierId: e.supplierId });
        return;
      }
      case 'po-ship': {
        const view = await this.step(e.poId, 'shipped', supplierActor(e.supplierId));
        if (view) this.schedule(Math.max(now, view.po.expectedAt ?? now), { kind: 'po-receive', poId: e.poId });
        return;
      }
      case 'po-receive': {
        const view = await this.step(e.poId, 'received', this.operator);
        if (!view) return;
        this.record.purchaseOrders.received++;
        this.record.purchaseOrders.unitsReceived += view.lines.reduce((s, l) => s + l.receivedQuantity, 0);
        return;
      }
    }
  }

  /** One transition; a refusal (e.g. an operator cancelled the PO meanwhile) is counted, not fatal. */
  private async step(poId: string, to: 'confirmed' | 'shipped' | 'received', actor: Actor) {
    try {
      return await transitionPurchaseOrder(this.ctx, actor, poId, to, { reason: 'simulated supplier' });
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      this.record.anomalies[`purchase_order_${err.code}`] = (this.record.anomalies[`purchase_order_${err.code}`] ?? 0) + 1;
      return null;
    }
  }
}

const supplierActor = (supplierId: string): Actor => ({ role: 'supplier', subjectId: supplierId, via: 'sim' });
