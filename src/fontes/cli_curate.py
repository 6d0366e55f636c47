"""Command line for corrections: ``fontes fix ...`` makes one, ``fontes corrections`` lists and exports them.

Every correction is stored with who (``--by``, default $FONTES_USER or the login name), when and
why (``--reason``), re-applied after every build, and reported when what it corrected is gone.
"""

from __future__ import annotations

import csv
import getpass
import io
import json
import os
from pathlib import Path
from typing import Any

import click

from fontes import curate
from fontes.cli import _db_option, _open, _out
from fontes.corrections import CorrectionError, Outcome
from fontes.model import EVENT_TYPES
from fontes.settings import DEFAULTS
from fontes.store import KnowledgeBase

ENTITY_TYPES = ("PER", "ORG", "LOC", "WORK", "EVENT")


def _default_user() -> str:
    try:
        return os.environ.get("FONTES_USER") or getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name in some containers
        return "unknown"


def _who(f: Any) -> Any:
    f = click.option("--reason", default="", help="Why: kept with the correction and shown wherever it applies.")(f)
    return click.option("--by", "author", default=_default_user, show_default="$FONTES_USER or login name",
                        help="Who makes the correction.")(f)


def _report(kb: KnowledgeBase, made: list[tuple[Any, Outcome | None]]) -> None:
    console = _out()
    for decision, outcome in made:
        state = "applied" if outcome is None or outcome.applied else f"NOT applied: {outcome.note}"
        console.print(f"correction #{decision.id} {decision.kind} by {decision.author}: {state}")
    from fontes.cli import _refresh_index

    _refresh_index(kb)


def _now_or_later(value: Any, kb: KnowledgeBase) -> Any:
    """A target or change given as a value, or as a function of the open knowledge base."""
    return value(kb) if callable(value) else value


def _run(db: str, steps: list[tuple[str, Any, Any]], author: str, reason: str) -> None:
    """Check every step against the knowledge base, store them, then resolve once."""
    kb = _open(db)
    try:
        ready = [(kind, _now_or_later(target, kb), _now_or_later(change, kb)) for kind, target, change in steps]
        made = [curate.decide(kb, kind, target, change, author=author, reason=reason, apply=False)
                for kind, target, change in ready]
        outcomes = curate.refresh(kb, DEFAULTS)
        _report(kb, [(d, outcomes.get(d.id)) for d, _ in made])
    except CorrectionError as err:
        raise click.ClickException(str(err)) from err
    finally:
        kb.close()


@click.group()
def fix() -> None:
    """Correct what fontes extracted; corrections survive every rebuild.

    \b
    Examples:
      fontes fix entity Archangel --type LOC --reason "a port, not the saint"
      fontes fix entity Smith --merge "Captain John Smith"
      fontes fix entity "Maxim Gorky" --split-off "Gorky" --name "Gorky (the city)"
      fontes fix event "000_31b468837f8ece58.txt#e3" --date 1917-12-02 --calendar julian
      fontes fix event "003_5796e506de920681.txt#e3" --reject --reason "an edition, not an event"
      fontes fix add 004_6d10e45efc83a1df.txt "the exact sentence" --type TREATY --date 1918-03-03
      fontes fix conflict conflict-84f5a0ef7c14 --status explained --note "O.S. vs N.S."
      fontes fix calendar 002_0d7dc69e49c0d186.txt --calendar julian --reason "Russia before 1918"
      fontes fix undo 3
    """


@fix.command("entity")
@click.argument("key")
@click.option("--type", "etype", type=click.Choice(ENTITY_TYPES, case_sensitive=False), help="Retype the entity.")
@click.option("--rename", help="Its preferred name (the old one stays an alias).")
@click.option("--merge", "merge", multiple=True, metavar="OTHER", help="Merge these entities into it (repeatable).")
@click.option("--split-off", "split", multiple=True, metavar="TEXT",
              help="Move its mentions written exactly TEXT to a new entity (repeatable).")
