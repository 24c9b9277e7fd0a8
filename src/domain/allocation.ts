// Choosing the hub that serves an order. Strategies only rank candidate hubs from a snapshot;
// the order service then reserves stock with guarded updates, falling through to the next
// candidate if a concurrent order took the units in between.
import { haversineMetres } from '../geo/haversine.js';

export interface AllocationHub {
  id: string;
  lon: number;
  lat: number;
  serviceRadiusM: number;
}

export interface AllocationLine {
  productId: string;
  quantity: number;
}

export interface AllocationInput {
  destination: { lon: number; lat: number };
  lines: AllocationLine[];
  hubs: AllocationHub[];
  /** Units available (on hand minus reserved) at a hub for a product, per the snapshot. */
  available(hubId: string, productId: string): number;
}

export interface AllocationRanking {
  /** Hubs whose service area contains the destination (empty: address unserviceable). */
  inArea: string[];
  /** Hubs to try, best first; each could serve every line per the snapshot. */
  candidates: string[];
}

export interface AllocationStrategy {
  readonly name: string;
  rank(input: AllocationInput): AllocationRanking;
}

/** Default: the nearest hub within its own service radius that has every line in stock. */
export const nearestHubStrategy: AllocationStrategy = {
  name: 'nearest-in-radius',
  rank({ destination, lines, hubs, available }) {
    const inArea = hubs
      .map((h) => ({ h, d: haversineMetres(h.lon, h.lat, destination.lon, destination.lat) }))
      .filter(({ h, d }) => d <= h.serviceRadiusM)
      .sort((a, b) => a.d - b.d || (a.h.id < b.h.id ? -1 : 1))
      .map(({ h }) => h.id);
    const candidates = inArea.filter((hubId) => lines.every((l) => available(hubId, l.productId) >= l.quantity));
    return { inArea, candidates };
  },
};
