"""CLI: build (idempotent, bad files reported one line each), chronology, entities, show, conflicts, annotate."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from fontes.cli import cli
from fontes.store import KnowledgeBase

SEEDS = Path(__file__).resolve().parents[1] / "examples" / "seeds"
WIRELESS = "002_0d7dc69e49c0d186.txt"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example corpus built once into a database shared by the read-only tests."""
    tmp = tmp_path_factory.mktemp("built")
    corpus = tmp / "seeds"
    shutil.copytree(SEEDS, corpus)
    db = tmp / "fontes.db"
    result = run("build", str(corpus), "--db", str(db), "--quiet")
    assert result.exit_code == 0, result.output + result.stderr
    return db


def test_cli_help_shows_examples() -> None:
    result = run("--help")
    assert result.exit_code == 0
    assert "fontes build examples/seeds" in result.output
    for command in ("build", "chronology", "entities", "entity", "show", "conflicts", "annotate", "eval"):
        assert command in result.output
    assert "Examples:" in run("chronology", "--help").output


def test_cli_help_lists_the_lazy_commands_without_importing_them() -> None:
    import importlib
    import subprocess
    import sys

    from click.utils import make_default_short_help

    from fontes.cli import LAZY_COMMANDS, LAZY_HELP

    assert set(LAZY_HELP) == set(LAZY_COMMANDS)
    for name, (module, attribute) in LAZY_COMMANDS.items():
        command = getattr(importlib.import_module(module), attribute)
        for limit in (40, 60, 200):  # the listed help is the command's own, at every terminal width
            assert make_default_short_help(LAZY_HELP[name], limit) == command.get_short_help_str(limit), name
    probe = ("import sys; from fontes.cli import cli; cli(['--help'], standalone_mode=False); "
             "print(sorted(m for m in sys.modules if m in ('fontes.api', 'fontes.export', 'fontes.cli_curate', "
             "'fontes.time', 'fastapi', 'fontes.search', 'fontes.ask')))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert "Commands:" in out and "corrections" in out and out.strip().endswith("[]"), out


def test_cli_build_twice_leaves_the_database_unchanged(built: Path, tmp_path: Path) -> None:
    db = tmp_path / "copy.db"
    shutil.copy(built, db)
    with KnowledgeBase.open(db) as kb:
        before = kb.dump()
    corpus = built.parent / "seeds"
    result = run("build", str(corpus), "--db", str(db), "--quiet")
    assert result.exit_code == 0, result.stderr
    assert "5 unchanged" in result.output
    with KnowledgeBase.open(db) as kb:
        assert kb.dump() == before
    # re-running every stage from scratch gives the same rows too
    result = run("build", str(corpus), "--db", str(db), "--quiet", "--force")
    assert result.exit_code == 0, result.stderr
    with KnowledgeBase.open(db) as kb:
        assert kb.dump() == before
    assert len(before["documents"]) == 5


@pytest.mark.slow
def test_cli_build_with_workers_gives_the_same_database(built: Path, tmp_path: Path) -> None:
    db = tmp_path / "parallel.db"
    result = run("build", str(built.parent / "seeds"), "--db", str(db), "--quiet", "--workers", "2")
    assert result.exit_code == 0, result.stderr
    with KnowledgeBase.open(built) as one, KnowledgeBase.open(db) as two:
        assert two.dump() == one.dump()


def test_cli_build_changed_file_replaces_its_old_version(tmp_path: Path) -> None:
    folder = tmp_path / "src"
    folder.mkdir()
    note = folder / "note.txt"
    note.write_text("On 3 March 1918 the treaty was signed at Brest-Litovsk.\n", encoding="utf-8")
    db = str(tmp_path / "kb.db")
    assert run("build", str(folder), "--db", db, "-q").exit_code == 0
    note.write_text("On 3 March 1918 the peace treaty was signed.\n", encoding="utf-8")
    assert run("build", str(folder), "--db", db, "-q").exit_code == 0
    with KnowledgeBase.open(db) as kb:
        docs = kb.documents()
    assert [d.text for d in docs] == ["On 3 March 1918 the peace treaty was signed.\n"]


def test_cli_build_reports_each_bad_file_on_one_line_and_builds_the_rest(tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "picture.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "broken.txt").write_bytes("Café — ok\nbroken ".encode() + b"\xff\xfe here\n")
    shutil.copy(SEEDS / WIRELESS, folder / WIRELESS)
    db = tmp_path / "kb.db"
    result = run("build", str(folder), "--db", str(db), "--quiet")
    assert result.exit_code == 0
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 3, result.stderr
    for name, problem in (("picture.txt", "binary"), ("empty.txt", "empty"), ("broken.txt", "UTF-8")):
        line = next(e for e in errors if name in e)
        assert problem in line
    with KnowledgeBase.open(db) as kb:
        assert [d.name for d in kb.documents()] == [WIRELESS]
    assert "1 analysed" in result.output and "3 failed" in result.output
    strict = run("build", str(folder), "--db", str(db), "--quiet", "--strict")
    assert strict.exit_code == 1


def test_cli_build_fails_when_no_file_can_be_built(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    result = run("build", str(tmp_path / "empty.txt"), "--db", str(tmp_path / "kb.db"), "-q")
    assert result.exit_code == 1
    assert "empty.txt" in result.stderr


def test_cli_chronology_json_gives_both_calendars_and_citations(built: Path) -> None:
    result = run("chronology", "--db", str(built), "--format", "json")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.output)
    assert rows, "no dated events"
    starts = [r["gregorian_start"] for r in rows]
    assert starts == sorted(starts)
    for row in rows:
        assert row["sources"] and all(s["evidence"] for s in row["sources"])
    wireless = [r for r in rows if any(s["doc"] == WIRELESS for s in r["sources"]) and r["zone"] == "body"]
    assert wireless
    dual = [r for r in wireless if r["julian"] and r["julian"] != r["gregorian"]]
    assert dual and all("(O.S. " in r["date"] for r in dual)
    # issue 2 acceptance: the Wireless Message's events fall on 1917-11-20 to 1917-11-22 N.S.
    days = {r["gregorian_start"] for r in wireless if r["gregorian_start"].startswith("1917-11")}
    assert days and days <= {"1917-11-20", "1917-11-21", "1917-11-22"}


def test_cli_chronology_filters_in_either_calendar(built: Path) -> None:
    new_style = json.loads(run("chronology", "--db", str(built), "--format", "json", "--from", "1917-11-20",
                               "--to", "1917-11-22").output)
    old_style = json.loads(run("chronology", "--db", str(built), "--format", "json", "--calendar", "julian",
                               "--from", "1917-11-07", "--to", "1917-11-09").output)
    assert new_style and [r["id"] for r in new_style] == [r["id"] for r in old_style]
    assert all("1917-11-20" <= r["gregorian_end"] and r["gregorian_start"] <= "1917-11-22" for r in new_style)


def test_cli_chronology_csv_and_table(built: Path) -> None:
    out = run("chronology", "--db", str(built), "--format", "csv").output
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows and {"date", "gregorian", "julian", "sources", "evidence"} <= set(rows[0])
    table = run("chronology", "--db", str(built))
    assert table.exit_code == 0 and "Chronology" in table.output and "O.S." in table.output


def test_cli_chronology_rejects_bad_input(built: Path) -> None:
    assert "not a date" in run("chronology", "--db", str(built), "--from", "yesterday").stderr
    assert run("chronology", "--db", str(built), "--type", "PICNIC").exit_code == 2
    missing = run("chronology", "--db", str(built.parent / "nothing.db"))
    assert missing.exit_code == 1 and "fontes build" in missing.stderr


def test_cli_show_document_lists_removed_lines_and_timexes(built: Path) -> None:
    result = run("show", "--db", str(built), "001_422fcbee4e60ca0c.txt")
    assert result.exit_code == 0, result.stderr
    assert "Removed from the clean text" in result.output
    assert "Article Details" in result.output
    data = json.loads(run("show", "--db", str(built), WIRELESS, "--format", "json").output)
    assert data["doc"] == WIRELESS and data["timexes"]
    assert "Council of People’s Commissars" in data["clean_text"]
    assert run("show", "--db", str(built), "no-such-doc.txt").exit_code == 1


def test_cli_entities_and_entity(built: Path) -> None:
    listed = json.loads(run("entities", "--db", str(built), "--format", "json").output)
    if not listed:
        pytest.skip("the resolve step produced no corpus entities yet")
    top = listed[0]
    result = run("entity", top["name"], "--db", str(built))
    assert result.exit_code == 0 and top["name"] in result.output and "mention(s)" in result.output
    assert run("entity", "Nobody Whatsoever", "--db", str(built)).exit_code == 1


def test_cli_conflicts_runs(built: Path) -> None:
    result = run("conflicts", "--db", str(built))
    assert result.exit_code == 0, result.stderr
    data = json.loads(run("conflicts", "--db", str(built), "--format", "json").output)
    assert isinstance(data, list)


def test_cli_annotate_writes_the_gold_format(tmp_path: Path) -> None:
    out = tmp_path / "ann"
    result = run("annotate", str(SEEDS / WIRELESS), "--out", str(out), "-q")
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(["_corpus.json", f"{WIRELESS}.json"])
    doc = json.loads((out / f"{WIRELESS}.json").read_text(encoding="utf-8"))
    for key in ("doc", "genre", "calendar", "metadata", "boilerplate", "entities", "timexes", "events"):
        assert key in doc
    assert set(doc["metadata"]) == {"title", "authors", "date", "first_published", "source", "translators",
                                    "publisher", "accessed"}
    text = (SEEDS / WIRELESS).read_text(encoding="utf-8")
    for t in doc["timexes"]:
        assert text[t["offset"]:t["offset"] + len(t["text"])] == t["text"]
    for e in doc["events"]:
        assert e["evidence"] in text
    whole = json.loads((out / "_corpus.json").read_text(encoding="utf-8"))
    assert whole["documents"] == [WIRELESS] and {"entities", "events", "conflicts"} <= set(whole)


def test_cli_build_answers_every_path_and_builds_the_rest(tmp_path: Path) -> None:
    import os
    import threading

    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(SEEDS / WIRELESS, folder / WIRELESS)
    os.mkfifo(folder / "inside.txt")
    (folder / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    os.mkfifo(tmp_path / "argument.txt")
    db = tmp_path / "kb.db"
    args = ("build", str(tmp_path / "missing"), str(tmp_path / "argument.txt"), str(folder), "--db", str(db), "-q")
    out: dict[str, Result] = {}
    thread = threading.Thread(target=lambda: out.setdefault("result", run(*args)), daemon=True)
    thread.start()
    thread.join(300)
    assert "result" in out, "the build hung (a FIFO was opened)"
    result = out["result"]
    assert result.exit_code == 1  # a PATH does not exist...
    with KnowledgeBase.open(db) as kb:  # ...and what could be built was built
        assert [d.name for d in kb.documents()] == [WIRELESS]
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 4, result.stderr
    for name, problem in (("missing", "no such file"), ("argument.txt", "FIFO"), ("inside.txt", "FIFO"),
                          ("dangling.txt", "broken symbolic link")):
        assert problem in next(e for e in errors if f"{name}:" in e)
