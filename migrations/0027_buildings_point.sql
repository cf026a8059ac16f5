-- The maps draw the buildings near a place (GET /api/v1/map/nearby): found by their point.
CREATE INDEX buildings_point ON buildings (lat, lng);
