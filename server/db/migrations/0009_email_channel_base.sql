CREATE TABLE "inbound_emails" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"dedupe_key" text NOT NULL,
	"message_id" text,
	"mailbox_id" uuid,
	"source" text NOT NULL,
	"envelope_from" text,
	"envelope_to" text[] DEFAULT '{}'::text[] NOT NULL,
	"raw" "bytea" NOT NULL,
	"size" integer NOT NULL,
	"status" text DEFAULT 'received' NOT NULL,
	"outcome" jsonb,
	"error" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"ticket_id" uuid,
	"ticket_message_id" uuid,
	"received_at" timestamp with time zone NOT NULL,
	"processed_at" timestamp with time zone,
	CONSTRAINT "inbound_emails_status" CHECK ("inbound_emails"."status" IN ('received', 'processed', 'ignored', 'failed')),
	CONSTRAINT "inbound_emails_source" CHECK ("inbound_emails"."source" IN ('smtp', 'imap'))
);
--> statement-breakpoint
CREATE TABLE "mailbox_addresses" (
	"address" text PRIMARY KEY NOT NULL,
	"mailbox_id" uuid NOT NULL,
	CONSTRAINT "mailbox_addresses_lower" CHECK ("mailbox_addresses"."address" = lower("mailbox_addresses"."address"))
);
--> statement-breakpoint
CREATE TABLE "mailboxes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"address" text NOT NULL,
	"group_id" uuid NOT NULL,
	"service_id" uuid,
	"is_default" boolean DEFAULT false NOT NULL,
	"catch_all" boolean DEFAULT false NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"imap_host" text,
	"imap_port" integer,
	"imap_secure" boolean DEFAULT true NOT NULL,
	"imap_username" text,
	"imap_password_encrypted" text,
	"imap_folder" text DEFAULT 'INBOX' NOT NULL,
	"last_polled_at" timestamp with time zone,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ticket_participants" (
	"ticket_id" uuid NOT NULL,
	"address" text NOT NULL,
	"contact_id" uuid,
	"added_by_user_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "ticket_participants_ticket_id_address_pk" PRIMARY KEY("ticket_id","address"),
	CONSTRAINT "ticket_participants_lower" CHECK ("ticket_participants"."address" = lower("ticket_participants"."address"))
);
--> statement-breakpoint
ALTER TABLE "outbound_messages" ADD COLUMN "ticket_id" uuid;--> statement-breakpoint
ALTER TABLE "outbound_messages" ADD COLUMN "ticket_message_id" uuid;--> statement-breakpoint
ALTER TABLE "outbound_messages" ADD COLUMN "email_message_id" text;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "email_message_id" text;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "email_headers" jsonb;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "threading" jsonb;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "email_flags" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "inbound_emails" ADD CONSTRAINT "inbound_emails_mailbox_id_mailboxes_id_fk" FOREIGN KEY ("mailbox_id") REFERENCES "public"."mailboxes"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbound_emails" ADD CONSTRAINT "inbound_emails_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbound_emails" ADD CONSTRAINT "inbound_emails_ticket_message_id_messages_id_fk" FOREIGN KEY ("ticket_message_id") REFERENCES "public"."messages"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mailbox_addresses" ADD CONSTRAINT "mailbox_addresses_mailbox_id_mailboxes_id_fk" FOREIGN KEY ("mailbox_id") REFERENCES "public"."mailboxes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mailboxes" ADD CONSTRAINT "mailboxes_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mailboxes" ADD CONSTRAINT "mailboxes_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_participants" ADD CONSTRAINT "ticket_participants_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_participants" ADD CONSTRAINT "ticket_participants_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_participants" ADD CONSTRAINT "ticket_participants_added_by_user_id_users_id_fk" FOREIGN KEY ("added_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "inbound_emails_dedupe_idx" ON "inbound_emails" USING btree ("dedupe_key");--> statement-breakpoint
CREATE INDEX "inbound_emails_status_idx" ON "inbound_emails" USING btree ("status","received_at");--> statement-breakpoint
CREATE INDEX "inbound_emails_message_id_idx" ON "inbound_emails" USING btree ("message_id");--> statement-breakpoint
CREATE INDEX "mailbox_addresses_mailbox_idx" ON "mailbox_addresses" USING btree ("mailbox_id");--> statement-breakpoint
CREATE UNIQUE INDEX "mailboxes_address_idx" ON "mailboxes" USING btree (lower("address"));--> statement-breakpoint
CREATE UNIQUE INDEX "mailboxes_default_idx" ON "mailboxes" USING btree ("is_default") WHERE "mailboxes"."is_default";--> statement-breakpoint
CREATE UNIQUE INDEX "mailboxes_catch_all_idx" ON "mailboxes" USING btree ("catch_all") WHERE "mailboxes"."catch_all";--> statement-breakpoint
CREATE INDEX "ticket_participants_address_idx" ON "ticket_participants" USING btree ("address");--> statement-breakpoint
ALTER TABLE "outbound_messages" ADD CONSTRAINT "outbound_messages_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbound_messages" ADD CONSTRAINT "outbound_messages_ticket_message_id_messages_id_fk" FOREIGN KEY ("ticket_message_id") REFERENCES "public"."messages"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "outbound_messages_ticket_idx" ON "outbound_messages" USING btree ("ticket_id");--> statement-breakpoint
CREATE UNIQUE INDEX "outbound_messages_email_message_id_idx" ON "outbound_messages" USING btree ("email_message_id");--> statement-breakpoint
CREATE INDEX "messages_email_message_id_idx" ON "messages" USING btree ("email_message_id");