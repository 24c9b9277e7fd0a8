-- Charge sessions of drone sorties (dispatch: hub chargers as a capacity, battery packs per drone).
-- Plans stored before this migration have none (null): they hold no charger.
ALTER TABLE "flight_plans" ADD COLUMN "charge_from" bigint;--> statement-breakpoint
ALTER TABLE "flight_plans" ADD COLUMN "charge_until" bigint;