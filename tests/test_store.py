"""Store: round trips, idempotent saves, replaced versions, chronology queries, migrations."""

from __future__ import annotations

import copy
import hashlib
from pathlib import Path

import pytest
import sqlalchemy as sa

from fontes.errors import StoreError
from fontes.model import (
    Citation,
    Claim,
    Conflict,
    Corpus,
    CorpusEvent,
    Document,
    DualDate,
    Entity,
    Event,
    Mention,
    Role,
    Timex,
    Zone,
)
from fontes.store import KnowledgeBase, date_range

TEXT = ("Wireless Message\n"
        "Sent: 9 November, 1917\n"
        "Share this article\n"
        "On the night of November 7 the Council sent a wireless message to Commander-in-Chief Dukhonin.\n"
        "Dukhonin was dismissed on November 9.\n")


def _span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def make_doc(text: str = TEXT, path: str = "/corpus/002_wireless.txt") -> Document:
    """A document with every kind of annotation, as the stages would leave it."""
    doc = Document(id=hashlib.sha256(text.encode()).hexdigest(), path=path, text=text)
    lines, pos = [], 0
    for line in text.split("\n"):
        lines.append((pos, pos + len(line)))
        pos += len(line) + 1
    kinds = ["metadata", "metadata", "boilerplate", "body", "body"]
    doc.zones = [Zone(a, b, k, "share_button" if k == "boilerplate" else k) for (a, b), k in zip(lines, kinds)]
    doc.citation = Citation(title="Wireless Message", authors=["V. I. Lenin"],
                            date=DualDate("1917-11-22", "1917-11-09", "9 November, 1917"),
                            csl={"type": "document", "title": "Wireless Message"}, short="Lenin, Wireless Message")
    doc.genre, doc.calendar, doc.calendar_reason = "primary", "julian", "Russia before 1918-02-14"
    doc.dct = DualDate("1917-11-22", "1917-11-09", "9 November, 1917")
    s, e = _span(text, "the night of November 7")
    doc.timexes = [Timex(s, e, text[s:e], "TIME", "1917-11-07TNI", "1917-11-20TNI", "1917-11-07TNI",
                         calendar="julian", zone="body")]
    s1, e1 = _span(text, "Commander-in-Chief Dukhonin")
    s2, e2 = _span(text, "Dukhonin was")
    doc.mentions = [Mention(s1, e1, text[s1:e1], "PER", "dukhonin"), Mention(s2, s2 + 8, "Dukhonin", "PER", "dukhonin")]
    s3, e3 = _span(text, "On the night of November 7 the Council sent a wireless message to Commander-in-Chief Dukhonin.")
    s4, e4 = _span(text, "Dukhonin was dismissed on November 9.")
    doc.events = [
        Event("e1", "MESSAGE_SENT", s3, e3, text[s3:e3], trigger="sent", actors=["council"], targets=["dukhonin"],
              when=DualDate("1917-11-20TNI", "1917-11-07TNI"), timex_index=0, channel="wireless", doc_id=doc.id),
        Event("e2", "DISMISSAL", s4, e4, text[s4:e4], targets=["dukhonin"], when=DualDate("1917-11-22", "1917-11-09"),
              doc_id=doc.id),
    ]
    doc.entities = [Entity("dukhonin", "Dukhonin", "PER", aliases=["Commander-in-Chief Dukhonin"])]
    return doc


def make_corpus(docs: list[Document]) -> Corpus:
    doc = docs[0]
    return Corpus(
        documents=docs,
        entities=[Entity("dukhonin", "Nikolay Dukhonin", "PER", aliases=["Dukhonin", "Commander-in-Chief Dukhonin"],
                         roles=[Role("Commander-in-Chief", "1917-11-16", "1917-11-22", doc.id)], doc_ids=[doc.id],
                         mention_count=2),
                  Entity("council", "Council of People's Commissars", "ORG", doc_ids=[doc.id], mention_count=1)],
        events=[CorpusEvent("dismissal", "DISMISSAL", DualDate("1917-11-22", "1917-11-09"),
                            [Claim(doc.id, "e2", "1917-11-22", doc.events[1].evidence)], reasoning="one source",
                            targets=["dukhonin"])],
        conflicts=[Conflict("dismissal", [Claim(doc.id, "e2", "1917-11-22", "dismissed")], "calendar_shift",
                            "13 days apart", kind="date")],
    )


