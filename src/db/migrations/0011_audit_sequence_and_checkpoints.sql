CREATE TABLE "audit_checkpoints" (
	"sequence" bigint PRIMARY KEY NOT NULL,
	"hash" text NOT NULL,
	"signed_at" timestamp with time zone NOT NULL,
	"signature" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "audit_log" ALTER COLUMN "sequence" SET DATA TYPE bigint;--> statement-breakpoint
-- The writer now numbers entries itself (last + 1 under the chain lock), so a gap can only mean a deleted entry.
ALTER TABLE "audit_log" ALTER COLUMN "sequence" DROP DEFAULT;
--> statement-breakpoint
DROP SEQUENCE IF EXISTS "audit_log_sequence_seq";
--> statement-breakpoint
-- Entries written before this could skip a number when a transaction rolled back. Number them 1, 2, 3, … once, so
-- that from here on every gap is evidence. The sequence is in no hash, so the chain is unchanged.
ALTER TABLE "audit_log" DISABLE TRIGGER "audit_log_no_update_or_delete";
--> statement-breakpoint
UPDATE "audit_log" SET "sequence" = -"numbered"."n"
  FROM (SELECT "sequence", row_number() OVER (ORDER BY "sequence") AS "n" FROM "audit_log") AS "numbered"
  WHERE "audit_log"."sequence" = "numbered"."sequence" AND "audit_log"."sequence" <> "numbered"."n";
--> statement-breakpoint
UPDATE "audit_log" SET "sequence" = -"sequence" WHERE "sequence" < 0;
--> statement-breakpoint
ALTER TABLE "audit_log" ENABLE TRIGGER "audit_log_no_update_or_delete";
--> statement-breakpoint
-- Checkpoints are append-only too.
CREATE FUNCTION audit_checkpoints_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_checkpoints is append-only';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_checkpoints_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_checkpoints
  FOR EACH ROW EXECUTE FUNCTION audit_checkpoints_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints
  FOR EACH STATEMENT EXECUTE FUNCTION audit_checkpoints_refuse_change();
