//! `At`: a UTC instant that binds as fixed-width RFC 3339 text on SQLite (so text comparisons
//! order correctly) and as TIMESTAMPTZ on PostgreSQL.
use chrono::{DateTime, Utc};
use sqlx::encode::IsNull;
use sqlx::error::BoxDynError;
use sqlx::{Database, Encode, Postgres, Sqlite, Type};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct At(pub DateTime<Utc>);

impl At {
    pub fn now() -> Self {
        At(Utc::now())
    }
}

impl Type<Sqlite> for At {
    fn type_info() -> <Sqlite as Database>::TypeInfo {
        <String as Type<Sqlite>>::type_info()
    }
}

impl<'q> Encode<'q, Sqlite> for At {
    fn encode_by_ref(
        &self,
        buf: &mut <Sqlite as Database>::ArgumentBuffer<'q>,
    ) -> Result<IsNull, BoxDynError> {
        <String as Encode<'q, Sqlite>>::encode(super::ts(self.0), buf)
    }
}

impl Type<Postgres> for At {
    fn type_info() -> <Postgres as Database>::TypeInfo {
        <DateTime<Utc> as Type<Postgres>>::type_info()
    }
}

impl<'q> Encode<'q, Postgres> for At {
    fn encode_by_ref(
        &self,
        buf: &mut <Postgres as Database>::ArgumentBuffer<'q>,
    ) -> Result<IsNull, BoxDynError> {
        <DateTime<Utc> as Encode<'q, Postgres>>::encode_by_ref(&self.0, buf)
    }
}

/// A list of ids bound as one parameter: JSON text on SQLite (read back with `json_each`),
/// `BIGINT[]` on PostgreSQL. Write the condition with [`super::any_of`].
#[derive(Clone, Copy, Debug)]
pub struct Ids<'a>(pub &'a [i64]);

impl Type<Sqlite> for Ids<'_> {
    fn type_info() -> <Sqlite as Database>::TypeInfo {
        <String as Type<Sqlite>>::type_info()
    }
}

impl<'q> Encode<'q, Sqlite> for Ids<'_> {
    fn encode_by_ref(
        &self,
        buf: &mut <Sqlite as Database>::ArgumentBuffer<'q>,
    ) -> Result<IsNull, BoxDynError> {
        <String as Encode<'q, Sqlite>>::encode(serde_json::to_string(self.0)?, buf)
    }
}

impl Type<Postgres> for Ids<'_> {
    fn type_info() -> <Postgres as Database>::TypeInfo {
        <Vec<i64> as Type<Postgres>>::type_info()
    }
}

impl<'q> Encode<'q, Postgres> for Ids<'_> {
    fn encode_by_ref(
        &self,
        buf: &mut <Postgres as Database>::ArgumentBuffer<'q>,
    ) -> Result<IsNull, BoxDynError> {
        <&[i64] as Encode<'q, Postgres>>::encode_by_ref(&self.0, buf)
    }
}
