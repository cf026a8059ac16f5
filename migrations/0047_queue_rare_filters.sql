-- Queues whose filter few events meet (docs/EVENTS.md "Queues at ten million events"): the
-- supervised tab (督办) and the extension requests tab. Walking the status index and
-- reading each row to test the filter read every open event of the status when none
-- matched (350-500 ms at ten million events); these partial indexes hold only the events
-- that match, in id order, with the path so that the caller's territory is decided on the
-- index entry.
DROP INDEX events_supervised;
CREATE INDEX events_supervised ON events (id, region_path) WHERE supervised = 1;
CREATE INDEX events_extension ON events (id, region_path) WHERE extension_days IS NOT NULL;
