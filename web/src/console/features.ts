// Which optional endpoints this server offers, read once from its OpenAPI document
// (/docs/json, public). Asking the document instead of probing keeps the browser console
// free of 404s, and panels whose endpoint is absent stay hidden.
import type { Features } from './data.js';

type Loose = Record<string, unknown>;

export interface Discovered {
  features: Features;
  /** The no-fly zone collection path, when the server has one (e.g. /v1/no-fly-zones). */
  zonesPath: string | null;
  /** POST on the zone collection (drawing a new zone). */
  canCreateZone: boolean;
  stream: boolean;
}

export async function discoverFeatures(): Promise<Discovered> {
  let paths: Record<string, Loose>;
  try {
    const res = await fetch('/docs/json', { headers: { accept: 'application/json' } });
    if (!res.ok) throw new Error(String(res.status));
    paths = ((await res.json()) as { paths?: Record<string, Loose> }).paths ?? {};
  } catch {
    // No document: assume everything and let each panel hide itself on a missing route.
    return {
      features: { vehicles: true, plans: true, zones: true, webhooks: true, purchaseOrders: true, reorderRules: true },
      zonesPath: '/v1/no-fly-zones',
      canCreateZone: false,
      stream: true,
    };
  }
  const has = (p: string, method = 'get') => Boolean(paths[p]?.[method]);
  const zonesPath = Object.keys(paths).find((p) => /^\/v1\/[a-z/-]*zones$/.test(p) && has(p)) ?? null;
  return {
    features: {
      vehicles: has('/v1/vehicles'),
      flightPlans: has('/v1/flight-plans'),
      plans: has('/v1/hubs/{id}/plan'),
      zones: zonesPath !== null,
      webhooks: has('/v1/webhooks') && has('/v1/webhooks/{id}/deliveries'),
      purchaseOrders: has('/v1/purchase-orders'),
      reorderRules: has('/v1/reorder-rules'),
    },
    zonesPath,
    canCreateZone: zonesPath !== null && has(zonesPath, 'post'),
    stream: has('/v1/stream'),
  };
}
