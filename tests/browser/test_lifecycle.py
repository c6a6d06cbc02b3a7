#!/usr/bin/env python3
"""Browser test of the return lifecycle and its safeguards (issue #5), on the case page.

Runs the `homeward` binary named by HOMEWARD_BIN on a demo deployment in a temporary directory,
second factors optional. A case worker registers a household (an adult and a child of 14) bound
for an area nobody has assessed, records counselling, consents (the adult's own; a guardian's and
the child's assent) and a best-interests assessment, and moves the case to `assessment`; they see
no approve button. A supervisor opens the case: approval is blocked, and the reasons are shown in
French and in Arabic (also on a phone). Two organisations' assessors then find the area safe; the
status changed since counselling, so the case worker counsels again and takes the consents again,
and the supervisor approves. Screenshots go to target/screenshots/ and docs/screenshots/. The last
line printed is `browser lifecycle: N passed, M failed`.
"""

import re
import sys
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import (  # noqa: E402 - the shared frame of the browser tests
    DESKTOP, DOCS_SHOTS, PASSWORD, PHONE, SHOTS, expect_true, run_on_demo,
)

AREA = "XB0101"
CASEWORKER = "caseworker@demo.homeward.example"
SUPERVISOR = "supervisor@demo.homeward.example"
ASSESSORS = ["assessor@demo.homeward.example", "assessor@borealis.demo.homeward.example"]
SHEET = "AVR-XB-2026-03"


def shot(page, name, docs=False):
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    if docs:
        page.screenshot(path=str(DOCS_SHOTS / f"{name}.png"), full_page=True)


def main():
    return run_on_demo(
        "browser lifecycle", drive, cases=5, expect_login=ASSESSORS[1],
        serve_args=["--second-factor", "optional"],
    )


