"""Command line: build a knowledge base from sources, print its chronology, entities and conflicts, score it."""

from __future__ import annotations

import csv
import importlib
import importlib.util
import io
import itertools
import json
import os
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import click
from click.utils import make_default_short_help
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from fontes import __version__
from fontes.dates import dual, human
from fontes.errors import FontesError
from fontes.model import EVENT_TYPES, Document
from fontes.settings import DEFAULTS
from fontes.store import ChronologyRow, KnowledgeBase, shown

DB_HELP = "SQLite file or SQLAlchemy URL (postgresql+psycopg://user@host/db)."
CHAIN_TYPES = ("ORDER", "MESSAGE_SENT", "MESSAGE_RECEIVED", "AUTHORIZATION", "REFUSAL", "DISMISSAL",
               "APPOINTMENT", "PROPOSAL")
REPO_ROOT = Path(__file__).resolve().parents[2]


def _out() -> Console:
    console = Console(file=sys.stdout, highlight=False)
    if not console.is_terminal:  # piped or captured: wide enough for tables of quoted passages
        console.width = max(console.width, 160)
    return console


def _err() -> Console:
    return Console(file=sys.stderr, highlight=False)


def _open(db: str, *, must_exist: bool = True) -> KnowledgeBase:
    if must_exist and "://" not in db and not Path(db).exists():
        raise click.ClickException(f"{db}: no knowledge base here; build one first: fontes build PATH --db {db}")
    try:
        return KnowledgeBase.open(db)
    except FontesError as err:
        raise click.ClickException(str(err)) from err


def _db_option(f: Any) -> Any:
    return click.option("--db", default="fontes.db", show_default=True, envvar="FONTES_DB", help=DB_HELP)(f)


# Commands defined in other modules, loaded only when someone runs or lists them, so the
# other commands start without importing the web stack or lxml.
LAZY_COMMANDS = {"serve": ("fontes.api", "serve_command"), "export": ("fontes.export", "export_command"),
                 "fix": ("fontes.cli_curate", "fix"), "corrections": ("fontes.cli_curate", "corrections_command"),
                 "review": ("fontes.cli_curate", "review_command"), "search": ("fontes.search", "search_command"),
                 "ask": ("fontes.ask", "ask_command")}
# Their one-line help for `fontes --help`, which then imports none of them (the curation commands
# load the time grammar, a second of start-up); a test keeps these equal to the commands' own.
LAZY_HELP = {"serve": "Serve the REST API (/api, OpenAPI at /api/docs) and the web app (/) for a knowledge base.",
             "export": "Write the knowledge base for other tools: JSON, CSV, CSL-JSON, TEI, GEXF (Gephi) or TimelineJS.",
             "fix": "Correct what fontes extracted; corrections survive every rebuild.",
             "corrections": "List the corrections: what, who, when, why, and whether the last build could apply them.",
             "review": "What fontes is least sure of, first: calendars, merges, undated events, unexplained conflicts.",
             "search": "Search the sentences of the sources.",
             "ask": "Answer a who/what/when/where question from the knowledge base, quoting the sources."}


class _Commands(click.Group):
    """The fontes commands, plus those of LAZY_COMMANDS, loaded on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        names = set(super().list_commands(ctx))
        names |= {name for name, (module, _) in LAZY_COMMANDS.items() if importlib.util.find_spec(module)}
        return sorted(names)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list of --help, with the lazy commands' help from LAZY_HELP (nothing imported)."""
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max((len(n) for n in names), default=0)
        rows = []
        for name in names:
            if name in LAZY_HELP and name not in self.commands:
                rows.append((name, make_default_short_help(LAZY_HELP[name], limit)))
            elif (command := self.get_command(ctx, name)) is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        command = super().get_command(ctx, name)
        if command is None and name in LAZY_COMMANDS:
            module, attribute = LAZY_COMMANDS[name]
            if importlib.util.find_spec(module) is not None:
                command = getattr(importlib.import_module(module), attribute, None)
        return command


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="fontes")
def cli() -> None:
    """fontes: from a folder of historical sources to a cited, calendar-correct chronology.

    \b
    Build a knowledge base, then read it:
      fontes build examples/seeds            # ingest, analyse, resolve -> ./fontes.db
      fontes chronology                      # events in Western (N.S.) order, O.S. beside them
      fontes chronology --entity Lenin --from 1917-11 --to 1917-12 --format json
      fontes entities                        # who is in the corpus
      fontes entity "Lenin"                  # one entity, every mention in context
      fontes show 002_0d7dc69e49c0d186.txt   # clean text, citation, removed lines, timexes
      fontes conflicts                       # where the sources disagree, and why
      fontes annotate examples/seeds --out annotations/
      fontes eval --gold ../shared/gold/seeds
    """


# ---------------------------------------------------------------- build