@pytest.fixture
def kb(tmp_path: Path) -> KnowledgeBase:
    with KnowledgeBase.open(tmp_path / "kb.db") as opened:
        yield opened


def test_store_document_round_trip_is_exact(kb: KnowledgeBase) -> None:
    doc = make_doc()
    kb.save_documents([copy.deepcopy(doc)])
    assert kb.document(doc.id).to_dict() == doc.to_dict()
    assert kb.document("002_wireless.txt").to_dict() == doc.to_dict()
    assert kb.document(doc.id[:10]).id == doc.id
    assert kb.document("nothing-like-it") is None


def test_store_corpus_round_trip(kb: KnowledgeBase) -> None:
    doc = make_doc()
    corpus = make_corpus([doc])
    kb.save(corpus)
    assert kb.entities() == corpus.entities
    assert kb.entity("commander-in-chief dukhonin") == corpus.entities[0]
    assert kb.entity("Nikolay Dukhonin").id == "dukhonin"
    assert kb.entity("nobody") is None
    assert kb.corpus_events() == corpus.events
    assert kb.conflicts() == corpus.conflicts
    mentions = kb.mentions_of("dukhonin", context=10)
    assert [m["text"] for m in mentions] == ["Commander-in-Chief Dukhonin", "Dukhonin"]
    assert mentions[1]["after"].startswith(" was dismi")


def test_store_saving_twice_leaves_every_row_unchanged(kb: KnowledgeBase) -> None:
    corpus = make_corpus([make_doc(), make_doc(TEXT + "A second copy, changed.\n", "/corpus/other.txt")])
    kb.save(corpus)
    first = kb.dump()
    kb.save(copy.deepcopy(corpus))
    assert kb.dump() == first
    assert sum(len(rows) for rows in first.values()) > 10


def test_store_changed_file_replaces_its_old_version(kb: KnowledgeBase) -> None:
    old = make_doc()
    kb.save_documents([old])
    new = make_doc(TEXT.replace("Wireless Message", "Wireless Message (revised)"))
    kb.save_documents([new])
    assert kb.document_ids() == [new.id]
    assert kb.document(old.id) is None
    assert len(kb.events()) == 2
    with kb.engine.connect() as conn:
        stale = conn.execute(sa.text("select count(*) from mentions where doc_id = :d"), {"d": old.id}).scalar_one()
    assert stale == 0


def test_store_same_content_from_another_path_keeps_one_document(kb: KnowledgeBase) -> None:
    kb.save_documents([make_doc()])
    kb.save_documents([make_doc(path="/elsewhere/copy.txt")])
    assert [d.path for d in kb.documents()] == ["/corpus/002_wireless.txt"]


def test_store_analysis_is_kept_apart_from_resolved_annotations(kb: KnowledgeBase) -> None:
    doc = make_doc()
    kb.save_analyses([copy.deepcopy(doc)])
    resolved = copy.deepcopy(doc)
    resolved.mentions[0].entity_id = "global-7"
    kb.save_documents([resolved])
    assert kb.analysed_documents()[0].mentions[0].entity_id == "dukhonin"
    assert kb.documents()[0].mentions[0].entity_id == "global-7"


@pytest.mark.parametrize("value,expected", [
    ("1917-11-07", ("1917-11-07", "1917-11-07")),
    ("1917-11-07TNI", ("1917-11-07", "1917-11-07")),
    ("1917-11-21T05:05", ("1917-11-21", "1917-11-21")),
    ("1917-11", ("1917-11-01", "1917-11-30")),
    ("1916-02", ("1916-02-01", "1916-02-29")),
    ("1917", ("1917-01-01", "1917-12-31")),
    ("1917-SP", ("1917-03-01", "1917-05-31")),
    ("1917-WI", ("1917-12-01", "1918-02-28")),
    ("19", ("1900-01-01", "1999-12-31")),
    ("191", ("1910-01-01", "1919-12-31")),
    ("1917-03-19/1917-04-17", ("1917-03-19", "1917-04-17")),
    ("P1D", (None, None)),
    ("PRESENT_REF", (None, None)),
    (None, (None, None)),
])
def test_store_date_range_of_timex_values(value: str | None, expected: tuple) -> None:
    assert date_range(value) == expected


