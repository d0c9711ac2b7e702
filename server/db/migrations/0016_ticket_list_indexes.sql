-- Sorting a view by creation date, and counting the open tickets of the workspace's views by status
-- (a few open statuses, each an index range, instead of every ticket the caller can see).
CREATE INDEX "tickets_created_idx" ON "tickets" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "tickets_status_idx" ON "tickets" USING btree ("status_id","support_level","group_id","level1_group_id","assignee_id");
