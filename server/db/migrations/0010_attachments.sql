CREATE TABLE "attachments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"sha256" text NOT NULL,
	"size" bigint NOT NULL,
	"content_type" text NOT NULL,
	"filename" text NOT NULL,
	"uploaded_by_user_id" uuid,
	"uploaded_by_contact_id" uuid,
	"ticket_id" uuid,
	"message_id" uuid,
	"inline" boolean DEFAULT false NOT NULL,
	"content_id" text,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "attachments_at_most_one_uploader" CHECK ("attachments"."uploaded_by_user_id" IS NULL OR "attachments"."uploaded_by_contact_id" IS NULL),
	CONSTRAINT "attachments_sha256_format" CHECK ("attachments"."sha256" ~ '^[0-9a-f]{64}$'),
	CONSTRAINT "attachments_size" CHECK ("attachments"."size" > 0)
);
--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_uploaded_by_user_id_users_id_fk" FOREIGN KEY ("uploaded_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_uploaded_by_contact_id_contacts_id_fk" FOREIGN KEY ("uploaded_by_contact_id") REFERENCES "public"."contacts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "attachments_message_idx" ON "attachments" USING btree ("message_id");--> statement-breakpoint
CREATE INDEX "attachments_ticket_idx" ON "attachments" USING btree ("ticket_id");--> statement-breakpoint
CREATE INDEX "attachments_sha256_idx" ON "attachments" USING btree ("sha256");--> statement-breakpoint
CREATE INDEX "attachments_unlinked_idx" ON "attachments" USING btree ("created_at") WHERE "attachments"."message_id" IS NULL AND "attachments"."ticket_id" IS NULL;--> statement-breakpoint
CREATE FUNCTION "attachments_follow_message"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE "attachments" SET "ticket_id" = NEW."ticket_id" WHERE "message_id" = NEW."id";
	RETURN NEW;
END;
$$;--> statement-breakpoint
CREATE TRIGGER "attachments_follow_message" AFTER UPDATE OF "ticket_id" ON "messages" FOR EACH ROW WHEN (OLD."ticket_id" IS DISTINCT FROM NEW."ticket_id") EXECUTE FUNCTION "attachments_follow_message"();
