//! Test fixture: an OpenAPI 3.1 document shaped like utoipa's output for the Vision Stays API.
use serde_json::Value;

/// The fixture document.
pub(crate) fn openapi() -> Value {
    serde_json::from_str(DOC).expect("fixture is valid JSON")
}

const DOC: &str = r##"{
  "openapi": "3.1.0",
  "info": {
    "title": "Vision Stays API",
    "description": "Search hotels, check availability & book rooms.\n\nAll bodies are JSON. Dates are `YYYY-MM-DD` in the hotel's time zone.\n\n- Prices are in minor units (cents).\n- Lists are paginated with `page` and `per_page`.",
    "license": { "name": "AGPL-3.0-only", "identifier": "AGPL-3.0-only" },
    "version": "1.0.0"
  },
  "paths": {
    "/.well-known/jwks.json": {
      "get": {
        "tags": ["customers"],
        "summary": "Public keys that verify access tokens (RFC 7517).",
        "operationId": "jwks",
        "responses": {
          "200": { "description": "JSON Web Key Set", "content": { "application/json": { "schema": { "type": "object" } } } }
        }
      }
    },
    "/api/v1/bookings": {
      "post": {
        "tags": ["bookings"],
        "summary": "Book a room.",
        "description": "Holds the room for the whole stay and returns the booking. Retrying with the same\n`Idempotency-Key` returns the first booking instead of booking twice.",
        "operationId": "create",
        "parameters": [
          { "name": "Idempotency-Key", "in": "header", "description": "A client-chosen unique key (a UUID works) that makes retries safe.", "required": true, "schema": { "type": "string", "format": "uuid" } }
        ],
        "requestBody": { "content": { "application/json": { "schema": { "$ref": "#/components/schemas/NewBooking" } } }, "required": true },
        "responses": {
          "201": { "description": "Booked", "headers": { "Location": { "schema": { "type": "string" }, "description": "Where the booking lives" } }, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Booking" } } } },
          "401": { "description": "Missing or invalid token", "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } } },
          "409": { "description": "Sold out for these dates", "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } } },
          "422": { "description": "Invalid fields", "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } } }
        },
        "security": [{ "bearer": [] }]
      }
    },
    "/api/v1/bookings/{booking_id}": {
      "get": {
        "tags": ["bookings"],
        "summary": "One of the caller's bookings.",
        "operationId": "get_booking",
        "parameters": [
          { "name": "booking_id", "in": "path", "description": "Booking id", "required": true, "schema": { "type": "string", "format": "uuid" } }
        ],
        "responses": {
          "200": { "description": "The booking", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Booking" } } } },
          "404": { "description": "No such booking", "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } } }
        },
        "security": [{ "bearer": [] }]
      },
      "delete": {
        "tags": ["bookings"],
        "summary": "Cancel a booking.",
        "description": "Free cancellation up to 48 hours before check-in.",
        "operationId": "cancel",
        "parameters": [
          { "name": "booking_id", "in": "path", "description": "Booking id", "required": true, "schema": { "type": "string", "format": "uuid" } }
        ],
        "responses": {
          "204": { "description": "Cancelled" },
          "404": { "description": "No such booking", "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } } },
          "409": { "description": "Too late to cancel", "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } } }
        },
        "security": [{ "bearer": [] }]
      }
    },
    "/api/v1/customers": {
      "post": {
        "tags": ["customers"],
        "summary": "Create a guest account.",
        "operationId": "create",
        "requestBody": { "content": { "application/json": { "schema": { "$ref": "#/components/schemas/NewCustomer" } } }, "required": true },
        "responses": {
          "201": { "description": "Account created", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Customer" } } } },
          "422": { "description": "Invalid fields, or the email is taken", "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } } },
          "429": { "description": "Too many requests", "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } } }
        }
      }
    },
    "/api/v1/sessions": {
      "post": {
        "tags": ["customers"],
        "summary": "Exchange email and password for an access token.",
        "operationId": "create_session",
        "requestBody": { "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Credentials" } } }, "required": true },
        "responses": {
          "200": { "description": "Signed in", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/AccessToken" } } } },
          "422": { "description": "Missing fields, or the email and password don't match", "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } } }
        }
      }
    },
    "/api/v1/customers/me": {
      "get": {
        "tags": ["customers"],
        "summary": "The signed-in customer.",
        "operationId": "me",
        "responses": {
          "200": { "description": "The caller", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Customer" } } } },
          "401": { "description": "Missing or invalid token", "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } } }
        },
        "security": [{ "bearer": [] }]
      }
    },
    "/api/v1/hotels": {
      "get": {
        "tags": ["hotels"],
        "summary": "Search hotels.",
        "description": "Hotels in a city with a room free for the whole stay, cheapest first.",
        "operationId": "search",
        "parameters": [
          { "name": "city", "in": "query", "description": "City name, case-insensitive.", "required": true, "schema": { "type": "string" }, "example": "Lisbon" },
          { "name": "check_in", "in": "query", "description": "First night.", "required": true, "schema": { "type": "string", "format": "date" } },
          { "name": "check_out", "in": "query", "description": "Day of departure; after `check_in`.", "required": true, "schema": { "type": "string", "format": "date" } },
          { "name": "guests", "in": "query", "required": false, "schema": { "type": ["integer", "null"], "format": "int32", "minimum": 1, "maximum": 8, "default": 2 } },
          { "name": "amenities", "in": "query", "description": "Only hotels with all of these.", "required": false, "schema": { "type": "array", "items": { "$ref": "#/components/schemas/Amenity" } } },
          { "name": "page", "in": "query", "required": false, "schema": { "type": ["integer", "null"], "format": "int32", "minimum": 1 } }
        ],
        "responses": {
          "200": { "description": "A page of hotels", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/HotelPage" } } } },
          "422": { "description": "Bad dates or guest count", "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } } }
        }
      }
    },
    "/api/v1/hotels/{hotel_id}": {
      "get": {
        "tags": ["hotels"],
        "summary": "One hotel with its room types.",
        "operationId": "hotel",
        "parameters": [
          { "name": "hotel_id", "in": "path", "description": "Hotel id", "required": true, "schema": { "type": "string", "format": "uuid" } }
        ],
        "responses": {
          "200": { "description": "The hotel", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Hotel" } } } },
          "404": { "description": "No such hotel", "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } } }
        }
      }
    }
  },
  "components": {
    "schemas": {
      "AccessToken": {
        "type": "object",
        "required": ["access_token", "token_type", "expires_in"],
        "properties": {
          "access_token": { "type": "string", "description": "An RS256 JWT; verify it with `/.well-known/jwks.json`." },
          "expires_in": { "type": "integer", "format": "int64", "description": "Seconds until the token expires.", "examples": [3600] },
          "token_type": { "type": "string", "description": "Always `Bearer`." }
        }
      },
      "Address": {
        "type": "object",
        "required": ["line1", "city", "country"],
        "properties": {
          "city": { "type": "string" },
          "country": { "type": "string", "description": "ISO 3166-1 alpha-2 code.", "examples": ["PT"], "minLength": 2, "maxLength": 2 },
          "line1": { "type": "string" },
          "line2": { "type": ["string", "null"] },
          "postcode": { "type": ["string", "null"] }
        }
      },
      "Amenity": { "type": "string", "description": "Something a hotel offers.", "enum": ["wifi", "pool", "spa", "parking", "breakfast", "gym"] },
      "Booking": {
        "type": "object",
        "description": "A confirmed or cancelled stay.",
        "required": ["id", "reference", "status", "hotel_id", "room_type_id", "stay", "guests", "total", "created_at"],
        "properties": {
          "cancelled_at": { "type": ["string", "null"], "format": "date-time" },
          "created_at": { "type": "string", "format": "date-time" },
          "guests": { "type": "array", "items": { "$ref": "#/components/schemas/Guest" } },
          "hotel_id": { "type": "string", "format": "uuid" },
          "id": { "type": "string", "format": "uuid" },
          "reference": { "type": "string", "description": "Short code for the front desk.", "examples": ["VS-7K2Q9"] },
          "room_type_id": { "type": "string", "format": "uuid" },
          "status": { "$ref": "#/components/schemas/BookingStatus" },
          "stay": { "$ref": "#/components/schemas/Stay" },
          "total": { "$ref": "#/components/schemas/Money" }
        }
      },
      "BookingStatus": { "type": "string", "enum": ["confirmed", "cancelled"] },
      "CancellationPolicy": {
        "oneOf": [
          { "type": "object", "title": "Free", "description": "Free cancellation until a deadline.", "required": ["kind", "until"], "properties": { "kind": { "type": "string", "enum": ["free"] }, "until": { "type": "string", "format": "date-time" } } },
          { "type": "object", "title": "NonRefundable", "description": "No refund once booked.", "required": ["kind"], "properties": { "kind": { "type": "string", "enum": ["non_refundable"] } } }
        ],
        "description": "When a booking can be cancelled for free.",
        "discriminator": { "propertyName": "kind" }
      },
      "Credentials": {
        "type": "object",
        "required": ["email", "password"],
        "properties": { "email": { "type": "string" }, "password": { "type": "string" } }
      },
      "Customer": {
        "type": "object",
        "required": ["id", "email", "name", "created_at"],
        "properties": {
          "created_at": { "type": "string", "format": "date-time" },
          "email": { "type": "string", "format": "email" },
          "id": { "type": "string", "format": "uuid" },
          "name": { "type": "string" },
          "phone": { "type": ["string", "null"], "description": "E.164, e.g. `+351912345678`." }
        }
      },
      "GeoPoint": {
        "type": "object",
        "required": ["lat", "lon"],
        "properties": {
          "lat": { "type": "number", "format": "double", "minimum": -90, "maximum": 90 },
          "lon": { "type": "number", "format": "double", "minimum": -180, "maximum": 180 }
        }
      },
      "Guest": {
        "type": "object",
        "required": ["name"],
        "properties": {
          "age": { "type": ["integer", "null"], "format": "int32", "description": "Needed for children (under 18).", "minimum": 0 },
          "name": { "type": "string", "maxLength": 120 }
        }
      },
      "Hotel": {
        "type": "object",
        "required": ["id", "name", "stars", "address", "amenities", "room_types"],
        "properties": {
          "address": { "$ref": "#/components/schemas/Address" },
          "amenities": { "type": "array", "items": { "$ref": "#/components/schemas/Amenity" }, "uniqueItems": true },
          "id": { "type": "string", "format": "uuid" },
          "location": { "oneOf": [{ "type": "null" }, { "$ref": "#/components/schemas/GeoPoint" }], "description": "Where to pin it on a map, when known." },
          "name": { "type": "string", "examples": ["Casa do Rio"] },
          "rating": { "type": ["number", "null"], "format": "double", "description": "Average guest rating out of 10." },
          "room_types": { "type": "array", "items": { "$ref": "#/components/schemas/RoomType" } },
          "stars": { "type": "integer", "format": "int32", "minimum": 1, "maximum": 5 }
        }
      },
      "HotelPage": {
        "type": "object",
        "required": ["items", "page", "per_page", "total"],
        "properties": {
          "items": { "type": "array", "items": { "$ref": "#/components/schemas/Hotel" } },
          "next_page": { "type": ["integer", "null"], "format": "int32", "minimum": 1 },
          "page": { "type": "integer", "format": "int32", "minimum": 1 },
          "per_page": { "type": "integer", "format": "int32", "minimum": 1 },
          "total": { "type": "integer", "format": "int64", "minimum": 0 }
        }
      },
      "Money": {
        "type": "object",
        "description": "An amount in minor units of a currency: `{\"amount\": 12900, \"currency\": \"EUR\"}` is €129.00.",
        "required": ["amount", "currency"],
        "properties": {
          "amount": { "type": "integer", "format": "int64", "examples": [12900] },
          "currency": { "type": "string", "description": "ISO 4217 code.", "examples": ["EUR"] }
        }
      },
      "NewBooking": {
        "type": "object",
        "required": ["hotel_id", "room_type_id", "check_in", "check_out", "guests", "contact"],
        "properties": {
          "check_in": { "type": "string", "format": "date" },
          "check_out": { "type": "string", "format": "date" },
          "contact": {
            "type": "object",
            "description": "Who the hotel calls about the stay.",
            "required": ["email"],
            "properties": {
              "email": { "type": "string", "format": "email" },
              "phone": { "type": ["string", "null"] }
            }
          },
          "guests": { "type": "array", "items": { "$ref": "#/components/schemas/Guest" }, "minItems": 1, "maxItems": 8 },
          "hotel_id": { "type": "string", "format": "uuid" },
          "room_type_id": { "type": "string", "format": "uuid" },
          "special_requests": { "type": ["string", "null"], "description": "Passed on to the hotel; not guaranteed.", "maxLength": 500 }
        }
      },
      "NewCustomer": {
        "type": "object",
        "required": ["email", "password", "name"],
        "properties": {
          "email": { "type": "string" },
          "name": { "type": "string" },
          "password": { "type": "string", "description": "At least 10 characters.", "writeOnly": true },
          "phone": { "type": ["string", "null"] }
        }
      },
      "Problem": {
        "type": "object",
        "description": "An `application/problem+json` body.",
        "required": ["type", "title", "status", "detail"],
        "properties": {
          "detail": { "type": "string" },
          "errors": { "type": ["object", "null"], "description": "Field name → what is wrong with it (validation problems only).", "additionalProperties": { "type": "string" }, "propertyNames": { "type": "string" } },
          "status": { "type": "integer", "format": "int32", "minimum": 0 },
          "title": { "type": "string" },
          "type": { "type": "string", "description": "A URI naming the kind of problem." }
        }
      },
      "RoomType": {
        "type": "object",
        "required": ["id", "name", "bed", "sleeps", "nightly_rate", "cancellation"],
        "properties": {
          "bed": { "type": "string", "enum": ["single", "double", "twin", "king"] },
          "cancellation": { "$ref": "#/components/schemas/CancellationPolicy" },
          "id": { "type": "string", "format": "uuid" },
          "name": { "type": "string", "examples": ["Deluxe river view"] },
          "nightly_rate": { "$ref": "#/components/schemas/Money" },
          "sleeps": { "type": "integer", "format": "int32", "minimum": 1 }
        }
      },
      "Stay": {
        "type": "object",
        "required": ["check_in", "check_out", "nights"],
        "properties": {
          "check_in": { "type": "string", "format": "date" },
          "check_out": { "type": "string", "format": "date" },
          "nights": { "type": "integer", "format": "int32", "minimum": 1 }
        }
      }
    },
    "securitySchemes": {
      "bearer": { "type": "http", "scheme": "bearer", "bearerFormat": "JWT", "description": "An access token from `POST /api/v1/sessions`." }
    }
  },
  "tags": [
    { "name": "hotels", "description": "Find hotels and their rooms. No account needed." },
    { "name": "bookings", "description": "Book, look up and cancel stays. Needs a bearer token." },
    { "name": "customers", "description": "Guest accounts and access tokens." }
  ]
}"##;
