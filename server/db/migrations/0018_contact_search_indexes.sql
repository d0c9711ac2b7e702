-- The search box looks for contacts by any part of their name, phone or address (ILIKE '%…%'): a
-- scan of every contact (40 ms at 50,000 contacts, on every search). Trigram indexes answer it from
-- the index for queries of three characters or more.
CREATE INDEX "contacts_name_trgm_idx" ON "contacts" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "contacts_phone_trgm_idx" ON "contacts" USING gin ("phone" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "email_addresses_address_trgm_idx" ON "email_addresses" USING gin ("address" gin_trgm_ops);
