#!/usr/bin/env python3
"""Browser test of the web UI, as a case worker would use it.

Builds nothing: it runs the `homeward` binary named by HOMEWARD_BIN (default
target/debug/homeward), creates a demo deployment in a temporary directory, serves it on a free
loopback port and drives headless Chromium through it with Playwright: sign in, switch to
Arabic, register a household with Arabic names (once with an error, once correctly), read the
case and the case list, read the case in English and French, sign out.

Screenshots (full page) go to target/screenshots/. The last line printed is
`browser: N passed, M failed`; the exit status is non-zero when anything failed.
"""

import re
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import (  # noqa: E402 - the shared frame of the browser tests
    DESKTOP, DOCS_SHOTS, PASSWORD, PHONE, SHOTS, expect_true, run_on_demo,
)

CASEWORKER = "caseworker@demo.homeward.example"
DPO = "dpo@demo.homeward.example"

HEAD_GIVEN, HEAD_FAMILY = "أمل", "الحسن"
CHILD_GIVEN = "يوسف"


def shot(page, name):
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def main():
    # The case worker's path, not sign-in, is tested here (second factors are in
    # test_accounts.py): the node runs with them optional, and says so in a banner.
    return run_on_demo(
        "browser", drive, cases=20, expect_login=CASEWORKER,
        serve_args=["--second-factor", "optional"],
    )


