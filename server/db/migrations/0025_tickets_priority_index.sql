-- The list's `priority` sort (ORDER BY priority, id): without it a view sorted by priority read and
-- sorted every ticket of the view (160 000 for an agent's group at 1M tickets, 1.7–2.9 s); with it
-- the page is read in order and stops after its 51st ticket (docs/PERFORMANCE.md).
CREATE INDEX "tickets_priority_idx" ON "tickets" USING btree ("priority","id");
