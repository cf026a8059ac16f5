-- The overdue tab (超期) as a queue whose filter few events meet, like 0047's: the open
-- events past their deadline (sla = 'red', set by the scheduler; an event's clock stops with
-- sla = 'none' when it ends). Walking the open statuses' index and reading each row to test
-- sla read every open event of the status: at ten million events, with a day's intake
-- reported and not yet overdue, the dispatcher's overdue tab took 200-270 ms. This partial
-- index holds only the red events, in id order, with the path so that the caller's territory
-- is decided on the index entry.
CREATE INDEX events_overdue ON events (id, region_path) WHERE sla = 'red';
