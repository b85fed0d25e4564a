//! The store contract on PostgreSQL (each test on a database of its own in a throwaway
//! cluster the tests start), and its schema versions.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use hearth_relay::store::{OpenError, PostgresOptions, PostgresStore};

async fn fresh() -> PostgresStore {
    let url = hearth_test_postgres::fresh_database();
    PostgresStore::connect(PostgresOptions::new(url))
        .await
        .unwrap()
}

hearth_relay::store_conformance_tests!(postgres, fresh());

#[tokio::test]
async fn a_database_from_a_newer_relay_is_refused_and_left_as_it_was() {
    let url = hearth_test_postgres::fresh_database();
    drop(
        PostgresStore::connect(PostgresOptions::new(url.clone()))
            .await
            .unwrap(),
    );
    // Nodes starting together migrate once.
    let (a, b) = tokio::join!(
        PostgresStore::connect(PostgresOptions::new(url.clone())),
        PostgresStore::connect(PostgresOptions::new(url.clone()))
    );
    drop((a.unwrap(), b.unwrap()));
    let db = url
        .rsplit('/')
        .next()
        .unwrap()
        .split('?')
        .next()
        .unwrap()
        .to_string();
    let db = db.as_str();
    let cluster = hearth_test_postgres::shared();
    cluster
        .psql(db, "UPDATE schema_version SET version = 99")
        .unwrap();
    match PostgresStore::connect(PostgresOptions::new(url)).await {
        Err(OpenError::NewerSchema {
            found: 99,
            supported,
        }) => assert!(supported < 99),
        Err(e) => panic!("wrong error: {e}"),
        Ok(_) => panic!("a newer database was opened"),
    }
    assert_eq!(
        cluster
            .psql(db, "SELECT version FROM schema_version")
            .unwrap(),
        "99"
    );
}

#[tokio::test]
async fn a_bad_address_is_a_clear_error() {
    let refused = PostgresStore::connect(PostgresOptions::new("postgres://[nonsense")).await;
    assert!(matches!(refused, Err(OpenError::Address(_))));
}
