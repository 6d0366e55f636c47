"""Corrections: a user's decisions survive rebuilds, --force and new documents; orphans are reported; undo works."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from fontes import curate
from fontes.build import build
from fontes.corrections import CorrectionError, dual_date
from fontes.settings import DEFAULTS
from fontes.store import KnowledgeBase, conflict_id

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "examples" / "seeds"
GOLD_CHECK = REPO.parent / "shared" / "gold" / "check_gold.py"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("seeds")
    for f in sorted(SEEDS.iterdir()):
        shutil.copy(f, folder / f.name)
    db = folder.parent / "base.db"
    with KnowledgeBase.open(db) as kb:
        build([folder], kb, DEFAULTS)
    return folder, db


@pytest.fixture
def kb(built, tmp_path) -> KnowledgeBase:
    _, db = built
    copy = tmp_path / "kb.db"
    shutil.copy(db, copy)
    with KnowledgeBase.open(copy) as kb:
        yield kb


def _rebuild(kb: KnowledgeBase, folder: Path, *, force: bool = False):
    return build([folder], kb, DEFAULTS, force=force)


def _event(kb: KnowledgeBase, type_: str, doc_prefix: str):
    for doc in kb.documents():
        if doc.name.startswith(doc_prefix):
            return next(e for e in doc.events if e.type == type_)
    raise AssertionError(type_)


def test_retype_rename_survive_force_rebuild(kb, built) -> None:
    folder, _ = built
    before = kb.entity("Petrograd")
    assert before is not None and before.type == "LOC"
    anchor = curate.entity_anchor(kb, "Petrograd")
    curate.decide(kb, "entity.retype", anchor, {"type": "ORG"}, author="ana", reason="test")
    curate.decide(kb, "entity.rename", anchor, {"name": "Petrograd (city)"}, author="ana")
    for force in (False, True):
        report = _rebuild(kb, folder, force=force)
        assert report.corrections == 2 and not report.orphaned
        entity = kb.entity("Petrograd")
        assert entity.type == "ORG" and entity.name == "Petrograd (city)"
        assert "Petrograd" in entity.aliases
        assert entity.curated["type"]["by"] == "ana" and entity.curated["type"]["why"] == "test"


def test_merge_and_split(kb) -> None:
    a, b = kb.entity("Dukhonin"), kb.entity("N. Krylenko")
    n_before = len(kb.entities())
    curate.decide(kb, "entity.merge", curate.entity_anchor(kb, a.id),
                  {"with": [curate.entity_anchor(kb, b.id)]}, author="ana")
    merged = kb.entity("Dukhonin")
    assert kb.entity("Krylenko").id == merged.id and len(kb.entities()) == n_before - 1
    mentions = kb.mentions_of(merged.id)
    assert any(m["text"] == "Krylenko" for m in mentions)
    # split the Krylenko mentions off again, under a new name
    docs = kb.documents()
    from fontes import corrections

    krylenko = [corrections.passage_anchor(d, m.start, m.end) for d in docs for m in d.mentions
                if m.entity_id == merged.id and "Krylenk" in m.text]
    assert krylenko
    curate.decide(kb, "entity.split", curate.entity_anchor(kb, merged.id), {"mentions": krylenko, "name": "Nikolai Krylenko"},
                  author="ana")
    split = kb.entity("Nikolai Krylenko")
    assert split is not None and split.id != merged.id and split.type == "PER"
    assert not any("Krylenk" in m["text"] for m in kb.mentions_of(kb.entity("Dukhonin").id))


def test_event_date_in_julian_reject_and_add(kb, built) -> None:
    folder, _ = built
    event = _event(kb, "ARMISTICE", "000_")
    anchor = curate.event_anchor(kb, event.id)
    curate.decide(kb, "event.date", anchor, {"value": "1917-12-02", "calendar": "julian"}, author="ana",
                  reason="the source writes Old Style here")
    rejected = _event(kb, "PUBLICATION", "003_")
    curate.decide(kb, "event.reject", curate.event_anchor(kb, rejected.id), author="ana")
    doc = next(d for d in kb.documents() if d.name.startswith("004_"))
    sentence = doc.text[doc.events[0].start:doc.events[0].end]
    curate.decide(kb, "event.add", curate.passage_anchor(kb, doc.name, sentence),
                  {"type": "REVOLUTION", "date": {"value": "1917-11-07"}}, author="ana")
    for force in (False, True):
        _rebuild(kb, folder, force=force)
        ev = next(e for d in kb.documents() for e in d.events if e.evidence == event.evidence and e.type == "ARMISTICE")
        assert (ev.when.gregorian, ev.when.julian) == ("1917-12-15", "1917-12-02")
        assert ev.curated["date"]["why"] == "the source writes Old Style here"
        assert not any(e.evidence == rejected.evidence and e.type == "PUBLICATION"
                       for d in kb.documents() for e in d.events)
        added = [e for d in kb.documents() for e in d.events if e.type == "REVOLUTION" and e.evidence == sentence]
        assert len(added) == 1 and added[0].when.gregorian == "1917-11-07"
        assert any(r.type == "ARMISTICE" and r.gregorian_start == "1917-12-15" for r in kb.chronology())


def test_settle_conflict_and_calendar(kb, built) -> None:
    folder, _ = built
    conflict = kb.conflicts()[0]
    cid = conflict_id(conflict)
    curate.decide(kb, "conflict.settle", curate.conflict_anchor(kb, cid),
                  {"status": "explained", "note": "ceasefire vs armistice"}, author="ana")
    doc = next(d for d in kb.documents() if d.name.startswith("003_"))
    curate.decide(kb, "calendar.set", curate.passage_anchor(kb, doc.name), {"calendar": "julian"}, author="ana",
                  reason="written in Moscow before 1918-02-14")
    _rebuild(kb, folder, force=True)
    settled = [c for c in kb.conflicts() if c.curated.get("status")]
    assert len(settled) == 1 and settled[0].curated["status"]["note"] == "ceasefire vs armistice"
    doc = next(d for d in kb.documents() if d.name.startswith("003_"))
    assert doc.calendar == "julian" and doc.calendar_reason.startswith("set by ana")
    dated = [t for t in doc.timexes if t.value and t.value[:4].isdigit() and len(t.value) == 10]
    assert dated and all(t.julian == t.value and t.gregorian != t.value for t in dated)


def test_orphan_reported_and_undo(kb, built, tmp_path) -> None:
    folder, _ = built
    anchor = curate.entity_anchor(kb, "Germany")
    d, outcome = curate.decide(kb, "entity.retype", anchor, {"type": "ORG"}, author="ana")
    assert outcome.applied and kb.entity("Germany").type == "ORG"
    assert curate.history(kb, "Germany")[0]["id"] == d.id
    assert curate.undo(kb, d.id)
    assert kb.entity("Germany").type == "LOC"
    assert kb.decision_rows()[-1]["undone"]
    # a correction on a document that goes away is reported, not dropped
    doc = next(dd for dd in kb.documents() if dd.name.startswith("002_"))
    curate.decide(kb, "event.reject", curate.event_anchor(kb, doc.events[0].id), author="ana")
    from fontes.build import remove

    report = remove([doc.id], kb, DEFAULTS)
    assert len(report.orphaned) == 1 and "no longer exists" in report.orphaned[0]
    assert kb.decision_rows()[-1]["status"] == "orphaned"


def test_bad_corrections_refused(kb) -> None:
    with pytest.raises(CorrectionError):
        dual_date("1917-02-30", "gregorian")
    assert dual_date("1900-02-29", "julian").gregorian == "1900-03-13"
    with pytest.raises(CorrectionError):
        curate.decide(kb, "entity.retype", curate.entity_anchor(kb, "Germany"), {"type": "CITY"}, author="ana")
    with pytest.raises(CorrectionError):
        curate.entity_anchor(kb, "Nobody at all")
    with pytest.raises(CorrectionError):
        curate.passage_anchor(kb, "000_31b468837f8ece58.txt", "a sentence that is not there")
    assert kb.decision_rows() == []


def test_as_gold_validates(kb, tmp_path) -> None:
    event = _event(kb, "ARMISTICE", "000_")
    curate.decide(kb, "event.type", curate.event_anchor(kb, event.id), {"type": "CEASEFIRE"}, author="ana")
    written = curate.as_gold(kb, tmp_path / "gold")
    assert [p.name for p in written] == [next(d.name for d in kb.documents() if d.name.startswith("000_")) + ".json"]
    gold = json.loads(written[0].read_text())
    assert any(e["type"] == "CEASEFIRE" and e["evidence"] == event.evidence for e in gold["events"])
    if GOLD_CHECK.exists():
        run = subprocess.run([sys.executable, str(GOLD_CHECK), str(tmp_path / "gold"), str(SEEDS)],
                             capture_output=True, text=True)
        assert run.returncode == 0, run.stdout + run.stderr


def test_api_corrections_attributed_to_named_users(kb, tmp_path) -> None:
    from fastapi.testclient import TestClient

    from fontes.api import create_app

    db = kb.engine.url.database
    app = create_app(db, token="operator-secret-0123456789", users={"ana": "ana-secret-0123456789abc"})
    client = TestClient(app)
    body = {"kind": "entity.retype", "entity": "Germany", "type": "ORG", "reason": "a state as an actor"}
    assert client.post("/api/corrections", json=body).status_code == 401
    assert client.post("/api/corrections", json=body,
                       headers={"Authorization": "Bearer ana-secret-0123456789abX"}).status_code == 401
    made = client.post("/api/corrections", json=body, headers={"Authorization": "Bearer ana-secret-0123456789abc"})
    assert made.status_code == 201, made.text
    assert made.json()["author"] == "ana" and made.json()["applied"]
    assert client.get("/api/entities/germany").json()["type"] == "ORG"
    listed = client.get("/api/corrections", params={"about": "Germany"}).json()
    assert [(r["kind"], r["author"], r["reason"]) for r in listed] == [("entity.retype", "ana", "a state as an actor")]
    merge = client.post("/api/corrections", json={"kind": "entity.merge", "entity": "Dukhonin", "with": ["Krylenko"]},
                        headers={"Authorization": "Bearer operator-secret-0123456789"})
    assert merge.status_code == 201 and merge.json()["author"] == "operator"
    for bad in ({"kind": "entity.retype", "entity": "Germany", "type": "CITY"},
                {"kind": "entity.retype", "entity": "Nobody", "type": "PER"},
                {"kind": "drop.table", "entity": "Germany"},
                {"kind": "event.date", "event": "x#e1", "value": "1917-02-30"}):
        r = client.post("/api/corrections", json=bad, headers={"Authorization": "Bearer ana-secret-0123456789abc"})
        assert r.status_code == 422, (bad, r.text)
    conflict = client.get("/api/conflicts").json()[0]
    settle = client.post("/api/corrections", json={"kind": "conflict.settle", "conflict": conflict["id"],
                                                   "status": "settled", "note": "checked the archive"},
                         headers={"Authorization": "Bearer ana-secret-0123456789abc"})
    assert settle.status_code == 201, settle.text
    assert any(c["curated"].get("status", {}).get("note") == "checked the archive" for c in client.get("/api/conflicts").json())
    undo = client.delete(f"/api/corrections/{made.json()['id']}", headers={"Authorization": "Bearer ana-secret-0123456789abc"})
    assert undo.status_code == 200 and client.get("/api/entities/germany").json()["type"] == "LOC"
    assert client.delete("/api/corrections/999", headers={"Authorization": "Bearer ana-secret-0123456789abc"}).status_code == 404


def test_exports_mark_curated_values(kb) -> None:
    from lxml import etree

    from fontes.export import chronology_csv, chronology_json, tei_documents

    event = _event(kb, "ARMISTICE", "000_")
    curate.decide(kb, "event.date", curate.event_anchor(kb, event.id), {"value": "1917-12-02", "calendar": "julian"},
                  author="ana", reason="O.S. in the source")
    csv_text = chronology_csv(kb)
    assert "date by ana" in csv_text and "O.S. in the source" in csv_text
    rows = json.loads(chronology_json(kb))
    assert any(r["curated"].get("date", {}).get("by") == "ana" for r in rows)
    tei = tei_documents(kb)
    name = next(n for n in tei if n.startswith("000_"))
    root = etree.fromstring(tei[name])
    ns = {"t": "http://www.tei-c.org/ns/1.0"}
    assert root.xpath("//t:respStmt/t:name/text()", namespaces=ns) == ["ana"]
    assert root.xpath("//t:event[@resp='#user-ana']/@when", namespaces=ns) == ["1917-12-15"]


def test_review_queue_least_sure_first_and_answers_leave_it(kb) -> None:
    from click.testing import CliRunner

    from fontes import review
    from fontes.cli import cli

    items = review.queue(kb, limit=None)
    assert items and [i.score for i in items] == sorted((i.score for i in items), reverse=True)
    kinds = {i.kind for i in items}
    assert {"conflict", "merge", "undated_event"} <= kinds
    top = items[0]
    curate.decide(kb, "review.accept", {"item": top.key}, {}, author="ana")
    undated = next(i for i in review.queue(kb, limit=None) if i.kind == "undated_event")
    kind, target, change = curate.from_request(kb, {**undated.target, "kind": "event.date", "value": "1917-11"})
    curate.decide(kb, kind, target, change, author="ana")
    left = {i.key for i in review.queue(kb, limit=None)}
    assert top.key not in left and undated.key not in left and len(left) == len(items) - 2
    # the interactive command: 'a' accepts the first item shown
    db = kb.engine.url.database
    result = CliRunner().invoke(cli, ["review", "-i", "--limit", "1", "--by", "ben", "--db", db], input="a\n")
    assert result.exit_code == 0, result.output
    assert kb.decision_rows()[-1]["kind"] == "review.accept" and kb.decision_rows()[-1]["author"] == "ben"
    assert len(review.queue(kb, limit=None)) == len(items) - 3
