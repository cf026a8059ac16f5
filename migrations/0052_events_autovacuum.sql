-- PostgreSQL re-reads a table's statistics after 10 % of its rows changed: at ten million
-- events, a million changes. The planner then knew nothing of a burst of intake: after
-- 37,907 reports on a database whose statistics held no reported event, the dispatcher's
-- "reported" tab walked the status index's reported entries testing each row for their own
-- reports (40,077 pages, 55 ms a page) instead of walking their reports (2.3 ms after an
-- ANALYZE). Statistics are now renewed after 50,000 changed events whatever the table's
-- size (about every two days for a city of ten million events over five years; under a
-- storm of reports at most once per autovacuum round, a minute), and the newest rows are
-- vacuumed every 100,000 inserts rather than every 20 % of the table: that keeps their
-- pages all-visible, so the queues' index-only walks do not read them, and empties the
-- trigram indexes' pending lists off the reports' own commits. SQLite keeps no statistics.
-- @postgres
ALTER TABLE events SET (autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 50000,
                        autovacuum_vacuum_insert_scale_factor = 0, autovacuum_vacuum_insert_threshold = 100000);
-- @end
