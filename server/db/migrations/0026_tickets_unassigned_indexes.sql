-- The unassigned views (level 1 and level 2) read by an agent arm by arm of their visibility (ADR
-- 0018): the unassigned tickets of one level that the agent's groups hold or escalated, in the
-- list's order. Without them a level 2 agent's "level 1 unassigned" (none of which it may see) read
-- every ticket in order to find none (1.2-2.3 s at 1M tickets). Only unassigned tickets are indexed.
CREATE INDEX "tickets_unassigned_group_idx" ON "tickets" USING btree ("support_level","group_id","updated_at","id") WHERE "assignee_id" IS NULL;--> statement-breakpoint
CREATE INDEX "tickets_unassigned_level1_group_idx" ON "tickets" USING btree ("support_level","level1_group_id","updated_at","id") WHERE "assignee_id" IS NULL;--> statement-breakpoint
-- Which (level, group, level 1 group) combinations exist: a level 1 ticket is in a level 1 group.
-- Taken as independent, "level 1 in a level 2 group" looked like 15 000 tickets, and a page sorted
-- by priority read every ticket in priority order to find none (7 s); with these the planner knows
-- it is none. Filled by the ANALYZE below, then by autovacuum's.
CREATE STATISTICS "tickets_level_groups_stats" (mcv) ON "support_level", "group_id", "level1_group_id" FROM "tickets";--> statement-breakpoint
ANALYZE "tickets";
