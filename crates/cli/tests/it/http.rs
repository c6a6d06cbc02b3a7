//! What every client relies on: the health check (on the engine under test), the OpenAPI
//! document, the security headers on every answer (and HSTS behind TLS), and problem documents for
//! a method or a query parameter a route does not take, and bodies over a route's limit refused
//! before they are read.

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
        behind_tls: true,
        insecure_cookies: false,
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

/// Sends `head` (and then `body`, as far as the server lets it) on a raw connection; answers the
/// status, the headers (lower-cased) and the body of the answer, and how long it took.
async fn raw_exchange(
    addr: &str,
    head: &str,
    body: &[u8],
) -> (u16, String, String, std::time::Duration) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let started = std::time::Instant::now();
    let stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let (mut rd, mut wr) = stream.into_split();
    let head = head.to_owned();
    let body = body.to_vec();
    // The server may answer before the body is sent, and then stop reading: write on the side.
    let writer = tokio::spawn(async move {
        if wr.write_all(head.as_bytes()).await.is_ok() {
            for chunk in body.chunks(64 * 1024) {
                if wr.write_all(chunk).await.is_err() {
                    break;
                }
            }
        }
        wr
    });
    let mut got = Vec::new();
    let mut buf = [0u8; 8192];
    let answer = loop {
        let n = tokio::time::timeout(std::time::Duration::from_secs(40), rd.read(&mut buf))
            .await
            .expect("an answer within 40 s")
            .unwrap();
        got.extend_from_slice(&buf[..n]);
        let text = String::from_utf8_lossy(&got).into_owned();
        if let Some((head, rest)) = text.split_once("\r\n\r\n") {
            let length = head
                .lines()
                .find_map(|l| {
                    l.to_lowercase()
                        .strip_prefix("content-length:")
                        .map(|v| v.trim().to_owned())
                })
                .and_then(|v| v.parse::<usize>().ok())
                .unwrap_or(0);
            if rest.len() >= length || n == 0 {
                break (head.to_lowercase(), rest.to_owned());
            }
        }
        assert!(n > 0, "closed without an answer: {text}");
    };
    let elapsed = started.elapsed();
    writer.abort();
    let status = answer.0[9..12].parse().unwrap();
    (status, answer.0, answer.1, elapsed)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_oversized_body_is_refused_at_once_before_it_is_read() {
    use homeward_web::{BODY_LIMIT, IMPORT_LIMIT};
    let mut node = TestNode::start().await;
    let cw = node.login_as(Role::Caseworker).await;
    let admin = node.login_as(Role::Admin).await;
    let addr = node.base_url.trim_start_matches("http://").to_owned();
    // A body announced as ten gigabytes, of which two bytes come: answered at once, 413, with
    // the route's limit named — for a signed-in client, an anonymous one, a page and an import.
    for (path, token, content_type, limit) in [
        (
            "/api/v1/households",
            Some(&cw),
            "application/json",
            BODY_LIMIT,
        ),
        ("/api/v1/session", None, "application/json", BODY_LIMIT),
        (
            "/sign-in",
            None,
            "application/x-www-form-urlencoded",
            BODY_LIMIT,
        ),
        (
            "/api/v1/areas/import",
            Some(&admin),
            "text/csv",
            IMPORT_LIMIT,
        ),
    ] {
        let auth = token.map_or(String::new(), |t| format!("Authorization: Bearer {t}\r\n"));
        let head = format!(
            "POST {path} HTTP/1.1\r\nHost: {addr}\r\n{auth}Content-Type: {content_type}\r\nContent-Length: 10000000000\r\n\r\n"
        );
        let (status, headers, body, took) = raw_exchange(&addr, &head, b"{}").await;
        assert_eq!(status, 413, "{path}: {headers}\n{body}");
        assert!(
            took < std::time::Duration::from_millis(500),
            "{path}: {took:?}"
        );
        assert!(
            headers.contains("content-type: application/problem+json"),
            "{headers}"
        );
        let doc: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(doc["status"], 413);
        assert_eq!(doc["max_bytes"], limit, "{path}: {doc}");
    }
    // A body without a length, sent in chunks past the limit: 413 too, never a server error.
    for (path, token, content_type, limit) in [
        (
            "/api/v1/households",
            Some(&cw),
            "application/json",
            BODY_LIMIT,
        ),
        (
            "/sign-in",
            None,
            "application/x-www-form-urlencoded",
            BODY_LIMIT,
        ),
        (
            "/api/v1/areas/import",
            Some(&admin),
            "text/csv",
            IMPORT_LIMIT,
        ),
    ] {
        let auth = token.map_or(String::new(), |t| format!("Authorization: Bearer {t}\r\n"));
        let head = format!(
            "POST {path} HTTP/1.1\r\nHost: {addr}\r\n{auth}Content-Type: {content_type}\r\nTransfer-Encoding: chunked\r\n\r\n"
        );
        let chunk = vec![b'a'; 64 * 1024];
        let mut body = Vec::new();
        for _ in 0..(limit / chunk.len() + 2) {
            body.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
            body.extend_from_slice(&chunk);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(b"0\r\n\r\n");
        let (status, headers, answer, _) = raw_exchange(&addr, &head, &body).await;
        assert_eq!(status, 413, "{path}: {headers}\n{answer}");
        assert!(
            headers.contains("content-type: application/problem+json"),
            "{headers}"
        );
    }
    // Within the limit, the same routes still work.
    let ok = node
        .post_json("/api/v1/households", Some(&cw), &household("Rana", "Saleh"))
        .await;
    assert_eq!(ok.status, 201, "{ok:#?}");
    node.stop().await;
}
