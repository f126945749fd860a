-- Keys that shard by area (ADR 10): every table distributed by area_id gets the primary key (area_id, id), foreign
-- keys between them name area_id too, and their unique indexes include it. Foreign keys first come off, then the old
-- keys, so nothing depends on what is dropped; no row is touched.
ALTER TABLE "assessments" DROP CONSTRAINT "assessments_person_id_people_id_fk";
--> statement-breakpoint
ALTER TABLE "assessments" DROP CONSTRAINT "assessments_question_set_id_area_configurations_id_fk";
--> statement-breakpoint
ALTER TABLE "consents" DROP CONSTRAINT "consents_person_id_people_id_fk";
--> statement-breakpoint
ALTER TABLE "eligibility_decisions" DROP CONSTRAINT "eligibility_decisions_person_id_people_id_fk";
--> statement-breakpoint
ALTER TABLE "eligibility_decisions" DROP CONSTRAINT "eligibility_decisions_assessment_id_assessments_id_fk";
--> statement-breakpoint
ALTER TABLE "eligibility_decisions" DROP CONSTRAINT "eligibility_decisions_rules_id_area_configurations_id_fk";
--> statement-breakpoint
ALTER TABLE "indicative_budgets" DROP CONSTRAINT "indicative_budgets_person_id_people_id_fk";
--> statement-breakpoint
ALTER TABLE "indicative_budgets" DROP CONSTRAINT "indicative_budgets_assessment_id_assessments_id_fk";
--> statement-breakpoint
ALTER TABLE "indicative_budgets" DROP CONSTRAINT "indicative_budgets_configuration_id_area_configurations_id_fk";
--> statement-breakpoint
ALTER TABLE "person_supporters" DROP CONSTRAINT "person_supporters_person_id_people_id_fk";
--> statement-breakpoint
ALTER TABLE "process_events" DROP CONSTRAINT "process_events_person_id_people_id_fk";
--> statement-breakpoint
ALTER TABLE "role_assignments" DROP CONSTRAINT "role_assignments_person_id_people_id_fk";
--> statement-breakpoint
DROP INDEX "people_area_idx";--> statement-breakpoint
DROP INDEX "eligibility_decisions_assessment_stream_idx";--> statement-breakpoint
DROP INDEX "process_events_dedupe_idx";--> statement-breakpoint
ALTER TABLE "area_configurations" DROP CONSTRAINT "area_configurations_pkey";--> statement-breakpoint
ALTER TABLE "assessments" DROP CONSTRAINT "assessments_pkey";--> statement-breakpoint
ALTER TABLE "consents" DROP CONSTRAINT "consents_pkey";--> statement-breakpoint
ALTER TABLE "eligibility_decisions" DROP CONSTRAINT "eligibility_decisions_pkey";--> statement-breakpoint
ALTER TABLE "funding_streams" DROP CONSTRAINT "funding_streams_pkey";--> statement-breakpoint
ALTER TABLE "indicative_budgets" DROP CONSTRAINT "indicative_budgets_pkey";--> statement-breakpoint
ALTER TABLE "people" DROP CONSTRAINT "people_pkey";--> statement-breakpoint
ALTER TABLE "person_supporters" DROP CONSTRAINT "person_supporters_pkey";--> statement-breakpoint
ALTER TABLE "process_events" DROP CONSTRAINT "process_events_pkey";--> statement-breakpoint
ALTER TABLE "area_configurations" ADD CONSTRAINT "area_configurations_pkey" PRIMARY KEY("area_id","id");--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_pkey" PRIMARY KEY("area_id","id");--> statement-breakpoint
ALTER TABLE "consents" ADD CONSTRAINT "consents_pkey" PRIMARY KEY("area_id","id");--> statement-breakpoint
ALTER TABLE "eligibility_decisions" ADD CONSTRAINT "eligibility_decisions_pkey" PRIMARY KEY("area_id","id");--> statement-breakpoint
ALTER TABLE "funding_streams" ADD CONSTRAINT "funding_streams_pkey" PRIMARY KEY("area_id","id");--> statement-breakpoint
ALTER TABLE "indicative_budgets" ADD CONSTRAINT "indicative_budgets_pkey" PRIMARY KEY("area_id","id");--> statement-breakpoint
ALTER TABLE "people" ADD CONSTRAINT "people_pkey" PRIMARY KEY("area_id","id");--> statement-breakpoint
ALTER TABLE "person_supporters" ADD CONSTRAINT "person_supporters_pkey" PRIMARY KEY("area_id","id");--> statement-breakpoint
ALTER TABLE "process_events" ADD CONSTRAINT "process_events_pkey" PRIMARY KEY("area_id","id");--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_person_id_fk" FOREIGN KEY ("area_id","person_id") REFERENCES "public"."people"("area_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_question_set_id_fk" FOREIGN KEY ("area_id","question_set_id") REFERENCES "public"."area_configurations"("area_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consents" ADD CONSTRAINT "consents_person_id_fk" FOREIGN KEY ("area_id","person_id") REFERENCES "public"."people"("area_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eligibility_decisions" ADD CONSTRAINT "eligibility_decisions_person_id_fk" FOREIGN KEY ("area_id","person_id") REFERENCES "public"."people"("area_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eligibility_decisions" ADD CONSTRAINT "eligibility_decisions_assessment_id_fk" FOREIGN KEY ("area_id","assessment_id") REFERENCES "public"."assessments"("area_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eligibility_decisions" ADD CONSTRAINT "eligibility_decisions_rules_id_fk" FOREIGN KEY ("area_id","rules_id") REFERENCES "public"."area_configurations"("area_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicative_budgets" ADD CONSTRAINT "indicative_budgets_person_id_fk" FOREIGN KEY ("area_id","person_id") REFERENCES "public"."people"("area_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicative_budgets" ADD CONSTRAINT "indicative_budgets_assessment_id_fk" FOREIGN KEY ("area_id","assessment_id") REFERENCES "public"."assessments"("area_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicative_budgets" ADD CONSTRAINT "indicative_budgets_configuration_id_fk" FOREIGN KEY ("area_id","configuration_id") REFERENCES "public"."area_configurations"("area_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_supporters" ADD CONSTRAINT "person_supporters_person_id_fk" FOREIGN KEY ("area_id","person_id") REFERENCES "public"."people"("area_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "process_events" ADD CONSTRAINT "process_events_person_id_fk" FOREIGN KEY ("area_id","person_id") REFERENCES "public"."people"("area_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "eligibility_decisions_assessment_stream_idx" ON "eligibility_decisions" USING btree ("area_id","assessment_id","stream_code");--> statement-breakpoint
CREATE UNIQUE INDEX "process_events_dedupe_idx" ON "process_events" USING btree ("area_id","dedupe_key");