CREATE TABLE "intake_reference" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"version" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "intake_reference_one_row" CHECK ("intake_reference"."id" = 1)
);
