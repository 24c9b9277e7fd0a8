-- Order lines and order events no longer carry a foreign key to orders (migration 0006: the check
-- cost order intake CPU, and every writer adds them with or after their order). What that key also
-- gave, that an order with history can be neither deleted nor renumbered, these triggers keep:
-- orders are a ledger (an order is cancelled, never removed).
CREATE FUNCTION "orders_keep_identity"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'orders are never deleted nor renumbered (%): cancel the order instead', TG_OP USING ERRCODE = 'restrict_violation';
END
$$;--> statement-breakpoint
CREATE TRIGGER "orders_never_deleted" BEFORE DELETE ON "orders" FOR EACH ROW EXECUTE FUNCTION "orders_keep_identity"();--> statement-breakpoint
CREATE TRIGGER "orders_never_truncated" BEFORE TRUNCATE ON "orders" FOR EACH STATEMENT EXECUTE FUNCTION "orders_keep_identity"();--> statement-breakpoint
CREATE TRIGGER "orders_never_renumbered" BEFORE UPDATE OF "id" ON "orders" FOR EACH ROW WHEN (OLD."id" IS DISTINCT FROM NEW."id") EXECUTE FUNCTION "orders_keep_identity"();
