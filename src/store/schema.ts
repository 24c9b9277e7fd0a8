// The whole SQL schema (PostgreSQL 15 subset, also run by PGlite). drizzle-kit reads this file
// to generate the versioned migrations in ./migrations; never edit generated SQL by hand.
// Units: metres, seconds, grams, millimetres, integer minor currency units, epoch seconds (bigint).
// Ids are prefixed, time-sortable text (see src/domain/ids.ts).
import { sql } from 'drizzle-orm';
import {
  pgTable,
  text,
  integer,
  bigint,
  doublePrecision,
  jsonb,
  boolean,
  primaryKey,
  index,
  uniqueIndex,
  check,
  bigserial,
} from 'drizzle-orm/pg-core';

/** Epoch seconds, returned as a JS number (safe for dates far beyond 2100). */
const epoch = (name: string) => bigint(name, { mode: 'number' });

// ---------------------------------------------------------------- commerce core

export const hubs = pgTable('hubs', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  lon: doublePrecision('lon').notNull(),
  lat: doublePrecision('lat').notNull(),
  /** Customers within this great-circle distance can be served from the hub. */
  serviceRadiusM: integer('service_radius_m').notNull(),
  /** Weekly opening hours: [{ day: 0..6 (Sunday=0), open: seconds after midnight UTC, close }]. */
  openingHours: jsonb('opening_hours').$type<Array<{ day: number; open: number; close: number }>>().notNull(),
  launchPads: integer('launch_pads').notNull().default(0),
  chargers: integer('chargers').notNull().default(0),
  createdAt: epoch('created_at').notNull(),
});

export const products = pgTable(
  'products',
  {
    id: text('id').primaryKey(),
    sku: text('sku').notNull(),
    name: text('name').notNull(),
    weightG: integer('weight_g').notNull(),
    lengthMm: integer('length_mm').notNull(),
    widthMm: integer('width_mm').notNull(),
    heightMm: integer('height_mm').notNull(),
    priceMinor: integer('price_minor').notNull(),
    currency: text('currency').notNull(),
    createdAt: epoch('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('products_sku_uq').on(t.sku),
    check('products_positive', sql`${t.weightG} > 0 and ${t.lengthMm} > 0 and ${t.widthMm} > 0 and ${t.heightMm} > 0 and ${t.priceMinor} >= 0`),
  ],
);

/** Stock per hub and product. The CHECK is the last line of defence; the guarded UPDATE is the first. */
export const stock = pgTable(
  'stock',
  {
    hubId: text('hub_id').notNull().references(() => hubs.id),
    productId: text('product_id').notNull().references(() => products.id),
    onHand: integer('on_hand').notNull().default(0),
    reserved: integer('reserved').notNull().default(0),
    updatedAt: epoch('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.hubId, t.productId] }),
    check('stock_never_negative', sql`${t.onHand} >= 0 and ${t.reserved} >= 0 and ${t.reserved} <= ${t.onHand}`),
  ],
);

export const stockAdjustments = pgTable(
  'stock_adjustments',
  {
    id: text('id').primaryKey(),
    hubId: text('hub_id').notNull().references(() => hubs.id),
    productId: text('product_id').notNull().references(() => products.id),
    /** Change of on_hand (positive = goods in). */
    delta: integer('delta').notNull(),
    reason: text('reason').notNull(),
    actor: text('actor').notNull(),
    at: epoch('at').notNull(),
  },
  (t) => [index('stock_adjustments_hub_product_idx').on(t.hubId, t.productId)],
);

export const customers = pgTable('customers', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  email: text('email'),
  phone: text('phone'),
  /** Preferred notification channel: email | sms | push | none. */
  notifyChannel: text('notify_channel').notNull().default('email'),
  createdAt: epoch('created_at').notNull(),
});

export const addresses = pgTable(
  'addresses',
  {
    id: text('id').primaryKey(),
    customerId: text('customer_id').notNull().references(() => customers.id),
    label: text('label'),
    line1: text('line1').notNull(),
    city: text('city').notNull(),
    postcode: text('postcode').notNull(),
    country: text('country').notNull(),
    lon: doublePrecision('lon').notNull(),
    lat: doublePrecision('lat').notNull(),
    /** door | drone_pad | yard | smart_locker | smart_garage | smart_door */
    dropoff: text('dropoff').notNull().default('door'),
    dropoffNotes: text('dropoff_notes'),
    createdAt: epoch('created_at').notNull(),
  },
  (t) => [index('addresses_customer_idx').on(t.customerId, t.id)],
);

export const orders = pgTable(
  'orders',
  {
    id: text('id').primaryKey(),
    customerId: text('customer_id').notNull().references(() => customers.id),
    addressId: text('address_id').notNull().references(() => addresses.id),
    /** Set at allocation; null only while 'placed'. */
    hubId: text('hub_id').references(() => hubs.id),
    state: text('state').notNull(),
    windowStart: epoch('window_start').notNull(),
    windowEnd: epoch('window_end').notNull(),
    totalMinor: integer('total_minor').notNull(),
    currency: text('currency').notNull(),
    weightG: integer('weight_g').notNull(),
    createdAt: epoch('created_at').notNull(),
    updatedAt: epoch('updated_at').notNull(),
    /** drone | van, chosen at intake (van unless a quote made a drone eligible); the quote it came from. */
    deliveryMode: text('delivery_mode').notNull().default('van'),
    quoteId: text('quote_id'),
  },
  (t) => [
    index('orders_state_idx').on(t.state, t.id),
    index('orders_hub_idx').on(t.hubId, t.id),
    index('orders_customer_idx').on(t.customerId, t.id),
  ],
);

export const orderLines = pgTable(
  'order_lines',
  {
    // No foreign key (migration 0006): every writer adds these rows with or after their order (intake in
    // the same statement), and orders are never deleted nor renumbered (triggers, migration 0007).
    orderId: text('order_id').notNull(),
    lineNo: integer('line_no').notNull(),
    productId: text('product_id').notNull().references(() => products.id),
    sku: text('sku').notNull(),
    quantity: integer('quantity').notNull(),
    unitPriceMinor: integer('unit_price_minor').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orderId, t.lineNo] }), check('order_lines_qty', sql`${t.quantity} > 0`)],
);

