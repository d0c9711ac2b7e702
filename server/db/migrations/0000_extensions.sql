-- Extensions used by search (pg_trgm, unaccent) and by random ids and hashes (pgcrypto).
-- They are trusted extensions on PostgreSQL 13+, and PGlite registers them at every open.
CREATE EXTENSION IF NOT EXISTS pgcrypto;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS unaccent;
