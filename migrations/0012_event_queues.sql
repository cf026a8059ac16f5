-- Indexes for queues at ten million events (bench/scale_bench.sh):
-- - a status's queue newest first walks (status, id) and stops at the page's end; a
--   queue of several statuses is one such walk per status, merged (store::list);
-- - the scheduler's deadline scan reads only the open events not yet red, by warning time;
-- - the supervised queue (督办) reads its few events directly.
-- (status, due_at) served the deadline scan and no queue; it goes.
DROP INDEX events_status_due;
CREATE INDEX events_status ON events (status, id);
CREATE INDEX events_deadline ON events (warn_at)
  WHERE sla IN ('ok', 'yellow') AND status IN ('reported', 'accepted', 'dispatched', 'handling', 'handled');
CREATE INDEX events_supervised ON events (id) WHERE supervised = 1;
