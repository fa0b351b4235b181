CREATE TYPE "public"."search_kind" AS ENUM('section', 'project', 'indicator');--> statement-breakpoint
CREATE TABLE "search_entries" (
	"kind" "search_kind" NOT NULL,
	"entity_id" uuid NOT NULL,
	"row" integer NOT NULL,
	"block_index" integer,
	"plan_id" uuid,
	"section_id" uuid,
	"project_id" uuid,
	"indicator_id" uuid,
	"text" text NOT NULL,
	"tsv" "tsvector" NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "search_entries_entity_id_row_pk" PRIMARY KEY("entity_id","row")
);
--> statement-breakpoint
ALTER TABLE "search_entries" ADD CONSTRAINT "search_entries_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "search_entries" ADD CONSTRAINT "search_entries_section_id_sections_id_fk" FOREIGN KEY ("section_id") REFERENCES "public"."sections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "search_entries" ADD CONSTRAINT "search_entries_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "search_entries" ADD CONSTRAINT "search_entries_indicator_id_indicators_id_fk" FOREIGN KEY ("indicator_id") REFERENCES "public"."indicators"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "search_entries_tsv_idx" ON "search_entries" USING gin ("tsv");--> statement-breakpoint
CREATE INDEX "search_entries_section_idx" ON "search_entries" USING btree ("section_id");--> statement-breakpoint
CREATE INDEX "search_entries_project_idx" ON "search_entries" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "search_entries_indicator_idx" ON "search_entries" USING btree ("indicator_id");