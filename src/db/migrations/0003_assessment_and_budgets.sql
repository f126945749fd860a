CREATE TABLE "area_configurations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"area_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"stream_code" text,
	"version" integer NOT NULL,
	"definition" jsonb NOT NULL,
	"illustrative" boolean DEFAULT false NOT NULL,
	"effective_from" date NOT NULL,
	"published_at" timestamp with time zone,
	"created_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "assessments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"area_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"question_set_id" uuid NOT NULL,
	"status" text DEFAULT 'in progress' NOT NULL,
	"answers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	"started_by_user_id" uuid
);
--> statement-breakpoint
CREATE TABLE "eligibility_decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"area_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"assessment_id" uuid NOT NULL,
	"stream_code" text NOT NULL,
	"rules_id" uuid NOT NULL,
	"decision" text NOT NULL,
	"reasons" jsonb NOT NULL,
	"decided_at" timestamp with time zone DEFAULT now() NOT NULL,
	"confirmed_decision" text,
	"confirmation_reason" text,
	"confirmed_by_user_id" uuid,
	"confirmed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "indicative_budgets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"area_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"assessment_id" uuid NOT NULL,
	"stream_code" text NOT NULL,
	"configuration_id" uuid NOT NULL,
	"weekly_pence" bigint NOT NULL,
	"yearly_pence" bigint NOT NULL,
	"one_off_pence" bigint DEFAULT 0 NOT NULL,
	"lines" jsonb NOT NULL,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"superseded_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "person_supporters" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"area_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"relationship" text,
	"contact" text,
	"user_id" uuid,
	"ended_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "process_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"area_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"stream_code" text,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	"dedupe_key" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "email" text;--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "phone" text;--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "address" text;--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "postcode" text;--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "preferred_contact" text;--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "accessible_format" text DEFAULT 'standard' NOT NULL;--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "nhs_number" text;--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "referral" text DEFAULT 'practitioner' NOT NULL;--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "created_by_user_id" uuid;--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "area_configurations" ADD CONSTRAINT "area_configurations_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "area_configurations" ADD CONSTRAINT "area_configurations_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_question_set_id_area_configurations_id_fk" FOREIGN KEY ("question_set_id") REFERENCES "public"."area_configurations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_started_by_user_id_users_id_fk" FOREIGN KEY ("started_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eligibility_decisions" ADD CONSTRAINT "eligibility_decisions_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eligibility_decisions" ADD CONSTRAINT "eligibility_decisions_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eligibility_decisions" ADD CONSTRAINT "eligibility_decisions_assessment_id_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."assessments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eligibility_decisions" ADD CONSTRAINT "eligibility_decisions_rules_id_area_configurations_id_fk" FOREIGN KEY ("rules_id") REFERENCES "public"."area_configurations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eligibility_decisions" ADD CONSTRAINT "eligibility_decisions_confirmed_by_user_id_users_id_fk" FOREIGN KEY ("confirmed_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicative_budgets" ADD CONSTRAINT "indicative_budgets_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicative_budgets" ADD CONSTRAINT "indicative_budgets_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicative_budgets" ADD CONSTRAINT "indicative_budgets_assessment_id_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."assessments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicative_budgets" ADD CONSTRAINT "indicative_budgets_configuration_id_area_configurations_id_fk" FOREIGN KEY ("configuration_id") REFERENCES "public"."area_configurations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_supporters" ADD CONSTRAINT "person_supporters_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_supporters" ADD CONSTRAINT "person_supporters_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_supporters" ADD CONSTRAINT "person_supporters_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "process_events" ADD CONSTRAINT "process_events_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "process_events" ADD CONSTRAINT "process_events_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "area_configurations_version_idx" ON "area_configurations" USING btree ("area_id","kind",coalesce("stream_code", ''),"version");--> statement-breakpoint
CREATE INDEX "area_configurations_lookup_idx" ON "area_configurations" USING btree ("area_id","kind","stream_code");--> statement-breakpoint
CREATE INDEX "assessments_person_idx" ON "assessments" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "assessments_area_idx" ON "assessments" USING btree ("area_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "eligibility_decisions_assessment_stream_idx" ON "eligibility_decisions" USING btree ("assessment_id","stream_code");--> statement-breakpoint
CREATE INDEX "eligibility_decisions_person_idx" ON "eligibility_decisions" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "indicative_budgets_person_idx" ON "indicative_budgets" USING btree ("person_id","stream_code");--> statement-breakpoint
CREATE INDEX "indicative_budgets_area_idx" ON "indicative_budgets" USING btree ("area_id","superseded_at");--> statement-breakpoint
CREATE INDEX "person_supporters_person_idx" ON "person_supporters" USING btree ("person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "process_events_dedupe_idx" ON "process_events" USING btree ("dedupe_key");--> statement-breakpoint
CREATE INDEX "process_events_area_kind_idx" ON "process_events" USING btree ("area_id","kind","occurred_at");--> statement-breakpoint
ALTER TABLE "people" ADD CONSTRAINT "people_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;