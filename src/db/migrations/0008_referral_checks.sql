CREATE TABLE "referral_checks" (
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"area_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"source" text NOT NULL,
	"possible_match_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"reason" text,
	"checked_at" timestamp with time zone,
	"checked_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "referral_checks_pkey" PRIMARY KEY("area_id","id")
);
--> statement-breakpoint
ALTER TABLE "referral_checks" ADD CONSTRAINT "referral_checks_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referral_checks" ADD CONSTRAINT "referral_checks_checked_by_user_id_users_id_fk" FOREIGN KEY ("checked_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referral_checks" ADD CONSTRAINT "referral_checks_person_id_fk" FOREIGN KEY ("area_id","person_id") REFERENCES "public"."people"("area_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "referral_checks_person_idx" ON "referral_checks" USING btree ("area_id","person_id");