export const orderEvents = pgTable(
  'order_events',
  {
    id: text('id').primaryKey(),
    // No foreign key (migration 0006): every writer adds these rows with or after their order (intake in
    // the same statement), and orders are never deleted nor renumbered (triggers, migration 0007).
    orderId: text('order_id').notNull(),
    fromState: text('from_state'),
    toState: text('to_state').notNull(),
    actor: text('actor').notNull(),
    reason: text('reason'),
    at: epoch('at').notNull(),
  },
  (t) => [index('order_events_order_idx').on(t.orderId, t.id)],
);

/** Transactional outbox: written in the same transaction as the change, published later (webhooks, SSE). */
export const outbox = pgTable(
  'outbox',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    id: text('id').notNull(),
    type: text('type').notNull(),
    aggregateType: text('aggregate_type').notNull(),
    aggregateId: text('aggregate_id').notNull(),
    payload: jsonb('payload').notNull(),
    createdAt: epoch('created_at').notNull(),
    publishedAt: epoch('published_at'),
  },
  (t) => [uniqueIndex('outbox_id_uq').on(t.id), index('outbox_unpublished_idx').on(t.seq).where(sql`${t.publishedAt} is null`)],
);

/** Idempotency records, stored in the same transaction as the effect they guard. */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    /** Operation + principal, e.g. 'orders.create:key_…', so keys of different callers never collide. */
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    statusCode: integer('status_code'),
    response: jsonb('response'),
    createdAt: epoch('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] })],
);

export const apiKeys = pgTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    keyHash: text('key_hash').notNull(),
    /** operator | customer | supplier | device */
    role: text('role').notNull(),
    /** The customer, supplier or vehicle the key acts for; null for operators. */
    subjectId: text('subject_id'),
    label: text('label'),
    createdAt: epoch('created_at').notNull(),
    revokedAt: epoch('revoked_at'),
  },
  (t) => [uniqueIndex('api_keys_hash_uq').on(t.keyHash)],
);

