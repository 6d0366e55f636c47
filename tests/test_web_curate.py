"""The web app for daily work, in a real browser: corrections in place, the review queue, uploads, the map.

Playwright drives Debian's chromium against `fontes serve` with named users' tokens, on a copy of the
example corpus. Each correction made in the page must reach the knowledge base (read back through
the API) with the user's name, and show where it was made.
"""

from __future__ import annotations

import json
import shutil
import urllib.request
from pathlib import Path

import pytest
from test_web import CHROMIUM, SHOTS, _serve, launch, playwright_api  # noqa: F401 - the same browser setup

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} missing: apt-get install chromium")]
TOKEN = "curator-token-0123456789"


@pytest.fixture(scope="module")
def curate_db(seeds, tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("web-curate") / "seeds.db"
    shutil.copy(seeds, db)
    return db


@pytest.fixture(scope="module")
def curate_server(curate_db):
    yield from _serve(curate_db, token=TOKEN)


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    from kbfixtures import seeds_db

    return seeds_db(tmp_path_factory.mktemp("web-curate-seeds"))


@pytest.fixture(scope="module")
def cpage(curate_server):
    SHOTS.mkdir(exist_ok=True)
    with playwright_api.sync_playwright() as p:
        browser = launch(p)
        pg = browser.new_page(viewport={"width": 1400, "height": 1000})
        errors: list[str] = []
        pg.on("pageerror", lambda err: errors.append(str(err)))
        pg.on("dialog", lambda d: d.accept(TOKEN) if d.type == "prompt" else d.accept())
        pg.base = curate_server  # type: ignore[attr-defined]
        yield pg
        assert not errors, errors
        browser.close()


def _get(base: str, path: str):
    return json.load(urllib.request.urlopen(base + path, timeout=30))


def _wait_api(base: str, path: str, ready, timeout: float = 180.0):
    """Poll an API route until ready(body) (a correction resolves the knowledge base again: seconds)."""
    import time

    deadline = time.monotonic() + timeout
    while True:
        body = _get(base, path)
        if ready(body) or time.monotonic() > deadline:
            return body
        time.sleep(1)


def _goto(page, hash_: str, selector: str) -> None:
    page.goto(f"{page.base}/#{hash_}")
    page.wait_for_selector(selector, timeout=60_000)


def test_reader_corrects_an_event_date_in_place(cpage):
    docs = _get(cpage.base, "/api/documents")
    doc = next(d for d in docs if d["name"].startswith("000_"))
    event = next(e for e in _get(cpage.base, f"/api/documents/{doc['id']}")["events"] if e["type"] == "ARMISTICE")
    _goto(cpage, f"doc/{doc['id']}", f"li[data-event='{event['id']}'] details.editor")
    item = cpage.locator(f"li[data-event='{event['id']}']")
    item.locator("summary").click()
    item.locator("input[name=date]").fill("1917-12-02")
    item.locator("select[name=calendar]").select_option("julian")
    item.locator("button[type=submit]").click()
    cpage.wait_for_function(f"() => [...document.querySelectorAll(\"li[data-event='{event['id']}'] .curated\")].length > 0",
                            timeout=120_000)
    assert "O.S. 2 Dec 1917" in cpage.locator(f"li[data-event='{event['id']}']").inner_text()
    rows = _get(cpage.base, "/api/corrections")
    assert rows[-1]["kind"] == "event.date" and rows[-1]["author"] == "operator" and rows[-1]["status"] == "applied"
    cpage.screenshot(path=str(SHOTS / "reader-correct.png"))


def test_reader_adds_an_event_from_the_selected_passage(cpage):
    doc = next(d for d in _get(cpage.base, "/api/documents") if d["name"].startswith("004_"))
    _goto(cpage, f"doc/{doc['id']}", "#add-event")
    before = len(_get(cpage.base, f"/api/documents/{doc['id']}")["events"])
    text = cpage.evaluate("""() => {
      const body = document.getElementById('doc-text');
      const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
      let node; while ((node = walker.nextNode())) if (node.textContent.trim().length > 60) break;
      const r = document.createRange(); r.setStart(node, 0); r.setEnd(node, 60);
      const sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(r);
      return r.toString();
    }""")
    cpage.select_option("select[name=new-type]", "TREATY")
    cpage.fill("input[name=new-date]", "1918-03-03")
    cpage.click("#add-event")
    cpage.wait_for_function(f"() => document.querySelectorAll('main .side li').length === {before + 1}", timeout=120_000)
    events = _get(cpage.base, f"/api/documents/{doc['id']}")["events"]
    added = [e for e in events if e["type"] == "TREATY" and e["evidence"] == text]
    assert len(added) == 1 and added[0]["when"]["gregorian"] == "1918-03-03"


def test_entity_page_renames_and_conflict_view_settles(cpage):
    _goto(cpage, "entity/petrograd", "#entity-tools")
    cpage.click("#entity-tools summary")
    cpage.fill("input[name=rename]", "Petrograd (Saint Petersburg)")
    cpage.locator("#entity-tools form").first.locator("button").click()
    cpage.wait_for_function("() => ((document.querySelector('main h1') || {}).textContent || '').startsWith('Petrograd (Saint Petersburg)')",
                            timeout=120_000)
    assert _get(cpage.base, "/api/entities/petrograd")["name"] == "Petrograd (Saint Petersburg)"
    _goto(cpage, "conflicts", "form.settle")
    form = cpage.locator("form.settle").first
    form.locator("input[name=note]").fill("Old Style against New Style")
    form.locator("button").click()
    cpage.wait_for_function("() => !!document.querySelector('main .curated') && "
                            "document.querySelector('main').textContent.includes('Old Style against New Style')",
                            timeout=120_000)
    settled = [c for c in _get(cpage.base, "/api/conflicts") if c["curated"].get("status")]
    assert len(settled) == 1 and settled[0]["curated"]["status"]["by"] == "operator"
    cpage.screenshot(path=str(SHOTS / "conflicts-settled.png"))


def test_review_queue_accepts_with_one_key(cpage):
    before = _get(cpage.base, "/api/review?limit=500")
    _goto(cpage, "review", "#review-list li.current")
    first = cpage.locator("#review-list li.current").get_attribute("data-key")
    cpage.keyboard.press("a")
    cpage.wait_for_function(f"() => !document.querySelector(\"#review-list li[data-key='{first}']\")", timeout=60_000)
    after = _get(cpage.base, "/api/review?limit=500")
    assert len(after) == len(before) - 1 and first not in {i["key"] for i in after}
    cpage.keyboard.press("j")
    assert cpage.locator("#review-list li.current").get_attribute("data-key") == after[1]["key"]
    cpage.screenshot(path=str(SHOTS / "review.png"))


def test_upload_shows_progress_and_builds(cpage, tmp_path):
    source = tmp_path / "decree.txt"
    source.write_text("Decree on Land\n\nOn 8 November 1917 the Congress of Soviets adopted the Decree on Land "
                      "in Petrograd. It abolished private ownership of land.\n", encoding="utf-8")
    broken = tmp_path / "empty.txt"
    broken.write_bytes(b"")
    before = len(_get(cpage.base, "/api/documents"))
    _goto(cpage, "documents", "#dropzone")
    cpage.set_input_files("#upload-input", [str(source), str(broken)])
    cpage.wait_for_function("() => (document.getElementById('upload-status') || {}).textContent && "
                            "document.getElementById('upload-status').textContent.includes('done')", timeout=180_000)
    status = cpage.locator("#upload-status").inner_text()
    assert "2 of 2" in status and "empty.txt" in status  # the empty file is named with its problem
    assert len(_get(cpage.base, "/api/documents")) == before + 1
    cpage.screenshot(path=str(SHOTS / "upload.png"))


def test_map_fits_zooms_and_keeps_labels_apart(cpage):
    _goto(cpage, "map", "#map svg g.place-city")
    boxes = cpage.evaluate("""() => [...document.querySelectorAll('#map svg g.event text')].map((t) => {
      const b = t.getBBox(); return [b.x, b.y, b.x + b.width, b.y + b.height, t.textContent]; })""")
    assert len(boxes) >= 3
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (a, b)
    kinds = cpage.evaluate("() => [...document.querySelectorAll('#map svg g.event')].map((g) => g.dataset.kind)")
    assert "city" in kinds and "country" in kinds
    assert cpage.locator("#map g.place-country circle").count() == 0  # a country is not drawn as a point
    x0 = cpage.locator("#map g.place-city circle").first.get_attribute("cx")
    cpage.click("text=Zoom in")
    assert cpage.locator("#map g.place-city circle").first.get_attribute("cx") != x0
    cpage.screenshot(path=str(SHOTS / "map.png"))


def test_timeline_edit_mode_opens_the_editor_in_place(cpage):
    _goto(cpage, "timeline", "#edit-mode")
    cpage.click("#edit-mode")
    cpage.locator("#timeline g.event").first.click()
    cpage.wait_for_selector("#timeline-editor details.editor[open] form.edit-event", timeout=30_000)
    assert cpage.evaluate("() => location.hash").startswith("#timeline")  # no navigation to the reader


def test_merge_and_reject_in_the_browser_then_a_forced_rebuild_keeps_every_correction(cpage, curate_db):
    import subprocess
    import sys

    from kbfixtures import REPO

    _goto(cpage, "entity/dukhonin", "#entity-tools")
    cpage.click("#entity-tools summary")
    cpage.fill("input[name=merge]", "N. Krylenko")
    cpage.locator("#entity-tools form").nth(1).locator("button").click()
    _wait_api(cpage.base, "/api/corrections", lambda rows: any(r["kind"] == "entity.merge" and r["status"] for r in rows))
    assert _get(cpage.base, "/api/entities/dukhonin")["id"] == "dukhonin"
    assert any(e["id"] == "dukhonin" for e in _get(cpage.base, "/api/entities?q=Krylenko"))
    doc = next(d for d in _get(cpage.base, "/api/documents") if d["name"].startswith("003_"))
    event = next(e for e in _get(cpage.base, f"/api/documents/{doc['id']}")["events"] if e["type"] == "PUBLICATION")
    _goto(cpage, f"doc/{doc['id']}", f"li[data-event='{event['id']}'] details.editor")
    item = cpage.locator(f"li[data-event='{event['id']}']")
    item.locator("summary").click()
    item.locator("button.danger").click()
    cpage.wait_for_function(f"() => !document.querySelector(\"li[data-event='{event['id']}']\") && !!document.querySelector('main .side')",
                            timeout=120_000)
    made = [r for r in _get(cpage.base, "/api/corrections") if not r["undone"]]
    assert {"entity.merge", "event.reject", "event.date"} <= {r["kind"] for r in made}
    run = subprocess.run([sys.executable, "-m", "fontes", "build", str(REPO / "examples" / "seeds"), "--force", "--no-embed",
                          "-q", "--db", str(curate_db)], cwd=REPO, capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"{len(made)} correction(s) re-applied" in run.stdout, run.stdout
    assert all(r["status"] == "applied" for r in _get(cpage.base, "/api/corrections") if not r["undone"])
    assert not any(e["evidence"] == event["evidence"] and e["type"] == "PUBLICATION"
                   for e in _get(cpage.base, f"/api/documents/{doc['id']}")["events"])
    assert any(e["id"] == "dukhonin" for e in _get(cpage.base, "/api/entities?q=Krylenko"))
    armistice = [r for r in _get(cpage.base, "/api/chronology?limit=5000")["rows"] if r["type"] == "ARMISTICE"
                 and r["curated"].get("date")]
    assert armistice and armistice[0]["julian"] == "1917-12-02"


def test_timeline_period_filters_the_linked_views_and_charts_save(cpage):
    all_entities = len(_get(cpage.base, "/api/entities?limit=5000"))
    _goto(cpage, "timeline", "#use-period")
    cpage.click("text=Zoom in")
    cpage.click("#use-period")
    cpage.wait_for_function("() => location.hash.includes('from=') && !!document.querySelector('#timeline rect.period')",
                            timeout=60_000)
    query = cpage.evaluate("() => { const p = new URLSearchParams(location.hash.split('?')[1]); "
                           "return `from=${p.get('from')}&to=${p.get('to')}`; }")
    cpage.click("#nav a[data-view='entities']")
    cpage.wait_for_selector("#period-note", timeout=60_000)
    assert query in cpage.evaluate("() => location.hash")
    shown = cpage.locator("#entity-table tr").count() - 1
    assert 0 < shown < all_entities
    assert shown == len(_get(cpage.base, f"/api/entities?limit=5000&{query}"))
    cpage.click("#nav a[data-view='network']")
    cpage.wait_for_selector("#period-note", timeout=60_000)
    with cpage.expect_download() as info:
        cpage.click("button.save-svg")
    path = info.value.path()
    head = Path(path).read_text(encoding="utf-8")[:400]
    assert "<svg" in head and info.value.suggested_filename == "fontes-network.svg"
    with cpage.expect_download() as info:
        cpage.click("button.save-png")
    assert Path(info.value.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    cpage.screenshot(path=str(SHOTS / "network-period.png"))


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="Debian's tesseract-ocr is not installed")
def test_reader_shows_the_scanned_page_with_the_evidence_highlighted(cpage, tmp_path):
    from make_sources import make_scan

    path = tmp_path / "scan.png"
    make_scan(["Petrograd, 9 November 1917.", "The Council of People's Commissars dismissed",
               "General Dukhonin from the post of Commander-in-Chief."], path, seed=3)
    _goto(cpage, "documents", "#dropzone")
    cpage.set_input_files("#upload-input", [str(path)])
    docs = _wait_api(cpage.base, "/api/documents", lambda ds: any(d["name"] == "scan.png" for d in ds), timeout=300)
    doc = next(d for d in docs if d["name"] == "scan.png")
    full = _get(cpage.base, f"/api/documents/{doc['id']}")
    # an event's evidence if the OCR'd text gave one, else the second line: highlighted in text and image
    span = next(((e["start"], e["end"]) for e in full["events"] if "Dukhonin" in e["evidence"]),
                (full["boxes"][1]["start"], full["boxes"][1]["end"]))
    _goto(cpage, f"doc/{doc['id']}?hl={span[0]}-{span[1]}", "#page-image img")
    cpage.wait_for_function("() => document.querySelector('#page-image img').naturalWidth > 0", timeout=60_000)
    assert cpage.locator("#page-image rect.box.hl").count() >= 1  # the evidence's lines on the image
    assert cpage.locator("#doc-text [data-hl]").count() >= 1  # and in the text
    image = urllib.request.urlopen(f"{cpage.base}/api/documents/{doc['id']}/pages/0/image", timeout=30).read()
    assert image[:8] == b"\x89PNG\r\n\x1a\n"
    cpage.screenshot(path=str(SHOTS / "reader-scan.png"))
