#!/usr/bin/env python3
"""Browser test of accounts on a node that REQUIRES second factors (the default).

Runs the `homeward` binary named by HOMEWARD_BIN: `homeward demo` makes the data, `homeward
serve` serves it with second factors required. In headless Chromium the administrator signs in
with a password, is held at the enrolment page, scans nothing but reads the key shown for manual
entry (the TOTP code is computed here with hmac/struct, as an authenticator app would), confirms,
gets recovery codes, signs out and back in with password + code (the session cookie is
`__Host-` and `Secure`, which Chromium accepts on http://127.0.0.1), opens user management,
invites a user (once with errors beside the fields) and is shown their one-time enrolment link,
and switches to Arabic (right to left). The new user opens the link, pastes a password of their
own (twice), is signed in and enrols a second factor, in Arabic, on a phone too.

Screenshots go to docs/screenshots/accounts-*.png. The last line printed is
`browser accounts: N passed, M failed`.
"""

import base64
import hashlib
import hmac
import struct
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import (  # noqa: E402 - the shared frame of the browser tests
    DESKTOP, DOCS_SHOTS, PASSWORD, PHONE, expect_true, run_on_demo,
)

ADMIN = "admin@demo.homeward.example"
NEW_USER = "new.caseworker@demo.homeward.example"
NEW_PASSWORD = "a passphrase Nadia chose — كلمة سرّ طويلة"


