CREATE TABLE "area_payment_settings" (
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"area_id" uuid NOT NULL,
	"service_user_number" text NOT NULL,
	"sort_code" text NOT NULL,
	"account_number" text NOT NULL,
	"account_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "area_payment_settings_pkey" PRIMARY KEY("area_id","id"),
	CONSTRAINT "area_payment_settings_sun" CHECK ("area_payment_settings"."service_user_number" ~ '^[0-9]{6}$'),
	CONSTRAINT "area_payment_settings_sort_code" CHECK ("area_payment_settings"."sort_code" ~ '^[0-9]{6}$'),
	CONSTRAINT "area_payment_settings_account_number" CHECK ("area_payment_settings"."account_number" ~ '^[0-9]{8}$')
);
--> statement-breakpoint
CREATE TABLE "bank_accounts" (
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"area_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"sort_code" text NOT NULL,
	"account_number" text NOT NULL,
	"account_name" text NOT NULL,
	"modulus" text NOT NULL,
	"recorded_by_user_id" uuid,
	"replaced_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bank_accounts_pkey" PRIMARY KEY("area_id","id"),
	CONSTRAINT "bank_accounts_sort_code" CHECK ("bank_accounts"."sort_code" ~ '^[0-9]{6}$'),
	CONSTRAINT "bank_accounts_account_number" CHECK ("bank_accounts"."account_number" ~ '^[0-9]{8}$'),
	CONSTRAINT "bank_accounts_modulus" CHECK ("bank_accounts"."modulus" in ('passed', 'not-checked'))
);
--> statement-breakpoint
CREATE TABLE "payment_run_items" (
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"area_id" uuid NOT NULL,
	"run_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"stream_code" text NOT NULL,
	"agreed_budget_id" uuid NOT NULL,
	"amount_pence" bigint NOT NULL,
	"bank_account_id" uuid,
	"transfer_id" text,
	"exception" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payment_run_items_pkey" PRIMARY KEY("area_id","id"),
	CONSTRAINT "payment_run_items_amount" CHECK ("payment_run_items"."amount_pence" > 0),
	CONSTRAINT "payment_run_items_paid_or_not" CHECK (("payment_run_items"."exception" is null) = ("payment_run_items"."transfer_id" is not null and "payment_run_items"."bank_account_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "payment_runs" (
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"area_id" uuid NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"length_days" integer NOT NULL,
	"state" text DEFAULT 'draft' NOT NULL,
	"created_by_user_id" uuid,
	"prepared_at" timestamp with time zone,
	"reviewed_by_user_id" uuid,
	"reviewed_at" timestamp with time zone,
	"released_by_user_id" uuid,
	"released_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"payable_count" integer DEFAULT 0 NOT NULL,
	"payable_pence" bigint DEFAULT 0 NOT NULL,
	"exception_count" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payment_runs_pkey" PRIMARY KEY("area_id","id"),
	CONSTRAINT "payment_runs_state" CHECK ("payment_runs"."state" in ('draft', 'reviewed', 'released', 'cancelled')),
	CONSTRAINT "payment_runs_length" CHECK ("payment_runs"."length_days" between 1 and 366),
	CONSTRAINT "payment_runs_two_people" CHECK ("payment_runs"."released_by_user_id" is null or "payment_runs"."released_by_user_id" <> "payment_runs"."reviewed_by_user_id")
);
--> statement-breakpoint
ALTER TABLE "area_payment_settings" ADD CONSTRAINT "area_payment_settings_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bank_accounts" ADD CONSTRAINT "bank_accounts_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bank_accounts" ADD CONSTRAINT "bank_accounts_recorded_by_user_id_users_id_fk" FOREIGN KEY ("recorded_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bank_accounts" ADD CONSTRAINT "bank_accounts_person_fk" FOREIGN KEY ("area_id","person_id") REFERENCES "public"."people"("area_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_run_items" ADD CONSTRAINT "payment_run_items_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_run_items" ADD CONSTRAINT "payment_run_items_run_fk" FOREIGN KEY ("area_id","run_id") REFERENCES "public"."payment_runs"("area_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_run_items" ADD CONSTRAINT "payment_run_items_person_fk" FOREIGN KEY ("area_id","person_id") REFERENCES "public"."people"("area_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_run_items" ADD CONSTRAINT "payment_run_items_bank_fk" FOREIGN KEY ("area_id","bank_account_id") REFERENCES "public"."bank_accounts"("area_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_runs" ADD CONSTRAINT "payment_runs_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_runs" ADD CONSTRAINT "payment_runs_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_runs" ADD CONSTRAINT "payment_runs_reviewed_by_user_id_users_id_fk" FOREIGN KEY ("reviewed_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_runs" ADD CONSTRAINT "payment_runs_released_by_user_id_users_id_fk" FOREIGN KEY ("released_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "area_payment_settings_area_idx" ON "area_payment_settings" USING btree ("area_id");--> statement-breakpoint
CREATE UNIQUE INDEX "bank_accounts_current_idx" ON "bank_accounts" USING btree ("area_id","person_id") WHERE "bank_accounts"."replaced_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "payment_run_items_once_idx" ON "payment_run_items" USING btree ("area_id","run_id","person_id","stream_code");--> statement-breakpoint
CREATE INDEX "payment_run_items_person_idx" ON "payment_run_items" USING btree ("area_id","person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_runs_period_idx" ON "payment_runs" USING btree ("area_id","period_start");--> statement-breakpoint
-- A payment run's items are written once; a released or cancelled run is final. The database refuses otherwise, so
-- no code path can change what was sent to the bank.
CREATE FUNCTION payment_run_items_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'payment_run_items are written once and never changed';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER payment_run_items_no_update_or_delete BEFORE UPDATE OR DELETE ON payment_run_items
  FOR EACH ROW EXECUTE FUNCTION payment_run_items_refuse_change();
--> statement-breakpoint
CREATE FUNCTION payment_runs_refuse_change_when_final() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.state IN ('released', 'cancelled') THEN
    RAISE EXCEPTION 'A % payment run cannot change', OLD.state;
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER payment_runs_final BEFORE UPDATE OR DELETE ON payment_runs
  FOR EACH ROW EXECUTE FUNCTION payment_runs_refuse_change_when_final();
