-- One mail, one message: a Message-ID is on at most one message (the intake's dedupe and the
-- duplicate filter intend it, ADR 0007, filter 3.1; two copies applied at once could both pass the
-- filter).
-- Copies that got in before the constraint keep their text; only the oldest keeps the Message-ID, so
-- threading finds the message it always found first and the index can be built.
UPDATE "messages" AS "copy" SET "email_message_id" = NULL
WHERE "copy"."email_message_id" IS NOT NULL
  AND EXISTS (
    SELECT 1 FROM "messages" AS "first"
    WHERE "first"."email_message_id" = "copy"."email_message_id"
      AND ("first"."created_at", "first"."id") < ("copy"."created_at", "copy"."id")
  );--> statement-breakpoint
DROP INDEX IF EXISTS "messages_email_message_id_idx";--> statement-breakpoint
CREATE UNIQUE INDEX "messages_email_message_id_unique" ON "messages" USING btree ("email_message_id") WHERE "messages"."email_message_id" IS NOT NULL;
