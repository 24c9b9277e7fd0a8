// End-to-end: the operator console and the customer tracking page in Debian's Chromium
// against `relais serve --demo`. One scenario, step by step, on one server: sign in, hubs on
// the map, an order placed through the API appears, a dispatch draws its route, telemetry
// moves the vehicle marker, the tracking page shows the ETA and then the delivery.
// Any browser console error fails the suite. Screenshots: test-artifacts/*.png.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, browserUnavailable, collectErrors, launchBrowser, REQUIRE_BROWSER, screenshot, startDemoServer, type DemoServer } from './browser.js';

const OPERATOR_KEY = 'relais-demo-operator-key';
const run = !browserUnavailable || REQUIRE_BROWSER;

interface Page_<T> {
  data: T[];
  nextCursor: string | null;
}
interface Hub {
  id: string;
  name: string;
  lon: number;
  lat: number;
}
interface Stop {
  id: string;
  kind: string;
  orderId: string | null;
  lon: number;
  lat: number;
}
interface Route {
  id: string;
  vehicleId: string;
  stops: Stop[];
}

/**
 * A window inside the demo hubs' opening hours (07:00–22:00 UTC) from 30 min after now, of up to 3 hours: today while
 * half an hour of opening is left after it starts (a dispatch plans the shift under way, so an order for tomorrow would
 * wait), else from 08:00 at the next opening. Only between 21:00 and 22:00 UTC can no order be both placed and planned.
 */
function deliveryWindow(nowMs: number): { start: string; end: string } {
  const d = new Date(nowMs + 30 * 60_000);
  const hour = d.getUTCHours() + d.getUTCMinutes() / 60;
  const day = (offset: number, h: number) => Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + offset, h);
  const today = hour >= 7 && hour <= 21.5;
  const start = today ? d.getTime() : day(hour > 21.5 ? 1 : 0, 8);
  const end = Math.min(start + 3 * 3600_000, today ? day(0, 22) : Infinity);
  return { start: new Date(start).toISOString(), end: new Date(end).toISOString() };
}

