// All repositories bound to one executor (the database, or one transaction).
// To add a repository: write repos/<name>.ts (a class taking an Executor), add it here.
import { CacheEffects, type CacheSink } from '../reference-cache.js';
import type { Executor } from '../types.js';
import { ApiKeysRepo } from './api-keys.js';
import { AuditRepo } from './audit.js';
import { CustomersRepo } from './customers.js';
import { DroneProfilesRepo } from './drone-profiles.js';
import { FlightPlansRepo } from './flight-plans.js';
import { NoFlyZonesRepo } from './no-fly-zones.js';
import { QuotesRepo } from './quotes.js';
import { FleetRepo } from './fleet.js';
import { HubsRepo } from './hubs.js';
import { IdempotencyRepo } from './idempotency.js';
import { OrdersRepo } from './orders.js';
import { OutboxRepo } from './outbox.js';
import { PurchaseOrdersRepo } from './purchase-orders.js';
import { ReorderRulesRepo } from './reorder-rules.js';
import { SmartHomeRepo } from './smart-home.js';
import { SettingsRepo } from './settings.js';
import { WebhooksRepo } from './webhooks.js';
import { PlansRepo } from './plans.js';
import { ProductsRepo } from './products.js';
import { StockAdjustmentsRepo } from './stock-adjustments.js';
import { StockRepo } from './stock.js';
import { SuppliersRepo } from './suppliers.js';
import { VehiclesRepo } from './vehicles.js';

export class Repos {
  readonly apiKeys: ApiKeysRepo;
  readonly audit: AuditRepo;
  readonly customers: CustomersRepo;
  readonly droneProfiles: DroneProfilesRepo;
  readonly flightPlans: FlightPlansRepo;
  readonly noFlyZones: NoFlyZonesRepo;
  readonly quotes: QuotesRepo;
  readonly fleet: FleetRepo;
  readonly hubs: HubsRepo;
  readonly idempotency: IdempotencyRepo;
  readonly orders: OrdersRepo;
  readonly outbox: OutboxRepo;
  readonly purchaseOrders: PurchaseOrdersRepo;
  readonly reorderRules: ReorderRulesRepo;
  readonly smartHome: SmartHomeRepo;
  readonly settings: SettingsRepo;
  readonly webhooks: WebhooksRepo;
  readonly plans: PlansRepo;
  readonly products: ProductsRepo;
  readonly stock: StockRepo;
  readonly stockAdjustments: StockAdjustmentsRepo;
  readonly suppliers: SuppliersRepo;
  readonly vehicles: VehiclesRepo;

  /** `sink`: the reference cache and, inside a transaction, its pending effects (src/store/reference-cache.ts). */
  constructor(
    private readonly ex: Executor,
    private readonly sink?: CacheSink,
  ) {
    this.apiKeys = new ApiKeysRepo(ex);
    this.audit = new AuditRepo(ex);
    this.customers = new CustomersRepo(ex);
    this.droneProfiles = new DroneProfilesRepo(ex, sink);
    this.flightPlans = new FlightPlansRepo(ex);
    this.noFlyZones = new NoFlyZonesRepo(ex, sink);
    this.quotes = new QuotesRepo(ex);
    this.fleet = new FleetRepo(ex, sink);
    this.hubs = new HubsRepo(ex, sink);
    this.idempotency = new IdempotencyRepo(ex);
    this.orders = new OrdersRepo(ex);
    this.outbox = new OutboxRepo(ex);
    this.purchaseOrders = new PurchaseOrdersRepo(ex);
    this.reorderRules = new ReorderRulesRepo(ex);
    this.smartHome = new SmartHomeRepo(ex);
    this.settings = new SettingsRepo(ex);
    this.webhooks = new WebhooksRepo(ex);
    this.plans = new PlansRepo(ex);
    this.products = new ProductsRepo(ex, sink);
    this.stock = new StockRepo(ex);
    this.stockAdjustments = new StockAdjustmentsRepo(ex);
    this.suppliers = new SuppliersRepo(ex);
    this.vehicles = new VehiclesRepo(ex, sink);
  }

  /**
   * Inside a transaction: a savepoint whose changes roll back alone when `fn` throws
   * (allocation tries one hub after another this way). Outside one: a transaction.
   */
  async savepoint<T>(fn: (repos: Repos) => Promise<T>): Promise<T> {
    const sink = this.sink;
    if (!sink) return this.ex.transaction((tx) => fn(new Repos(tx)));
    const parent = sink.effects;
    const effects = parent ? parent.child() : new CacheEffects(sink.cache);
    try {
      const result = await this.ex.transaction((tx) => fn(new Repos(tx, { cache: sink.cache, effects })));
      if (parent) parent.adopt(effects);
      else effects.commit();
      return result;
    } catch (err) {
      if (parent) parent.adoptRolledBack(effects);
      else effects.rollback();
      throw err;
    }
  }
}

export type { Page, PageRequest } from './page.js';
export type { ApiKeyRow } from './api-keys.js';
export type { AuditRow } from './audit.js';
export type { CustomerRow, AddressRow } from './customers.js';
export type { HubRow } from './hubs.js';
export type { DroneProfileRow } from './drone-profiles.js';
export type { FlightPlanChargeTimes, FlightPlanRow, FlightPlanFilter } from './flight-plans.js';
export type { NoFlyZoneRow } from './no-fly-zones.js';
export type { QuoteRow } from './quotes.js';
export type { OrderRow, OrderLineRow, OrderEventRow, OrderFilter } from './orders.js';
export type { IntakeSnapshot, IntakeClaim, PlacedOrderRows } from '../intake.js';
export type { OutboxRow, NewOutboxEvent } from './outbox.js';
export type { PurchaseOrderRow, PurchaseOrderLineRow, PurchaseOrderEventRow, PurchaseOrderFilter } from './purchase-orders.js';
export type { ReorderRuleFilter } from './reorder-rules.js';
export type { DeviceRow, AccessGrantRow, AccessGrantFilter } from './smart-home.js';
export type { WebhookSubscriptionRow, WebhookDeliveryRow, WebhookAttemptRow, SubscriptionOwner } from './webhooks.js';
export type { PlanRow, RouteRow, StopRow } from './plans.js';
export type { TelemetryRow } from './fleet.js';
export type { ProductRow } from './products.js';
export type { StockRow, StockView } from './stock.js';
export type { SupplierRow, ReorderRuleRow } from './suppliers.js';
export type { VehicleRow } from './vehicles.js';
