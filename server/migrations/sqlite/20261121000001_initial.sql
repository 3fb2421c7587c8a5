-- Vision Stays on SQLite: customers, hotels and bookings, each service with its own tables.

-- customers service
CREATE TABLE customers (
    id            INTEGER PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name          TEXT NOT NULL,
    phone         TEXT,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL DEFAULT 'guest' CHECK (role IN ('guest', 'hotel_admin', 'platform_admin')),
    created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- Only a hash of the session token is stored: a leaked table holds no usable sessions.
CREATE TABLE sessions (
    token_hash  TEXT PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL
);
CREATE INDEX sessions_customer ON sessions(customer_id);

-- hotels service
CREATE TABLE cities (
    slug      TEXT PRIMARY KEY,
    name      TEXT NOT NULL UNIQUE COLLATE NOCASE,
    country   TEXT NOT NULL,
    time_zone TEXT NOT NULL,
    blurb     TEXT NOT NULL DEFAULT ''
);

CREATE TABLE hotels (
    id          INTEGER PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    city_slug   TEXT NOT NULL REFERENCES cities(slug),
    address     TEXT NOT NULL,
    stars       INTEGER NOT NULL CHECK (stars BETWEEN 1 AND 5),
    currency    TEXT NOT NULL CHECK (length(currency) = 3),
    time_zone   TEXT NOT NULL,
    tagline     TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    amenities   TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(amenities)),
    policies    TEXT NOT NULL CHECK (json_valid(policies)),
    art         TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(art)),
    published   INTEGER NOT NULL DEFAULT 1,
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX hotels_city ON hotels(city_slug, published);

CREATE TABLE room_types (
    id                 INTEGER PRIMARY KEY,
    hotel_id           INTEGER NOT NULL REFERENCES hotels(id),
    slug               TEXT NOT NULL,
    name               TEXT NOT NULL,
    description        TEXT NOT NULL DEFAULT '',
    capacity           INTEGER NOT NULL CHECK (capacity >= 1),
    beds               TEXT NOT NULL,
    size_m2            INTEGER NOT NULL DEFAULT 0,
    amenities          TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(amenities)),
    nightly_rate_minor INTEGER NOT NULL CHECK (nightly_rate_minor >= 0),
    weekend_rate_minor INTEGER NOT NULL CHECK (weekend_rate_minor >= 0),
    total_rooms        INTEGER NOT NULL CHECK (total_rooms >= 0),
    art                TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(art)),
    position           INTEGER NOT NULL DEFAULT 0,
    retired            INTEGER NOT NULL DEFAULT 0,
    UNIQUE (hotel_id, slug)
);

-- bookings service
-- One row per room type and night, created on first sale. `sold <= allotment` is the
-- database's own guard against overbooking; the booking transaction updates it conditionally.
CREATE TABLE inventory (
    room_type_id INTEGER NOT NULL REFERENCES room_types(id),
    night        TEXT NOT NULL,
    allotment    INTEGER NOT NULL CHECK (allotment >= 0),
    sold         INTEGER NOT NULL DEFAULT 0 CHECK (sold >= 0 AND sold <= allotment),
    rate_minor   INTEGER CHECK (rate_minor IS NULL OR rate_minor >= 0),
    closed       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (room_type_id, night)
) WITHOUT ROWID;

CREATE TABLE bookings (
    id               INTEGER PRIMARY KEY,
    reference        TEXT NOT NULL UNIQUE,
    customer_id      INTEGER NOT NULL REFERENCES customers(id),
    hotel_id         INTEGER NOT NULL REFERENCES hotels(id),
    room_type_id     INTEGER NOT NULL REFERENCES room_types(id),
    check_in         TEXT NOT NULL,
    check_out        TEXT NOT NULL CHECK (check_out > check_in),
    guests           INTEGER NOT NULL CHECK (guests >= 1),
    guest_name       TEXT NOT NULL,
    guest_email      TEXT NOT NULL,
    guest_phone      TEXT,
    special_requests TEXT,
    status           TEXT NOT NULL CHECK (status IN ('confirmed', 'cancelled')),
    currency         TEXT NOT NULL,
    total_minor      INTEGER NOT NULL,
    price            TEXT NOT NULL CHECK (json_valid(price)),
    cancel_deadline  TEXT,
    created_at       TEXT NOT NULL,
    cancelled_at     TEXT
);
CREATE INDEX bookings_customer ON bookings(customer_id, check_in);
CREATE INDEX bookings_room_type ON bookings(room_type_id, check_in);

-- A retried submission replays its first answer; the same key with another body is refused.
CREATE TABLE idempotency_keys (
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    key         TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    booking_id  INTEGER NOT NULL REFERENCES bookings(id),
    created_at  TEXT NOT NULL,
    PRIMARY KEY (customer_id, key)
);

-- Written in the booking's transaction, delivered after commit by the relay.
CREATE TABLE outbox (
    id           INTEGER PRIMARY KEY,
    topic        TEXT NOT NULL,
    booking_id   INTEGER REFERENCES bookings(id),
    payload      TEXT NOT NULL CHECK (json_valid(payload)),
    created_at   TEXT NOT NULL,
    delivered_at TEXT
);
CREATE INDEX outbox_pending ON outbox(id) WHERE delivered_at IS NULL;
