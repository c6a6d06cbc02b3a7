//! What every client relies on: the health check (on the engine under test), the OpenAPI
//! document, the security headers on every answer (and HSTS behind TLS), and problem documents for
//! a method or a query parameter a route does not take.

use crate::kit::db::Engine;
use crate::kit::fixtures::household;
use crate::kit::http::send;
use crate::kit::node::TestNode;
use homeward_domain::accounts::roles::Role;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_openapi_and_security_headers() {
    let mut node = TestNode::start().await;
    let health = node.get("/healthz", None).await;
    assert_eq!(health.status, 200);
    assert_eq!(health.json["status"], "ok");
    let engine = match node.db.engine {
        Engine::Sqlite => "sqlite",
        Engine::Postgres => "postgres",
    };
    assert_eq!(
        health.json["engine"], engine,
        "the test runs on the wrong engine"
    );

    let doc = node.get("/api/v1/openapi.json", None).await;
    assert_eq!(doc.status, 200);
    assert!(
        doc.json["openapi"]
            .as_str()
            .is_some_and(|v| v.starts_with("3.1")),
        "{}",
        doc.json["openapi"]
    );
    for path in [
        "/api/v1/households",
        "/api/v1/cases",
        "/api/v1/cases/{id}",
        "/api/v1/session",
        "/api/v1/persons/{id}/erasure",
    ] {
        assert!(doc.json["paths"].get(path).is_some(), "{path} undocumented");
    }

    let problem = node.get("/api/v1/cases", None).await;
    let cw = node.login_as(Role::Caseworker).await;
    let created = node
        .post_json(
            "/api/v1/households",
            Some(&cw),
            &household("Amal", "Haddad"),
        )
        .await;
    for r in [&health, &doc, &problem, &created] {
        let csp = r.header("content-security-policy");
        assert!(csp.contains("default-src 'none'"), "CSP: {csp:?}");
        assert!(csp.contains("frame-ancestors 'none'"), "CSP: {csp:?}");
        assert!(!csp.contains("unsafe-inline"), "CSP: {csp:?}");
        assert_eq!(r.header("x-content-type-options"), "nosniff");
        assert_eq!(r.header("x-frame-options"), "DENY");
    }
    // Personal data is never cached by the browser or a proxy.
    assert_eq!(created.header("cache-control"), "no-store");

    // A method a route does not take, and a query parameter it does not know, get problem
    // documents too.
    let wrong_method = node.delete("/api/v1/households", Some(&cw)).await;
    assert_eq!(wrong_method.status, 405);
    wrong_method.assert_problem(405);
    let unknown_param = node.get("/api/v1/cases?colour=red", Some(&cw)).await;
    unknown_param.assert_problem(400);
    assert_eq!(unknown_param.pointers(), vec!["/colour".to_owned()]);
    node.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn behind_tls_browsers_are_told_to_stay_on_https() {
    let mut node = TestNode::start().await;
    assert_eq!(
        node.get("/healthz", None)
            .await
            .header("strict-transport-security"),
        ""
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let state = homeward_web::WebState {
        app: node.app.clone(),
        secure_cookies: true,
        trusted_proxies: Vec::new(),
    };
    let server = tokio::spawn(homeward_web::serve(listener, state, std::future::pending()));
    let r = send(node.client.get(format!("{base}/healthz"))).await;
    assert!(
        r.header("strict-transport-security")
            .starts_with("max-age="),
        "{r:#?}"
    );
    server.abort();
    node.stop().await;
}
