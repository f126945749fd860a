-- The demo's books are as made up as its people: resetting the demo (`rtc demo`) removes them with the rest. Transfers,
-- their balances and payment runs stay append-only for every real area; only rows of an area marked illustrative may
-- be deleted, and nothing may ever be updated.
CREATE FUNCTION area_is_illustrative(area uuid) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT EXISTS (SELECT 1 FROM areas WHERE areas.id = area AND areas.illustrative)
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND area_is_illustrative(OLD.area_id) THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION '% is append-only: correct a transfer with a reversing transfer', TG_TABLE_NAME;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION payment_run_items_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND area_is_illustrative(OLD.area_id) THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'payment_run_items are written once and never changed';
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION payment_runs_refuse_change_when_final() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND area_is_illustrative(OLD.area_id) THEN
    RETURN OLD;
  END IF;
  IF OLD.state IN ('released', 'cancelled') THEN
    RAISE EXCEPTION 'A % payment run cannot change', OLD.state;
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END;
$$;