export const auditLog = pgTable(
  'audit_log',
  {
    id: text('id').primaryKey(),
    at: epoch('at').notNull(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    details: jsonb('details'),
  },
  (t) => [index('audit_log_entity_idx').on(t.entityType, t.entityId, t.id)],
);

// ---------------------------------------------------------------- replenishment (second half)

export const suppliers = pgTable('suppliers', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  email: text('email'),
  /** Typical time from purchase order to goods receipt. */
  leadTimeS: integer('lead_time_s').notNull().default(86_400),
  createdAt: epoch('created_at').notNull(),
});

export const reorderRules = pgTable(
  'reorder_rules',
  {
    id: text('id').primaryKey(),
    hubId: text('hub_id').notNull().references(() => hubs.id),
    productId: text('product_id').notNull().references(() => products.id),
    supplierId: text('supplier_id').notNull().references(() => suppliers.id),
    /** Order when available (on_hand - reserved + incoming) falls below this. */
    reorderPoint: integer('reorder_point').notNull(),
    reorderQuantity: integer('reorder_quantity').notNull(),
    unitCostMinor: integer('unit_cost_minor').notNull().default(0),
    enabled: boolean('enabled').notNull().default(true),
    createdAt: epoch('created_at').notNull(),
  },
  (t) => [uniqueIndex('reorder_rules_hub_product_uq').on(t.hubId, t.productId)],
);

export const purchaseOrders = pgTable(
  'purchase_orders',
  {
    id: text('id').primaryKey(),
    supplierId: text('supplier_id').notNull().references(() => suppliers.id),
    hubId: text('hub_id').notNull().references(() => hubs.id),
    /** draft | sent | confirmed | shipped | received | cancelled */
    state: text('state').notNull(),
    totalMinor: integer('total_minor').notNull().default(0),
    currency: text('currency').notNull(),
    expectedAt: epoch('expected_at'),
    createdAt: epoch('created_at').notNull(),
    updatedAt: epoch('updated_at').notNull(),
  },
  (t) => [index('purchase_orders_supplier_idx').on(t.supplierId, t.id), index('purchase_orders_state_idx').on(t.state, t.id)],
);

export const purchaseOrderLines = pgTable(
  'purchase_order_lines',
  {
    purchaseOrderId: text('purchase_order_id').notNull().references(() => purchaseOrders.id),
    lineNo: integer('line_no').notNull(),
    productId: text('product_id').notNull().references(() => products.id),
    quantity: integer('quantity').notNull(),
    receivedQuantity: integer('received_quantity').notNull().default(0),
    unitCostMinor: integer('unit_cost_minor').notNull(),
  },
  (t) => [primaryKey({ columns: [t.purchaseOrderId, t.lineNo] })],
);

export const purchaseOrderEvents = pgTable(
  'purchase_order_events',
  {
    id: text('id').primaryKey(),
    purchaseOrderId: text('purchase_order_id').notNull().references(() => purchaseOrders.id),
    fromState: text('from_state'),
    toState: text('to_state').notNull(),
    actor: text('actor').notNull(),
    reason: text('reason'),
    at: epoch('at').notNull(),
  },
  (t) => [index('purchase_order_events_po_idx').on(t.purchaseOrderId, t.id)],
);

// ---------------------------------------------------------------- fleet, dispatch, tracking (second half)

export const vehicles = pgTable(
  'vehicles',
  {
    id: text('id').primaryKey(),
    hubId: text('hub_id').notNull().references(() => hubs.id),
    /** van | drone */
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    capacityG: integer('capacity_g').notNull(),
    capacityVolumeCm3: integer('capacity_volume_cm3').notNull(),
    maxParcels: integer('max_parcels').notNull(),
    speedMps: doublePrecision('speed_mps').notNull(),
    /** Range on a full battery/tank with no payload. */
    rangeM: integer('range_m').notNull(),
    batteryWh: integer('battery_wh'),
    costPerKmMinor: integer('cost_per_km_minor').notNull().default(0),
    costPerHourMinor: integer('cost_per_hour_minor').notNull().default(0),
    /** idle | en_route | charging | maintenance | offline */
    status: text('status').notNull().default('idle'),
    lastLon: doublePrecision('last_lon'),
    lastLat: doublePrecision('last_lat'),
    batteryPct: doublePrecision('battery_pct'),
    lastSeenAt: epoch('last_seen_at'),
    createdAt: epoch('created_at').notNull(),
  },
  (t) => [index('vehicles_hub_idx').on(t.hubId, t.id)],
);

