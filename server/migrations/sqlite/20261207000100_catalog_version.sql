-- One number that moves with every change to what guests browse (cities, hotels, room types):
-- each process keeps that catalog in memory and reads it again when the number has moved, so
-- a search costs one small read of this row instead of three of the catalog.
CREATE TABLE catalog_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    n INTEGER NOT NULL
);
INSERT INTO catalog_version (id, n) VALUES (1, 0);

CREATE TRIGGER catalog_cities_insert AFTER INSERT ON cities BEGIN UPDATE catalog_version SET n = n + 1; END;
CREATE TRIGGER catalog_cities_update AFTER UPDATE ON cities BEGIN UPDATE catalog_version SET n = n + 1; END;
CREATE TRIGGER catalog_cities_delete AFTER DELETE ON cities BEGIN UPDATE catalog_version SET n = n + 1; END;
CREATE TRIGGER catalog_hotels_insert AFTER INSERT ON hotels BEGIN UPDATE catalog_version SET n = n + 1; END;
CREATE TRIGGER catalog_hotels_update AFTER UPDATE ON hotels BEGIN UPDATE catalog_version SET n = n + 1; END;
CREATE TRIGGER catalog_hotels_delete AFTER DELETE ON hotels BEGIN UPDATE catalog_version SET n = n + 1; END;
CREATE TRIGGER catalog_room_types_insert AFTER INSERT ON room_types BEGIN UPDATE catalog_version SET n = n + 1; END;
CREATE TRIGGER catalog_room_types_update AFTER UPDATE ON room_types BEGIN UPDATE catalog_version SET n = n + 1; END;
CREATE TRIGGER catalog_room_types_delete AFTER DELETE ON room_types BEGIN UPDATE catalog_version SET n = n + 1; END;
