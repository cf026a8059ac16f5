-- (handling_path, status, id) served no query: every queue filters by the territory of the
-- event's place (region_path) or by department, never by the handling node. One B-tree
-- fewer for every event written (intake and each step).
DROP INDEX events_handling;
