ALTER TABLE "organisations" ADD COLUMN "contact_phone" text;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "contact_email" text;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "postal_address" text;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "opening_hours" text;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "text_relay" text;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "bsl_video_relay_url" text;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "review_how" text;