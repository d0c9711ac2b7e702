CREATE TABLE "email_bounces" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"address" text NOT NULL,
	"ticket_id" uuid,
	"inbound_email_id" uuid NOT NULL,
	"original_message_id" text,
	"action" text,
	"status" text,
	"diagnostic" text,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "email_bounces_lower" CHECK ("email_bounces"."address" = lower("email_bounces"."address"))
);
--> statement-breakpoint
ALTER TABLE "email_bounces" ADD CONSTRAINT "email_bounces_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "email_bounces" ADD CONSTRAINT "email_bounces_inbound_email_id_inbound_emails_id_fk" FOREIGN KEY ("inbound_email_id") REFERENCES "public"."inbound_emails"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "email_bounces_address_idx" ON "email_bounces" USING btree ("address","created_at");--> statement-breakpoint
CREATE INDEX "email_bounces_ticket_idx" ON "email_bounces" USING btree ("ticket_id");--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "email_attachments" jsonb;--> statement-breakpoint
CREATE INDEX "inbound_emails_ticket_message_idx" ON "inbound_emails" USING btree ("ticket_message_id");
