-- Partial indexes on what is live: a hub's flight plans not cancelled (pad and charger occupancy), a
-- vehicle's routes planned or started (tracking). Re-planning cancels sorties and routes all day; these
-- reads no longer scan them. The repositories state the predicates as literals (see flight-plans.ts).
DROP INDEX "flight_plans_hub_takeoff_idx";--> statement-breakpoint
CREATE INDEX "flight_plans_hub_pad_live_idx" ON "flight_plans" USING btree ("hub_id","pad_until") WHERE "flight_plans"."state" <> 'cancelled';--> statement-breakpoint
CREATE INDEX "flight_plans_hub_takeoff_live_idx" ON "flight_plans" USING btree ("hub_id","takeoff_at") WHERE "flight_plans"."state" <> 'cancelled';--> statement-breakpoint
CREATE INDEX "routes_vehicle_open_idx" ON "routes" USING btree ("vehicle_id","id") WHERE "routes"."state" in ('planned', 'started');