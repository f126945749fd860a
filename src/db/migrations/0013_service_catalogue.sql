CREATE TABLE "catalogue_service_streams" (
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"area_id" uuid NOT NULL,
	"service_id" uuid NOT NULL,
	"stream_id" uuid NOT NULL,
	CONSTRAINT "catalogue_service_streams_pkey" PRIMARY KEY("area_id","id")
);
--> statement-breakpoint
CREATE TABLE "catalogue_services" (
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"area_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"unit" text NOT NULL,
	"provider_organisation_id" uuid,
	"provider_name" text,
	"directory_entry_id" text,
	"retired_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "catalogue_services_pkey" PRIMARY KEY("area_id","id")
);
--> statement-breakpoint
CREATE TABLE "catalogue_unit_costs" (
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"area_id" uuid NOT NULL,
	"service_id" uuid NOT NULL,
	"unit_cost_pence" bigint NOT NULL,
	"effective_from" date NOT NULL,
	"effective_to" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "catalogue_unit_costs_pkey" PRIMARY KEY("area_id","id")
);
--> statement-breakpoint
ALTER TABLE "catalogue_service_streams" ADD CONSTRAINT "catalogue_service_streams_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalogue_service_streams" ADD CONSTRAINT "catalogue_service_streams_service_fk" FOREIGN KEY ("area_id","service_id") REFERENCES "public"."catalogue_services"("area_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalogue_service_streams" ADD CONSTRAINT "catalogue_service_streams_stream_fk" FOREIGN KEY ("area_id","stream_id") REFERENCES "public"."funding_streams"("area_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalogue_services" ADD CONSTRAINT "catalogue_services_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalogue_services" ADD CONSTRAINT "catalogue_services_provider_organisation_id_organisations_id_fk" FOREIGN KEY ("provider_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalogue_unit_costs" ADD CONSTRAINT "catalogue_unit_costs_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalogue_unit_costs" ADD CONSTRAINT "catalogue_unit_costs_service_fk" FOREIGN KEY ("area_id","service_id") REFERENCES "public"."catalogue_services"("area_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "catalogue_service_streams_service_stream_idx" ON "catalogue_service_streams" USING btree ("area_id","service_id","stream_id");--> statement-breakpoint
CREATE UNIQUE INDEX "catalogue_services_area_name_idx" ON "catalogue_services" USING btree ("area_id",lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "catalogue_unit_costs_service_from_idx" ON "catalogue_unit_costs" USING btree ("area_id","service_id","effective_from");