def test_store_chronology_orders_merges_and_filters(kb: KnowledgeBase) -> None:
    doc = make_doc()
    kb.save(make_corpus([doc]))
    rows = kb.chronology()
    assert [r.type for r in rows] == ["MESSAGE_SENT", "DISMISSAL"]
    assert rows[0].dual_date() == "night of 20 November 1917 (O.S. night of 7 November)"
    assert rows[1].corpus_event == "dismissal"
    assert rows[1].sources[0].citation == "Lenin, Wireless Message"
    assert rows[1].sources[0].evidence == "Dukhonin was dismissed on November 9."
    # the same day asked for in either calendar
    assert [r.type for r in kb.chronology(date_from="1917-11-22", date_to="1917-11-22")] == ["DISMISSAL"]
    assert [r.type for r in kb.chronology(date_from="1917-11-09", date_to="1917-11-09", calendar="julian")] == [
        "DISMISSAL"]
    assert kb.chronology(date_from="1917-11-09", date_to="1917-11-09") == []
    assert [r.type for r in kb.chronology(entity="Commander-in-Chief Dukhonin")] == ["MESSAGE_SENT", "DISMISSAL"]
    assert [r.type for r in kb.chronology(entity="council")] == ["MESSAGE_SENT"]
    assert [r.type for r in kb.chronology(types=["dismissal"])] == ["DISMISSAL"]
    assert kb.chronology(entity="nobody at all") == []
    with pytest.raises(StoreError, match="not a date"):
        kb.chronology(date_from="November")


def test_store_open_names_the_problem(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        KnowledgeBase.open(tmp_path / "missing" / "kb.db")
    with pytest.raises(StoreError, match="is a folder"):
        KnowledgeBase.open(tmp_path)


def test_store_migrations_reach_head(kb: KnowledgeBase) -> None:
    from alembic.script import ScriptDirectory

    from fontes.store import alembic_config, metadata

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    with kb.engine.connect() as conn:
        assert conn.execute(sa.text("select version_num from alembic_version")).scalar_one() == head
        tables = set(sa.inspect(conn).get_table_names())
    assert set(metadata.tables) <= tables


@pytest.mark.postgres
def test_store_round_trip_on_postgresql() -> None:
    import pg

    if not pg.available():
        pytest.skip("PostgreSQL server not installed (apt-get install postgresql)")
    with pg.running_postgres() as url, KnowledgeBase.open(url) as kb:
        doc = make_doc()
        corpus = make_corpus([doc])
        kb.save(copy.deepcopy(corpus))
        first = kb.dump()
        kb.save(copy.deepcopy(corpus))
        assert kb.dump() == first
        assert kb.document(doc.id).to_dict() == doc.to_dict()
        assert [r.type for r in kb.chronology(date_from="1917-11-09", date_to="1917-11-09", calendar="julian")] == [
            "DISMISSAL"]


@pytest.mark.parametrize(("value", "calendar", "problem"), [
    ("1917-13-45", None, "month 13 does not exist"),
    ("1917-02-30", None, "day 30 does not exist in month 2 of 1917"),
    ("1900-02-29", "gregorian", "day 29 does not exist in month 2 of 1900 in the gregorian calendar"),
    ("1900-02-29", "julian", None),  # every fourth Julian year is a leap year
    ("2000-02-29", "gregorian", None),
    ("1917-11", None, None),
    ("1917", None, None),
    ("1917-1-5", None, "not a date"),
])
def test_store_user_date_bounds_must_exist(value, calendar, problem):
    from fontes.store import bound, date_problem

    assert date_problem(value, calendar) == problem
    if problem and calendar is None:
        with pytest.raises(StoreError, match=problem):
            bound(value, upper=False)
