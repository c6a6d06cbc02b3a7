-- Each area's boundary, as the latest `area.boundary_set` event gave it: polygons of rings of
-- [longitude, latitude] in millionths of a degree (JSON). A projection of events.
CREATE TABLE area_boundaries (
    pcode TEXT PRIMARY KEY REFERENCES areas (pcode),
    polygons TEXT NOT NULL,
    set_seq BIGINT NOT NULL
)
