#!/usr/bin/env python3
"""Browser test of return-area conditions (issue #4), as two assessors and the public use them.

Runs the `homeward` binary named by HOMEWARD_BIN on a demo deployment in a temporary directory.
An assessor of the first organisation saves a draft on a phone-sized screen, completes and submits
it; the area becomes `conditional`. An assessor of the second organisation submits too; the
public page (no sign-in) shows the area `safe`, in English and in Arabic. Screenshots go to
target/screenshots/ and docs/screenshots/. The last line printed is
`browser areas: N passed, M failed`.
"""

import sys
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import (  # noqa: E402 - the shared frame of the browser tests
    DESKTOP, DOCS_SHOTS, PASSWORD, PHONE, SHOTS, expect_true, run_on_demo,
)

AREA = "XB0101"
ASSESSORS = ["assessor@demo.homeward.example", "assessor@borealis.demo.homeward.example"]


def shot(page, name, docs=False):
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    if docs:
        page.screenshot(path=str(DOCS_SHOTS / f"{name}.png"), full_page=True)


def main():
    return run_on_demo(
        "browser areas", drive, cases=5, expect_login=ASSESSORS[1],
        serve_args=["--second-factor", "optional"],
    )


def drive(browser, base, run):
    yesterday = (date.today() - timedelta(days=1)).isoformat()

    def status_text(page):
        return page.locator("div.notice[role=status] .status").first.inner_text()

    def public_page_unassessed():
        page = browser.new_context(viewport=DESKTOP, locale="en-GB").new_page()
        page.goto(f"{base}/areas/{AREA}")
        expect_true(status_text(page) == "Not assessed", f"unassessed first, got {status_text(page)}")
        expect_true(page.locator("a[href$='/assessment']").count() == 0, "no form link for the public")

    def assess(email, phone):
        ctx = browser.new_context(viewport=PHONE if phone else DESKTOP, locale="en-GB")
        page = ctx.new_page()
        page.set_default_timeout(30_000)
        page.goto(base + "/sign-in")
        page.get_by_label("Email address").fill(email)
        page.get_by_label("Password").fill(PASSWORD)
        page.locator("form.card button[type=submit]").click()
        page.wait_for_load_state()
        page.goto(f"{base}/areas/{AREA}")
        page.locator(f"a[href='/areas/{AREA}/assessment']").click()
        page.wait_for_load_state()
        page.get_by_label("Date the evidence describes").fill(yesterday)
        page.get_by_label("Source of the evidence").select_option("field_visit")
        safety = page.locator("fieldset#status\\.safety")
        safety.get_by_label("Met", exact=True).check()
        safety.get_by_label("Evidence").fill("Market open; the checkpoint was removed in October.")
        if phone:
            # A draft survives leaving the page.
            page.get_by_role("button", name="Save draft").click()
            page.wait_for_load_state()
            expect_true("Draft saved at" in page.locator("div.notice").first.inner_text(), "draft notice")
            page.goto(f"{base}/areas/{AREA}/assessment")
            expect_true(
                page.locator("fieldset#status\\.safety").get_by_label("Evidence").input_value().startswith("Market open"),
                "the draft came back",
            )
            shot(page, "assessment-form-phone", docs=True)
        for fieldset in page.locator("fieldset.criterion").all():
            fieldset.get_by_label("Met", exact=True).check()
        page.get_by_role("button", name="Submit assessment").click()
        page.wait_for_load_state()
        expect_true(page.url.endswith(f"/areas/{AREA}"), f"back on the area page, at {page.url}")
        result = status_text(page)
        ctx.close()
        return result

    def first_assessor():
        got = assess(ASSESSORS[0], phone=True)
        expect_true(got == "Conditional", f"one organisation: conditional, got {got}")

    def second_assessor():
        got = assess(ASSESSORS[1], phone=False)
        expect_true(got == "Safe", f"two organisations: safe, got {got}")

    def public_page_safe_in_two_languages():
        ctx = browser.new_context(viewport=DESKTOP, locale="en-GB")
        page = ctx.new_page()
        page.goto(f"{base}/areas/{AREA}")
        expect_true(status_text(page) == "Safe", "public page: safe")
        expect_true(page.locator("table th[scope=col]").count() >= 3, "two organisations side by side")
        shot(page, "area-safe-en", docs=True)
        page.goto(f"{base}/language/ar?next=/areas/{AREA}")
        page.wait_for_load_state()
        expect_true(page.evaluate("document.documentElement.dir") == "rtl", "Arabic is right to left")
        expect_true(status_text(page) == "آمنة", f"Arabic status, got {status_text(page)}")
        shot(page, "area-safe-ar", docs=True)
        size = len(page.content().encode())
        expect_true(size < 100_000, f"page under 100 KB, got {size}")

    def map_of_a_country_in_two_languages():
        ctx = browser.new_context(viewport=DESKTOP, locale="en-GB")
        page = ctx.new_page()
        page.goto(f"{base}/areas/XB")
        svg = page.locator("figure.area-map svg[role=img]")
        expect_true(svg.count() == 1, "one map on the country page")
        expect_true(svg.locator("a path").count() == 4, "one shape per province")
        # XB01 holds the safe district; its worst status among five districts is 'not assessed'.
        titles = svg.locator("a path title").all_text_contents()
        expect_true(any(t.endswith(": Not assessed") for t in titles), f"titles say the status: {titles}")
        expect_true("Not assessed" in page.locator("figure.area-map .legend").inner_text(), "legend in words")
        box = svg.bounding_box()
        expect_true(box and box["width"] > 300 and box["height"] > 150, f"map has a size: {box}")
        shot(page, "area-map-en", docs=True)
        page.goto(f"{base}/areas/XB01")
        paths = page.locator("figure.area-map a path")
        expect_true(paths.count() == 5, "one shape per district")
        expect_true(page.locator(f"figure.area-map a[href='/areas/{AREA}'] path.status-safe").count() == 1,
                    "the safe district is drawn as safe")
        shot(page, "area-map-districts-en", docs=True)
        page.goto(f"{base}/language/ar?next=/areas/XB")
        page.wait_for_load_state()
        expect_true(page.evaluate("document.documentElement.dir") == "rtl", "Arabic is right to left")
        box_ar = page.locator("figure.area-map svg[role=img]").bounding_box()
        expect_true(box_ar and box_ar["width"] > 300, f"map drawn in Arabic: {box_ar}")
        shot(page, "area-map-ar", docs=True)
        size = len(page.content().encode())
        expect_true(size < 100_000, f"map page under 100 KB, got {size}")

    def signed_heads_page():
        # What a witness can copy without an account, reached from the footer of a public page.
        for lang, viewport, title, name in [
            ("en-GB", DESKTOP, "Signed journal heads", "journal-heads-en"),
            ("ar", PHONE, "الرؤوس الموقّعة للسجل", "journal-heads-ar-phone"),
        ]:
            page = browser.new_context(viewport=viewport, locale=lang).new_page()
            page.goto(f"{base}/areas")
            page.locator("footer a[href='/journal']").click()
            page.wait_for_load_state()
            expect_true(page.locator("h1").inner_text() == title, f"{lang}: {page.locator('h1').inner_text()}")
            roots = page.locator("td code.hash").count()
            expect_true(roots >= 1, f"{lang}: no signed root shown")
            shot(page, name, docs=True)

    run.check("public page before any assessment", public_page_unassessed)
    run.check("first organisation drafts on a phone, then submits", first_assessor)
    run.check("second organisation confirms", second_assessor)
    run.check("public page shows safe, in English and Arabic", public_page_safe_in_two_languages)
    run.check("map of a country, in English and Arabic", map_of_a_country_in_two_languages)
    run.check("the public page of signed heads, in English and Arabic", signed_heads_page)


if __name__ == "__main__":
    sys.exit(main())
