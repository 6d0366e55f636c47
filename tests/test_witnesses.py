"""Witnesses, not copies (issue 11): reprints and versions of one text are grouped, count once, never
conflict with each other, and their differences are variants. Real SQLite builds through build.build."""

from __future__ import annotations

import codecs
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from fontes.build import build
from fontes.cli import cli
from fontes.model import Document
from fontes.settings import DEFAULTS
from fontes.store import KnowledgeBase
from fontes.witnesses import analysed_once, group_witnesses

SEEDS = Path(__file__).resolve().parents[1] / "examples" / "seeds"
COPIES = 60
VARIANT_HAPPENINGS = 7  # happenings whose date the five edits change (see the test)
# five edited versions: one date changed in a copy (file, as the text has it, as the version has it, new N.S. value)
EDITS = [
    ("000_31b468837f8ece58.txt", "signed on 16 December 1917", "signed on 18 December 1917", "1917-12-18"),
    ("001_422fcbee4e60ca0c.txt", "was declared on December 2.", "was declared on December 4.", "1917-12-04"),
    ("001_422fcbee4e60ca0c.txt", "On November 8, 1917, one day after", "On November 9, 1917, one day after", "1917-11-09"),
    ("002_0d7dc69e49c0d186.txt", "by the evening of November 8,", "by the evening of November 9,", "1917-11-22TEV"),
    ("003_5796e506de920681.txt", "held on October 3 on Lenin", "held on October 5 on Lenin", "1918-10-05"),
]
SETTINGS = DEFAULTS  # build() stores no sentence vectors (the CLI adds them unless --no-embed)


