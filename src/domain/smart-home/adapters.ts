// Lock vendors sit behind one small interface. Two adapters ship:
//   - `simulated`: no hardware; always opens, and remembers what it did (demo, simulator, tests);
//   - `webhook`: a real HTTP POST to the device's configured URL, signed like our webhooks
//     (`Relais-Signature: t=…,v1=HMAC-SHA256(device secret, t.body)`); any 2xx means "opened".
// Adapters are only called on use: the platform mediates every opening, so issuing and revoking
// a grant is a state change on our side that the vehicle cannot get around.
import type { AccessGrantRow, DeviceRow } from '../../store/index.js';
import { guardedFetch } from '../guarded-fetch.js';
import { signatureHeader } from '../webhook-signature.js';

export const ADAPTER_NAMES = ['simulated', 'webhook'] as const;
export type AdapterName = (typeof ADAPTER_NAMES)[number];

export type UnlockResult = { ok: true; detail: string } | { ok: false; error: string };

export interface LockAdapter {
  readonly name: AdapterName;
  unlock(device: DeviceRow, grant: AccessGrantRow, nowS: number): Promise<UnlockResult>;
}

export class SimulatedLockAdapter implements LockAdapter {
  readonly name = 'simulated' as const;
  /** Openings performed, oldest first (for the simulator and tests). */
  readonly openings: Array<{ deviceId: string; grantId: string; at: number }> = [];

  async unlock(device: DeviceRow, grant: AccessGrantRow, nowS: number): Promise<UnlockResult> {
    this.openings.push({ deviceId: device.id, grantId: grant.id, at: nowS });
    return { ok: true, detail: 'simulated device opened' };
  }
}

export class WebhookLockAdapter implements LockAdapter {
  readonly name = 'webhook' as const;
  constructor(
    // Refuses private targets just before connecting (DNS rebinding): see guarded-fetch.ts.
    private readonly fetchFn: typeof fetch = guardedFetch,
    private readonly timeoutMs = 10_000,
  ) {}

  async unlock(device: DeviceRow, grant: AccessGrantRow, nowS: number): Promise<UnlockResult> {
    if (!device.endpointUrl || !device.secret) return { ok: false, error: 'device has no endpoint URL configured' };
    const body = JSON.stringify({
      action: 'unlock',
      grantId: grant.id,
      deviceId: device.id,
      vendorDeviceId: device.vendorDeviceId,
      orderId: grant.orderId,
      vehicleId: grant.vehicleId,
      validUntil: new Date(grant.validUntil * 1000).toISOString(),
    });
    try {
      const res = await this.fetchFn(device.endpointUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'relais-signature': signatureHeader(device.secret, body, nowS) },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      await res.arrayBuffer().catch(() => undefined);
      return res.status >= 200 && res.status < 300 ? { ok: true, detail: `device answered ${res.status}` } : { ok: false, error: `device answered ${res.status}` };
    } catch (err) {
      return { ok: false, error: `device unreachable: ${(err as Error).message}` };
    }
  }
}

export type LockAdapters = Record<AdapterName, LockAdapter>;

export function defaultLockAdapters(): LockAdapters {
  return { simulated: new SimulatedLockAdapter(), webhook: new WebhookLockAdapter() };
}
