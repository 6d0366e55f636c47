"""Web app in a real browser: Playwright drives Debian's chromium against `fontes serve` on the example corpus.

Needs the apt package ``chromium`` (/usr/bin/chromium) and the npm packages of src/fontes/web
(``npm ci --prefix src/fontes/web``) for the map shapes. Screenshots of every view are saved
under ``screenshots/`` at the repository root.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from kbfixtures import REPO, seeds_db

CHROMIUM = Path(os.environ.get("FONTES_CHROMIUM", "/usr/bin/chromium"))
SHOTS = REPO / "screenshots"
pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} missing: apt-get install chromium")]
playwright_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright (the test extra)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    return seeds_db(tmp_path_factory.mktemp("web"))


@pytest.fixture(scope="module")
def server(seeds):
    yield from _serve(seeds, token="")


def _serve(db, token):
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "fontes", "serve", "--db", str(db), "--host", "127.0.0.1",
                             "--port", str(port)], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            env={**os.environ, "FONTES_API_TOKEN": token})
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(url + "/api/documents", timeout=2)
                break
            except OSError:
                if proc.poll() is not None:
                    raise RuntimeError(proc.stdout.read().decode(errors="replace"))
                time.sleep(0.5)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def launch(p):
    """Debian's chromium, headless, with nothing reaching the network on its own."""
    return p.chromium.launch(executable_path=str(CHROMIUM), args=[
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"])


@pytest.fixture(scope="module")
def page(server):
    SHOTS.mkdir(exist_ok=True)
    with playwright_api.sync_playwright() as p:
        browser = launch(p)
        pg = browser.new_page(viewport={"width": 1400, "height": 1000})
        errors: list[str] = []
        pg.on("pageerror", lambda err: errors.append(str(err)))
        pg.base = server  # type: ignore[attr-defined]
        pg.js_errors = errors  # type: ignore[attr-defined]
        yield pg
        browser.close()


def _open(page, hash_: str, view: str) -> None:
    page.goto(f"{page.base}/#{hash_}")
    page.wait_for_selector(f"main[data-view='{view}']", timeout=30_000)


def test_web_timeline_click_dismissal_highlights_evidence(page):
    _open(page, "timeline", "timeline")
    page.screenshot(path=str(SHOTS / "timeline.png"), full_page=False)
    dismissal = page.locator("svg g.event[data-type='DISMISSAL']").first
    dismissal.click()
    page.wait_for_selector("main[data-view='doc'] #doc-text span.hl", timeout=30_000)
    highlighted = " ".join(page.locator("#doc-text span.hl").all_text_contents())
    assert "dismissed" in highlighted
    page.screenshot(path=str(SHOTS / "reader.png"))
    assert not page.js_errors


def test_web_search_phrase(page):
    page.goto(f"{page.base}/#timeline")
    page.fill("#search-input", '"wireless message"')
    page.press("#search-input", "Enter")
    page.wait_for_selector("#search-results .hit", timeout=30_000)
    marks = [m.lower() for m in page.locator("#search-results mark").all_text_contents()]
    assert "wireless" in marks and "message" in marks
    page.screenshot(path=str(SHOTS / "search.png"))


def test_web_hostile_search_shows_message_not_crash(page):
    _open(page, "search?q=NEAR(%22&mode=advanced", "search")  # the view is shown before the search returns
    page.wait_for_selector("#search-error, #search-results .hit", timeout=30_000)
    assert page.locator("#search-error").count() == 1
    assert not page.js_errors


def test_web_ask_question(page):
    page.goto(f"{page.base}/#timeline")
    page.fill("#ask-input", "Who was appointed Commander-in-Chief?")
    page.press("#ask-input", "Enter")
    page.wait_for_selector("main[data-view='ask'] #answer", timeout=60_000)
    assert "Krylenko" in page.locator("#answer").text_content()
    page.screenshot(path=str(SHOTS / "ask.png"))


@pytest.mark.parametrize(("hash_", "view", "selector"), [
    ("network", "network", "svg circle"),
    ("map", "map", "svg circle"),
    ("chain", "chain", "svg g.event"),
    ("conflicts", "conflicts", "section.conflict"),
    ("entities", "entities", "table a"),
])
def test_web_views_render(page, hash_, view, selector):
    _open(page, hash_, view)
    page.screenshot(path=str(SHOTS / f"{view}.png"), full_page=False)
    assert page.locator(selector).count() > 0, page.locator("main").text_content()[:500]
    if view == "map" and (REPO / "src" / "fontes" / "web" / "node_modules" / "world-atlas").is_dir():
        assert page.locator("g.countries path").count() > 100  # country shapes from the npm package
    assert not page.js_errors


def test_web_entity_page(page):
    _open(page, "entities", "entities")
    page.locator("main table tr:has(td:text-is('PER')) a").first.click()  # the most mentioned person
    page.wait_for_selector("main[data-view='entity'] h1", timeout=30_000)
    assert page.locator("main h1 .tag").text_content() == "PER"
    page.screenshot(path=str(SHOTS / "entity.png"))


def test_web_document_text_is_escaped(page):
    """Source text containing markup is shown as text: no element is created from it."""
    _open(page, "documents", "documents")
    page.locator("main table a").first.click()
    page.wait_for_selector("#doc-text", timeout=30_000)
    assert page.locator("#doc-text script, #doc-text b, #doc-text img").count() == 0
    page.evaluate("""() => { const t = document.getElementById('doc-text');
        t.appendChild(document.createTextNode('<img src=x onerror=alert(1)>')); }""")
    assert page.locator("#doc-text img").count() == 0


# ------------------------------------------------------------------ issue 11: CSP, removing a document


def test_web_views_break_no_content_security_policy_rule(page):
    """The server's CSP forbids inline script and style: every view renders without a violation."""
    violations: list[str] = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    for hash_, view in (("timeline", "timeline"), ("network", "network"), ("map", "map"), ("chain", "chain"),
                        ("documents", "documents"), ("entities", "entities"), ("conflicts", "conflicts"),
                        ("search?q=armistice", "search")):
        _open(page, hash_, view)
        page.wait_for_timeout(300)
    _open(page, "documents", "documents")
    page.locator("main table a").first.click()
    page.wait_for_selector("#doc-text", timeout=30_000)
    # styles set by app.js (CSSOM) still apply under style-src 'self'
    colour = page.evaluate("() => getComputedStyle(document.querySelector('.legend span')).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")
    assert violations == [] and page.js_errors == []
    assert page.locator("#remove-doc").count() == 0  # read-only server: no remove button


@pytest.fixture(scope="module")
def token_server(seeds, tmp_path_factory):
    import shutil

    db = tmp_path_factory.mktemp("web-remove") / "seeds.db"
    shutil.copy(seeds, db)
    yield from _serve(db, token="s3cret")


def test_web_reader_removes_a_document(page, token_server):
    import json

    def count() -> int:
        return len(json.load(urllib.request.urlopen(token_server + "/api/documents", timeout=10)))

    before = count()
    answers: list[str] = []

    def on_dialog(dialog):
        answers.append(dialog.type)
        dialog.accept("s3cret") if dialog.type == "prompt" else dialog.accept()

    page.on("dialog", on_dialog)
    try:
        page.goto(f"{token_server}/#documents")
        page.wait_for_selector("main[data-view='documents'] table a", timeout=30_000)
        name = page.locator("main table a").first.inner_text()
        page.locator("main table a").first.click()
        page.wait_for_selector("#remove-doc", timeout=30_000)
        page.screenshot(path=str(SHOTS / "reader-remove.png"))
        page.click("#remove-doc")
        page.wait_for_function(f"() => location.hash === '#documents' && document.querySelectorAll('main table a').length === {before - 1}",
                               timeout=120_000)
    finally:
        page.remove_listener("dialog", on_dialog)
    assert answers == ["confirm", "prompt"]
    assert count() == before - 1
    assert name not in page.locator("main table").inner_text()
