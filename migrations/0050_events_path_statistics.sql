-- PostgreSQL's planner estimates how many events a territory holds from region_path's
-- histogram. Paths share long prefixes (/44/4404/440404/...), and with the default 100
-- buckets a community's range of paths fell inside one bucket: at ten million events a
-- community holding 36,391 events was estimated at 507, so its closed tab collected every
-- one of them through a bitmap scan and sorted them (1.7 s on a cold cache) instead of
-- walking the status index newest first (9 ms). A thousand buckets put the estimate at
-- 35,887. SQLite keeps no such statistics (src/events/store_list.cpp tells its planner).
-- @postgres
ALTER TABLE events ALTER COLUMN region_path SET STATISTICS 1000;
ANALYZE events;
-- @end
