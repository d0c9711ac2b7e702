-- The replies waiting for a parent (ADR 0007 §4a) are looked up every time a message is applied or
-- fails. Through inbound_emails_status_idx that visited every message still `received` — the whole
-- backlog when mail arrives faster than it is processed. Only waiting replies are in this index.
CREATE INDEX "inbound_emails_waiting_idx" ON "inbound_emails" USING btree ("received_at") WHERE "inbound_emails"."status" = 'received' AND "inbound_emails"."outcome" ->> 'filter' = 'waiting_for_parent';