def drive(browser, base, run):
    ctx = browser.new_context(viewport=DESKTOP, locale="en-GB")
    page = ctx.new_page()
    page.set_default_timeout(30_000)
    csp_errors = []
    page.on(
        "console",
        lambda m: csp_errors.append(m.text) if "Content Security Policy" in m.text else None,
    )
    state = {}

    def html_attr(name):
        return page.evaluate(f"document.documentElement.getAttribute('{name}')")

    def tile(label_fragment):
        tiles = page.locator(".tile")
        for i in range(tiles.count()):
            t = tiles.nth(i)
            if label_fragment in t.locator(".label").inner_text():
                return int(t.locator(".number").inner_text())
        raise AssertionError(f"no tile {label_fragment}")

    def sign_in_page():
        page.goto(base + "/")
        expect_true(page.url.endswith("/sign-in"), f"/ goes to sign-in, got {page.url}")
        expect_true(page.locator("h1").count() == 1, "one h1")
        expect_true(page.get_by_label("Email address").count() == 1, "email has a label")
        shot(page, "sign-in")

    def wrong_password():
        page.get_by_label("Email address").fill(CASEWORKER)
        page.get_by_label("Password").fill("not-the-password")
        page.locator("form.card button[type=submit]").click()
        page.wait_for_load_state()
        expect_true("not correct" in page.locator(".error-summary").inner_text(), "error shown")

    def sign_in():
        # A person reads the error before typing again: the throttle's first delay after a
        # failure is one second (a quicker retry is told to wait).
        time.sleep(1.2)
        page.get_by_label("Email address").fill(CASEWORKER)
        page.get_by_label("Password").fill(PASSWORD)
        page.locator("form.card button[type=submit]").click()
        page.wait_for_url("**/dashboard")
        state["cases_before"] = tile("cases")
        expect_true(state["cases_before"] >= 1, "the demo cases are counted")

    def switch_to_arabic():
        page.locator("nav.languages a[hreflang=ar]").click()
        page.wait_for_url("**/dashboard")
        expect_true(html_attr("dir") == "rtl", "dir=rtl")
        expect_true(html_attr("lang") == "ar", "lang=ar")
        expect_true(page.locator("html[dir=rtl]").count() == 1, "html[dir=rtl]")
        expect_true("لوحة المعلومات" in page.locator("h1").inner_text(), "Arabic title")
        # Mirrored: the brand sits on the right in a right-to-left page.
        box = page.locator(".brand").bounding_box()
        expect_true(box["x"] > DESKTOP["width"] / 2, f"brand on the right, x={box['x']}")
        shot(page, "dashboard-ar")

    def invalid_registration():
        page.locator("nav.main-nav a[href='/households/new']").click()
        page.wait_for_url("**/households/new")
        expect_true("تسجيل أسرة" in page.locator("h1").inner_text(), "Arabic form title")
        # Names left empty; everything else filled.
        fill_case(page)
        page.locator("button[value=register]").click()
        page.wait_for_load_state()
        summary = page.locator(".error-summary[role=alert]")
        expect_true(summary.count() == 1, "an error summary")
        err = page.locator("#m0_given_name-error")
        expect_true("هذا الحقل مطلوب" in err.inner_text(), "Arabic error next to the field")
        field = page.locator("#m0_given_name")
        expect_true(field.get_attribute("aria-invalid") == "true", "aria-invalid")
        expect_true(
            "m0_given_name-error" in (field.get_attribute("aria-describedby") or ""),
            "error tied to the field",
        )
        expect_true(page.locator("#kind").input_value() == "assisted_voluntary_return",
                    "entered values kept")
        summary.locator("a[href='#m0_given_name']").click()
        expect_true(page.evaluate("document.activeElement.id") == "m0_given_name"
                    or page.url.endswith("#m0_given_name"), "summary links to the field")
        shot(page, "register-ar-errors")

    def valid_registration():
        page.locator("#m0_given_name").fill(HEAD_GIVEN)
        page.locator("#m0_family_name").fill(HEAD_FAMILY)
        page.locator("#m0_sex").select_option("female")
        page.locator("#m0_date_of_birth").fill("1988-04-12")
        page.locator("#m0_languages").fill("ar")
        page.locator("#m0_nationality").fill("XB")
        page.locator("#m1_given_name").fill(CHILD_GIVEN)
        page.locator("#m1_family_name").fill(HEAD_FAMILY)
        page.locator("#m1_relationship").select_option("child")
        page.locator("#m1_sex").select_option("male")
        page.locator("#m1_date_of_birth").fill("2017-09-01")
        page.locator("#m1_languages").fill("ar")
        page.locator("button[value=register]").click()
        page.wait_for_url(re.compile(r".*/cases/[0-9a-f-]{36}$"))
        state["case_url"] = page.url
        h1 = page.locator("h1").inner_text()
        m = re.search(r"HW-\d{4}-\d+", h1)
        expect_true(m is not None, f"reference in the title: {h1}")
        state["reference"] = m.group(0)
        body = page.locator("main").inner_text()
        expect_true(f"{HEAD_GIVEN} {HEAD_FAMILY}" in body, "head's name shown")
        expect_true(f"{CHILD_GIVEN} {HEAD_FAMILY}" in body, "child's name shown")
        expect_true("فُتح ملف" in body, "history shows the case was opened")
        expect_true("سُجِّلت أسرة" in body, "history shows the household registration")
        shot(page, "case-ar")

    def phone_layout():
        page.set_viewport_size(PHONE)
        for path, name in [(state["case_url"], "case-ar-phone"), (base + "/households/new", "register-ar-phone")]:
            page.goto(path)
            width = page.evaluate("document.documentElement.scrollWidth")
            expect_true(width <= PHONE["width"], f"{name}: page is {width}px wide on a phone")
            shot(page, name)
        page.set_viewport_size(DESKTOP)

    def case_list():
        page.goto(base + "/dashboard")
        page.locator("nav.main-nav a[href='/cases']").click()
        page.wait_for_url("**/cases")
        first = page.locator("tbody tr").first
        row = first.inner_text()
        expect_true(state["reference"] in row, f"newest case first: {row}")
        expect_true(f"{HEAD_GIVEN} {HEAD_FAMILY}" in row, "head's name in the list")
        shot(page, "cases-ar")
        page.locator("#reference").fill(state["reference"])
        page.locator("form.search button[type=submit]").click()
        page.wait_for_load_state()
        expect_true(page.locator("tbody tr").count() == 1, "search finds exactly the case")

    def nothing_created_by_the_invalid_form():
        page.goto(base + "/dashboard")
        expect_true(tile("ملفات") == state["cases_before"] + 1, "exactly one case was added")

    def english_and_french():
        page.goto(state["case_url"])
        page.locator("nav.languages a[hreflang=en]").click()
        page.wait_for_url(state["case_url"])
        expect_true(html_attr("dir") == "ltr", "dir=ltr in English")
        body = page.locator("main").inner_text()
        expect_true("Case opened" in body and "Household members" in body, "English case page")
        shot(page, "case-en")
        page.locator("nav.languages a[hreflang=fr]").click()
        page.wait_for_url(state["case_url"])
        body = page.locator("main").inner_text()
        expect_true("Dossier ouvert" in body and "Membres du ménage" in body, "French case page")
        expect_true(f"{HEAD_GIVEN} {HEAD_FAMILY}" in body, "names unchanged in French")
        shot(page, "case-fr")

    def head_person_id():
        # The DPO is given the person's id with the request; here the case worker looks it up.
        case_id = state["case_url"].rsplit("/", 1)[1]
        r = page.request.get(f"{base}/api/v1/cases/{case_id}")
        expect_true(r.status == 200, f"case over the API: {r.status}")
        state["person_id"] = r.json()["members"][0]["id"]

    def sign_out():
        page.locator("form[action='/sign-out'] button").click()
        page.wait_for_url("**/sign-in")
        page.goto(base + "/dashboard")
        expect_true(page.url.endswith("/sign-in"), "signed out for good")

    def no_csp_violations():
        expect_true(not csp_errors, f"CSP violations: {csp_errors}")

    run.check("sign-in page", sign_in_page)
    run.check("wrong password refused", wrong_password)
    run.check("caseworker signs in", sign_in)
    run.check("switch to Arabic (rtl)", switch_to_arabic)
    run.check("invalid household: Arabic error next to the field", invalid_registration)
    run.check("register a household with Arabic names", valid_registration)
    run.check("phone width: no sideways overflow", phone_layout)
    run.check("case list shows the new case", case_list)
    run.check("the invalid form created nothing", nothing_created_by_the_invalid_form)
    run.check("case page in English and French", english_and_french)
    run.check("the head's person id", head_person_id)
    run.check("sign out", sign_out)
    run.check("no Content-Security-Policy violations", no_csp_violations)
    ctx.close()
    dpo_requests(browser, base, run, state)


