"""Chronology read a page at a time (issue 12): the same rows, in the same order, as the whole chronology."""

from __future__ import annotations

import csv
import io
import json
import random

import pytest
from click.testing import CliRunner
from kbfixtures import invented_kb

from fontes.cli import cli
from fontes.model import Corpus, Document, DualDate, Entity, Event, Mention, Zone
from fontes.store import KnowledgeBase, date_range


@pytest.fixture(scope="module")
def kb(tmp_path_factory) -> KnowledgeBase:
    return invented_kb(tmp_path_factory.mktemp("chronology") / "kb.db")


@pytest.fixture(scope="module")
def crowded(tmp_path_factory) -> KnowledgeBase:
    """Many events on few days (ties across page boundaries), some undated, some with long spans."""
    rng = random.Random(12)
    kb = KnowledgeBase.open(tmp_path_factory.mktemp("crowded") / "kb.db")
    people = [Entity(f"p{i}", f"Person {i}", "PER", aliases=[f"P{i}"]) for i in range(6)]
    docs = []
    for n in range(60):
        day = rng.choice(["1850-03-15", "1850-03-15", "1850-03-16", "1850-04", "1851", None])
        text = f"Document {n}: Person {n % 6} met Person {(n + 1) % 6}. Nothing else happened."
        doc = Document(id=f"{n:04d}" + "0" * 60, path=f"gen/{n:03d}.txt", text=text, genre="primary",
                       calendar="gregorian", zones=[Zone(0, len(text), "body")])
        doc.citation.short = f"Source {n}"
        name = f"Person {n % 6}"
        doc.mentions = [Mention(text.index(name), text.index(name) + len(name), name, "PER", f"p{n % 6}")]
        doc.events = [Event(id=f"e{k}", type=rng.choice(["ORDER", "TREATY", "SPEECH"]), start=0, end=20,
                            evidence=text[:20], actors=[f"p{n % 6}"], targets=[f"p{(n + 1) % 6}"],
                            when=DualDate(day) if day else None, doc_id=doc.id) for k in range(rng.randint(1, 3))]
        docs.append(doc)
    kb.save_documents(docs)
    kb.save_corpus(Corpus(entities=people))
    assert date_range("1850-04")[0]
    return kb


FILTERS = [{}, {"include_undated": True}, {"date_from": "1850-03-16"}, {"date_to": "1850-03-31"},
           {"date_from": "1850-03-01", "date_to": "1850-03-05", "calendar": "julian"}, {"types": ["TREATY"]},
           {"entity": "ostrovo"}, {"entity": "Person 3"}, {"entity": "nobody"}, {"date_from": "1851", "include_undated": True}]


@pytest.mark.parametrize("filters", FILTERS)
@pytest.mark.parametrize("pages", [(1, 1), (2, 3), (100, 4000)])
def test_chronology_pages_equal_the_whole(kb, crowded, filters, pages):
    for base in (kb, crowded):
        whole = base.chronology(**filters)
        paged = list(base.iter_chronology(**filters, first_page=pages[0], page=pages[1]))
        assert [r.to_dict() for r in paged] == [r.to_dict() for r in whole]


def test_chronology_command_streams_the_same_output(crowded):
    """csv and json from the command equal the whole chronology's rows, in order."""
    db = str(crowded.engine.url.database)
    runner = CliRunner()
    whole = crowded.chronology()
    out = runner.invoke(cli, ["chronology", "--db", db, "--format", "json"])
    assert out.exit_code == 0, out.output
    rows = json.loads(out.output)
    assert [r["id"] for r in rows] == [r.id for r in whole]
    assert out.output == json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    out = runner.invoke(cli, ["chronology", "--db", db, "--format", "csv"])
    got = list(csv.DictReader(io.StringIO(out.output)))
    assert [r["gregorian"] for r in got] == [r.gregorian or "" for r in whole]
    table = runner.invoke(cli, ["chronology", "--db", db])
    assert table.exit_code == 0 and f"{len(whole)} events" in table.output
    # a short first table (its rows show at once), then tables of CHRONOLOGY_PAGE rows
    assert "Chronology, events 1–10 " in table.output and "Chronology, events 11–60 " in table.output
    empty = runner.invoke(cli, ["chronology", "--db", db, "--format", "json", "--from", "1990"])
    assert empty.output == "[]\n"
