ALTER TABLE "devices" ADD COLUMN "endpoint_url" text;--> statement-breakpoint
ALTER TABLE "devices" ADD COLUMN "secret" text;