export const plans = pgTable(
  'plans',
  {
    id: text('id').primaryKey(),
    hubId: text('hub_id').notNull().references(() => hubs.id),
    /** draft | active | superseded | completed */
    state: text('state').notNull(),
    /** Cost breakdown and solver statistics as reported by the independent checker. */
    cost: jsonb('cost'),
    stats: jsonb('stats'),
    createdAt: epoch('created_at').notNull(),
  },
  (t) => [index('plans_hub_idx').on(t.hubId, t.id)],
);

export const routes = pgTable(
  'routes',
  {
    id: text('id').primaryKey(),
    planId: text('plan_id').notNull().references(() => plans.id),
    vehicleId: text('vehicle_id').notNull().references(() => vehicles.id),
    /** planned | started | completed | cancelled */
    state: text('state').notNull(),
    startAt: epoch('start_at'),
    endAt: epoch('end_at'),
    distanceM: integer('distance_m').notNull().default(0),
    durationS: integer('duration_s').notNull().default(0),
  },
  (t) => [
    index('routes_plan_idx').on(t.planId),
    index('routes_vehicle_idx').on(t.vehicleId),
    // A vehicle's open routes without its day of cancelled and completed ones (tracking reads them
    // on every telemetry fix); queries must state the predicate with literals to use it.
    index('routes_vehicle_open_idx').on(t.vehicleId, t.id).where(sql`${t.state} in ('planned', 'started')`),
  ],
);

export const stops = pgTable(
  'stops',
  {
    id: text('id').primaryKey(),
    routeId: text('route_id').notNull().references(() => routes.id),
    /** Trip number within the route (multi-trip vehicles reload at the hub between trips). */
    tripNo: integer('trip_no').notNull(),
    seq: integer('seq').notNull(),
    /** depart | delivery | reload | charge | return */
    kind: text('kind').notNull(),
    orderId: text('order_id').references(() => orders.id),
    lon: doublePrecision('lon').notNull(),
    lat: doublePrecision('lat').notNull(),
    plannedArrival: epoch('planned_arrival'),
    eta: epoch('eta'),
    arrivedAt: epoch('arrived_at'),
    departedAt: epoch('departed_at'),
    /** planned | arrived | done | failed | skipped */
    state: text('state').notNull().default('planned'),
  },
  (t) => [uniqueIndex('stops_route_seq_uq').on(t.routeId, t.seq), index('stops_order_idx').on(t.orderId)],
);

export const telemetry = pgTable(
  'telemetry',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    vehicleId: text('vehicle_id').notNull().references(() => vehicles.id),
    at: epoch('at').notNull(),
    lon: doublePrecision('lon').notNull(),
    lat: doublePrecision('lat').notNull(),
    speedMps: doublePrecision('speed_mps'),
    headingDeg: doublePrecision('heading_deg'),
    batteryPct: doublePrecision('battery_pct'),
    status: text('status'),
  },
  (t) => [index('telemetry_vehicle_at_idx').on(t.vehicleId, t.at)],
);

// ---------------------------------------------------------------- notifications (second half)

export const webhookSubscriptions = pgTable(
  'webhook_subscriptions',
  {
    id: text('id').primaryKey(),
    /** Role and subject owning the subscription (operator: null subject). */
    ownerRole: text('owner_role').notNull(),
    ownerSubjectId: text('owner_subject_id'),
    url: text('url').notNull(),
    /** HMAC secret for signing payloads (shown once at creation). */
    secret: text('secret').notNull(),
    eventTypes: jsonb('event_types').$type<string[]>().notNull(),
    active: boolean('active').notNull().default(true),
    createdAt: epoch('created_at').notNull(),
  },
  (t) => [index('webhook_subscriptions_owner_idx').on(t.ownerRole, t.ownerSubjectId)],
);

