-- The service desk's lists walk newest first (ORDER BY id DESC LIMIT n) and stop at the
-- page's end, the class of fix the events' queues got (0017): a status's index is in id
-- order with the place (and the due time) on its entries, so a community's page reads
-- about limit ÷ (its share of the rows) entries and no row it does not answer; several
-- statuses are several walks merged (src/services/store.cpp). The index on (region_path,
-- id) made the planner read a whole community's rows and sort them (a community of the
-- demo town at a million orders: 76 ms a page); without it a page without a status walks
-- the table's ids and filters the place.
DROP INDEX service_orders_status;
DROP INDEX service_orders_scope;
CREATE INDEX service_orders_status ON service_orders (status, id, region_path, due_at);
DROP INDEX service_cases_status;
CREATE INDEX service_cases_status ON service_cases (status, id, region_path, due_at);
DROP INDEX service_wishes_publish;
CREATE INDEX service_wishes_status ON service_wishes (status, id, region_path);
CREATE INDEX service_wishes_publish ON service_wishes (publish_path, id) WHERE status IN ('published', 'claimed', 'fulfilled', 'confirmed');
