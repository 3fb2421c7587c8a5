-- Vision Stays on PostgreSQL: customers, hotels and bookings, each service with its own tables.

-- customers service
CREATE TABLE customers (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email         TEXT NOT NULL,
    name          TEXT NOT NULL,
    phone         TEXT,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL DEFAULT 'guest' CHECK (role IN ('guest', 'hotel_admin', 'platform_admin')),
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- Emails are unique regardless of case, as on SQLite (COLLATE NOCASE).
CREATE UNIQUE INDEX customers_email ON customers (lower(email));

-- Only a hash of the session token is stored: a leaked table holds no usable sessions.
CREATE TABLE sessions (
    token_hash  TEXT PRIMARY KEY,
    customer_id BIGINT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    created_at  TIMESTAMPTZ NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX sessions_customer ON sessions(customer_id);

-- hotels service
CREATE TABLE cities (
    slug      TEXT PRIMARY KEY,
    name      TEXT NOT NULL,
    country   TEXT NOT NULL,
    time_zone TEXT NOT NULL,
    blurb     TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX cities_name ON cities (lower(name));

CREATE TABLE hotels (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    city_slug   TEXT NOT NULL REFERENCES cities(slug),
    address     TEXT NOT NULL,
    stars       INTEGER NOT NULL CHECK (stars BETWEEN 1 AND 5),
    currency    TEXT NOT NULL CHECK (length(currency) = 3),
    time_zone   TEXT NOT NULL,
    tagline     TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    amenities   JSONB NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(amenities) = 'array'),
    policies    JSONB NOT NULL CHECK (jsonb_typeof(policies) = 'object'),
    art         JSONB NOT NULL DEFAULT '{}',
    published   BOOLEAN NOT NULL DEFAULT true,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX hotels_city ON hotels(city_slug) WHERE published;

CREATE TABLE room_types (
    id                 BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    hotel_id           BIGINT NOT NULL REFERENCES hotels(id),
    slug               TEXT NOT NULL,
    name               TEXT NOT NULL,
    description        TEXT NOT NULL DEFAULT '',
    capacity           INTEGER NOT NULL CHECK (capacity >= 1),
    beds               TEXT NOT NULL,
    size_m2            INTEGER NOT NULL DEFAULT 0,
    amenities          JSONB NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(amenities) = 'array'),
    nightly_rate_minor BIGINT NOT NULL CHECK (nightly_rate_minor >= 0),
    weekend_rate_minor BIGINT NOT NULL CHECK (weekend_rate_minor >= 0),
    total_rooms        INTEGER NOT NULL CHECK (total_rooms >= 0),
    art                JSONB NOT NULL DEFAULT '{}',
    position           INTEGER NOT NULL DEFAULT 0,
    retired            BOOLEAN NOT NULL DEFAULT false,
    UNIQUE (hotel_id, slug)
);

-- bookings service
-- One row per room type and night, created on first sale. `sold <= allotment` is the
-- database's own guard against overbooking; the booking transaction updates it conditionally.
CREATE TABLE inventory (
    room_type_id BIGINT NOT NULL REFERENCES room_types(id),
    night        DATE NOT NULL,
    allotment    INTEGER NOT NULL CHECK (allotment >= 0),
    sold         INTEGER NOT NULL DEFAULT 0 CHECK (sold >= 0 AND sold <= allotment),
    rate_minor   BIGINT CHECK (rate_minor IS NULL OR rate_minor >= 0),
    closed       BOOLEAN NOT NULL DEFAULT false,
    PRIMARY KEY (room_type_id, night)
);

CREATE TABLE bookings (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    reference        TEXT NOT NULL UNIQUE,
    customer_id      BIGINT NOT NULL REFERENCES customers(id),
    hotel_id         BIGINT NOT NULL REFERENCES hotels(id),
    room_type_id     BIGINT NOT NULL REFERENCES room_types(id),
    check_in         DATE NOT NULL,
    check_out        DATE NOT NULL CHECK (check_out > check_in),
    guests           INTEGER NOT NULL CHECK (guests >= 1),
    guest_name       TEXT NOT NULL,
    guest_email      TEXT NOT NULL,
    guest_phone      TEXT,
    special_requests TEXT,
    status           TEXT NOT NULL CHECK (status IN ('confirmed', 'cancelled')),
    currency         TEXT NOT NULL,
    total_minor      BIGINT NOT NULL,
    price            JSONB NOT NULL,
    cancel_deadline  TIMESTAMPTZ,
    created_at       TIMESTAMPTZ NOT NULL,
    cancelled_at     TIMESTAMPTZ
);
CREATE INDEX bookings_customer ON bookings(customer_id, check_in);
CREATE INDEX bookings_room_type ON bookings(room_type_id, check_in);

-- A retried submission replays its first answer; the same key with another body is refused.
CREATE TABLE idempotency_keys (
    customer_id BIGINT NOT NULL REFERENCES customers(id),
    key         TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    booking_id  BIGINT NOT NULL REFERENCES bookings(id),
    created_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (customer_id, key)
);

-- Written in the booking's transaction, delivered after commit by the relay.
CREATE TABLE outbox (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    topic        TEXT NOT NULL,
    booking_id   BIGINT REFERENCES bookings(id),
    payload      JSONB NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    delivered_at TIMESTAMPTZ
);
CREATE INDEX outbox_pending ON outbox(id) WHERE delivered_at IS NULL;