def totp(secret_b32, step):
    """RFC 6238 with SHA-1, six digits, as authenticator apps compute it."""
    key = base64.b32decode(secret_b32 + "=" * (-len(secret_b32) % 8))
    mac = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    number = struct.unpack(">I", mac[offset:offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"


def step_now():
    return int(time.time()) // 30


def shot(page, name):
    page.screenshot(path=str(DOCS_SHOTS / f"accounts-{name}.png"), full_page=True)


def main():
    # Second factors as a real deployment has them: required.
    return run_on_demo("browser accounts", drive, cases=5, expect_login=ADMIN)


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

    def sign_in(email, password, code=None):
        page.goto(base + "/sign-in")
        page.locator("#email").fill(email)
        page.locator("#password").fill(password)
        if code is not None:
            page.locator("#code").fill(code)
        page.locator("form.card button[type=submit]").click()
        page.wait_for_load_state()

    def held_at_enrolment():
        sign_in(ADMIN, PASSWORD)
        expect_true(page.url.endswith("/account/second-factor"), f"held at enrolment: {page.url}")
        expect_true(page.locator(".banner").count() == 0, "no optional-mode banner")
        # Every other page sends the held session back here.
        page.goto(base + "/cases")
        expect_true(page.url.endswith("/account/second-factor"), f"cases refused: {page.url}")
        shot(page, "enrolment-required-en")

    def enrol():
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
        expect_true(page.locator("figure.qr svg").count() == 1, "an inline SVG QR code")
        state["secret"] = page.locator(".secret bdi").inner_text().strip()
        expect_true(len(state["secret"]) == 32, f"a 160-bit base32 key: {state['secret']!r}")
        shot(page, "enrolment-qr-en")
        page.locator("#code").fill("000000")
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
        expect_true(page.locator(".field-error").count() == 1, "a wrong code is refused beside the field")
        state["step"] = step_now()
        page.locator("#code").fill(totp(state["secret"], state["step"]))
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
        codes = page.locator(".recovery-codes li")
        expect_true(codes.count() == 10, f"ten recovery codes, got {codes.count()}")
        shot(page, "recovery-codes-en")

    def sign_out_and_in_with_code():
        page.goto(base + "/dashboard")
        page.locator("form[action='/sign-out'] button").click()
        page.wait_for_url("**/sign-in")
        # The password alone no longer signs in.
        sign_in(ADMIN, PASSWORD)
        expect_true(page.url.endswith("/sign-in"), "password alone refused")
        expect_true("code" in page.locator(".error-summary").inner_text(), "the error names the code")
        # A code of a step after the one used at enrolment (the server accepts one step ahead).
        sign_in(ADMIN, PASSWORD, totp(state["secret"], state["step"] + 1))
        expect_true(page.url.endswith("/dashboard"), f"signed in with the code: {page.url}")
        page.goto(base + "/account/second-factor")
        expect_true(page.locator("#sessions-caption").count() == 1, "the sessions are listed")
        shot(page, "account-en")
        cookies = {c["name"]: c for c in ctx.cookies()}
        session = cookies.get("__Host-hw_session")
        expect_true(session is not None, f"a __Host- session cookie: {list(cookies)}")
        expect_true(session["secure"] and session["httpOnly"], f"Secure, HttpOnly: {session}")
        expect_true(session["path"] == "/" and not session["domain"].startswith("."), "host-only")
        expect_true("__Host-hw_device" in cookies, "the browser is now a known device")

    def users_page():
        page.goto(base + "/users")
        expect_true(page.locator("h1").inner_text() == "Users", "user management")
        rows = page.locator("tbody tr")
        expect_true(rows.count() >= 9, f"the demo users are listed: {rows.count()}")
        shot(page, "users-en")

    def create_user_with_errors():
        # The administrator chooses no password. Valid to the browser, refused by the server:
        # no role.
        expect_true(page.locator("input[type=password]").count() == 0, "no password to choose")
        page.locator("#email").fill(NEW_USER)
        page.locator("#display_name").fill("Nadia Haddad")
        page.locator("section form button[type=submit]").click()
        page.wait_for_load_state()
        expect_true(page.locator(".error-summary").count() == 1, "an error summary")
        expect_true(page.locator("#roles-error").count() == 1, "error beside the roles")
        expect_true(page.locator("#display_name").input_value() == "Nadia Haddad", "typed name kept")
        shot(page, "users-errors-en")

    def create_user():
        expect_true(page.locator("#email").input_value() == NEW_USER, "typed email kept")
        page.locator("#role-caseworker").check()
        page.locator("section form button[type=submit]").click()
        page.wait_for_load_state()
        link = page.locator(".notice .link-url")
        expect_true(link.count() == 1, "the enrolment link is shown")
        state["link"] = link.inner_text().strip()
        expect_true(state["link"].startswith(base + "/enrol/"), f"a link to this node: {state['link']}")
        row = page.locator("tbody tr", has_text=NEW_USER)
        expect_true(row.count() == 1, "the new user is listed")
        expect_true("must set one up" in row.inner_text(), "the new user must set up a factor")
        shot(page, "users-link-en")

    def arabic():
        page.goto(base + "/language/ar?next=/users")
        page.wait_for_url("**/users")
        expect_true(page.evaluate("document.documentElement.dir") == "rtl", "right to left")
        width = page.evaluate("document.documentElement.scrollWidth")
        expect_true(width <= DESKTOP["width"] + 1, f"no sideways overflow: {width}")
        shot(page, "users-ar")

    def new_user_opens_the_link_in_arabic():
        page.locator("form[action='/sign-out'] button").click()
        page.wait_for_url("**/sign-in")
        page.goto(state["link"])
        expect_true(page.evaluate("document.documentElement.dir") == "rtl", "right to left")
        expect_true(NEW_USER in page.locator("dl.facts").inner_text(), "whose account it is")
        for field in ("#password", "#repeat"):
            expect_true(page.locator(field).get_attribute("type") == "password", f"{field} hidden")
            expect_true(
                page.locator(field).get_attribute("autocomplete") == "new-password", f"{field}"
            )
        page.set_viewport_size(PHONE)
        width = page.evaluate("document.documentElement.scrollWidth")
        expect_true(width <= PHONE["width"] + 1, f"phone: no sideways overflow: {width}")
        shot(page, "enrol-link-ar-phone")
        page.set_viewport_size(DESKTOP)
        # Pasted, as from a password manager: nothing on the page gets in the way.
        ctx.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
        page.evaluate("text => navigator.clipboard.writeText(text)", NEW_PASSWORD)
        for field in ("#password", "#repeat"):
            page.locator(field).focus()
            page.keyboard.press("Control+V")
            expect_true(page.locator(field).input_value() == NEW_PASSWORD, f"pasted into {field}")
        shot(page, "enrol-link-ar")
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
        expect_true(page.url.endswith("/account/second-factor"), f"signed in, held: {page.url}")
        # The link worked once.
        again = ctx.new_page()
        answer = again.goto(state["link"])
        expect_true(answer.status == 404, f"a used link answers 404: {answer.status}")
        expect_true(again.locator("input[type=password]").count() == 0, "no password form")
        again.close()

    def new_user_enrols_in_arabic():
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
        expect_true(page.evaluate("document.documentElement.dir") == "rtl", "right to left")
        expect_true(
            page.locator("figure.qr").get_attribute("dir") == "ltr", "the QR code keeps its direction"
        )
        page.set_viewport_size(PHONE)
        width = page.evaluate("document.documentElement.scrollWidth")
        expect_true(width <= PHONE["width"] + 1, f"phone: no sideways overflow: {width}")
        shot(page, "enrolment-qr-ar-phone")
        page.set_viewport_size(DESKTOP)
        secret = page.locator(".secret bdi").inner_text().strip()
        page.locator("#code").fill(totp(secret, step_now()))
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
        expect_true(page.locator(".recovery-codes li").count() == 10, "recovery codes in Arabic page")
        shot(page, "recovery-codes-ar")

    def no_csp_violations():
        expect_true(not csp_errors, f"CSP violations: {csp_errors}")

    run.check("administrator is held at enrolment", held_at_enrolment)
    run.check("enrol TOTP with the key shown on the page", enrol)
    run.check("sign out, then in with password and code", sign_out_and_in_with_code)
    run.check("user management lists the users", users_page)
    run.check("create a user: errors beside the fields", create_user_with_errors)
    run.check("create a user: the enrolment link is shown once", create_user)
    run.check("user management in Arabic (rtl)", arabic)
    run.check("the new user chooses a password with the link, in Arabic", new_user_opens_the_link_in_arabic)
    run.check("the new user enrols, in Arabic", new_user_enrols_in_arabic)
    run.check("no Content-Security-Policy violations", no_csp_violations)
    ctx.close()


if __name__ == "__main__":
    sys.exit(main())
