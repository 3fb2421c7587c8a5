-- One number that moves with every change to what guests browse (cities, hotels, room types):
-- each process keeps that catalog in memory and reads it again when the number has moved, so
-- a search costs one small read of this row instead of three of the catalog.
CREATE TABLE catalog_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    n BIGINT NOT NULL
);
INSERT INTO catalog_version (id, n) VALUES (1, 0);

-- Deferred to the commit: the version row is the last lock a catalog edit takes, so two edits
-- never wait on each other's rows in opposite orders; and the new number is seen with the data.
CREATE FUNCTION catalog_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE catalog_version SET n = n + 1;
    RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER catalog_cities AFTER INSERT OR UPDATE OR DELETE ON cities
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION catalog_changed();
CREATE CONSTRAINT TRIGGER catalog_hotels AFTER INSERT OR UPDATE OR DELETE ON hotels
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION catalog_changed();
CREATE CONSTRAINT TRIGGER catalog_room_types AFTER INSERT OR UPDATE OR DELETE ON room_types
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION catalog_changed();
