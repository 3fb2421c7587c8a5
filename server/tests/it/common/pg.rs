//! Databases of their own for tests on PostgreSQL: made fresh, dropped after.
use super::PG_ENV;

pub async fn fresh_pg_database(admin: &str) -> (String, String) {
    let name = format!("vs_test_{}", uuid::Uuid::new_v4().simple());
    let pool = sqlx::PgPool::connect(admin)
        .await
        .expect("PostgreSQL admin connection");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&pool)
        .await
        .expect("create test database");
    pool.close().await;
    let (base, _) = admin
        .rsplit_once('/')
        .expect("admin URL ends with /database");
    (format!("{base}/{name}"), name)
}

/// Drops a database `fresh_pg_database` made. Runs inside a test's runtime (from `Drop`), so
/// it blocks a thread of its own.
pub(super) fn drop_pg_database(name: String) {
    let Ok(admin) = std::env::var(PG_ENV) else {
        return;
    };
    let _ = std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            if let Ok(pool) = sqlx::PgPool::connect(&admin).await {
                let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .execute(&pool)
                    .await;
            }
        });
    })
    .join();
}

/// The database the processes of one test share: a fresh PostgreSQL database when
/// `VS_TEST_POSTGRES_URL` is set (dropped with this value), else the SQLite file `file` in `dir`.
pub struct SharedDb {
    pub url: String,
    pg_name: Option<String>,
}

impl SharedDb {
    pub async fn new(dir: &std::path::Path, file: &str) -> SharedDb {
        match std::env::var(PG_ENV) {
            Ok(admin) => {
                let (url, name) = fresh_pg_database(&admin).await;
                SharedDb {
                    url,
                    pg_name: Some(name),
                }
            }
            Err(_) => SharedDb {
                url: format!("sqlite://{}", dir.join(file).display()),
                pg_name: None,
            },
        }
    }

    pub fn is_postgres(&self) -> bool {
        self.pg_name.is_some()
    }
}

impl Drop for SharedDb {
    fn drop(&mut self) {
        if let Some(name) = self.pg_name.take() {
            drop_pg_database(name);
        }
    }
}
