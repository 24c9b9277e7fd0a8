-- Order intake caches hubs, products and addresses per process (src/store/intake-cache.ts) and
-- writes an order only if intake_reference.version is still the one its cache was read at.
-- These triggers bump the version on every change that could make a cached row wrong, whichever
-- process or tool makes it. New products and addresses need no bump (a miss is read); a new hub does
-- (it may be nearer than the cached ones).
INSERT INTO "intake_reference" ("id", "version") VALUES (1, 0);--> statement-breakpoint
CREATE FUNCTION "intake_reference_bump"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "intake_reference" SET "version" = "version" + 1 WHERE "id" = 1;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "hubs_intake_reference" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "hubs" FOR EACH STATEMENT EXECUTE FUNCTION "intake_reference_bump"();--> statement-breakpoint
CREATE TRIGGER "products_intake_reference" AFTER UPDATE OR DELETE OR TRUNCATE ON "products" FOR EACH STATEMENT EXECUTE FUNCTION "intake_reference_bump"();--> statement-breakpoint
CREATE TRIGGER "addresses_intake_reference" AFTER UPDATE OR DELETE OR TRUNCATE ON "addresses" FOR EACH STATEMENT EXECUTE FUNCTION "intake_reference_bump"();
