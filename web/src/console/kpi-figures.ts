// KPIs of the day, computed from the orders the console has loaded (local midnight to now).
// DOM-free, so it is unit-tested.
import type { Order, Vehicle } from '../shared/model.js';

export interface DayKpis {
  placedToday: number;
  deliveredToday: number;
  onTimePct: number | null;
  failedToday: number;
  cancelledToday: number;
  open: number;
  vehiclesBusy: number;
  vehiclesTotal: number;
}

export function computeKpis(orders: Order[], vehicles: Vehicle[], nowMs = Date.now()): DayKpis {
  const midnight = new Date(nowMs);
  midnight.setHours(0, 0, 0, 0);
  const today = (iso: string) => Date.parse(iso) >= midnight.getTime();
  // A delivered order's last update is its delivery, so updatedAt is the delivery time.
  const delivered = orders.filter((o) => o.state === 'delivered' && today(o.updatedAt));
  const onTime = delivered.filter((o) => Date.parse(o.updatedAt) <= Date.parse(o.window.end)).length;
  return {
    placedToday: orders.filter((o) => today(o.createdAt)).length,
    deliveredToday: delivered.length,
    onTimePct: delivered.length ? Math.round((100 * onTime) / delivered.length) : null,
    failedToday: orders.filter((o) => o.state === 'failed' && today(o.updatedAt)).length,
    cancelledToday: orders.filter((o) => o.state === 'cancelled' && today(o.updatedAt)).length,
    open: orders.filter((o) => ['placed', 'allocated', 'ready', 'dispatched', 'failed'].includes(o.state)).length,
    vehiclesBusy: vehicles.filter((v) => !['idle', 'offline', 'charging', 'unknown'].includes(v.status)).length,
    vehiclesTotal: vehicles.length,
  };
}
