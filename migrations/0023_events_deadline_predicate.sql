-- events_deadline's predicate named five open statuses. SQLite evaluates a list of more
-- than two constants through a temporary B-tree, built afresh each time the predicate is
-- tested: on every INSERT of an event and on both sides of every UPDATE (about 3 % of the
-- writer during intake). An event whose clock has stopped (closed, rejected, merged,
-- withdrawn) has sla = 'none' (Service::stop_clock), so sla alone keeps the index to the
-- open events; the scheduler's scan (store::refresh_sla) still also filters by status.
DROP INDEX events_deadline;
CREATE INDEX events_deadline ON events (warn_at) WHERE sla IN ('ok', 'yellow');
