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
    let db = hearth_test_postgres::database_name(&url).to_string();
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

#[tokio::test]
async fn tls_to_the_database_is_used_when_asked_and_its_certificate_checked() {
    let ca_key = rcgen::KeyPair::generate().unwrap();
    let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    let ca = ca_params.self_signed(&ca_key).unwrap();
    let issuer = rcgen::Issuer::new(ca_params, ca_key);
    let server_key = rcgen::KeyPair::generate().unwrap();
    let server = rcgen::CertificateParams::new(vec!["127.0.0.1".to_string()])
        .unwrap()
        .signed_by(&server_key, &issuer)
        .unwrap();
    let cluster = hearth_test_postgres::Cluster::start_tls(&hearth_test_postgres::ServerTls {
        cert_pem: server.pem(),
        key_pem: server_key.serialize_pem(),
    })
    .unwrap();
    let url = format!("{}&sslmode=require", cluster.create_database().unwrap());
    let dir = tempfile::tempdir().unwrap();
    let ca_file = dir.path().join("ca.pem");
    std::fs::write(&ca_file, ca.pem()).unwrap();

    // Without our CA the server's certificate is not trusted: no connection, and why.
    match PostgresStore::connect(PostgresOptions::new(url.clone())).await {
        Err(OpenError::Connect(why)) => assert!(why.contains("UnknownIssuer"), "{why}"),
        Err(e) => panic!("wrong error: {e}"),
        Ok(_) => panic!("an untrusted certificate was accepted"),
    }
    let options = PostgresOptions {
        ca_file: Some(ca_file),
        ..PostgresOptions::new(url.clone())
    };
    let store = PostgresStore::connect(options).await.unwrap();
    hearth_relay::Store::ready(&store).await.unwrap();
    let db = hearth_test_postgres::database_name(&url);
    let encrypted = cluster
        .psql(
            "postgres",
            &format!(
                "SELECT count(*) FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid)
                 WHERE a.datname = '{db}' AND s.ssl"
            ),
        )
        .unwrap();
    assert_ne!(encrypted, "0", "the relay's connections are TLS");
}
