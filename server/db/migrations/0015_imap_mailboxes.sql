ALTER TABLE "mailboxes" ADD COLUMN "imap_tls" text DEFAULT 'tls' NOT NULL;--> statement-breakpoint
UPDATE "mailboxes" SET "imap_tls" = CASE WHEN "imap_secure" THEN 'tls' ELSE 'none' END;--> statement-breakpoint
ALTER TABLE "mailboxes" DROP COLUMN "imap_secure";--> statement-breakpoint
ALTER TABLE "mailboxes" ADD COLUMN "imap_after_processing" text DEFAULT 'seen' NOT NULL;--> statement-breakpoint
ALTER TABLE "mailboxes" ADD COLUMN "imap_move_folder" text;--> statement-breakpoint
ALTER TABLE "mailboxes" ADD COLUMN "last_poll_status" text;--> statement-breakpoint
ALTER TABLE "mailboxes" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "mailboxes" ADD CONSTRAINT "mailboxes_imap_tls" CHECK ("mailboxes"."imap_tls" IN ('tls', 'starttls', 'none'));--> statement-breakpoint
ALTER TABLE "mailboxes" ADD CONSTRAINT "mailboxes_imap_after_processing" CHECK ("mailboxes"."imap_after_processing" IN ('seen', 'move'));--> statement-breakpoint
ALTER TABLE "mailboxes" ADD CONSTRAINT "mailboxes_last_poll_status" CHECK ("mailboxes"."last_poll_status" IN ('ok', 'error'));
