-- The raw message is stored as it came (issue 4, ADR 0016): mail is mostly base64 attachments,
-- which pglz barely compresses (145 MB stored for 143 MB of mail in the benchmark) yet every insert
-- paid for trying. EXTERNAL keeps it out of line, uncompressed; rows already stored are unchanged.
ALTER TABLE "inbound_emails" ALTER COLUMN "raw" SET STORAGE EXTERNAL;--> statement-breakpoint
-- The mailbox a ticket's mail goes out from is the one its customer last wrote to
-- (ticket-notice.repo.ts, mailboxOf): without this index every notice read all of inbound_emails.
CREATE INDEX "inbound_emails_ticket_idx" ON "inbound_emails" USING btree ("ticket_id","received_at");
