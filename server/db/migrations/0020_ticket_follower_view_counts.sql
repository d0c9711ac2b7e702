-- The view counts of the tickets an agent sees only because they follow them, without reading those
-- tickets one by one (an agent auto-follows every ticket they create: thousands of random heap reads,
-- 12–14 ms of database time per views request at a million tickets). Like `ticket_view_counts`
-- (migration 0017): signed deltas of the number of followed tickets per follower and per key
-- (status, level, group, level 1 group, assignee), only ever inserted, summed by the reader and folded
-- back into one row per follower and key now and then (ticket-view-counts.ts).
--
-- Kept by triggers on both tables, so every path (follow, unfollow, any change of a ticket's key,
-- plain SQL) keeps it true in the same transaction:
--   * a follower added or removed counts at the ticket's current key; the trigger first takes a share
--     lock on those tickets, so that a concurrent change of their key either commits first (and the
--     trigger then reads the new key) or waits for this transaction (and its own trigger then sees
--     the follower): without it, a follow racing a reassignment would count at the old key forever;
--   * a ticket whose key changes moves its followers from the old key to the new one;
--   * a deleted ticket takes its followers out before the cascade removes them (a row trigger: the
--     followers' own trigger no longer finds the ticket and adds nothing).
CREATE TABLE "ticket_follower_view_counts" (
	"user_id" uuid NOT NULL,
	"status_id" uuid NOT NULL,
	"support_level" smallint NOT NULL,
	"group_id" uuid NOT NULL,
	"level1_group_id" uuid NOT NULL,
	"assignee_id" uuid,
	"tickets" integer NOT NULL
);--> statement-breakpoint
CREATE INDEX "ticket_follower_view_counts_user_idx" ON "ticket_follower_view_counts" USING btree ("user_id");--> statement-breakpoint
INSERT INTO "ticket_follower_view_counts" ("user_id", "status_id", "support_level", "group_id", "level1_group_id", "assignee_id", "tickets")
SELECT f."user_id", t."status_id", t."support_level", t."group_id", t."level1_group_id", t."assignee_id", count(*)
FROM "ticket_followers" f JOIN "tickets" t ON t."id" = f."ticket_id"
GROUP BY f."user_id", t."status_id", t."support_level", t."group_id", t."level1_group_id", t."assignee_id";--> statement-breakpoint
CREATE FUNCTION "ticket_follower_view_counts_follow"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		PERFORM 1 FROM tickets t WHERE t.id IN (SELECT ticket_id FROM added) ORDER BY t.id FOR SHARE OF t;
		INSERT INTO ticket_follower_view_counts (user_id, status_id, support_level, group_id, level1_group_id, assignee_id, tickets)
		SELECT f.user_id, t.status_id, t.support_level, t.group_id, t.level1_group_id, t.assignee_id, count(*)
		FROM added f JOIN tickets t ON t.id = f.ticket_id
		GROUP BY f.user_id, t.status_id, t.support_level, t.group_id, t.level1_group_id, t.assignee_id;
	ELSE
		PERFORM 1 FROM tickets t WHERE t.id IN (SELECT ticket_id FROM removed) ORDER BY t.id FOR SHARE OF t;
		INSERT INTO ticket_follower_view_counts (user_id, status_id, support_level, group_id, level1_group_id, assignee_id, tickets)
		SELECT f.user_id, t.status_id, t.support_level, t.group_id, t.level1_group_id, t.assignee_id, -count(*)
		FROM removed f JOIN tickets t ON t.id = f.ticket_id
		GROUP BY f.user_id, t.status_id, t.support_level, t.group_id, t.level1_group_id, t.assignee_id;
	END IF;
	RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "ticket_follower_view_counts_insert" AFTER INSERT ON "ticket_followers" REFERENCING NEW TABLE AS added
	FOR EACH STATEMENT EXECUTE FUNCTION "ticket_follower_view_counts_follow"();--> statement-breakpoint
CREATE TRIGGER "ticket_follower_view_counts_delete" AFTER DELETE ON "ticket_followers" REFERENCING OLD TABLE AS removed
	FOR EACH STATEMENT EXECUTE FUNCTION "ticket_follower_view_counts_follow"();--> statement-breakpoint
-- Only tickets whose key changed reach the followers: touching a ticket (most updates) adds nothing.
CREATE FUNCTION "ticket_follower_view_counts_move"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO ticket_follower_view_counts (user_id, status_id, support_level, group_id, level1_group_id, assignee_id, tickets)
	SELECT f.user_id, moved.status_id, moved.support_level, moved.group_id, moved.level1_group_id, moved.assignee_id, sum(moved.delta)
	FROM (
		SELECT r.id, r.status_id, r.support_level, r.group_id, r.level1_group_id, r.assignee_id, -1 AS delta
		FROM removed r JOIN added a ON a.id = r.id
		WHERE (r.status_id, r.support_level, r.group_id, r.level1_group_id, r.assignee_id)
			IS DISTINCT FROM (a.status_id, a.support_level, a.group_id, a.level1_group_id, a.assignee_id)
		UNION ALL
		SELECT a.id, a.status_id, a.support_level, a.group_id, a.level1_group_id, a.assignee_id, 1 AS delta
		FROM removed r JOIN added a ON a.id = r.id
		WHERE (r.status_id, r.support_level, r.group_id, r.level1_group_id, r.assignee_id)
			IS DISTINCT FROM (a.status_id, a.support_level, a.group_id, a.level1_group_id, a.assignee_id)
	) AS moved
	JOIN ticket_followers f ON f.ticket_id = moved.id
	GROUP BY f.user_id, moved.status_id, moved.support_level, moved.group_id, moved.level1_group_id, moved.assignee_id
	HAVING sum(moved.delta) <> 0;
	RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "ticket_follower_view_counts_update" AFTER UPDATE ON "tickets" REFERENCING OLD TABLE AS removed NEW TABLE AS added
	FOR EACH STATEMENT EXECUTE FUNCTION "ticket_follower_view_counts_move"();--> statement-breakpoint
CREATE FUNCTION "ticket_follower_view_counts_unfollow_deleted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO ticket_follower_view_counts (user_id, status_id, support_level, group_id, level1_group_id, assignee_id, tickets)
	SELECT f.user_id, OLD.status_id, OLD.support_level, OLD.group_id, OLD.level1_group_id, OLD.assignee_id, -1
	FROM ticket_followers f WHERE f.ticket_id = OLD.id;
	RETURN OLD;
END
$$;--> statement-breakpoint
CREATE TRIGGER "ticket_follower_view_counts_ticket_delete" BEFORE DELETE ON "tickets"
	FOR EACH ROW EXECUTE FUNCTION "ticket_follower_view_counts_unfollow_deleted"();