def _variant_bytes(text: str, n: int) -> bytes:
    """The n-th way of saving one text: line endings, byte order mark, trailing blank lines (all distinct)."""
    newline = ("\n", "\r\n", "\r")[n % 3]
    bom = codecs.BOM_UTF8 if (n // 3) % 2 else b""
    tail = "\n" * (n // 6)
    return bom + (text + tail).replace("\n", newline).encode("utf-8")


def _copy_tree(root: Path) -> list[Path]:
    """60 copies of the examples (each file saved differently) and the 5 edited versions."""
    folders = []
    for n in range(COPIES):
        folder = root / f"collection{n:02d}"
        folder.mkdir(parents=True)
        for source in sorted(SEEDS.iterdir()):
            (folder / source.name).write_bytes(_variant_bytes(source.read_text("utf-8"), n))
        folders.append(folder)
    for n, (name, old, new, _) in enumerate(EDITS):
        folder = root / f"version{n}"
        folder.mkdir()
        text = (SEEDS / name).read_text("utf-8")
        assert text.count(old) == 1, old
        (folder / name).write_text(text.replace(old, new), "utf-8")
        folders.append(folder)
    return folders


def _open(path: Path) -> KnowledgeBase:
    return KnowledgeBase.open(path)


def _conflicts(kb: KnowledgeBase) -> list[tuple]:
    names = {d["id"]: d["name"] for d in kb.document_rows()}
    return sorted((c.about, c.kind, c.diagnosis, tuple(sorted((names[x.doc_id], x.says) for x in c.claims)))
                  for c in kb.conflicts())


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("witnesses")
    alone = root / "alone"
    shutil.copytree(SEEDS, alone)
    with _open(root / "alone.db") as kb:
        build([alone], kb, SETTINGS)
        expected = {"conflicts": _conflicts(kb), "events": len(kb.corpus_events())}
    folders = _copy_tree(root / "copies")
    kb = _open(root / "copies.db")
    first = build(folders, kb, SETTINGS)
    state = (_conflicts(kb), [v.explanation for v in kb.variants()], kb.witnesses(), len(kb.corpus_events()))
    again = build(folders, kb, SETTINGS)
    yield {"expected": expected, "kb": kb, "first": first, "again": again, "state": state, "db": root / "copies.db"}
    kb.close()


def test_witnesses_copies_give_the_conflicts_of_the_examples_alone(builds: dict) -> None:
    kb, expected = builds["kb"], builds["expected"]
    assert builds["first"].documents == COPIES * 5 + len(EDITS)
    # the three disagreements between the examples' sources (any consistency finding of one source comes on top)
    assert sorted(c[1] for c in expected["conflicts"] if c[1] != "consistency") == ["date", "participants", "status"]
    assert _conflicts(kb) == expected["conflicts"]  # the same three records, the same claims: counted once
    assert len(kb.corpus_events()) == expected["events"]  # grows with happenings, not with documents


def test_witnesses_group_every_copy_and_version_under_one_text(builds: dict) -> None:
    kb = builds["kb"]
    texts: dict[str, list[str]] = {}
    for doc_id, text in kb.witnesses().items():
        texts.setdefault(text, []).append(doc_id)
    names = {d["id"]: d["name"] for d in kb.document_rows()}
    assert sorted((names[t], len(ids)) for t, ids in texts.items()) == [
        ("000_31b468837f8ece58.txt", 61), ("001_422fcbee4e60ca0c.txt", 62), ("002_0d7dc69e49c0d186.txt", 61),
        ("003_5796e506de920681.txt", 61), ("004_6d10e45efc83a1df.txt", 60)]


def test_witnesses_edited_dates_are_variants_not_conflicts(builds: dict) -> None:
    kb = builds["kb"]
    variants = kb.variants()
    assert all(v.kind == "variant" and v.diagnosis == "variant" for v in variants)
    paths = {d["id"]: d["path"] for d in kb.document_rows()}
    readings = {(Path(paths[c.doc_id]).parent.name, c.says) for v in variants for c in v.claims}
    for n, (_, _, _, value) in enumerate(EDITS):
        assert (f"version{n}", value) in readings, (n, value)
    # one record per happening, with the text's reading and each version's; an edit can change the
    # dates of several happenings ("held on October 3" dates the session's speech, proposal and adoption;
    # "November 8, 1917, one day after" the uprising of the day before too), and two edits one happening
    assert len(variants) == len({v.about for v in variants}) == VARIANT_HAPPENINGS
    for v in variants:
        versions = [c for c in v.claims if Path(paths[c.doc_id]).parent.name.startswith("version")]
        assert versions and len(v.claims) == 2 * len(versions)  # one copy's reading per version's
        assert re.search(r"One text in 6[12] witnesses", v.explanation)


def test_witnesses_rebuild_changes_nothing(builds: dict) -> None:
    again, kb = builds["again"], builds["kb"]
    assert not again.analysed and len(again.unchanged) == COPIES * 5 + len(EDITS)
    assert (again.documents, again.events, again.conflicts) == (builds["first"].documents, builds["first"].events,
                                                                 builds["first"].conflicts)
    now = (_conflicts(kb), [v.explanation for v in kb.variants()], kb.witnesses(), len(kb.corpus_events()))
    assert now == builds["state"]


def test_witnesses_cli_lists_variants_apart_from_conflicts(builds: dict) -> None:
    result = CliRunner().invoke(cli, ["conflicts", "--db", str(builds["db"])])
    assert result.exit_code == 0, result.output
    head, _, tail = result.output.partition("Variants")
    assert head.count("calendar shift") >= 1 and "variant" not in head.split("\n", 1)[0]
    assert f"{VARIANT_HAPPENINGS} happening(s) where witnesses of one text" in " ".join(tail.split())
    assert "18 December 1917" in tail and "18 December 1917" not in head
    only = CliRunner().invoke(cli, ["conflicts", "--db", str(builds["db"]), "--variants", "--format", "json"])
    assert only.exit_code == 0 and only.output.count('"kind": "variant"') == VARIANT_HAPPENINGS


# --- grouping itself ---------------------------------------------------------------------------

def _doc(name: str, text: str) -> Document:
    return Document(id=name * 4, path=f"/x/{name}.txt", text=text)


ARTICLE = ("The garrison of the fortress held out for eleven weeks against the besieging army, which had "
           "brought heavy guns up the river on barges. When the outer wall was breached in the north-east "
           "corner the commander offered to surrender on terms, and the garrison marched out with its arms "
           "and colours on the morning of the fourteenth, as the treaty of capitulation laid down. ")


def test_witnesses_versions_group_and_other_texts_on_the_subject_do_not() -> None:
    version = ARTICLE.replace("eleven weeks", "twelve weeks").replace("fourteenth", "fifteenth")
    other = ("Historians still argue about the siege: the besieging army brought heavy guns, the garrison held "
             "out for weeks, and the commander surrendered on terms, but the sources give the weeks and the day "
             "differently, and the treaty of capitulation survives only in a later copy made for the archive.")
    docs = [_doc("a", ARTICLE), _doc("b", version), _doc("c", other), _doc("d", ARTICLE + "\n")]
    texts = group_witnesses(docs)
    assert texts.same_text("aaaa", "bbbb", "dddd") and not texts.same_text("aaaa", "cccc")
    assert texts.similarity["bbbb"] >= 0.7 and texts.similarity["dddd"] == 1.0


def test_witnesses_a_short_note_is_a_text_of_its_own() -> None:
    texts = group_witnesses([_doc("a", "Peace signed."), _doc("b", "Peace signed.")])
    assert not texts.same_text("aaaa", "bbbb")


def test_witnesses_a_build_analyses_each_text_once() -> None:
    docs = [_doc("a", "One text.\n"), _doc("a", "One text.\n\n"), _doc("b", "Another.")]
    docs[1].path = "/y/a.txt"
    seen: list[str] = []

    def analyse(batch: list[Document]):
        for doc in batch:
            seen.append(doc.path)
            yield doc

    out = list(analysed_once(docs, analyse))
    assert seen == ["/x/a.txt", "/x/b.txt"]
    assert [d.path for d in out] == ["/x/a.txt", "/y/a.txt", "/x/b.txt"] and out[1].text == "One text.\n\n"


def test_witnesses_api_gives_conflicts_and_variants_apart(builds: dict) -> None:
    from fastapi.testclient import TestClient

    from fontes.api import create_app

    client = TestClient(create_app(builds["db"], token=""), raise_server_exceptions=False)
    conflicts = client.get("/api/conflicts")
    variants = client.get("/api/conflicts", params={"variants": "true"})
    assert conflicts.status_code == variants.status_code == 200
    assert len(conflicts.json()) == len(builds["expected"]["conflicts"])
    assert "variant" not in {c["kind"] for c in conflicts.json()}
    assert [c["kind"] for c in variants.json()] == ["variant"] * VARIANT_HAPPENINGS
    assert all(claim["start"] is not None for v in variants.json() for claim in v["claims"])  # quoted from the text
