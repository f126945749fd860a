CREATE TABLE "agreed_budgets" (
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"area_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"plan_id" uuid NOT NULL,
	"stream_code" text NOT NULL,
	"age_band" text NOT NULL,
	"team" text,
	"indicative_yearly_pence" bigint NOT NULL,
	"actual_yearly_pence" bigint NOT NULL,
	"reason_code" text,
	"agreed_on" date NOT NULL,
	"superseded_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "agreed_budgets_pkey" PRIMARY KEY("area_id","id")
);
--> statement-breakpoint
CREATE TABLE "budget_reason_codes" (
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"area_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"retired_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "budget_reason_codes_pkey" PRIMARY KEY("area_id","id")
);
--> statement-breakpoint
CREATE TABLE "direct_payment_offers" (
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"area_id" uuid NOT NULL,
	"plan_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"stream_code" text NOT NULL,
	"state" text NOT NULL,
	"offer" jsonb NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"updated_by_user_id" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "direct_payment_offers_pkey" PRIMARY KEY("area_id","id")
);
--> statement-breakpoint
CREATE TABLE "support_plan_decisions" (
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"area_id" uuid NOT NULL,
	"plan_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"action" text NOT NULL,
	"stream_code" text,
	"plan_version" integer NOT NULL,
	"by_user_id" uuid,
	"organisation_id" uuid,
	"actual_yearly_pence" bigint,
	"reason_code" text,
	"reason" text,
	"events" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"notes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"direct_payment_exception" jsonb,
	"occurred_at" timestamp with time zone NOT NULL,
	CONSTRAINT "support_plan_decisions_pkey" PRIMARY KEY("area_id","id")
);
--> statement-breakpoint
CREATE TABLE "support_plan_versions" (
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"area_id" uuid NOT NULL,
	"plan_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"document" jsonb NOT NULL,
	"changes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"written_by_user_id" uuid,
	"written_as" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "support_plan_versions_pkey" PRIMARY KEY("area_id","id")
);
--> statement-breakpoint
CREATE TABLE "support_plans" (
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"area_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"state" text DEFAULT 'draft' NOT NULL,
	"current_version" integer DEFAULT 1 NOT NULL,
	"sign_off" jsonb NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"started_by_user_id" uuid,
	"submitted_at" timestamp with time zone,
	"agreed_at" timestamp with time zone,
	"superseded_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "support_plans_pkey" PRIMARY KEY("area_id","id")
);
--> statement-breakpoint
ALTER TABLE "role_assignments" ADD COLUMN "approval_limit_yearly_pence" bigint;--> statement-breakpoint
ALTER TABLE "agreed_budgets" ADD CONSTRAINT "agreed_budgets_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreed_budgets" ADD CONSTRAINT "agreed_budgets_plan_fk" FOREIGN KEY ("area_id","plan_id") REFERENCES "public"."support_plans"("area_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budget_reason_codes" ADD CONSTRAINT "budget_reason_codes_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "direct_payment_offers" ADD CONSTRAINT "direct_payment_offers_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "direct_payment_offers" ADD CONSTRAINT "direct_payment_offers_updated_by_user_id_users_id_fk" FOREIGN KEY ("updated_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "direct_payment_offers" ADD CONSTRAINT "direct_payment_offers_plan_fk" FOREIGN KEY ("area_id","plan_id") REFERENCES "public"."support_plans"("area_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_plan_decisions" ADD CONSTRAINT "support_plan_decisions_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_plan_decisions" ADD CONSTRAINT "support_plan_decisions_by_user_id_users_id_fk" FOREIGN KEY ("by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_plan_decisions" ADD CONSTRAINT "support_plan_decisions_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_plan_decisions" ADD CONSTRAINT "support_plan_decisions_plan_fk" FOREIGN KEY ("area_id","plan_id") REFERENCES "public"."support_plans"("area_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_plan_versions" ADD CONSTRAINT "support_plan_versions_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_plan_versions" ADD CONSTRAINT "support_plan_versions_written_by_user_id_users_id_fk" FOREIGN KEY ("written_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_plan_versions" ADD CONSTRAINT "support_plan_versions_plan_fk" FOREIGN KEY ("area_id","plan_id") REFERENCES "public"."support_plans"("area_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_plans" ADD CONSTRAINT "support_plans_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_plans" ADD CONSTRAINT "support_plans_started_by_user_id_users_id_fk" FOREIGN KEY ("started_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_plans" ADD CONSTRAINT "support_plans_person_fk" FOREIGN KEY ("area_id","person_id") REFERENCES "public"."people"("area_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "agreed_budgets_plan_stream_idx" ON "agreed_budgets" USING btree ("area_id","plan_id","stream_code");--> statement-breakpoint
CREATE INDEX "agreed_budgets_current_idx" ON "agreed_budgets" USING btree ("area_id") WHERE "agreed_budgets"."superseded_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "budget_reason_codes_area_code_idx" ON "budget_reason_codes" USING btree ("area_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "direct_payment_offers_plan_stream_idx" ON "direct_payment_offers" USING btree ("area_id","plan_id","stream_code");--> statement-breakpoint
CREATE INDEX "support_plan_decisions_plan_idx" ON "support_plan_decisions" USING btree ("area_id","plan_id","occurred_at");--> statement-breakpoint
CREATE UNIQUE INDEX "support_plan_versions_plan_version_idx" ON "support_plan_versions" USING btree ("area_id","plan_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "support_plans_open_idx" ON "support_plans" USING btree ("area_id","person_id") WHERE "support_plans"."superseded_at" is null;--> statement-breakpoint
CREATE INDEX "support_plans_area_state_idx" ON "support_plans" USING btree ("area_id","state");
--> statement-breakpoint
-- Every area that already exists starts with the default reasons an actual budget may differ from the indicative one.
INSERT INTO "budget_reason_codes" ("area_id", "code", "name", "created_at") SELECT a."id", r.code, r.name, now() + r.position * interval '1 microsecond' FROM "areas" a CROSS JOIN (VALUES ('needs-not-in-assessment', 'The plan meets needs the self-assessment did not show', 0), ('unpaid-support', 'Unpaid or community support meets some of the needs', 1), ('local-costs', 'Support costs more or less here than the allocation assumes', 2), ('one-off-costs', 'There are one-off costs in the first year', 3), ('person-chose-less', 'The person chose support that costs less', 4), ('risk-or-health', 'A risk or health condition needs more support', 5)) AS r(code, name, position) ON CONFLICT DO NOTHING;