export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: text('id').primaryKey(),
    subscriptionId: text('subscription_id').notNull().references(() => webhookSubscriptions.id),
    outboxId: text('outbox_id').notNull(),
    eventType: text('event_type').notNull(),
    payload: jsonb('payload').notNull(),
    /** pending | delivered | dead */
    state: text('state').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: epoch('next_attempt_at').notNull(),
    createdAt: epoch('created_at').notNull(),
    deliveredAt: epoch('delivered_at'),
  },
  (t) => [
    uniqueIndex('webhook_deliveries_sub_outbox_uq').on(t.subscriptionId, t.outboxId),
    index('webhook_deliveries_due_idx').on(t.state, t.nextAttemptAt),
  ],
);

export const webhookAttempts = pgTable(
  'webhook_attempts',
  {
    id: text('id').primaryKey(),
    deliveryId: text('delivery_id').notNull().references(() => webhookDeliveries.id),
    attemptNo: integer('attempt_no').notNull(),
    at: epoch('at').notNull(),
    statusCode: integer('status_code'),
    error: text('error'),
    durationMs: integer('duration_ms'),
  },
  (t) => [index('webhook_attempts_delivery_idx').on(t.deliveryId, t.attemptNo)],
);

// ---------------------------------------------------------------- smart-home drop-off (second half)

export const devices = pgTable(
  'devices',
  {
    id: text('id').primaryKey(),
    customerId: text('customer_id').notNull().references(() => customers.id),
    addressId: text('address_id').notNull().references(() => addresses.id),
    /** smart_lock | smart_garage | smart_locker */
    kind: text('kind').notNull(),
    vendor: text('vendor').notNull(),
    vendorDeviceId: text('vendor_device_id').notNull(),
    /** Where the `webhook` adapter sends unlock calls (null for the `simulated` adapter). */
    endpointUrl: text('endpoint_url'),
    /** HMAC secret signing adapter calls to the device endpoint (shown once at registration). */
    secret: text('secret'),
    label: text('label'),
    active: boolean('active').notNull().default(true),
    createdAt: epoch('created_at').notNull(),
  },
  (t) => [index('devices_customer_idx').on(t.customerId, t.id)],
);

export const accessGrants = pgTable(
  'access_grants',
  {
    id: text('id').primaryKey(),
    deviceId: text('device_id').notNull().references(() => devices.id),
    orderId: text('order_id').notNull().references(() => orders.id),
    vehicleId: text('vehicle_id').references(() => vehicles.id),
    /** sha256 of the one-time code; the code itself is shown once. */
    codeHash: text('code_hash').notNull(),
    validFrom: epoch('valid_from').notNull(),
    validUntil: epoch('valid_until').notNull(),
    /** issued | used | revoked | expired */
    state: text('state').notNull(),
    createdAt: epoch('created_at').notNull(),
    usedAt: epoch('used_at'),
    revokedAt: epoch('revoked_at'),
  },
  (t) => [index('access_grants_order_idx').on(t.orderId), index('access_grants_device_idx').on(t.deviceId, t.id)],
);

// ---------------------------------------------------------------- drones and airspace (src/domain/airspace*, quotes*, drone-*)

/** No-fly zones drawn by operators; `zone` is the parsed NoFlyZone (src/geo/zones.ts) whose id is this row's id. */
export const noFlyZones = pgTable('no_fly_zones', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  kind: text('kind').notNull(),
  zone: jsonb('zone').notNull(),
  createdAt: epoch('created_at').notNull(),
  updatedAt: epoch('updated_at').notNull(),
});

/** The drone side of a vehicle of kind 'drone': its DroneSpec (engine), cargo bay and wear state. */
export const droneProfiles = pgTable('drone_profiles', {
  vehicleId: text('vehicle_id').primaryKey().references(() => vehicles.id),
  /** Preset the spec came from (src/engine/drone/presets.ts), null for a custom spec. */
  presetId: text('preset_id'),
  spec: jsonb('spec').notNull(),
  bayLengthMm: integer('bay_length_mm').notNull(),
  bayWidthMm: integer('bay_width_mm').notNull(),
  bayHeightMm: integer('bay_height_mm').notNull(),
  /** Completed sorties (charge cycles) since commissioning. */
  cycles: integer('cycles').notNull().default(0),
  maintenanceEveryCycles: integer('maintenance_every_cycles').notNull().default(200),
  cyclesAtLastMaintenance: integer('cycles_at_last_maintenance').notNull().default(0),
  /** Calendar due date of the next inspection, if any. */
  maintenanceDueAt: epoch('maintenance_due_at'),
  updatedAt: epoch('updated_at').notNull(),
});

