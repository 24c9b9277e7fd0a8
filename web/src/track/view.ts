// The public tracking view served by GET /v1/track/{orderId}?t={token}.
export interface TrackingView {
  orderId: string;
  state: string;
  stage: 'received' | 'preparing' | 'on_the_way' | 'delivered' | 'failed' | 'returned' | 'cancelled';
  window: { start: string; end: string };
  eta: string | null;
  destination: { lon: number; lat: number } | null;
  vehicle: { kind: string; lon: number; lat: number; at: string | null } | null;
  dropoff: { kind: string; instructions: string | null } | null;
  access: { deviceKind: string; state: string; validFrom: string; validUntil: string; usedAt: string | null } | null;
  proofOfDelivery: { at: string; method: string | null; recipient: string | null; note: string | null; photoUrl: string | null } | null;
  events: Array<{ state: string; at: string }>;
  updatedAt: string;
  asOf: string;
}

export const TERMINAL_STAGES = ['delivered', 'returned', 'cancelled'];
