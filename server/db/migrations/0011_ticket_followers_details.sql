-- Followers become explicit: who added a follower (null when the system did: working on a ticket
-- makes one follow it) and since when. Rows that exist get the time of the migration.
ALTER TABLE "ticket_followers" ADD COLUMN "added_by" uuid;--> statement-breakpoint
ALTER TABLE "ticket_followers" ADD COLUMN "created_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "ticket_followers" ADD CONSTRAINT "ticket_followers_added_by_users_id_fk" FOREIGN KEY ("added_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
