"""What the browser tests share: the binary and browser to use, a demo node served on a free port,
named checks, and the run-and-report frame of every script.

`run_on_demo(label, drive, ...)` makes a demo deployment in a temporary directory with the
`homeward` binary named by HOMEWARD_BIN, serves it, launches headless Chromium, calls
`drive(browser, base, run)`, and prints `<label>: N passed, M failed` last; it returns the exit
status.
"""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
BIN = os.environ.get("HOMEWARD_BIN", str(ROOT / "target" / "debug" / "homeward"))
SHOTS = ROOT / "target" / "screenshots"
PASSWORD = os.environ.get("HOMEWARD_DEMO_PASSWORD") or "browser-test-password"
DOCS_SHOTS = ROOT / "docs" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(base, proc, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.25)
    raise RuntimeError("the server did not answer /healthz in time")


class Run:
    """Named checks, counted; the first failure stops the ones after it (they depend on it)."""

    def __init__(self):
        self.passed = 0
        self.failed = 0
        self.stopped = False

    def check(self, name, fn):
        if self.stopped:
            return
        try:
            fn()
            self.passed += 1
            print(f"ok   {name}", flush=True)
        except Exception:  # noqa: BLE001 - any failure of a check is reported, then we stop
            self.failed += 1
            self.stopped = True
            print(f"FAIL {name}", flush=True)
            traceback.print_exc()


def expect_true(cond, message):
    if not cond:
        raise AssertionError(message)


def run_on_demo(label, drive, cases, expect_login, serve_args=()):
    """Runs `drive` against a demo node; `expect_login` must appear in the demo's output."""
    if not Path(BIN).exists():
        print(f"no binary at {BIN}; build it with `cargo build -p homeward`", file=sys.stderr)
        print(f"{label}: 0 passed, 1 failed")
        return 1
    SHOTS.mkdir(parents=True, exist_ok=True)
    DOCS_SHOTS.mkdir(parents=True, exist_ok=True)
    data = tempfile.mkdtemp(prefix="homeward-browser-")
    env = dict(os.environ)
    env["HOMEWARD_DEMO_PASSWORD"] = PASSWORD
    for k in ("HOMEWARD_DATABASE_URL", "HOMEWARD_SECOND_FACTOR"):
        env.pop(k, None)
    server = None
    log = open(Path(data) / "server.log", "wb")
    run = Run()
    try:
        demo = subprocess.run(
            [BIN, "--data-dir", data, "demo", "--cases", str(cases)],
            env=env, capture_output=True, text=True, timeout=900,
        )
        if demo.returncode != 0 or expect_login not in demo.stdout:
            print(demo.stdout, demo.stderr, file=sys.stderr)
            raise RuntimeError("`homeward demo` failed")
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [BIN, "--data-dir", data, "serve", "--listen", f"127.0.0.1:{port}", *serve_args],
            env=env, stdout=log, stderr=subprocess.STDOUT,
        )
        wait_healthy(base, server)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            try:
                drive(browser, base, run)
            finally:
                browser.close()
    except Exception:  # noqa: BLE001 - setup failures count as one failed check
        traceback.print_exc()
        run.failed += 1
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        log.close()
        if run.failed:
            print((Path(data) / "server.log").read_text(errors="replace")[-4000:], file=sys.stderr)
        shutil.rmtree(data, ignore_errors=True)
    print(f"{label}: {run.passed} passed, {run.failed} failed")
    return 1 if run.failed else 0
