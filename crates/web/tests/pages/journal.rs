//! The public page of signed heads: no sign-in, the node's heads and key, in three languages.

use crate::common::*;
use axum::http::StatusCode;

#[tokio::test]
async fn the_signed_heads_are_public_in_every_language() {
    let f = fixture(&[]).await;
    let journal = f.app.journal_head("journal").await.unwrap();
    let page = send(&f.router, get("/journal", "")).await;
    assert_eq!(page.status, StatusCode::OK);
    check_page(&page.body);
    assert!(
        page.body.contains(&journal.root),
        "the journal's root is shown"
    );
    assert!(page.body.contains(&journal.key_id));
    assert!(page.body.contains("Signed journal heads"));
    for (lang, title, dir) in [
        ("fr", "Têtes signées du journal", "ltr"),
        ("ar", "الرؤوس الموقّعة للسجل", "rtl"),
    ] {
        let page = send(&f.router, get("/journal", &format!("hw_lang={lang}"))).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains(title), "{lang}");
        assert!(page.body.contains(&format!("dir=\"{dir}\"")), "{lang}");
        // Hashes stay left to right inside right-to-left text.
        assert!(
            page.body
                .contains(&format!("<bdi dir=\"ltr\">{}</bdi>", journal.root))
        );
    }
    // Every page links to it.
    let areas = send(&f.router, get("/areas", "")).await;
    assert!(areas.body.contains("href=\"/journal\""));
}