@click.option("--name", help="With --split-off: the new entity's name.")
@_who
@_db_option
def fix_entity(key: str, etype: str | None, rename: str | None, merge: tuple[str, ...], split: tuple[str, ...],
               name: str | None, author: str, reason: str, db: str) -> None:
    """Merge, split, rename or retype an entity (KEY: its id, name or an alias)."""
    steps: list[tuple[str, Any, Any]] = []
    anchor = lambda kb: curate.entity_anchor(kb, key)  # noqa: E731 - resolved when the database is open
    if merge:
        steps.append(("entity.merge", anchor, lambda kb: {"with": [curate.entity_anchor(kb, m) for m in merge]}))
    if split:
        steps.append(("entity.split", anchor, lambda kb: {"mentions": _mentions(kb, key, split),
                                                          **({"name": name} if name else {})}))
    if rename:
        steps.append(("entity.rename", anchor, {"name": rename}))
    if etype:
        steps.append(("entity.retype", anchor, {"type": etype.upper()}))
    if not steps:
        raise click.UsageError("say what to change: --type, --rename, --merge or --split-off")
    _run(db, steps, author, reason)


def _mentions(kb: KnowledgeBase, key: str, texts: tuple[str, ...]) -> list[dict[str, Any]]:
    from fontes import corrections

    entity = kb.entity(key)
    if entity is None:
        raise CorrectionError(f"no entity {key!r}")
    out = [corrections.passage_anchor(doc, m.start, m.end) for doc in kb.documents() for m in doc.mentions
           if m.entity_id == entity.id and m.text in texts]
    if not out:
        raise CorrectionError(f"{entity.name} has no mention written {' or '.join(map(repr, texts))}")
    return out


@fix.command("event")
@click.argument("event_id")
@click.option("--type", "etype", type=click.Choice(EVENT_TYPES, case_sensitive=False), help="Its event type.")
@click.option("--date", "date", metavar="DATE", help="YYYY, YYYY-MM, YYYY-MM-DD or FIRST/LAST (a range).")
@click.option("--calendar", type=click.Choice(["gregorian", "julian"]), default="gregorian", show_default=True,
              help="The calendar --date is written in.")
@click.option("--reject", is_flag=True, help="It is not an event: drop it from every rebuild.")
@click.option("--actor", "actors", multiple=True, metavar="ENTITY", help="Its actors (replaces them; repeatable).")
@click.option("--target", "targets", multiple=True, metavar="ENTITY", help="Its targets (replaces them; repeatable).")
@click.option("--place", metavar="ENTITY", help="Its place (an entity id, name or alias).")
@_who
@_db_option
def fix_event(event_id: str, etype: str | None, date: str | None, calendar: str, reject: bool, actors: tuple[str, ...],
              targets: tuple[str, ...], place: str | None, author: str, reason: str, db: str) -> None:
    """Change an event's type, date, actors, targets or place, or reject it (EVENT_ID as in the JSON chronology)."""
    anchor = lambda kb: curate.event_anchor(kb, event_id)  # noqa: E731
    steps: list[tuple[str, Any, Any]] = []
    if reject:
        steps.append(("event.reject", anchor, {}))
    if etype:
        steps.append(("event.type", anchor, {"type": etype.upper()}))
    if date:
        steps.append(("event.date", anchor, {"value": date, "calendar": calendar}))
    if actors:
        steps.append(("event.actors", anchor, lambda kb: {"entities": [curate.entity_anchor(kb, a) for a in actors]}))
    if targets:
        steps.append(("event.targets", anchor, lambda kb: {"entities": [curate.entity_anchor(kb, a) for a in targets]}))
    if place:
        steps.append(("event.place", anchor, lambda kb: {"entity": curate.entity_anchor(kb, place)}))
    if not steps:
        raise click.UsageError("say what to change: --type, --date, --reject, --actor, --target or --place")
    _run(db, steps, author, reason)