def signed_in(browser, base, email, lang="en", viewport=DESKTOP):
    ctx = browser.new_context(viewport=viewport, locale="en-GB")
    page = ctx.new_page()
    page.set_default_timeout(30_000)
    errors = []
    page.on(
        "console",
        lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.goto(base + "/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("form.card button[type=submit]").click()
    page.wait_for_load_state()
    if lang != "en":
        page.goto(f"{base}/language/{lang}?next=/dashboard")
        page.wait_for_load_state()
    return ctx, page, errors


def findings(page):
    return page.locator("#lifecycle li.finding").all_inner_texts()


def open_form(page, key):
    box = page.locator(f"details#form-{key}")
    if box.get_attribute("open") is None:
        box.locator("summary").click()
    return box


def save(page, box):
    box.locator("button.primary").click()
    page.wait_for_load_state()
    expect_true(page.locator(".error-summary").count() == 0,
                f"saved without errors: {page.locator('main').inner_text()[:600]}")


def counsel(page):
    box = open_form(page, "counselling")
    box.locator("#counselling-language").fill("ar")
    box.locator("#counselling-information_sheet").fill(SHEET)
    for topic in ["safety_at_destination", "area_status", "alternatives", "right_to_withdraw"]:
        box.locator(f"input[name=counselling-topics][value={topic}]").check()
    box.locator("#counselling-questions").fill("هل المدرسة مفتوحة؟")
    save(page, box)


def consent(page, member, role):
    box = open_form(page, f"consent-{member}")
    box.locator(f"#consent-{member}-role").select_option(role)
    box.locator(f"#consent-{member}-language").fill("ar")
    box.locator(f"#consent-{member}-method").select_option("written")
    box.locator(f"#consent-{member}-information_sheet").fill(SHEET)
    box.locator("button.primary").click()
    page.wait_for_load_state()
    expect_true(page.locator(".error-summary").count() == 0, f"consent {member}/{role} saved")


def proceed(page, expect_state):
    button = page.locator("#lifecycle form button.primary")
    expect_true(button.count() == 1, f"a proceed button: {findings(page)}")
    button.click()
    page.wait_for_load_state()
    now = page.locator("#lifecycle p.now strong.state").first.inner_text()
    expect_true(now == expect_state, f"now {now}, expected {expect_state}")


def drive(browser, base, run):
    state = {}
    child_born = (date.today() - timedelta(days=14 * 365 + 30)).isoformat()

    cw_ctx, cw, cw_errors = signed_in(browser, base, CASEWORKER)

    def register():
        cw.goto(base + "/households/new")
        cw.locator("#m0_given_name").fill("Lina")
        cw.locator("#m0_family_name").fill("Nasser")
        cw.locator("#m0_sex").select_option("female")
        cw.locator("#m0_date_of_birth").fill("1988-04-12")
        cw.locator("#m0_languages").fill("ar")
        cw.locator("#m1_given_name").fill("Sami")
        cw.locator("#m1_family_name").fill("Nasser")
        cw.locator("#m1_relationship").select_option("child")
        cw.locator("#m1_sex").select_option("male")
        cw.locator("#m1_date_of_birth").fill(child_born)
        cw.locator("#m1_languages").fill("ar")
        cw.locator("#kind").select_option("assisted_voluntary_return")
        cw.locator("#host_country").fill("XA")
        cw.locator("#destination_area").select_option(AREA)
        cw.locator("#origin_country").fill("XB")
        cw.locator("button[value=register]").click()
        cw.wait_for_url(re.compile(r".*/cases/[0-9a-f-]{36}$"))
        state["case"] = cw.url
        panel = cw.locator("#lifecycle").inner_text()
        expect_true("This case can proceed to" in panel, f"registered: may proceed: {panel}")
        expect_true(cw.locator("ol.road li[aria-current=step]").count() == 1, "the current step is marked")

    def counsel_and_consent():
        proceed(cw, "Counselling")
        got = " ".join(findings(cw))
        expect_true("has not been counselled" in got, f"not counselled yet: {got}")
        counsel(cw)
        consent(cw, 1, "own")
        consent(cw, 2, "guardian")
        consent(cw, 2, "assent")
        box = open_form(cw, "best-interests")
        box.locator("#best-interests-kind").select_option("assessment")
        box.locator("#best-interests-outcome").select_option("return_in_best_interests")
        for option in ["return", "local_integration"]:
            box.locator(f"input[name=best-interests-options_compared][value={option}]").check()
        box.locator("#best-interests-child_heard").check()
        save(cw, box)
        records = cw.locator("table.records tbody tr").count()
        expect_true(records == 2, f"counselling and best interests listed, got {records}")

    def move_to_assessment():
        proceed(cw, "Consent given")
        proceed(cw, "Assessment")
        panel = cw.locator("#lifecycle").inner_text()
        expect_true("Why can't this case proceed to" in panel, f"approval blocked: {panel}")
        expect_true("Approve the return" not in cw.content(), "no approve button for a case worker")
        history = cw.locator("section[aria-labelledby=transitions-title] tbody tr").count()
        expect_true(history == 3, f"three steps taken, got {history}")
        shot(cw, "lifecycle-caseworker-en")

    sup_ctx, sup, sup_errors = signed_in(browser, base, SUPERVISOR, lang="fr")

    def blocked_in_french():
        sup.goto(state["case"])
        panel = sup.locator("#lifecycle").inner_text()
        expect_true("Pourquoi ce dossier ne peut-il pas passer à" in panel, f"French: {panel}")
        expect_true("Bloque" in panel and "Ce qui le lève" in panel, "severity and remedy in French")
        expect_true("Jeu de règles" in panel, "the rule set's version")
        expect_true(sup.locator("#lifecycle form button.primary").count() == 0, "no approve while blocked")
        shot(sup, "lifecycle-blocked-fr", docs=True)

    def blocked_in_arabic():
        sup.goto(f"{base}/language/ar?next=" + state["case"].replace(base, ""))
        sup.wait_for_load_state()
        expect_true(sup.evaluate("document.documentElement.dir") == "rtl", "Arabic is right to left")
        panel = sup.locator("#lifecycle").inner_text()
        expect_true("لماذا لا يمكن لهذا الملف أن ينتقل إلى" in panel, f"Arabic: {panel}")
        expect_true("يمنع" in panel and "ما يرفعه" in panel, "severity and remedy in Arabic")
        shot(sup, "lifecycle-blocked-ar", docs=True)
        sup.set_viewport_size(PHONE)
        sup.reload()
        width = sup.evaluate("document.documentElement.scrollWidth")
        expect_true(width <= PHONE["width"], f"the case page is {width}px wide on a phone")
        shot(sup, "lifecycle-blocked-ar-phone", docs=True)
        # Parts of the page at the phone's own scale, to read them.
        sup.locator("#lifecycle").screenshot(path=str(SHOTS / "lifecycle-panel-ar-phone.png"))
        sup.locator("#records").screenshot(path=str(SHOTS / "lifecycle-records-ar-phone.png"))
        open_form(sup, "counselling")
        sup.locator("#form-counselling").screenshot(path=str(SHOTS / "lifecycle-counselling-ar-phone.png"))
        sup.locator("section[aria-labelledby=transitions-title]").screenshot(
            path=str(SHOTS / "lifecycle-transitions-ar-phone.png"))
        sup.set_viewport_size(DESKTOP)

    def assess(email):
        ctx = browser.new_context(viewport=DESKTOP, locale="en-GB")
        page = ctx.new_page()
        page.set_default_timeout(30_000)
        page.goto(base + "/sign-in")
        page.get_by_label("Email address").fill(email)
        page.get_by_label("Password").fill(PASSWORD)
        page.locator("form.card button[type=submit]").click()
        page.wait_for_load_state()
        page.goto(f"{base}/areas/{AREA}/assessment")
        page.get_by_label("Date the evidence describes").fill((date.today() - timedelta(days=1)).isoformat())
        page.get_by_label("Source of the evidence").select_option("field_visit")
        for fieldset in page.locator("fieldset.criterion").all():
            fieldset.get_by_label("Met", exact=True).check()
        page.get_by_role("button", name="Submit assessment").click()
        page.wait_for_load_state()
        status = page.locator("div.notice[role=status] .status").first.inner_text()
        ctx.close()
        return status

    def destination_made_safe():
        expect_true(assess(ASSESSORS[0]) == "Conditional", "one organisation: conditional")
        expect_true(assess(ASSESSORS[1]) == "Safe", "two organisations: safe")

    def counsel_again():
        cw.goto(state["case"])
        got = " ".join(findings(cw))
        expect_true("since the latest counselling" in got, f"the status changed since counselling: {got}")
        counsel(cw)
        consent(cw, 1, "own")
        consent(cw, 2, "guardian")
        consent(cw, 2, "assent")
        panel = cw.locator("#lifecycle").inner_text()
        expect_true("This case can proceed to" in panel, f"nothing blocks any more: {panel}")
        expect_true("A supervisor approves" in panel, "the case worker is told who approves")

    def supervisor_approves():
        sup.goto(f"{base}/language/en?next=" + state["case"].replace(base, ""))
        sup.wait_for_load_state()
        button = sup.locator("#lifecycle form button.primary")
        expect_true(button.inner_text() == "Approve the return", f"approve button: {button.all_inner_texts()}")
        button.click()
        sup.wait_for_load_state()
        now = sup.locator("#lifecycle p.now strong.state").first.inner_text()
        expect_true(now == "Approved", f"approved, got {now}")
        last = sup.locator("section[aria-labelledby=transitions-title] tbody tr").last.inner_text()
        expect_true("Approved" in last and "2026-11-design-4" in last, f"the approval in the history: {last}")
        shot(sup, "lifecycle-approved-en", docs=True)

    def work_lists():
        # Before approving, the supervisor's work list holds this case's approval.
        sup.goto(f"{base}/language/en?next=/work")
        sup.wait_for_load_state()
        table = sup.locator("main table").inner_text()
        expect_true("Return waiting for approval" in table, f"an approval waits: {table}")
        expect_true(state["case"].rsplit("/", 1)[-1] in sup.content(), "a link to the case")
        shot(sup, "work-list-en", docs=True)
        sup.goto(f"{base}/language/ar?next=/work")
        sup.wait_for_load_state()
        expect_true("عودة بانتظار الموافقة" in sup.locator("main table").inner_text(), "in Arabic")
        shot(sup, "work-list-ar", docs=True)

    def no_console_errors():
        expect_true(not cw_errors and not sup_errors, f"CSP violations: {cw_errors + sup_errors}")

    run.check("case worker registers a household with a child of 14", register)
    run.check("counselling, consents (own, guardian, assent), best interests", counsel_and_consent)
    run.check("to assessment; approval blocked; no approve button", move_to_assessment)
    run.check("supervisor sees why, in French", blocked_in_french)
    run.check("and in Arabic, on a desktop and a phone", blocked_in_arabic)
    run.check("two organisations find the destination safe", destination_made_safe)
    run.check("counselled again on the new status, consents taken again", counsel_again)
    run.check("the supervisor's work list, in English and Arabic", work_lists)
    run.check("supervisor approves", supervisor_approves)
    run.check("no Content-Security-Policy violations", no_console_errors)
    cw_ctx.close()
    sup_ctx.close()


if __name__ == "__main__":
    sys.exit(main())
