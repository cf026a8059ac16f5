-- A notification may be about another record than an event: "order:12" (a service order),
-- so the inbox and the 工作台 can open it. NULL for event notifications (event_id) and
-- those about nothing in particular.
ALTER TABLE notifications ADD COLUMN record TEXT;
