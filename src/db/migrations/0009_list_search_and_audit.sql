ALTER TABLE "audit_log" ADD COLUMN "people_shown" jsonb;--> statement-breakpoint
CREATE INDEX "people_area_name_idx" ON "people" USING btree ("area_id",lower("family_name"),lower("given_name"),"id");--> statement-breakpoint
CREATE INDEX "people_area_date_of_birth_idx" ON "people" USING btree ("area_id","date_of_birth");--> statement-breakpoint
CREATE INDEX "people_area_nhs_number_idx" ON "people" USING btree ("area_id","nhs_number");--> statement-breakpoint
CREATE INDEX "audit_log_people_shown_idx" ON "audit_log" USING gin ("people_shown" jsonb_path_ops);