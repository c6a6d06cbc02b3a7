//! The command line: help, user and area administration that refuses bad input without writing,
//! the demo, and options read from the environment.

use crate::kit::db::{BIN, TestDb, run_command};
use crate::kit::fixtures::{PASSWORD, random_hex};

async fn journal_len(db: &TestDb) -> i64 {
    let raw = db.raw().await;
    let n = raw.int("SELECT COUNT(*) FROM journal").await;
    raw.close().await;
    n
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn help_lists_the_commands() {
    let db = TestDb::new().await;
    let out = db.cli(&["--help"]).await.ok();
    for command in ["serve", "demo", "org", "user", "areas", "person", "audit"] {
        assert!(
            out.stdout
                .lines()
                .any(|l| l.trim_start().starts_with(command)),
            "--help does not list {command}: {}",
            out.stdout
        );
    }
    let audit = db.cli(&["audit", "--help"]).await.ok();
    for sub in ["verify", "export", "public-key"] {
        assert!(audit.stdout.contains(sub), "{}", audit.stdout);
    }
    let unknown = db.cli(&["frobnicate"]).await;
    assert!(!unknown.success());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn user_and_area_administration_refuses_bad_input_without_writing() {
    let db = TestDb::new().await;
    let org = db
        .cli(&["org", "add", "--name", "Org A", "--country", "XA"])
        .await
        .ok();
    let org_id = org.stdout.trim().to_owned();
    assert_eq!(org_id.len(), 36, "prints the organisation id: {org:#?}");
    let before = journal_len(&db).await;
    assert_eq!(before, 1);

    // A password that is too short.
    let short = db
        .cli_with_stdin(
            &[
                "user",
                "add",
                "--org",
                "Org A",
                "--role",
                "caseworker",
                "--email",
                "cw@a.test",
            ],
            "short\n",
        )
        .await;
    assert!(!short.success(), "{short:#?}");
    assert!(short.stderr.contains("/password"), "{short:#?}");
    // A long password that everybody uses.
    let common = db
        .cli_with_stdin(
            &[
                "user",
                "add",
                "--org",
                "Org A",
                "--role",
                "caseworker",
                "--email",
                "cw@a.test",
            ],
            "Password1234\n",
        )
        .await;
    assert!(!common.success(), "{common:#?}");
    assert!(
        common.stderr.contains("error-password-common"),
        "{common:#?}"
    );
    // An unknown role, an unknown organisation, an invalid email.
    for (args, what) in [
        (
            vec![
                "--org",
                "Org A",
                "--role",
                "overlord",
                "--email",
                "cw@a.test",
            ],
            "/roles/0",
        ),
        (
            vec![
                "--org",
                "Org Z",
                "--role",
                "caseworker",
                "--email",
                "cw@a.test",
            ],
            "Org Z",
        ),
        (
            vec![
                "--org",
                "Org A",
                "--role",
                "caseworker",
                "--email",
                "not-an-email",
            ],
            "/email",
        ),
    ] {
        let mut full = vec!["user", "add"];
        full.extend(args);
        let out = db.cli_with_stdin(&full, &format!("{PASSWORD}\n")).await;
        assert!(!out.success(), "{out:#?}");
        assert!(out.stderr.contains(what), "{what}: {out:#?}");
    }
    assert_eq!(journal_len(&db).await, before, "a refused user was written");
    let raw = db.raw().await;
    assert_eq!(raw.int("SELECT COUNT(*) FROM users").await, 0);
    assert_eq!(raw.int("SELECT COUNT(*) FROM credentials").await, 0);

    // A good user, by organisation id, with two roles.
    let user = db
        .cli_with_stdin(
            &[
                "user",
                "add",
                "--org",
                &org_id,
                "--role",
                "caseworker,supervisor",
                "--email",
                "CW@A.test",
            ],
            &format!("{PASSWORD}\n"),
        )
        .await
        .ok();
    assert_eq!(user.stdout.trim().len(), 36, "{user:#?}");
    let roles = raw.texts("SELECT email, roles FROM users").await;
    assert_eq!(roles[0][0].as_deref(), Some("cw@a.test"));
    assert_eq!(roles[0][1].as_deref(), Some("caseworker,supervisor"));
    // The same email again is refused.
    let dup = db
        .cli_with_stdin(
            &[
                "user",
                "add",
                "--org",
                "Org A",
                "--role",
                "dpo",
                "--email",
                "cw@a.test",
            ],
            &format!("{PASSWORD}\n"),
        )
        .await;
    assert!(!dup.success(), "{dup:#?}");
    let after_user = journal_len(&db).await;
    assert_eq!(after_user, before + 2, "user.created and user.password_set");

    // An area file with a bad line: nothing of it is imported, and the error names the line.
    let bad = db.root.join("bad.csv");
    std::fs::write(
        &bad,
        "pcode,name,level,parent\nXA,Xaland,country,\nxa-01,Bad,adm1,XA\n",
    )
    .expect("write");
    let out = db
        .cli(&["areas", "import", bad.to_str().expect("path")])
        .await;
    assert!(!out.success(), "{out:#?}");
    assert!(out.stderr.contains("/rows/3/pcode"), "{out:#?}");
    assert_eq!(journal_len(&db).await, after_user);
    assert_eq!(raw.int("SELECT COUNT(*) FROM areas").await, 0);
    raw.close().await;
    db.cli(&["audit", "verify"]).await.ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_builds_once_and_prints_the_logins() {
    let db = TestDb::new().await;
    let out = db.cli(&["demo", "--cases", "30"]).await.ok();
    assert!(out.stdout.contains("Registered 30 households"), "{out:#?}");
    for login in [
        "caseworker@demo.homeward.example",
        "supervisor@demo.homeward.example",
        "dpo@demo.homeward.example",
        "caseworker@borealis.demo.homeward.example",
    ] {
        assert!(out.stdout.contains(login), "{login} not printed: {out:#?}");
    }
    let raw = db.raw().await;
    assert_eq!(raw.int("SELECT COUNT(*) FROM cases").await, 30);
    let entries = raw.int("SELECT COUNT(*) FROM journal").await;

    let again = db.cli(&["demo", "--cases", "30"]).await.ok();
    assert!(again.stdout.contains("already here"), "{again:#?}");
    assert!(
        again.stdout.contains("caseworker@demo.homeward.example"),
        "{again:#?}"
    );
    assert_eq!(raw.int("SELECT COUNT(*) FROM cases").await, 30);
    assert_eq!(raw.int("SELECT COUNT(*) FROM journal").await, entries);
    raw.close().await;
    let verify = db.cli(&["audit", "verify"]).await.ok();
    assert!(
        verify.stdout.contains(&format!("{entries} entries")),
        "{verify:#?}"
    );
    // A too-short demo password is refused before anything happens.
    let fresh = TestDb::new().await;
    let short = fresh
        .cli(&["demo", "--cases", "1", "--password", "short"])
        .await;
    assert!(!short.success(), "{short:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn options_are_read_from_the_environment() {
    let db = TestDb::new().await;
    // Run from an empty directory with no --data-dir: only the environment says where to go.
    let cwd = db.root.join("elsewhere");
    std::fs::create_dir_all(&cwd).expect("mkdir");
    let run = |args: &'static [&'static str]| {
        let mut cmd = tokio::process::Command::new(BIN);
        for (k, _) in std::env::vars() {
            if k.starts_with("HOMEWARD_") {
                cmd.env_remove(k);
            }
        }
        cmd.current_dir(&cwd)
            .env("HOMEWARD_DATA_DIR", &db.data_dir)
            .env("HOMEWARD_LOG", "warn")
            .args(args);
        if let Some(url) = db.cli_database_url() {
            cmd.env("HOMEWARD_DATABASE_URL", url);
        }
        run_command(cmd, "")
    };
    let name = format!("Env Org {}", random_hex(4));
    let mut cmd = tokio::process::Command::new(BIN);
    for (k, _) in std::env::vars() {
        if k.starts_with("HOMEWARD_") {
            cmd.env_remove(k);
        }
    }
    cmd.current_dir(&cwd)
        .env("HOMEWARD_DATA_DIR", &db.data_dir)
        .env("HOMEWARD_NAME", &name)
        .env("HOMEWARD_COUNTRY", "XA")
        .args(["org", "add"]);
    if let Some(url) = db.cli_database_url() {
        cmd.env("HOMEWARD_DATABASE_URL", url);
    }
    run_command(cmd, "").await.ok();

    let raw = db.raw().await;
    let names = raw.texts("SELECT name FROM organisations").await;
    raw.close().await;
    assert_eq!(
        names,
        vec![vec![Some(name)]],
        "the organisation went elsewhere"
    );
    // The node key came from the data dir named in the environment.
    let key = run(&["audit", "public-key"]).await.ok();
    assert_eq!(key.stdout.trim(), db.public_key);
    assert!(
        !cwd.join("homeward-data").exists(),
        "the default data dir was used"
    );
    if db.pg.is_none() {
        assert!(db.sqlite_path().exists());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_closed_pipe_ends_the_command_quietly() {
    // `homeward … | head`: the reader goes away before the command writes.
    let mut child = std::process::Command::new(BIN)
        .args(["retention", "rules"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        matches!(out.status.code(), Some(0) | Some(141)),
        "{:?} {stderr}",
        out.status
    );
}
