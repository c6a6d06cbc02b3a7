//! The personal-data canary: unique strings in every personal field, the whole API and page flow
//! run against the real binary with debug logging, and then not one of them may appear in the
//! logs, in an error answer, in a URL or redirect, or in the access log.

use crate::kit::db::TestDb;
use crate::kit::factor::sign_in_and_enrol;
use crate::kit::fixtures::{AREAS_CSV, PASSWORD, random_hex};
use crate::kit::http::{http_client, send, wait_healthy};
use serde_json::{Value, json};
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, BufReader};

/// Collects every line a stream prints.
fn collect(
    stream: impl tokio::io::AsyncRead + Unpin + Send + 'static,
    into: Arc<Mutex<Vec<String>>>,
) {
    tokio::spawn(async move {
        let mut lines = BufReader::new(stream).lines();
        while let Ok(Some(line)) = lines.next_line().await {
            into.lock().unwrap().push(line);
        }
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_personal_data_in_logs_errors_urls_or_the_access_log() {
    let db = TestDb::new().await;
    let areas = db.root.join("areas.csv");
    std::fs::write(&areas, AREAS_CSV).unwrap();
    db.cli(&["org", "add", "--name", "Org A", "--country", "XA"])
        .await
        .ok();
    for (role, email) in [
        ("caseworker", "cw@a.test"),
        ("dpo", "dpo@a.test"),
        ("admin", "admin@a.test"),
    ] {
        db.cli_with_stdin(
            &[
                "user", "add", "--org", "Org A", "--role", role, "--email", email,
            ],
            &format!("{PASSWORD}\n"),
        )
        .await
        .ok();
    }
    db.cli(&["areas", "import", areas.to_str().unwrap()])
        .await
        .ok();

    let mut cmd = db.command();
    cmd.env("HOMEWARD_LOG", "debug")
        .args(["--log-format", "json", "serve", "--listen", "127.0.0.1:0"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    let logs = Arc::new(Mutex::new(Vec::new()));
    collect(child.stderr.take().unwrap(), logs.clone());
    collect(child.stdout.take().unwrap(), logs.clone());
    let client = http_client();
    let base = tokio::time::timeout(Duration::from_secs(60), async {
        loop {
            let found = logs.lock().unwrap().iter().find_map(|l| {
                l.split("http://")
                    .nth(1)
                    .and_then(|r| r.split('/').next())
                    .map(str::to_owned)
            });
            if let Some(addr) = found {
                return format!("http://{addr}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    })
    .await
    .unwrap();
    wait_healthy(&client, &base, Duration::from_secs(30)).await;

    let tag = random_hex(6);
    let canaries: Vec<String> = [
        "given",
        "family",
        "phone",
        "doc",
        "address",
        "notes",
        "formgiven",
    ]
    .iter()
    .map(|f| format!("Cnry{f}{tag}"))
    .collect();
    let birth = "1983-07-19";
    let mut urls: Vec<String> = Vec::new();
    let mut errors: Vec<String> = Vec::new();

    let token = sign_in_and_enrol(&client, &base, "cw@a.test").await;
    let member = json!({"relationship": "head", "sex": "female", "given_name": canaries[0], "family_name": canaries[1], "date_of_birth": birth,
        "phone": canaries[2], "document_number": canaries[3], "address": canaries[4], "notes": canaries[5], "languages": ["ar"]});
    let case = json!({"kind": "assisted_voluntary_return", "host_country": "XA", "origin_country": "XB", "destination_area": "XB0101"});
    let created = send(
        client
            .post(format!("{base}/api/v1/households"))
            .bearer_auth(&token)
            .json(&json!({"members": [member], "case": case})),
    )
    .await;
    assert_eq!(created.status, 201, "{created:#?}");
    let id = created.json["id"].as_str().unwrap().to_owned();
    let reference = created.json["reference"].as_str().unwrap().to_owned();

    // Requests that fail while carrying personal data: their answers must not echo it.
    let mut bad_member = member.clone();
    bad_member["given_name"] = Value::String(format!("{}\u{202E}", canaries[0]));
    bad_member["date_of_birth"] = Value::String("1983-02-30".into());
    let bad = json!({"members": [bad_member], "case": case});
    let mut unknown_field = member.clone();
    // An unknown field is named in the answer (the client sent its name); its value is not.
    unknown_field["nickname"] = Value::String(canaries[1].clone());
    for body in [
        bad,
        json!({"members": [unknown_field], "case": case}),
        json!({"members": [member], "case": {"kind": canaries[2]}}),
    ] {
        let r = send(
            client
                .post(format!("{base}/api/v1/households"))
                .bearer_auth(&token)
                .json(&body),
        )
        .await;
        assert!((400..500).contains(&r.status), "{r:#?}");
        errors.push(r.text);
    }
    let truncated = format!("{{\"members\":[{{\"given_name\":\"{}\"", canaries[0]);
    let r = send(
        client
            .post(format!("{base}/api/v1/households"))
            .bearer_auth(&token)
            .header("content-type", "application/json")
            .body(truncated),
    )
    .await;
    errors.push(r.text);

    // Reads through the API.
    for path in [
        format!("/api/v1/cases/{id}"),
        "/api/v1/cases?limit=5".into(),
        format!("/api/v1/cases?reference={reference}"),
        format!("/api/v1/cases/{id}/history"),
        "/api/v1/cases/00000000-0000-0000-0000-000000000000".into(),
    ] {
        let r = send(client.get(format!("{base}{path}")).bearer_auth(&token)).await;
        if r.status >= 400 {
            errors.push(r.text.clone());
        }
        urls.push(path);
    }

    // The lifecycle: a counselling session and a coercion indicator carry sealed notes; a
    // refused record carries one too. The case worker reads them back (their purpose); logs,
    // errors and URLs may not show them.
    let note = format!("Cnrynote{tag}");
    let today = time::OffsetDateTime::now_utc().date().to_string();
    for (what, body, status) in [
        (
            "counselling",
            json!({"held_on": today, "language": "ar", "interpreter": false,
                   "information_sheet": "AVR-XB-2026-03", "topics": ["housing"], "questions": note}),
            201,
        ),
        (
            "coercion-indicators",
            json!({"code": "misinformation", "observed_on": today, "note": note}),
            201,
        ),
        (
            "coercion-indicators",
            json!({"code": note, "observed_on": today, "note": note}),
            422,
        ),
        (
            "holds",
            json!({"kind": "grievance", "suspensive": true, "placed_on": "2026-02-30", "note": note}),
            422,
        ),
    ] {
        let path = format!("/api/v1/cases/{id}/{what}");
        let r = send(
            client
                .post(format!("{base}{path}"))
                .bearer_auth(&token)
                .json(&body),
        )
        .await;
        assert_eq!(r.status, status, "{r:#?}");
        if status >= 400 {
            errors.push(r.text);
        }
        urls.push(path);
    }
    let records = format!("/api/v1/cases/{id}/records");
    let r = send(client.get(format!("{base}{records}")).bearer_auth(&token)).await;
    assert_eq!(r.status, 200, "{r:#?}");
    assert!(
        r.text.contains(&note),
        "the case worker reads the note back"
    );
    urls.push(records);
    let r = send(
        client
            .post(format!("{base}/api/v1/cases/{id}/transitions"))
            .bearer_auth(&token)
            .json(&json!({"to": "counselling"})),
    )
    .await;
    assert_eq!(r.status, 200, "{r:#?}");
    // Counselled, but nobody consented: a 409 with findings, which name members by place.
    let r = send(
        client
            .post(format!("{base}/api/v1/cases/{id}/transitions?lang=fr"))
            .bearer_auth(&token)
            .json(&json!({"to": "consented"})),
    )
    .await;
    assert_eq!(r.status, 409, "{r:#?}");
    assert!(r.text.contains("consent_return"), "{r:#?}");
    errors.push(r.text);

    // The page flow with a cookie session: register through the form, read the case page.
    let cookie = format!("__Host-hw_session={token}");
    let form = send(
        client
            .get(format!("{base}/households/new"))
            .header("cookie", &cookie),
    )
    .await;
    let csrf = form
        .text
        .split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap()
        .to_owned();
    let fields = [
        ("csrf", csrf.as_str()),
        ("m0_relationship", "head"),
        ("m0_sex", "male"),
        ("m0_given_name", canaries[6].as_str()),
        ("m0_family_name", canaries[1].as_str()),
        ("m0_languages", "ar"),
        ("kind", "assisted_voluntary_return"),
        ("host_country", "XA"),
        ("origin_country", "XB"),
        ("destination_area", "XB0101"),
    ];
    let no_redirects = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let posted = send(
        no_redirects
            .post(format!("{base}/households"))
            .header("cookie", &cookie)
            .form(&fields),
    )
    .await;
    assert_eq!(posted.status, 303, "{posted:#?}");
    let location = posted.header("location").to_owned();
    assert!(location.starts_with("/cases/"), "{location}");
    urls.push(location.clone());
    let page = send(
        client
            .get(format!("{base}{location}"))
            .header("cookie", &cookie),
    )
    .await;
    assert!(
        page.text.contains(&canaries[6]),
        "the case page shows the name to its case worker"
    );
    // A form with errors answers 422 and shows the typed values back to the same user: that page
    // is the user's own input, not a leak; what matters is that it is not logged.
    let invalid = [
        ("csrf", csrf.as_str()),
        ("m0_relationship", "head"),
        ("m0_sex", "robot"),
        ("m0_given_name", canaries[6].as_str()),
        ("m0_family_name", ""),
    ];
    let r = send(
        no_redirects
            .post(format!("{base}/households"))
            .header("cookie", &cookie)
            .form(&invalid),
    )
    .await;
    assert_eq!(r.status, 422);
    for path in [
        format!("/cases?reference={reference}"),
        "/cases/00000000-0000-0000-0000-000000000000".into(),
        "/no-such-page".into(),
    ] {
        let r = send(
            client
                .get(format!("{base}{path}"))
                .header("cookie", &cookie),
        )
        .await;
        if r.status >= 400 {
            errors.push(r.text.clone());
        }
        urls.push(path);
    }

    // The data-protection officer's flow: requests about the person, a correction carrying a
    // new canary (and a refused one carrying another), and the subject-access export, whose
    // answer shows the fields (that is its purpose) but whose URL, logs and errors may not.
    let corrected = format!("Cnrycorrected{tag}");
    let refused = format!("Cnryrefused{tag}");
    let dpo = sign_in_and_enrol(&client, &base, "dpo@a.test").await;
    let person = created.json["members"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let today = time::OffsetDateTime::now_utc().date().to_string();
    let mut request_ids = Vec::new();
    for kind in ["correction", "access"] {
        let r = send(
            client
                .post(format!("{base}/api/v1/subject-requests"))
                .bearer_auth(&dpo)
                .json(&json!({"person_id": person, "kind": kind, "received_on": today})),
        )
        .await;
        assert_eq!(r.status, 201, "{r:#?}");
        request_ids.push(r.json["id"].as_str().unwrap().to_owned());
    }
    let completion = format!("/api/v1/subject-requests/{}/completion", request_ids[0]);
    for body in [
        json!({"corrections": {"family_name": format!("{refused}\u{202E}")}}),
        json!({"corrections": {"date_of_birth": refused.clone()}}),
        json!({"corrections": {"nickname": refused.clone()}}),
    ] {
        let r = send(
            client
                .post(format!("{base}{completion}"))
                .bearer_auth(&dpo)
                .json(&body),
        )
        .await;
        assert!((400..500).contains(&r.status), "{r:#?}");
        errors.push(r.text);
    }
    let r = send(
        client
            .post(format!("{base}{completion}"))
            .bearer_auth(&dpo)
            .json(&json!({"corrections": {"family_name": corrected}})),
    )
    .await;
    assert_eq!(r.status, 200, "{r:#?}");
    urls.push(completion);
    let export = format!("/api/v1/persons/{person}/export?request={}", request_ids[1]);
    let r = send(client.get(format!("{base}{export}")).bearer_auth(&dpo)).await;
    assert_eq!(r.status, 200, "{r:#?}");
    assert!(r.text.contains(&canaries[0]) && r.text.contains(&corrected));
    urls.push(export);
    for path in [
        "/api/v1/subject-requests?status=open".to_owned(),
        format!("/api/v1/persons/{person}/access-log"),
        "/data-protection/requests".to_owned(),
        format!("/data-protection/requests/{}", request_ids[1]),
    ] {
        let r = send(
            client
                .get(format!("{base}{path}"))
                .header("cookie", format!("__Host-hw_session={dpo}")),
        )
        .await;
        assert_eq!(r.status, 200, "{path}: {r:#?}");
        for needle in canaries.iter().chain([&corrected]) {
            assert!(
                !r.text.contains(needle.as_str()),
                "{needle} shown on {path}"
            );
        }
        urls.push(path);
    }

    // Accounts: staff names and emails are personal data too. An administrator creates users
    // (once wrongly), lists them, resets a factor that is not there; someone fails to sign in
    // with a canary email; the user page is posted with errors.
    let staff_email = format!("cnrystaff{tag}@a.test");
    let staff_name = format!("Cnrystaffname{tag}");
    let admin = sign_in_and_enrol(&client, &base, "admin@a.test").await;
    let made = send(
        client
            .post(format!("{base}/api/v1/users"))
            .bearer_auth(&admin)
            .json(&json!({"email": staff_email, "display_name": staff_name, "roles": ["monitor"]})),
    )
    .await;
    assert_eq!(made.status, 201, "{made:#?}");
    let staff_id = made.json["id"].as_str().unwrap().to_owned();
    for body in [
        json!({"email": staff_email, "display_name": staff_name, "roles": ["monitor"]}),
        json!({"email": format!("{staff_name}@"), "display_name": format!("{staff_name}\u{202E}"), "roles": [staff_name]}),
    ] {
        let r = send(
            client
                .post(format!("{base}/api/v1/users"))
                .bearer_auth(&admin)
                .json(&body),
        )
        .await;
        assert_eq!(r.status, 422, "{r:#?}");
        errors.push(r.text);
    }
    let listed = send(
        client
            .get(format!("{base}/api/v1/users"))
            .bearer_auth(&admin),
    )
    .await;
    assert!(
        listed.text.contains(&staff_email),
        "the administrator sees the user"
    );
    let r = send(
        client
            .delete(format!("{base}/api/v1/users/{staff_id}/second-factor"))
            .bearer_auth(&admin),
    )
    .await;
    assert_eq!(r.status, 409);
    errors.push(r.text);
    urls.push(format!("/api/v1/users/{staff_id}/second-factor"));
    let r = send(
        client
            .post(format!("{base}/api/v1/session"))
            .json(&json!({"email": staff_email, "password": staff_name, "code": "123456"})),
    )
    .await;
    assert_eq!(r.status, 401);
    errors.push(r.text);
    let admin_cookie = format!("__Host-hw_session={admin}");
    let users_page = send(
        client
            .get(format!("{base}/users"))
            .header("cookie", &admin_cookie),
    )
    .await;
    let admin_csrf = users_page
        .text
        .split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap()
        .to_owned();
    let r = send(
        no_redirects
            .post(format!("{base}/users"))
            .header("cookie", &admin_cookie)
            .form(&[
                ("csrf", admin_csrf.as_str()),
                ("email", staff_email.as_str()),
                ("display_name", staff_name.as_str()),
                ("roles", "monitor"),
            ]),
    )
    .await;
    assert_eq!(r.status, 422, "{r:#?}");
    urls.push("/users".into());

    tokio::time::sleep(Duration::from_millis(300)).await;
    child.kill().await.unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    let logs = logs.lock().unwrap().clone();
    // The scan is only worth something if the logs speak about these requests.
    assert!(
        logs.iter().any(|l| l.contains("/api/v1/households")),
        "no request lines logged: {logs:?}"
    );
    let raw = db.raw().await;
    let access_log = raw
        .texts("SELECT actor, kind, subject, payload FROM access_log")
        .await;
    raw.close().await;
    assert!(!access_log.is_empty());
    let access_log = format!("{access_log:?}");

    let mut needles = canaries.clone();
    needles.push(birth.to_owned());
    needles.push(corrected.clone());
    needles.push(refused.clone());
    needles.push(note.clone());
    needles.push(staff_email.clone());
    needles.push(staff_name.clone());
    for needle in &needles {
        for line in &logs {
            assert!(
                !line.contains(needle.as_str()),
                "{needle} in a log line: {line}"
            );
        }
        for body in &errors {
            assert!(
                !body.contains(needle.as_str()),
                "{needle} in an error answer: {body}"
            );
        }
        for url in &urls {
            assert!(!url.contains(needle.as_str()), "{needle} in a URL: {url}");
        }
        assert!(
            !access_log.contains(needle.as_str()),
            "{needle} in the access log"
        );
    }
    println!(
        "canary: {} personal values checked in {} log lines, {} error answers, {} URLs and the access log: 0 hits",
        needles.len(),
        logs.len(),
        errors.len(),
        urls.len()
    );
}
