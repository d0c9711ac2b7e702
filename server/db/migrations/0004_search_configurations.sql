-- Accent-insensitive full-text search: Italian and English stemming (per message language) and a
-- language-neutral one, each with unaccent in front of the stemmer, so "perche" finds "perché".
CREATE TEXT SEARCH CONFIGURATION sportello_italian (COPY = pg_catalog.italian);
--> statement-breakpoint
ALTER TEXT SEARCH CONFIGURATION sportello_italian ALTER MAPPING FOR hword, hword_part, word WITH unaccent, italian_stem;
--> statement-breakpoint
CREATE TEXT SEARCH CONFIGURATION sportello_english (COPY = pg_catalog.english);
--> statement-breakpoint
ALTER TEXT SEARCH CONFIGURATION sportello_english ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;
--> statement-breakpoint
CREATE TEXT SEARCH CONFIGURATION sportello_simple (COPY = pg_catalog.simple);
--> statement-breakpoint
ALTER TEXT SEARCH CONFIGURATION sportello_simple ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;
