ALTER TABLE "eligibility_decisions" ADD COLUMN "basis_answers" jsonb;--> statement-breakpoint
ALTER TABLE "eligibility_decisions" ADD COLUMN "previous_decision_id" uuid;--> statement-breakpoint
ALTER TABLE "eligibility_decisions" ADD COLUMN "answers_changed" boolean;--> statement-breakpoint
ALTER TABLE "eligibility_decisions" ADD CONSTRAINT "eligibility_decisions_previous_decision_id_fk" FOREIGN KEY ("area_id","previous_decision_id") REFERENCES "public"."eligibility_decisions"("area_id","id") ON DELETE no action ON UPDATE no action;