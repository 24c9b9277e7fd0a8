CREATE TABLE "drone_profiles" (
	"vehicle_id" text PRIMARY KEY NOT NULL,
	"preset_id" text,
	"spec" jsonb NOT NULL,
	"bay_length_mm" integer NOT NULL,
	"bay_width_mm" integer NOT NULL,
	"bay_height_mm" integer NOT NULL,
	"cycles" integer DEFAULT 0 NOT NULL,
	"maintenance_every_cycles" integer DEFAULT 200 NOT NULL,
	"cycles_at_last_maintenance" integer DEFAULT 0 NOT NULL,
	"maintenance_due_at" bigint,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "flight_plans" (
	"id" text PRIMARY KEY NOT NULL,
	"hub_id" text NOT NULL,
	"vehicle_id" text NOT NULL,
	"route_id" text,
	"trip_no" integer NOT NULL,
	"order_ids" jsonb NOT NULL,
	"state" text NOT NULL,
	"pad_from" bigint NOT NULL,
	"pad_until" bigint NOT NULL,
	"takeoff_at" bigint NOT NULL,
	"land_at" bigint NOT NULL,
	"cruise_altitude_m" double precision NOT NULL,
	"path" jsonb NOT NULL,
	"distance_m" integer NOT NULL,
	"energy_wh" double precision NOT NULL,
	"spec_id" text NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "no_fly_zones" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"zone" jsonb NOT NULL,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "quotes" (
	"id" text PRIMARY KEY NOT NULL,
	"customer_id" text NOT NULL,
	"address_id" text NOT NULL,
	"hub_id" text NOT NULL,
	"lines" jsonb NOT NULL,
	"window_start" bigint,
	"window_end" bigint,
	"modes" jsonb NOT NULL,
	"created_at" bigint NOT NULL,
	"expires_at" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "delivery_mode" text DEFAULT 'van' NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "quote_id" text;--> statement-breakpoint
ALTER TABLE "drone_profiles" ADD CONSTRAINT "drone_profiles_vehicle_id_vehicles_id_fk" FOREIGN KEY ("vehicle_id") REFERENCES "public"."vehicles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flight_plans" ADD CONSTRAINT "flight_plans_hub_id_hubs_id_fk" FOREIGN KEY ("hub_id") REFERENCES "public"."hubs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flight_plans" ADD CONSTRAINT "flight_plans_vehicle_id_vehicles_id_fk" FOREIGN KEY ("vehicle_id") REFERENCES "public"."vehicles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quotes" ADD CONSTRAINT "quotes_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quotes" ADD CONSTRAINT "quotes_address_id_addresses_id_fk" FOREIGN KEY ("address_id") REFERENCES "public"."addresses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quotes" ADD CONSTRAINT "quotes_hub_id_hubs_id_fk" FOREIGN KEY ("hub_id") REFERENCES "public"."hubs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "flight_plans_hub_takeoff_idx" ON "flight_plans" USING btree ("hub_id","takeoff_at");--> statement-breakpoint
CREATE INDEX "flight_plans_vehicle_idx" ON "flight_plans" USING btree ("vehicle_id","id");--> statement-breakpoint
CREATE INDEX "quotes_customer_idx" ON "quotes" USING btree ("customer_id","id");