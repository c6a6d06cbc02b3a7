//! The HTTP client side: sending a request and reading the whole answer, problem documents,
//! and waiting for a server to be healthy.

use serde_json::{Value, json};
use std::time::{Duration, Instant};

/// An HTTP answer: status, headers, and the body as JSON (`Null` when it is not JSON).
#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub json: Value,
    pub text: String,
}

impl Resp {
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// Asserts that this is an RFC 9457 problem document with the given status.
    pub fn assert_problem(&self, status: u16) -> &Self {
        assert_eq!(self.status, status, "unexpected status: {self:#?}");
        assert!(
            self.header("content-type")
                .starts_with("application/problem+json"),
            "not a problem document: {self:#?}"
        );
        assert!(self.json["type"].is_string(), "no type: {self:#?}");
        assert!(self.json["title"].is_string(), "no title: {self:#?}");
        assert_eq!(
            self.json["status"],
            json!(status),
            "status field: {self:#?}"
        );
        self
    }

    /// The `pointer`s of the problem's field errors.
    pub fn pointers(&self) -> Vec<String> {
        self.json["errors"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|e| e["pointer"].as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The `code`s of the problem's field errors.
    pub fn codes(&self) -> Vec<String> {
        self.json["errors"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|e| e["code"].as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    }
}

pub fn http_client() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_secs(60))
        .build()
        .expect("http client")
}

/// Sends a request and reads the whole answer.
pub async fn send(req: reqwest::RequestBuilder) -> Resp {
    let res = req.send().await.expect("HTTP request failed");
    let status = res.status().as_u16();
    let headers = res.headers().clone();
    let text = res.text().await.expect("read body");
    let json = serde_json::from_str(&text).unwrap_or(Value::Null);
    Resp {
        status,
        headers,
        json,
        text,
    }
}

/// Sends a request as an honest client does: answered 429, it waits the `Retry-After` it was
/// given and tries again. Only a short wait is expected of a holder (the sign-in throttle's
/// graduated delay, at most ten seconds); a longer one fails the test.
pub async fn send_patiently(req: reqwest::RequestBuilder) -> Resp {
    let mut req = req;
    loop {
        let again = req.try_clone();
        let r = send(req).await;
        let Some(again) = again.filter(|_| r.status == 429) else {
            return r;
        };
        let seconds: u64 = r.header("retry-after").parse().unwrap_or(1);
        assert!(seconds <= 10, "throttled for {seconds} s: {r:#?}");
        tokio::time::sleep(Duration::from_secs(seconds)).await;
        req = again;
    }
}

/// Polls `GET {base}/healthz` until it answers 200, for at most `timeout`.
pub async fn wait_healthy(client: &reqwest::Client, base: &str, timeout: Duration) {
    let start = Instant::now();
    loop {
        if let Ok(r) = client.get(format!("{base}/healthz")).send().await
            && r.status().as_u16() == 200
        {
            return;
        }
        assert!(
            start.elapsed() < timeout,
            "{base}/healthz did not answer 200 within {timeout:?}"
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

/// The ids of the items on a page of a list (`{"items": [{"id": …}, …]}`), in order.
pub fn ids(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|c| c["id"].as_str().expect("id").to_owned())
        .collect()
}
