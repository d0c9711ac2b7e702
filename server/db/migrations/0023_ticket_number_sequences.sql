-- Ticket numbers from per-year PostgreSQL sequences instead of a counter row (ADR 0013). The row was
-- locked from the creation's last statement until its commit had been flushed, so creations committed
-- one after another (≈ 350 per second on the benchmark machine, whatever the CPU). `nextval` takes no
-- lock that lasts; a rolled-back creation leaves a gap, which DESIGN §2 allows ("a per-year sequence").
--
-- `ticket_number_next(year)` returns the next number of a year, making the year's sequence
-- `ticket_number_<year>` the first time. Concurrent first tickets of a year wait for each other on an
-- advisory lock; the exception block (entered only then) covers one that made it meanwhile.
CREATE FUNCTION "ticket_number_next"("for_year" integer) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  "name" text := 'ticket_number_' || "for_year";
BEGIN
  IF to_regclass("name") IS NULL THEN
    PERFORM pg_advisory_xact_lock(hashtext('ticket_number_next'), "for_year");
    BEGIN
      EXECUTE format('CREATE SEQUENCE IF NOT EXISTS %I AS bigint', "name");
    EXCEPTION WHEN unique_violation OR duplicate_table THEN
      NULL;
    END;
  END IF;
  RETURN nextval("name");
END
$$;--> statement-breakpoint
-- Numbering continues where each year's counter stands.
DO $$
DECLARE
  "counter" record;
BEGIN
  FOR "counter" IN SELECT "year", "last_value" FROM "ticket_number_sequences" LOOP
    EXECUTE format('CREATE SEQUENCE %I AS bigint', 'ticket_number_' || "counter"."year");
    PERFORM setval('ticket_number_' || "counter"."year", "counter"."last_value");
  END LOOP;
END
$$;--> statement-breakpoint
DROP TABLE "ticket_number_sequences";