@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@_db_option
@click.option("--force", is_flag=True, help="Analyse every file again, even if its content is already stored.")
@click.option("--strict", is_flag=True, help="Exit with status 1 if any file failed (default: only if none was built).")
@click.option("--workers", "-j", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Processes for the per-document stages (each loads its own models).")
@click.option("--engine", "engine_name", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Where the per-document stages run: this machine, or Dask distributed (pip install 'fontes[dask]').")
@click.option("--scheduler", metavar="ADDR", envvar="FONTES_SCHEDULER",
              help="With --engine dask: an existing cluster's scheduler (tcp://host:8786); "
                   "without it a LocalCluster of --workers processes starts on loopback.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option("--no-embed", is_flag=True,
              help="Skip sentence embeddings for semantic search (by default new or changed documents are embedded).")
@click.option("--prune", is_flag=True,
              help="Remove documents built before from these PATHs whose files are gone (listed either way).")
def build(paths: tuple[Path, ...], db: str, force: bool, strict: bool, workers: int, engine_name: str,
          scheduler: str | None, quiet: bool, no_embed: bool, prune: bool) -> None:
    """Read files and folders (.txt .md .html, PDF, scans, ALTO/PAGE/hOCR, TEI, DOCX/ODT/EPUB, Zotero exports),
    analyse them and store the results.

    Every document runs through clean -> metadata -> time -> entities -> events once per
    content hash; then the whole stored corpus is resolved again (global entities, merged
    events, conflicts), so adding files later updates everything. A file that cannot be
    read (binary, empty, not valid text) gets a one-line error naming it, and the others are
    still built. Building the same files twice leaves the database unchanged; a changed file
    replaces its old version. Special files (FIFOs, sockets, devices) are refused without being
    opened; broken or looping links and unreadable folders are reported, one line each.

    Exit status: 0 if at least one file was built (or there was nothing to build), 1 if every
    file failed, if a PATH does not exist (the other PATHs are still built) or, with --strict,
    if any file failed.

    \b
    Examples:
      fontes build examples/seeds
      fontes build letters/ extra/note.html --db history.db
      fontes build big-archive/ --workers 4
      fontes build big-archive/ --engine dask --scheduler tcp://head:8786 --db postgresql+psycopg://host/db
      fontes build letters/ --prune          # also remove documents whose files were deleted
    """
    from fontes.build import build as run_build
    from fontes.engine import open_engine

    kb = _open(db, must_exist=False)
    errors: list[str] = []
    progress = Progress(TextColumn("[bold]building"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                        TextColumn("{task.description}"), console=_err(), disable=quiet, transient=True)
    task = progress.add_task("", total=None)

    def on_start(n: int) -> None:
        progress.update(task, total=n)

    def on_file(path: Path, error: str | None) -> None:
        if error:
            errors.append(error)
            progress.console.print(f"error: {escape(error)}", soft_wrap=True, style="red")
        progress.update(task, advance=1, description=path.name)

    try:
        engine = open_engine(engine_name, workers=workers, scheduler=scheduler)
        try:
            with progress:
                report = run_build(paths, kb, DEFAULTS, force=force, prune=prune, engine=engine, on_file=on_file,
                                   on_start=on_start)
        finally:
            engine.close()
        for path in report.gone:
            _err().print(f"pruned: {escape(path)} (its file is gone)" if prune else
                         f"gone: {escape(path)} was built before and its file is gone; "
                         "fontes build --prune removes it", soft_wrap=True, style="yellow")
        if not no_embed and report.documents:
            _embed_new(kb, quiet)
        elif report.pruned:
            _refresh_index(kb)
    except FontesError as err:
        raise click.ClickException(str(err)) from err
    finally:
        kb.close()
    click.echo(f"{report.summary()} -> {db}")
    missing = [p for p in paths if not os.path.lexists(p)]
    if (report.errors and report.built == 0) or (strict and report.errors) or missing:
        sys.exit(1)


@cli.command()
@click.argument("docs", nargs=-1, required=True)
@_db_option
def remove(docs: tuple[str, ...], db: str) -> None:
    """Remove documents and everything only they supported, then resolve the rest again.

    DOC is a document id, an id prefix (6+ characters), a file name or a path. Its mentions,
    timexes, events and claims go, and so do the entities and merged events no other document
    supports, its rows in the search index and its sentence embeddings; merged events and
    conflicts are recomputed from the documents that remain.

    \b
    Examples:
      fontes remove 002_0d7dc69e49c0d186.txt
      fontes remove 0d7dc69e49c0 --db history.db
    """
    from fontes.build import remove as run_remove

    kb = _open(db)
    try:
        report = run_remove(docs, kb, DEFAULTS)
        _refresh_index(kb)
    except FontesError as err:
        raise click.ClickException(str(err)) from err
    finally:
        kb.close()
    click.echo(f"{report.summary()} -> {db}")


def _refresh_index(kb: KnowledgeBase) -> None:
    """Bring the search index up to date with the stored documents (no new embeddings needed)."""
    from fontes.search import index_for

    index_for(kb)


def _embed_new(kb: KnowledgeBase, quiet: bool) -> None:
    """Search index and sentence embeddings of new or changed documents (search H6); a missing model only warns."""
    from fontes.search import embed_new

    try:
        added = embed_new(kb)
    except FontesError as err:
        _err().print(f"warning: no sentence embeddings ({escape(str(err))}); semantic search falls back to BM25",
                     soft_wrap=True, style="yellow")
        return
    if added and not quiet:
        _err().print(f"embedded {added} new sentence(s) for semantic search")


# ---------------------------------------------------------------- chronology

def _names(kb: KnowledgeBase) -> dict[str, str]:
    """Entity id -> name, read from the entities table alone (kb.entities() also loads aliases and roles)."""
    from fontes.store import entities

    with kb.engine.connect() as conn:
        return {r.id: r.name for r in conn.execute(entities.select().with_only_columns(entities.c.id, entities.c.name))}


def _who(ids: Sequence[str], names: dict[str, str]) -> str:
    return ", ".join(names.get(i, i) for i in ids)


def _row_dict(row: ChronologyRow, names: dict[str, str]) -> dict[str, Any]:
    data = row.to_dict()
    data["actor_names"] = [names.get(a, a) for a in row.actors]
    data["target_names"] = [names.get(t, t) for t in row.targets]
    data["place_name"] = names.get(row.place, row.place) if row.place else None
    return data


@cli.command()
@_db_option
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@click.option("--entity", help="Only events this entity (id, name or alias) takes part in.")
@click.option("--from", "date_from", metavar="DATE", help="First date, YYYY, YYYY-MM or YYYY-MM-DD.")
@click.option("--to", "date_to", metavar="DATE", help="Last date, same forms.")
@click.option("--calendar", type=click.Choice(["gregorian", "julian"]), default="gregorian", show_default=True,
              help="Calendar of --from/--to: gregorian (New Style) or julian (Old Style).")
@click.option("--type", "types", multiple=True, metavar="TYPE",
              help=f"Event type, repeatable ({', '.join(EVENT_TYPES[:6])}, ...).")
@click.option("--undated", is_flag=True, help="Also list events without a date, at the end.")
@click.option("--chain", is_flag=True, help="Print the chain of command: who told whom what, when, by which channel.")
def chronology(db: str, fmt: str, entity: str | None, date_from: str | None, date_to: str | None, calendar: str,
               types: tuple[str, ...], undated: bool, chain: bool) -> None:
    """Events in Western (Gregorian) order, with the Old Style date beside where it differs.

    Each event shows the short citation of every source that reports it and the quoted
    evidence passage.

    \b
    Examples:
      fontes chronology
      fontes chronology --from 1917-11-20 --to 1917-11-22
      fontes chronology --calendar julian --from 1917-11-07 --to 1917-11-09 --format csv
      fontes chronology --type DISMISSAL --format json
      fontes chronology --chain
    """
    kb = _open(db)
    unknown = [t for t in types if t.upper() not in EVENT_TYPES]
    if unknown:
        raise click.BadParameter(f"{', '.join(unknown)}; known types: {', '.join(EVENT_TYPES)}", param_hint="--type")
    if chain:
        _print_chain(kb, fmt, entity, date_from, date_to, calendar)
        return
    if entity and kb.entity(entity) is None:
        raise click.ClickException(f"no entity called {entity!r}; see: fontes entities")
    try:  # rows are read a page at a time and printed as they come (issue 12: 100k documents)
        rows = kb.iter_chronology(entity=entity, date_from=date_from, date_to=date_to, calendar=calendar,
                                  types=list(types) or None, include_undated=undated)
        first = next(rows, None)
    except FontesError as err:
        raise click.ClickException(str(err)) from err
    rows = itertools.chain([first], rows) if first is not None else iter(())
    names = _names(kb)
    if fmt == "json":
        _chronology_json(rows, names)
    elif fmt == "csv":
        _chronology_csv_stream(rows, names)
    else:
        _chronology_tables(rows, names)


CHRONOLOGY_PAGE = 50  # rows per printed table
CHRONOLOGY_FIRST_PAGE = 10  # the first table is short, so the first rows show at once on a large base


def _chronology_json(rows: Iterable[ChronologyRow], names: dict[str, str]) -> None:
    """The JSON array ``json.dumps(rows, indent=2)`` would print, written a batch of rows at a time."""
    parts = ["["]
    n = 0
    for n, row in enumerate(rows, start=1):
        item = json.dumps(_row_dict(row, names), ensure_ascii=False, indent=2)
        parts.append(("," if n > 1 else "") + "\n  " + item.replace("\n", "\n  "))
        if n % 200 == 1:
            click.echo("".join(parts), nl=False)
            parts = []
    click.echo("".join(parts) + ("\n]" if n else "]"))


def _chronology_csv_stream(rows: Iterable[ChronologyRow], names: dict[str, str]) -> None:
    click.echo(_chronology_csv([], names), nl=False)
    batch: list[ChronologyRow] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= 200:
            click.echo(_chronology_csv(batch, names, header=False), nl=False)
            batch = []
    click.echo(_chronology_csv(batch, names, header=False), nl=False)


def _chronology_tables(rows: Iterable[ChronologyRow], names: dict[str, str]) -> None:
    """The chronology as one rich table per page of CHRONOLOGY_PAGE rows (the first of CHRONOLOGY_FIRST_PAGE),
    each printed when it is read."""
    page: list[ChronologyRow] = []
    shown = 0
    for row in rows:
        page.append(row)
        if len(page) == (CHRONOLOGY_PAGE if shown else CHRONOLOGY_FIRST_PAGE):
            _chronology_table(page, names, first=shown + 1)
            shown += len(page)
            page = []
    if page or not shown:
        _chronology_table(page, names, first=shown + 1)
        shown += len(page)
    if shown:
        _out().print(f"{shown} events, Gregorian order")


def _chronology_csv(rows: list[ChronologyRow], names: dict[str, str], *, header: bool = True) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    if header:
        writer.writerow(["date", "gregorian", "julian", "type", "actors", "targets", "place", "modality", "channel",
                         "sources", "evidence"])
    for r in rows:
        writer.writerow([r.dual_date(), r.gregorian or "", r.julian or "", r.type, _who(r.actors, names),
                         _who(r.targets, names), names.get(r.place, r.place) if r.place else "", r.modality,
                         r.channel or "", " | ".join(s.citation or s.doc for s in r.sources),
                         " | ".join(s.evidence for s in r.sources)])
    return buf.getvalue()


def _chronology_table(rows: list[ChronologyRow], names: dict[str, str], *, first: int = 1) -> None:
    console = _out()
    if not rows:
        console.print("No dated events match. Try without filters, or with --undated.")
        return
    table = Table(show_lines=True, title=f"Chronology, events {first}–{first + len(rows) - 1} (Gregorian order)")
    table.add_column("Date (N.S.)", no_wrap=True, max_width=30)
    table.add_column("Event", ratio=1)
    table.add_column("Source", ratio=1)
    table.add_column("Evidence", ratio=3)
    for r in rows:
        what = r.type
        who = _who(r.actors, names)
        whom = _who(r.targets, names)
        if who or whom:
            what += f"\n{who or '?'}" + (f" → {whom}" if whom else "")
        if r.channel:
            what += f"\nby {r.channel}"
        if r.modality != "asserted":
            what += f"\n({r.modality})"
        # one source once per row, however many of its passages report the happening
        sources = "\n".join(dict.fromkeys(escape(s.citation or s.doc) for s in r.sources))
        evidence = "\n".join(dict.fromkeys(f"“{escape(s.evidence)}”" for s in r.sources))
        date = human(r.gregorian) if r.gregorian else "undated"
        if r.julian and r.julian != r.gregorian:
            date += f"\n(O.S. {human(r.julian)})"
        table.add_row(escape(date), escape(what), sources, evidence)
    console.print(table)


def _print_chain(kb: KnowledgeBase, fmt: str, entity: str | None, date_from: str | None, date_to: str | None,
                 calendar: str) -> None:
    """The chain of command (fontes.chain): who told whom what, when, by which channel, each step cited."""
    from dataclasses import asdict

    from fontes.chain import chain as chain_steps

    try:
        wanted = {(s.doc_id, s.event_id)
                  for r in kb.chronology(entity=entity, date_from=date_from, date_to=date_to, calendar=calendar,
                                         types=CHAIN_TYPES, include_undated=not (date_from or date_to))
                  for s in r.sources}
    except FontesError as err:
        raise click.ClickException(str(err)) from err
    steps = [s for s in chain_steps(kb.corpus()) if (s.doc_id, s.event_id) in wanted]
    if fmt == "json":
        click.echo(json.dumps([asdict(s) for s in steps], ensure_ascii=False, indent=2))
        return
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(["gregorian", "julian", "type", "who", "whom", "what", "channel", "source", "evidence"])
        for s in steps:
            writer.writerow([s.when.gregorian if s.when else "", s.when.julian if s.when else "", s.type,
                             "; ".join(s.who), "; ".join(s.whom), s.what, s.channel or "", s.citation, s.evidence])
        click.echo(buf.getvalue(), nl=False)
        return
    console = _out()
    if not steps:
        console.print("No orders, messages, refusals or changes of post match.")
        return
    table = Table(show_lines=True, title=f"Chain of command ({len(steps)} steps)")
    for col, ratio in (("Date (N.S.)", None), ("Who → whom", 1), ("What", 1), ("Source", 1), ("Evidence", 3)):
        table.add_column(col, ratio=ratio, no_wrap=ratio is None, max_width=30 if ratio is None else None)
    for s in steps:
        date = s.when.gregorian if s.when and s.when.gregorian else "undated"
        if s.when and s.when.julian and s.when.julian != s.when.gregorian:
            date += f"\n(O.S. {s.when.julian})"
        what = s.what + (f"\nby {s.channel}" if s.channel else "") + (
            f"\n({s.modality})" if s.modality != "asserted" else "")
        table.add_row(escape(date), escape(f"{'; '.join(s.who) or '?'} → {'; '.join(s.whom) or '?'}"), escape(what),
                      escape(s.citation), f"“{escape(s.evidence)}”")
    console.print(table)


# ---------------------------------------------------------------- entities

@cli.command()
@_db_option
@click.option("--type", "etype", type=click.Choice(["PER", "ORG", "LOC", "WORK", "EVENT"], case_sensitive=False))
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def entities(db: str, etype: str | None, fmt: str) -> None:
    """List the people, bodies, places, works and named events of the corpus.

    \b
    Examples:
      fontes entities
      fontes entities --type PER --format json
    """
    kb = _open(db)
    found = kb.entities(type=etype)
    docs = {d["id"]: d["name"] for d in kb.document_rows()}
    if fmt == "json":
        from dataclasses import asdict

        click.echo(json.dumps([asdict(e) for e in found], ensure_ascii=False, indent=2))
        return
    table = Table(title=f"{len(found)} entities")
    for col in ("Id", "Name", "Type", "Mentions", "Aliases", "Documents"):
        table.add_column(col)
    for e in found:
        table.add_row(escape(e.id), escape(e.name), e.type, str(e.mention_count), escape("; ".join(shown(e).aliases)),
                      escape(", ".join(docs.get(d, d)[:12] for d in e.doc_ids)))
    _out().print(table)


@cli.command()
@click.argument("name")
@_db_option
@click.option("--context", default=60, show_default=True, help="Characters of context on each side.")
def entity(name: str, db: str, context: int) -> None:
    """Show one entity (by id, name or alias): aliases, roles, and every mention in context.

    \b
    Example:
      fontes entity "Council of People’s Commissars"
    """
    kb = _open(db)
    found = kb.entity(name)
    if found is None:
        raise click.ClickException(f"no entity called {name!r}; see: fontes entities")
    console = _out()
    console.print(f"[bold]{escape(found.name)}[/bold]  ({found.type}, id {escape(found.id)})")
    if shown(found).aliases:
        console.print("aliases: " + escape("; ".join(found.aliases)))
    for role in found.roles:
        span = " – ".join(x for x in (role.start, role.end) if x)
        console.print(f"role: {escape(role.title)} {escape(span)}")
    if found.authority:
        console.print("authority: " + escape(", ".join(f"{k}={v}" for k, v in found.authority.items())))
    mentions = kb.mentions_of(found.id, context=context)
    console.print(f"{len(mentions)} mention(s):")
    for m in mentions:
        console.print(f"  [dim]{escape(m['doc'])}:{m['start']}[/dim] …{escape(m['before'])}"
                      f"[bold]{escape(m['text'])}[/bold]{escape(m['after'])}…")


# ---------------------------------------------------------------- show

@cli.command()
@click.argument("doc")
@_db_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def show(doc: str, db: str, fmt: str) -> None:
    """Show one document (file name, path or id): citation, clean text, removed lines, timexes, entities.

    \b
    Examples:
      fontes show 002_0d7dc69e49c0d186.txt
      fontes show 002_0d7dc69e49c0d186.txt --format json
    """
    kb = _open(db)
    found = kb.document(doc)
    if found is None:
        names = ", ".join(d["name"] for d in kb.document_rows()[:10])
        raise click.ClickException(f"no document {doc!r} in {db}; stored: {names or 'none'}")
    if fmt == "json":
        from fontes.annotate import annotate_document

        click.echo(json.dumps({"id": found.id, "path": found.path, "clean_text": found.clean_text,
                               "citation": found.citation.formatted, **annotate_document(found)},
                              ensure_ascii=False, indent=2))
        return
    _show_document(found)


def _show_document(doc: Document) -> None:
    console = _out()
    c = doc.citation
    console.rule(escape(doc.name))
    console.print(f"id {doc.id}  ·  {doc.media_type}, {doc.encoding}  ·  genre {doc.genre or '?'}  ·  "
                  f"calendar {doc.calendar or '?'}" + (f" ({escape(doc.calendar_reason)})" if doc.calendar_reason else ""))
    if c.formatted or c.title:
        console.print(f"[bold]Citation:[/bold] {escape(c.formatted or c.title or '')}")
    for label, value in (("title", c.title), ("authors", "; ".join(c.authors)),
                         ("date", c.date and _dual_text(c.date.gregorian, c.date.julian, c.date.as_written)),
                         ("first published", c.first_published), ("source", c.source),
                         ("translators", "; ".join(c.translators)), ("publisher", c.publisher),
                         ("accessed", c.accessed), ("url", c.url)):
        if value:
            console.print(f"  {label}: {escape(str(value))}")
    console.rule("clean text")
    from fontes.formats.paged import clean_text_with_pages

    console.print(escape(clean_text_with_pages(doc)))  # with "[p. 12]" where a PDF's or scan's page begins
    removed = [z for z in doc.zones if z.kind != "body"]
    if removed:
        table = Table(title="Removed from the clean text")
        for col in ("Line", "Kind", "Rule", "Text"):
            table.add_column(col)
        for z in removed:
            table.add_row(str(doc.text.count("\n", 0, z.start) + 1), z.kind, escape(z.rule or ""),
                          escape(doc.text[z.start:z.end].strip()))
        console.print(table)
    from fontes.formats.paged import source_marks

    marks = source_marks(doc)  # an edition's own annotations, OCR words below confidence (issue 14)
    if marks:
        table = Table(title="Marked by the source (edition annotations, low-confidence OCR words)")
        for col in ("Page", "Kind", "Text", "Value"):
            table.add_column(col)
        for row in marks:
            table.add_row(*(escape(v) for v in row))
        console.print(table)
    if doc.timexes:
        table = Table(title="Time expressions")
        for col in ("Text", "Type", "Value", "Gregorian", "Julian", "Zone"):
            table.add_column(col)
        for t in doc.timexes:
            table.add_row(escape(t.text), t.type, escape(t.value), escape(t.gregorian or ""), escape(t.julian or ""),
                          t.zone)
        console.print(table)
    if doc.mentions:
        table = Table(title="Entity mentions")
        for col in ("Text", "Type", "Entity", "Zone"):
            table.add_column(col)
        for m in doc.mentions:
            table.add_row(escape(m.text), m.label, escape(m.entity_id or ""), m.zone)
        console.print(table)
    if doc.events:
        table = Table(title="Events")
        for col in ("Type", "Date", "Evidence"):
            table.add_column(col)
        for e in doc.events:
            table.add_row(e.type, escape(_dual_text(e.when.gregorian, e.when.julian) if e.when else ""),
                          escape(e.evidence))
        console.print(table)


def _dual_text(gregorian: str | None, julian: str | None, as_written: str | None = None) -> str:
    text = dual(gregorian, julian) if gregorian or julian else "?"
    if as_written:
        text += f" — “{as_written}”"
    return text


# ---------------------------------------------------------------- conflicts

@cli.command()
@_db_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--variants", "only_variants", is_flag=True,
              help="Only the variants: where copies, reprints or versions of one text read differently.")
def conflicts(db: str, fmt: str, only_variants: bool) -> None:
    """Where the sources disagree: both passages quoted, and a diagnosis of why.

    Copies, reprints and versions of one text are one witness, never in conflict with each
    other; where they read differently (a date changed in a reprint) the variant is listed
    after the conflicts, apart from them.

    \b
    Example:
      fontes conflicts
      fontes conflicts --variants --format json
    """
    kb = _open(db)
    found = [] if only_variants else kb.conflicts()
    variants = kb.variants() if only_variants or fmt == "text" else []
    docs = {d["id"]: d for d in kb.document_rows()}
    if fmt == "json":
        from dataclasses import asdict

        from fontes.store import conflict_id

        chosen = variants if only_variants else found
        click.echo(json.dumps([{"id": conflict_id(c), **asdict(c)} for c in chosen], ensure_ascii=False, indent=2))
        return
    console = _out()
    if not found and not only_variants:
        console.print("No conflicts between the sources.")
    _print_conflicts(console, found, docs)
    if variants:
        console.rule("[bold]Variants[/bold]", characters="=")
        console.print(f"{len(variants)} happening(s) where witnesses of one text (copies, reprints, versions) "
                      "read differently:")
        _print_conflicts(console, variants, docs)
    elif only_variants:
        console.print("No variants between witnesses of one text.")


def _print_conflicts(console: Any, found: list[Any], docs: dict[str, dict]) -> None:
    for c in found:
        console.rule(f"{escape(c.about)}: {c.kind}, {c.diagnosis.replace('_', ' ')}")
        for claim in c.claims:
            d = docs.get(claim.doc_id, {})
            console.print(f"[bold]{escape(d.get('short_citation') or d.get('name') or claim.doc_id)}[/bold] says "
                          f"{escape(claim.says or '?')}:")
            console.print(f"    “{escape(claim.evidence)}”")
        console.print(f"[italic]{escape(c.explanation)}[/italic]")
        status = (c.curated or {}).get("status")
        if status:
            console.print(f"[bold]{escape(status['status'])}[/bold] by {escape(status['by'])} ({escape(status['at'])}): "
                          f"{escape(status.get('note') or '')}")
        from fontes.store import conflict_id

        console.print(f"[dim]{conflict_id(c)}[/dim]")


# ---------------------------------------------------------------- info

def model_info() -> dict[str, Any]:
    """Which models this installation uses and under which licence (the NER weights may restrict use)."""
    import shutil

    from fontes import embeddings, ner

    path = ner.model_path(DEFAULTS)
    meta: dict[str, Any] = {}
    try:
        if isinstance(path, Path):
            meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
        else:
            import spacy

            meta = spacy.util.get_package_meta(str(path))  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 - a missing model is reported, not raised
        meta = {}
    emb_name = embeddings.default_model()
    emb_meta: dict[str, Any] = {}
    config = embeddings.STATIC_DIR / "config.json"
    if emb_name == embeddings.STATIC_MODEL and config.exists():
        emb_meta = json.loads(config.read_text(encoding="utf-8"))
    return {
        "fontes": __version__,
        "ner_model": {"name": meta.get("name", str(path)), "version": meta.get("version"),
                      "licence": meta.get("license", "unknown"), "setting": DEFAULTS.spacy_model},
        "embedding_model": {"name": emb_name, "licence": emb_meta.get("license", "see its package"),
                            "teacher": emb_meta.get("teacher")},
        "ocr": shutil.which("tesseract") or "not installed (scans cannot be read)",
    }


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def info(fmt: str) -> None:
    """The version, and the models fontes uses with their licences.

    \b
    Example:
      fontes info
    """
    data = model_info()
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    ner_model, emb = data["ner_model"], data["embedding_model"]
    click.echo(f"fontes {data['fontes']}")
    click.echo(f"NER model: {ner_model['name']} {ner_model['version'] or ''} (settings.spacy_model = "
               f"{ner_model['setting']!r}); licence: {ner_model['licence']}")
    click.echo(f"sentence embeddings: {emb['name']}" + (f", distilled from {emb['teacher']}" if emb["teacher"] else "")
               + f"; licence: {emb['licence']}")
    click.echo(f"OCR: {data['ocr']}")


# ---------------------------------------------------------------- annotate and eval

def _analyse(paths: Sequence[Path], quiet: bool) -> Any:
    from fontes.build import analyse_paths

    progress = Progress(TextColumn("[bold]analysing"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.description}"),
                        console=_err(), disable=quiet, transient=True)
    task = progress.add_task("", total=None)

    def on_file(path: Path, error: str | None) -> None:
        if error:
            progress.console.print(f"error: {escape(error)}", soft_wrap=True, style="red")
        progress.update(task, advance=1, description=path.name)

    with progress:
        return analyse_paths(paths, DEFAULTS, on_file=on_file)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--out", "out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for <file name>.json per document and _corpus.json.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def annotate(paths: tuple[Path, ...], out: Path, quiet: bool) -> None:
    """Analyse files and write the annotations in the gold format (shared/gold/SCHEMA.md).

    \b
    Example:
      fontes annotate examples/seeds --out annotations/
    """
    from fontes.annotate import write_annotations

    corpus, errors = _analyse(paths, quiet)
    written = write_annotations(corpus, out)
    click.echo(f"{len(written) - 1} document(s) annotated -> {out}" + (f" ({len(errors)} failed)" if errors else ""))
    if errors and not corpus.documents:
        sys.exit(1)


def find_corpus(gold: Path, names: Sequence[str], corpus: Path | None) -> Path:
    """The folder holding the documents a gold folder describes (file names = gold file names)."""
    candidates = [corpus] if corpus else [gold.parent.parent / "corpus" / gold.name, gold.parent / "corpus" / gold.name,
                                          REPO_ROOT / "examples" / gold.name, REPO_ROOT / "examples" / "seeds"]
    for folder in candidates:
        if folder and folder.is_dir() and all((folder / n).exists() for n in names):
            return folder
    where = ", ".join(str(c) for c in candidates if c)
    raise click.ClickException(f"documents of {gold} not found in {where}; pass --corpus DIR")


SUITE_SPLITS = ("dev", "test")


def _score_gold(gold_dir: Path, corpus_dir: Path | None, quiet: bool, out: Path | None = None) -> tuple[Any, list[str], Path]:
    """Analyse the documents a gold folder describes and score them: (report, errors, corpus folder)."""
    from fontes.annotate import annotate as annotate_corpus
    from fontes.annotate import read_annotations
    from fontes.evaluation.gold import score

    gold_docs, gold_corpus = read_annotations(gold_dir)
    if not gold_docs:
        raise click.ClickException(f"{gold_dir}: no gold files (<document>.json) here")
    folder = find_corpus(gold_dir, list(gold_docs), corpus_dir)
    paths = [folder / name for name in sorted(gold_docs)]
    corpus, errors = _analyse(paths, quiet)
    if out:
        from fontes.annotate import write_annotations

        write_annotations(corpus, out, gold_dir.name)
    system_docs, system_corpus = annotate_corpus(corpus, gold_dir.name)
    texts = {name: _read_text(folder / name) for name in gold_docs}
    texts.update({d.name: d.text for d in corpus.documents})
    return score(gold_docs, gold_corpus, system_docs, system_corpus, texts), errors, folder


def suite_sets(suite: Path | None, examples: Path | None, splits: Sequence[str]) -> list[tuple[str, Path, Path]]:
    """(name, gold folder, documents folder) of each set of an evaluation suite that exists.

    A suite folder holds one folder per split (``dev``, ``test``) with ``docs/`` and ``gold/``;
    the examples are the bundled example corpus with its gold (``../shared/gold/seeds``).
    """
    sets = []
    if examples is not None and examples.is_dir() and "examples" in splits:
        sets.append(("examples", examples, REPO_ROOT / "examples" / "seeds"))
    for split in SUITE_SPLITS:
        if suite is not None and split in splits and (suite / split / "gold").is_dir():
            sets.append((split, suite / split / "gold", suite / split / "docs"))
    return sets


def _fmt_figure(value: Any, key: str) -> str:
    if value is None:
        return "–"
    if key in ("body_lost", "conflicts_reported"):
        return str(value)
    return f"{value:.3f}"


@cli.command(name="eval")
@click.option("--gold", "gold_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="One folder of gold files (<document file name>.json and _corpus.json) to score in detail.")
@click.option("--corpus", "corpus_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="With --gold: folder of the documents (default: ../../corpus/<gold name> beside the gold, else examples/).")
@click.option("--suite", type=click.Path(file_okay=False, path_type=Path), default=Path("eval/corpus"), show_default=True,
              help="Without --gold: the evaluation corpus, a folder with dev/ and test/ (each docs/ and gold/).")
@click.option("--examples", type=click.Path(file_okay=False, path_type=Path), default=Path("../shared/gold/seeds"),
              show_default=True, help="Without --gold: the gold of the bundled example corpus.")
@click.option("--split", "splits", multiple=True, type=click.Choice(("examples", *SUITE_SPLITS)),
              help="Without --gold: score only these sets (repeatable; default all).")
@click.option("--json", "as_json", is_flag=True, help="Print scores (and, with --gold, per-document details) as JSON.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), help="With --gold: also write fontes's annotations here.")
@click.option("--details", is_flag=True, help="Also print what was missed and what was wrong, per document (never for test).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def eval_(gold_dir: Path | None, corpus_dir: Path | None, suite: Path, examples: Path, splits: tuple[str, ...],
          as_json: bool, out: Path | None, details: bool, quiet: bool) -> None:
    """Score fontes against hand-made gold: the evaluation suite side by side, or one gold folder.

    Without --gold, every set of the suite is analysed and scored on its own (documents of one
    set are resolved together): the examples, the development split (look at its errors) and the
    test split (scored only: its errors are never printed), with the figure fontes aims at on
    unseen documents beside them. With --gold, one folder is scored part by part: boilerplate
    lines (and body sentences lost), metadata fields, genre, calendar, mentions, alias clusters
    (B-cubed), timexes (detection and Gregorian value), events (type and evidence, date),
    cross-document events, conflicts (and their diagnosis). The scoring conventions are in
    fontes/evaluation/gold.py.

    \b
    Examples:
      fontes eval                                   # examples, dev and test side by side
      fontes eval --split dev --details             # what dev misses, per document
      fontes eval --gold ../shared/gold/seeds
      fontes eval --gold eval/corpus/dev/gold --corpus eval/corpus/dev/docs --json > scores.json
    """
    from fontes.evaluation.gold import FIGURES, figures, summary_rows

    if gold_dir is None:
        sets = suite_sets(suite, examples, splits or ("examples", *SUITE_SPLITS))
        if not sets:
            raise click.ClickException(f"no evaluation sets found: neither {suite}/dev|test/gold nor {examples}; "
                                       "pass --suite DIR, --examples DIR or --gold DIR")
        results: dict[str, dict[str, Any]] = {}
        for name, gold, docs in sets:
            report, errors, _ = _score_gold(gold, docs, quiet or as_json)
            results[name] = {"documents": len(list(gold.glob("*.json"))) - int((gold / "_corpus.json").exists()),
                             "errors": errors, "figures": figures(report),
                             **({"details": report.details} if details and name != "test" else {})}
        if as_json:
            click.echo(json.dumps(results, ensure_ascii=False, indent=2, default=str))
            return
        table = Table(title="fontes against hand-made gold (" + ", ".join(
            f"{n}: {r['documents']} documents" for n, r in results.items()) + ")")
        table.add_column("figure")
        for name in results:
            table.add_column(name, justify="right")
        table.add_column("target (unseen)", justify="right")
        for fig in FIGURES:
            table.add_row(fig.label, *(_fmt_figure(r["figures"][fig.key], fig.key) for r in results.values()),
                          "–" if fig.target is None else (f"≥ {fig.target:.2f}" if fig.key != "body_lost" else "0"))
        console = _out()
        console.print(table)
        for name, r in results.items():
            counts = ", ".join(f"{k} {v}" for k, v in r["figures"]["_counts"].items())
            console.print(f"{name}: {counts}" + (f"; {len(r['errors'])} unreadable" if r["errors"] else ""))
            if "details" in r:
                console.print_json(json.dumps(r["details"], ensure_ascii=False, default=str))
        if details and "test" in results:
            console.print("test: errors are not printed (held-out split: improve on dev only)")
        return

    report, errors, folder = _score_gold(gold_dir, corpus_dir, quiet or as_json, out)
    if as_json:
        click.echo(json.dumps({"gold": str(gold_dir), "corpus": str(folder), "errors": errors, **report.to_dict(),
                               "figures": figures(report)}, ensure_ascii=False, indent=2, default=str))
        return
    table = Table(title=f"fontes against {gold_dir} ({len(report.details) - 1} documents)")
    for col, justify in (("Part", "left"), ("P", "right"), ("R", "right"), ("F1", "right"), ("", "left")):
        table.add_column(col, justify=justify)  # type: ignore[arg-type]
    for row in summary_rows(report):
        table.add_row(row["part"], f"{row['precision']:.3f}", f"{row['recall']:.3f}", f"{row['f1']:.3f}", row["note"])
    console = _out()
    console.print(table)
    if details:
        console.print_json(json.dumps(report.details, ensure_ascii=False, default=str))


def _read_text(path: Path) -> str:
    """A document's text as ingest reads it (for locating gold spans even when analysis failed)."""
    from fontes.ingest import read_document

    try:
        return read_document(path).text
    except FontesError:
        return path.read_bytes().decode("utf-8", errors="replace")
