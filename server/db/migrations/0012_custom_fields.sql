CREATE TYPE "public"."custom_field_type" AS ENUM('text', 'textarea', 'number', 'date', 'boolean', 'select', 'multiselect');--> statement-breakpoint
CREATE TABLE "custom_field_definitions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key" text NOT NULL,
	"label_it" text NOT NULL,
	"label_en" text NOT NULL,
	"type" "custom_field_type" NOT NULL,
	"options" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"required" boolean DEFAULT false NOT NULL,
	"visible_to_customer" boolean DEFAULT false NOT NULL,
	"ticket_types" text[] DEFAULT '{incident,service_request}'::text[] NOT NULL,
	"service_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "custom_field_definitions_key_format" CHECK ("custom_field_definitions"."key" ~ '^[a-z][a-z0-9_]{0,49}$'),
	CONSTRAINT "custom_field_definitions_ticket_types" CHECK ("custom_field_definitions"."ticket_types" <@ ARRAY['incident', 'service_request']::text[] AND cardinality("custom_field_definitions"."ticket_types") > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX "custom_field_definitions_key_idx" ON "custom_field_definitions" USING btree ("key");--> statement-breakpoint
CREATE INDEX "custom_field_definitions_position_idx" ON "custom_field_definitions" USING btree ("position","key");--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "custom_fields" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
CREATE INDEX "tickets_custom_fields_idx" ON "tickets" USING gin ("custom_fields" jsonb_path_ops);