@fix.command("add")
@click.argument("doc")
@click.argument("passage")
@click.option("--type", "etype", required=True, type=click.Choice(EVENT_TYPES, case_sensitive=False))
@click.option("--date", "date", metavar="DATE", help="Its date; default: the first date in the passage.")
@click.option("--calendar", type=click.Choice(["gregorian", "julian"]), default="gregorian", show_default=True)
@click.option("--occurrence", default=1, show_default=True, help="Which occurrence of PASSAGE in the document.")
@_who
@_db_option
def fix_add(doc: str, passage: str, etype: str, date: str | None, calendar: str, occurrence: int, author: str,
            reason: str, db: str) -> None:
    """Add an event fontes missed, from an exact PASSAGE of DOC (its evidence)."""
    change: dict[str, Any] = {"type": etype.upper()}
    if date:
        change["date"] = {"value": date, "calendar": calendar}
    _run(db, [("event.add", lambda kb: curate.passage_anchor(kb, doc, passage, occurrence=occurrence), change)],
         author, reason)


@fix.command("conflict")
@click.argument("conflict_id")
@click.option("--status", type=click.Choice(["explained", "settled"]), required=True)
@click.option("--note", default="", help="The explanation or the settlement, shown with the conflict.")
@_who
@_db_option
def fix_conflict(conflict_id: str, status: str, note: str, author: str, reason: str, db: str) -> None:
    """Mark a conflict explained or settled, with a note (CONFLICT_ID from 'fontes conflicts')."""
    _run(db, [("conflict.settle", lambda kb: curate.conflict_anchor(kb, conflict_id),
               {"status": status, "note": note})], author, reason or note)


@fix.command("calendar")
@click.argument("doc")
@click.option("--calendar", type=click.Choice(["gregorian", "julian"]), required=True)
@click.option("--passage", help="Only this exact passage (or one date written exactly so), not the whole document.")
@_who
@_db_option
def fix_calendar(doc: str, calendar: str, passage: str | None, author: str, reason: str, db: str) -> None:
    """Set the calendar of a document, a passage or one date; its dates are read again in it."""
    _run(db, [("calendar.set", lambda kb: curate.passage_anchor(kb, doc, passage), {"calendar": calendar})],
         author, reason)


@fix.command("undo")
@click.argument("decision_id", type=int)
@_db_option
def fix_undo(decision_id: int, db: str) -> None:
    """Undo correction DECISION_ID (it stays in the history, marked undone)."""
    kb = _open(db)
    try:
        if not curate.undo(kb, decision_id, DEFAULTS):
            raise click.ClickException(f"no live correction #{decision_id}; 'fontes corrections' lists them")
        _report(kb, [])
        click.echo(f"correction #{decision_id} undone")
    finally:
        kb.close()


@click.command("corrections")
@click.option("--about", metavar="KEY", help="Only those that touched this entity (id, name, alias), event or conflict.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@click.option("--as-gold", "as_gold", type=click.Path(file_okay=False, path_type=Path),
              help="Write the corrected documents as gold files (../shared/gold/SCHEMA.md) in this folder.")
@_db_option
def corrections_command(about: str | None, fmt: str, as_gold: Path | None, db: str) -> None:
    """List the corrections: what, who, when, why, and whether the last build could apply them.

    \b
    Examples:
      fontes corrections
      fontes corrections --about Lenin --format json
      fontes corrections --as-gold review-gold/
    """
    kb = _open(db)
    try:
        if as_gold:
            written = curate.as_gold(kb, as_gold)
            click.echo(f"{len(written)} gold file(s) written to {as_gold}")
            return
        rows = curate.history(kb, about)
    finally:
        kb.close()
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
        return
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(["id", "kind", "author", "created", "reason", "status", "note", "undone", "target", "change"])
        for r in rows:
            writer.writerow([r["id"], r["kind"], r["author"], r["created"], r["reason"], r["status"] or "",
                             r["note"] or "", r["undone"] or "", _target_text(r["target"]),
                             json.dumps(r["change"], ensure_ascii=False)])
        click.echo(buf.getvalue(), nl=False)
        return
    from rich.table import Table

    table = Table(title=f"{len(rows)} correction(s)")
    for col in ("#", "what", "on", "change", "by", "when", "why", "state"):
        table.add_column(col)
    for r in rows:
        state = "undone" if r["undone"] else (r["status"] or "stored") + (f": {r['note']}" if r["note"] else "")
        table.add_row(str(r["id"]), r["kind"], _target_text(r["target"]), json.dumps(r["change"], ensure_ascii=False)[:60],
                      r["author"], r["created"], r["reason"], state)
    _out().print(table)


