"""Browser tests: the app served on a free local port in a thread, and Debian's Chromium driven by
Playwright. Never `playwright install`: it downloads a browser, and this network has none."""

from __future__ import annotations

import threading

import pytest
from werkzeug.serving import make_server

from meet.extensions import db

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
PHONE = {"width": 360, "height": 740}
TABLET = {"width": 1024, "height": 768}
DESK = {"width": 1366, "height": 900}
BIG_SCREEN = {"width": 1920, "height": 1080}


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture
def live_server(app, app_context):
    """The test app on http://127.0.0.1:<port>; yields the base URL."""
    db.session.commit()  # nothing of the test's own may stay open while the server writes
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    previous = app.config["MEET_PUBLIC_URL"]
    app.config["MEET_PUBLIC_URL"] = f"http://127.0.0.1:{server.server_port}"
    try:
        yield app.config["MEET_PUBLIC_URL"]
    finally:
        app.config["MEET_PUBLIC_URL"] = previous
        server.shutdown()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser):
    """new_page(viewport=PHONE, locale="zh-CN") -> a Playwright page in a fresh context."""
    contexts = []

    def make(viewport=PHONE, **options):
        context = browser.new_context(viewport=viewport, locale="zh-CN", **options)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()