/** Delivery promises: the modes offered for an address and lines, valid until expires_at. */
export const quotes = pgTable(
  'quotes',
  {
    id: text('id').primaryKey(),
    customerId: text('customer_id').notNull().references(() => customers.id),
    addressId: text('address_id').notNull().references(() => addresses.id),
    hubId: text('hub_id').notNull().references(() => hubs.id),
    /** [{ sku, quantity }] sorted by sku, as compared with the order that uses the quote. */
    lines: jsonb('lines').notNull(),
    windowStart: epoch('window_start'),
    windowEnd: epoch('window_end'),
    /** Per mode: eligibility, reasons, ETA (see src/domain/quotes.ts). */
    modes: jsonb('modes').notNull(),
    createdAt: epoch('created_at').notNull(),
    expiresAt: epoch('expires_at').notNull(),
  },
  (t) => [index('quotes_customer_idx').on(t.customerId, t.id)],
);

/** One drone sortie as flown: 4D path (lon, lat, altitude, time) with detours around no-fly zones. */
export const flightPlans = pgTable(
  'flight_plans',
  {
    id: text('id').primaryKey(),
    hubId: text('hub_id').notNull().references(() => hubs.id),
    vehicleId: text('vehicle_id').notNull().references(() => vehicles.id),
    /** The dispatch route this sortie belongs to (no foreign key: plans may be replaced). */
    routeId: text('route_id'),
    tripNo: integer('trip_no').notNull(),
    orderIds: jsonb('order_ids').$type<string[]>().notNull(),
    /** planned | flying | completed | cancelled */
    state: text('state').notNull(),
    /** Start of launch handling on the pad, and end of recovery handling. */
    padFrom: epoch('pad_from').notNull(),
    padUntil: epoch('pad_until').notNull(),
    takeoffAt: epoch('takeoff_at').notNull(),
    landAt: epoch('land_at').notNull(),
    /**
     * The sortie's battery pack on a hub charger: from recovery (or a charger freeing up) until
     * charged. Null when the hub has no chargers, and on plans stored before migration 0008.
     */
    chargeFrom: epoch('charge_from'),
    chargeUntil: epoch('charge_until'),
    cruiseAltitudeM: doublePrecision('cruise_altitude_m').notNull(),
    /** Waypoints [lon, lat, altitude m AGL, epoch s]. */
    path: jsonb('path').$type<Array<[number, number, number, number]>>().notNull(),
    distanceM: integer('distance_m').notNull(),
    energyWh: doublePrecision('energy_wh').notNull(),
    specId: text('spec_id').notNull(),
    createdAt: epoch('created_at').notNull(),
  },
  (t) => [
    // Pad and charger occupancy read a hub's live plans only: every dispatch round cancels and
    // re-plans sorties, so cancelled ones outnumber them. Queries must state `state <> 'cancelled'`
    // as a literal for the planner to use these partial indexes.
    index('flight_plans_hub_pad_live_idx').on(t.hubId, t.padUntil).where(sql`${t.state} <> 'cancelled'`),
    index('flight_plans_hub_takeoff_live_idx').on(t.hubId, t.takeoffAt).where(sql`${t.state} <> 'cancelled'`),
    index('flight_plans_vehicle_idx').on(t.vehicleId, t.id),
  ],
);

/** Server-wide settings made once and kept across restarts (e.g. the generated tracking-link secret). */
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  createdAt: epoch('created_at').notNull(),
});

/**
 * One row: the version of the reference data order intake caches (hubs; products and addresses as
 * changed, not as added). Triggers (migration 0005) bump it on every such change, whoever makes it;
 * intake's single write proceeds only if the version its cached snapshot was read at is current.
 */
export const intakeReference = pgTable(
  'intake_reference',
  {
    id: integer('id').primaryKey().default(1),
    version: bigint('version', { mode: 'number' }).notNull().default(0),
  },
  (t) => [check('intake_reference_one_row', sql`${t.id} = 1`)],
);