def _target_text(target: dict[str, Any]) -> str:
    if "claims" in target:
        return f"conflict {target.get('about', '')}"
    what = target.get("entity") or target.get("text") or ""
    return f"{target.get('name', '')}: {what[:50]}" if what else str(target.get("name", ""))


@click.command("review")
@click.option("--limit", default=20, show_default=True, help="How many items to list.")
@click.option("--kind", "kinds", multiple=True,
              type=click.Choice(["calendar", "date_calendar", "merge", "undated_event", "event_without_actor", "conflict"]))
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--interactive", "-i", is_flag=True, help="Answer them one by one: a accept, c correct, s skip, q quit.")
@_who
@_db_option
def review_command(limit: int, kinds: tuple[str, ...], fmt: str, interactive: bool, author: str, reason: str,
                   db: str) -> None:
    """What fontes is least sure of, first: calendars, merges, undated events, unexplained conflicts.

    \b
    Examples:
      fontes review
      fontes review -i --by ana
    """
    from fontes import review

    kb = _open(db)
    try:
        items = review.queue(kb, limit=limit, kinds=set(kinds) or None)
        if fmt == "json":
            click.echo(json.dumps([i.to_dict() for i in items], ensure_ascii=False, indent=2))
            return
        if not interactive:
            from rich.table import Table

            table = Table(title=f"{len(items)} item(s) to review, least sure first")
            for col in ("score", "question", "evidence", "document", "key"):
                table.add_column(col)
            for i in items:
                table.add_row(f"{i.score:.2f}", i.question, i.evidence[:120], i.doc or "", i.key)
            _out().print(table)
            return
        for item in items:
            _answer(kb, item, author, reason)
    except CorrectionError as err:
        raise click.ClickException(str(err)) from err
    finally:
        kb.close()


def _answer(kb: KnowledgeBase, item: Any, author: str, reason: str) -> None:
    """Ask one item: accept it, correct it (a prompt for the new value), skip, or quit."""
    click.echo(f"\n[{item.score:.2f}] {item.question}\n    {item.evidence[:300]}" + (f"\n    ({item.doc})" if item.doc else ""))
    key = click.prompt("a accept · c correct · s skip · q quit", type=click.Choice(list("acsq")), show_choices=False)
    if key == "q":
        raise SystemExit(0)
    if key == "s":
        return
    if key == "a":
        decision, _ = curate.decide(kb, "review.accept", {"item": item.key}, {}, author=author, reason=reason, apply=False)
        click.echo(f"accepted (#{decision.id})")
        return
    request = dict(item.target)
    if item.kind in ("calendar", "date_calendar"):
        request.update(kind="calendar.set", calendar=click.prompt("calendar", type=click.Choice(["julian", "gregorian"])))
    elif item.kind == "merge":
        request.update(kind="entity.split", name=click.prompt("name of the other entity", default=request["mentions"][0]))
    elif item.kind == "undated_event":
        request.update(kind="event.date", value=click.prompt("date (YYYY-MM-DD, YYYY-MM, YYYY or FIRST/LAST)"),
                       calendar=click.prompt("calendar", type=click.Choice(["gregorian", "julian"]), default="gregorian"))
    elif item.kind == "event_without_actor":
        request.update(kind="event.actors", entities=[click.prompt("actor (an entity name)")])
    else:
        request.update(kind="conflict.settle", status=click.prompt("status", type=click.Choice(["explained", "settled"])),
                       note=click.prompt("note"))
    kind, target, change = curate.from_request(kb, request)
    decision, outcome = curate.decide(kb, kind, target, change, author=author, reason=reason)
    click.echo(f"corrected (#{decision.id}): " + ("applied" if outcome and outcome.applied else (outcome.note if outcome else "")))