def dpo_requests(browser, base, run, state):
    """The data-protection officer logs data-subject requests and sees them with their deadlines,
    the overdue one first and marked in words."""
    ctx = browser.new_context(viewport=DESKTOP, locale="en-GB")
    page = ctx.new_page()
    page.set_default_timeout(30_000)
    csp_errors = []
    page.on(
        "console",
        lambda m: csp_errors.append(m.text) if "Content Security Policy" in m.text else None,
    )
    today = date.today()
    late = today - timedelta(days=40)

    def sign_in():
        page.goto(base + "/sign-in")
        page.get_by_label("Email address").fill(DPO)
        page.get_by_label("Password").fill(PASSWORD)
        page.locator("form.card button[type=submit]").click()
        page.wait_for_url("**/dashboard")
        page.locator("nav.main-nav a[href='/data-protection']").click()
        page.wait_for_url("**/data-protection")
        page.locator("a[href='/data-protection/requests']").click()
        page.wait_for_url("**/data-protection/requests")
        expect_true("Data-subject requests" in page.locator("h1").inner_text(), "requests page")

    def error_beside_the_field():
        page.locator("#person_id").fill("00000000-0000-7000-8000-000000000000")
        page.locator("#kind").select_option("access")
        with page.expect_navigation():
            page.locator("form[action='/data-protection/requests'] button[type=submit]").click()
        err = page.locator("#person_id-error")
        expect_true("No person of your organisation" in err.inner_text(), "error next to the field")
        expect_true(page.locator(".error-summary[role=alert]").count() == 1, "an error summary")

    def log_requests():
        for kind, received in [("access", today), ("erasure", late)]:
            page.locator("#person_id").fill(state["person_id"])
            page.locator("#kind").select_option(kind)
            page.locator("#received_on").fill(received.isoformat())
            with page.expect_navigation():
                page.locator("form[action='/data-protection/requests'] button[type=submit]").click()
        rows = page.locator("tbody tr")
        expect_true(rows.count() == 2, f"two requests listed, got {rows.count()}")
        first, second = rows.nth(0).inner_text(), rows.nth(1).inner_text()
        expect_true((late + timedelta(days=30)).isoformat() in first, f"overdue deadline first: {first}")
        expect_true("Overdue" in first and "-10" in first, f"overdue marked in words: {first}")
        expect_true((today + timedelta(days=30)).isoformat() in second, f"deadline in 30 days: {second}")
        expect_true("Overdue" not in second, "the other is not overdue")
        expect_true(page.locator(".notice.warning").count() == 1, "overdue count announced")
        shot(page, "subject-requests-en")
        DOCS_SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(DOCS_SHOTS / "subject-requests-en.png"), full_page=True)

    def arabic():
        with page.expect_navigation():
            page.locator("nav.languages a[hreflang=ar]").click()
        expect_true(page.evaluate("document.documentElement.dir") == "rtl", "dir=rtl")
        expect_true("طلبات أصحاب البيانات" in page.locator("h1").inner_text(), "Arabic title")
        expect_true("متأخر" in page.locator("tbody tr").nth(0).inner_text(), "overdue in Arabic")
        shot(page, "subject-requests-ar")
        page.screenshot(path=str(DOCS_SHOTS / "subject-requests-ar.png"), full_page=True)

    def extend_and_export():
        with page.expect_navigation():
            page.locator("nav.languages a[hreflang=en]").click()
        page.locator("tbody tr").nth(1).locator("a").click()
        page.wait_for_url(re.compile(r".*/data-protection/requests/[0-9a-f-]{36}$"))
        page.locator("#days").fill("61")
        with page.expect_navigation():
            page.locator("form[action$='/extension'] button").click()
        expect_true("1 to 60 days" in page.locator("#days-error").inner_text(), "days error beside the field")
        page.locator("#days").fill("20")
        page.locator("#extension_reason").select_option("complexity")
        with page.expect_navigation():
            page.locator("form[action$='/extension'] button").click()
        expect_true((today + timedelta(days=50)).isoformat() in page.locator("main").inner_text(),
                    "the extended deadline shown")
        shot(page, "subject-request-en")
        with page.expect_download() as d:
            page.locator("a[download]").click()
        path = d.value.path()
        text = Path(path).read_text()
        expect_true(HEAD_GIVEN in text, "the export holds the person's name")
        page.reload()
        with page.expect_navigation():
            page.locator("form[action$='/completion'] button").click()
        expect_true("Data provided" in page.locator("main").inner_text(), "completed with its outcome")
        shot(page, "subject-request-completed-en")

    def no_csp_violations():
        expect_true(not csp_errors, f"CSP violations: {csp_errors}")

    run.check("DPO opens the data-subject requests", sign_in)
    run.check("unknown person: error beside the field", error_beside_the_field)
    run.check("DPO logs requests and sees their deadlines, overdue first", log_requests)
    run.check("requests page in Arabic (rtl)", arabic)
    run.check("extend, export and complete an access request", extend_and_export)
    run.check("no Content-Security-Policy violations (DPO)", no_csp_violations)
    ctx.close()


def fill_case(page):
    page.locator("#kind").select_option("assisted_voluntary_return")
    page.locator("#host_country").fill("XA")
    # The first district of the first province that is not in the host country.
    value = page.evaluate(
        "[...document.querySelectorAll('#destination_area option')]"
        ".map(o => o.value).find(v => v && !v.startsWith('XA'))"
    )
    page.locator("#destination_area").select_option(value)
    page.locator("#origin_country").fill(value[:2])


if __name__ == "__main__":
    sys.exit(main())