describe.skipIf(!run)('operator console and tracking page (Chromium)', () => {
  let server: DemoServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const errors: string[] = [];
  let api: ReturnType<typeof apiClient>;
  let hubs: Hub[] = [];
  let orderId = '';
  let hubOfOrder = '';
  let route: Route | undefined;

  beforeAll(async () => {
    browser = await launchBrowser(); // first: without a browser, fail before starting a server
    server = await startDemoServer({ RELAIS_TRACKING_SECRET: 'test-secret-for-the-browser-suite-0123456789', RELAIS_ALLOW_PRIVATE_WEBHOOKS: '1' });
    api = apiClient(server.baseUrl, OPERATOR_KEY);
    context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    page = await context.newPage();
    collectErrors(page, errors);
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  it('refuses a wrong key with a message, then signs in with the operator key', async () => {
    await page.goto(`${server.baseUrl}/console`);
    await page.getByLabel('Operator API key').fill('not-a-real-key');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.locator('#signin-error').textContent()).toContain('unknown or revoked');
    // A 401 from a wrong key is expected here; the browser logs it as a failed resource load.
    errors.length = 0;

    await page.getByLabel('Operator API key').fill(OPERATOR_KEY);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('tab', { name: 'Orders' }).waitFor();
    await page.waitForSelector('body[data-loaded]');
    const stored = await page.evaluate('sessionStorage.getItem("relais.operatorKey")');
    expect(stored).toBe(OPERATOR_KEY);
  });

  it('shows every hub of the API on the map, with their service areas', async () => {
    hubs = (await api.get<Page_<Hub>>('/v1/hubs?limit=200')).data;
    expect(hubs.length).toBe(3);
    await expect.poll(() => page.locator('#map .mk-hub').count()).toBe(hubs.length);
    for (const hub of hubs) {
      await expect(page.locator(`#map .mk-hub[title="Hub ${hub.name}"]`).count()).resolves.toBe(1);
    }
    await screenshot(page, 'console-signed-in');
  });

  it('is usable from the keyboard: landmarks, tabs with arrow keys, map markers with Enter', async () => {
    for (const landmark of ['banner', 'main', 'complementary', 'contentinfo']) {
      expect(await page.getByRole(landmark as 'main').count(), landmark).toBe(1);
    }
    await page.getByRole('tab', { name: 'Orders' }).focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.getByRole('tab', { name: 'Fleet' }).getAttribute('aria-selected')).toBe('true');
    expect(await page.locator('#fleet-table tbody tr').count()).toBe(15); // the demo fleet
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => page.getByRole('tab', { name: 'Orders' }).getAttribute('aria-selected')).toBe('true');

    const hub = hubs[0]!;
    await page.locator(`#map .mk-hub[title="Hub ${hub.name}"]`).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#detail-title').textContent()).toBe(`Hub ${hub.name}`);
    await expect.poll(() => page.locator('#stock-table tbody tr').count()).toBeGreaterThan(0);
    await screenshot(page, 'console-hub-detail');
  });

  it('shows the no-fly zones of the airspace API and creates one drawn on the map', async () => {
    const zones = await api.get<{ features: unknown[] }>('/v1/airspace/zones');
    expect(zones.features.length).toBeGreaterThan(0); // the demo city has the airport zone
    await expect.poll(() => page.locator('#map path.zone').count()).toBe(zones.features.length);

    await page.locator('[data-action="draw-zone"]').click();
    await page.getByLabel('Zone name').fill('E2E drawn zone');
    const box = (await page.locator('#map').boundingBox())!;
    // Three corners in the upper left of the map, away from markers and controls.
    for (const [fx, fy] of [[0.2, 0.2], [0.35, 0.2], [0.3, 0.35]] as const) {
      await page.mouse.click(box.x + box.width * fx, box.y + box.height * fy);
    }
    await page.getByRole('button', { name: 'Save zone' }).click();
    await expect.poll(() => page.locator('.status').textContent()).toContain('E2E drawn zone');
    const after = await api.get<{ features: Array<{ properties: { name: string }; geometry: { coordinates: number[][][] } }> }>('/v1/airspace/zones');
    const drawn = after.features.find((f) => f.properties.name === 'E2E drawn zone');
    expect(drawn).toBeDefined();
    expect(drawn!.geometry.coordinates[0]!.length).toBe(4); // three corners, closed
    await expect.poll(() => page.locator('#map path.zone').count()).toBe(after.features.length);
    await screenshot(page, 'console-zone-drawn');
  });

  it('shows an order placed through the API in the orders list and on the map', async () => {
    const customer = (await api.get<Page_<{ id: string }>>('/v1/customers?limit=1')).data[0]!;
    const address = (await api.get<Page_<{ id: string }>>(`/v1/customers/${customer.id}/addresses`)).data[0]!;
    const products = (await api.get<Page_<{ sku: string; weightG: number }>>('/v1/products?limit=200')).data;
    const light = products.filter((p) => p.weightG <= 2000);
    const window = deliveryWindow(Date.now());
    let order: { id: string; hubId: string } | undefined;
    for (const p of light) {
      try {
        order = await api.post<{ id: string; hubId: string }>('/v1/orders', { customerId: customer.id, addressId: address.id, lines: [{ sku: p.sku, quantity: 1 }], window });
        break;
      } catch {
        // this product is out of stock at the nearest hubs: try the next one
      }
    }
    expect(order).toBeDefined();
    orderId = order!.id;
    hubOfOrder = order!.hubId;

    await page.locator(`#orders-table tr[data-order-id="${orderId}"]`).waitFor({ timeout: 20_000 });
    await page.locator(`#map .mk-order[title^="Order ${orderId}"]`).waitFor({ timeout: 20_000 });

    // Search by id narrows the list to this order.
    await page.getByLabel('Search by id').fill(orderId);
    await expect.poll(() => page.locator('#orders-table tbody tr').count()).toBe(1);

    // Its detail: timeline of events and the tracking link.
    await page.locator(`#orders-table tr[data-order-id="${orderId}"] button`).click();
    await expect.poll(() => page.locator('#detail-title').textContent()).toBe(`Order ${orderId}`);
    await expect.poll(() => page.locator('#detail .timeline li').count()).toBe(2); // placed, allocated
    await page.locator('#detail [data-tracking-link]').waitFor();
    await screenshot(page, 'console-order-detail');
  });

  it('marks the order ready, dispatches its hub and draws the route', async () => {
    await page.locator('#detail [data-action="ready"]').click();
    await expect.poll(() => page.locator('#detail .badge').first().textContent(), { timeout: 15_000 }).toBe('ready');

    await page.getByRole('tab', { name: 'Hubs' }).click();
    await page.locator(`[data-action="dispatch"][data-hub-id="${hubOfOrder}"]`).click();
    await expect.poll(() => page.locator('.status').textContent(), { timeout: 60_000 }).toMatch(/^Dispatched .*1 order planned/);

    const plan = await api.get<{ routes: Route[] }>(`/v1/hubs/${hubOfOrder}/plan`);
    route = plan.routes.find((r) => r.stops.some((s) => s.orderId === orderId));
    expect(route).toBeDefined();
    await expect.poll(() => page.locator('#map path.route').count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
    await screenshot(page, 'console-route-drawn');
  });

  it('moves the vehicle marker when telemetry is posted through the API', async () => {
    const vehicleId = route!.vehicleId;
    const marker = page.locator(`#map .mk-vehicle[data-vehicle-id="${vehicleId}"]`);
    const stop = route!.stops.find((s) => s.orderId === orderId)!;
    const hub = hubs.find((h) => h.id === hubOfOrder)!;
    const at = (f: number) => ({ lon: hub.lon + (stop.lon - hub.lon) * f, lat: hub.lat + (stop.lat - hub.lat) * f });

    // Leaving the hub: a third of the way to the customer. (Idle at the hub, the hub marker stands for it.)
    const first = at(1 / 3);
    await api.post(`/v1/vehicles/${vehicleId}/telemetry`, { ...first, status: 'en_route', batteryPct: 87 });
    await expect.poll(() => marker.getAttribute('data-lon'), { timeout: 15_000 }).toBe(String(first.lon));
    await page.waitForTimeout(600); // the marker glides (0.4 s CSS transition)
    const before = (await marker.boundingBox())!;

    // Two thirds of the way: the same marker moves on screen.
    const second = at(2 / 3);
    await api.post(`/v1/vehicles/${vehicleId}/telemetry`, { ...second, status: 'en_route', batteryPct: 85 });
    await expect.poll(() => marker.getAttribute('data-lon'), { timeout: 15_000 }).toBe(String(second.lon));
    await page.waitForTimeout(600);
    const after = (await marker.boundingBox())!;
    // A third of the hub–customer leg, on screen (the map is zoomed to the city: tens of pixels).
    const moved = Math.hypot(after.x - before.x, after.y - before.y);
    expect(moved).toBeGreaterThan(10);
    expect(await marker.getAttribute('title')).toContain('battery 85%');
    await screenshot(page, 'console-vehicle-moved');
  });

  it('shows the ETA and the vehicle on the tracking page, then the delivery with its proof', async () => {
    const link = await api.get<{ path: string; url: string; token: string }>(`/v1/orders/${orderId}/tracking-link`);
    expect(link.url).toBe(`${server.baseUrl}${link.path}`);
    const track = await context.newPage();
    collectErrors(track, errors);
    const streams: string[] = [];
    track.on('request', (r) => {
      if (r.url().includes(`/v1/track/${orderId}/stream?t=`)) streams.push(r.url());
    });
    await track.goto(`${server.baseUrl}${link.path}`);
    await expect.poll(() => track.locator('#headline').textContent(), { timeout: 15_000 }).toBe('Your order is on its way');
    await expect.poll(() => track.locator('#eta').textContent()).toMatch(/^Estimated arrival \d{1,2}:\d{2}/);
    expect(await track.locator('#eta').getAttribute('data-eta')).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    await track.locator('#track-map .mk-vehicle').waitFor();
    await screenshot(track, 'tracking-on-the-way');

    const stop = route!.stops.find((s) => s.orderId === orderId)!;
    await api.post(`/v1/stops/${stop.id}/events`, { type: 'delivered', proof: { signatureRef: 'sig-e2e-1' } });
    // Pushed by the stream (the poll alongside it runs every 15 s).
    expect(streams.length).toBeGreaterThan(0);
    await expect.poll(() => track.locator('#headline').textContent(), { timeout: 10_000 }).toBe('Your order has been delivered');
    await expect.poll(() => track.locator('#proof').textContent()).toContain('signature');
    expect(await track.locator('#track-map').isVisible()).toBe(false);
    await screenshot(track, 'tracking-delivered');

    // A tampered token reads as an invalid link, with no data.
    const bad = await context.newPage();
    const badErrors: string[] = [];
    collectErrors(bad, badErrors);
    await bad.goto(`${server.baseUrl}/track/${orderId}?t=AAAAAAAAAAAAAAAAAAAAAA`);
    await expect.poll(() => bad.locator('[role="alert"]').textContent()).toContain('not valid');
    expect(await bad.locator('#headline').textContent()).toBe('');
    await bad.close();
    await track.close();
  });

  it('shows the delivered order with its proof in the console', async () => {
    await page.getByRole('tab', { name: 'Orders' }).click();
    await page.locator(`#orders-table tr[data-order-id="${orderId}"] button`).click();
    await expect.poll(() => page.locator('#detail [data-proof]').textContent(), { timeout: 15_000 }).toContain('signature');
    await screenshot(page, 'console-delivered');
  });

  it('lists webhook deliveries and their failures', async () => {
    // Port 9 (discard) is closed here: every attempt fails with a connection error.
    await api.post('/v1/webhooks', { url: 'http://127.0.0.1:9/relais-hook', eventTypes: ['order.*'] });
    const customer = (await api.get<Page_<{ id: string }>>('/v1/customers?limit=1')).data[0]!;
    const address = (await api.get<Page_<{ id: string }>>(`/v1/customers/${customer.id}/addresses`)).data[0]!;
    const order = await api.post<{ id: string }>('/v1/orders', { customerId: customer.id, addressId: address.id, lines: [{ sku: 'TEA-100', quantity: 1 }], window: deliveryWindow(Date.now()) });
    await api.post(`/v1/orders/${order.id}/cancel`, {});
    await page.getByRole('tab', { name: 'Webhooks' }).click();
    const failedRow = page.locator('#webhooks-table tbody tr', { hasText: 'order.' }).filter({ hasNotText: /^—$/ });
    await expect.poll(() => page.locator('#webhooks-table tbody tr').count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
    await expect.poll(async () => (await failedRow.first().locator('td').nth(4).textContent()) ?? '', { timeout: 30_000 }).not.toBe('—');
    await screenshot(page, 'console-webhooks');
  });

  it('logged no browser console errors', () => {
    expect(errors).toEqual([]);
  });
});
