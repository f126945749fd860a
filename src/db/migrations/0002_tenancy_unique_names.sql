-- Names are unique case-insensitively: regions everywhere, areas within a region, organisations within an area
-- (or, for region-wide organisations, within the region). A form sent twice then cannot make a second copy.
CREATE UNIQUE INDEX "areas_region_name_idx" ON "areas" USING btree ("region_id",lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "organisations_area_name_idx" ON "organisations" USING btree ("area_id",lower("name")) WHERE "organisations"."area_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "organisations_region_name_idx" ON "organisations" USING btree ("region_id",lower("name")) WHERE "organisations"."area_id" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "regions_name_idx" ON "regions" USING btree (lower("name"));