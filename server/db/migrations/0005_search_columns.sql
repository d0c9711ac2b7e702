CREATE TYPE "public"."search_language" AS ENUM('it', 'en', 'simple');--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "language" "search_language" DEFAULT 'simple' NOT NULL;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "search" "tsvector" GENERATED ALWAYS AS (CASE language WHEN 'it' THEN to_tsvector('sportello_italian'::regconfig, body_text) WHEN 'en' THEN to_tsvector('sportello_english'::regconfig, body_text) ELSE to_tsvector('sportello_simple'::regconfig, body_text) END) STORED;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "search" "tsvector" GENERATED ALWAYS AS (to_tsvector('sportello_italian'::regconfig, subject) || to_tsvector('sportello_english'::regconfig, subject)) STORED;--> statement-breakpoint
CREATE INDEX "messages_search_idx" ON "messages" USING gin ("search");--> statement-breakpoint
CREATE INDEX "tickets_search_idx" ON "tickets" USING gin ("search");