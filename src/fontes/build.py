"""Build: read files and folders into the knowledge base, then resolve the whole stored corpus.

Each source runs through the per-document stages once per content hash (a stored document
with the same hash is not analysed again unless ``force``); a file that cannot be read or
analysed is reported with its name and skipped. Resolve then runs over every document in the
database, so adding files later re-resolves the corpus, and the results are saved.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from itertools import repeat
from multiprocessing import get_context
from dataclasses import dataclass, field
from pathlib import Path

from fontes import corrections, pipeline, witnesses
from fontes.corrections import Outcome
from fontes.errors import FontesError
from fontes.ingest import find_sources, read_document
from fontes.model import Corpus, Document
from fontes.settings import DEFAULTS, Settings
from fontes.store import KnowledgeBase


@dataclass
class BuildReport:
    """What a build did: files seen, analysed, unchanged, failed (one message each), corpus totals."""

    files: int = 0
    analysed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    gone: list[str] = field(default_factory=list)  # built before from these paths, no longer there
    pruned: list[str] = field(default_factory=list)  # the gone ones removed (build --prune)
    documents: int = 0
    entities: int = 0
    events: int = 0
    conflicts: int = 0
    corrections: int = 0  # users' corrections re-applied
    orphaned: list[str] = field(default_factory=list)  # corrections whose target no longer exists

    @property
    def built(self) -> int:
        return len(self.analysed) + len(self.unchanged) + len(self.duplicates)

    def summary(self) -> str:
        gone = (f", {len(self.pruned)} gone and pruned" if self.pruned
                else f", {len(self.gone)} gone (kept; --prune removes them)" if self.gone else "")
        return (f"{self.files} file(s): {len(self.analysed)} analysed, {len(self.unchanged)} unchanged, "
                f"{len(self.errors)} failed{gone}; the knowledge base holds {self.documents} document(s), "
                f"{self.entities} entities, {self.events} events, {self.conflicts} conflicts"
                + _corrections_note(self))


def _corrections_note(report: "BuildReport | RemoveReport") -> str:
    if not report.corrections and not report.orphaned:
        return ""
    return (f"; {report.corrections} correction(s) re-applied"
            + (f", {len(report.orphaned)} no longer apply (see 'fontes corrections')" if report.orphaned else ""))


def analyse_file(path: Path, settings: Settings = DEFAULTS) -> Document:
    """Read and analyse one file; any failure becomes an InputError or a FontesError naming the file."""
    return analyse_document(read_document(path, settings), settings)


def analyse_document(doc: Document, settings: Settings = DEFAULTS) -> Document:
    """Run the per-document stages; a stage failure becomes a FontesError naming the file."""
    path = doc.path
    try:
        return pipeline.analyse(doc, settings)
    except FontesError as err:
        raise FontesError(f"{path}: {err}") from err
    except Exception as err:  # noqa: BLE001 - a stage bug must not stop the other files
        raise FontesError(f"{path}: analysis failed ({type(err).__name__}: {err}); "
                          "the file was skipped, please report this as a bug") from err


def _analyse_or_error(doc: Document, settings: Settings) -> Document | str:
    """A worker's task: the analysed document, or the one-line error naming its file."""
    try:
        return analyse_document(doc, settings)
    except FontesError as err:
        return str(err)


def build(paths: Iterable[Path | str], kb: KnowledgeBase, settings: Settings = DEFAULTS, *, force: bool = False,
          prune: bool = False, workers: int = 1, on_file: Callable[[Path, str | None], None] | None = None,
          on_start: Callable[[int], None] | None = None) -> BuildReport:
    """Ingest paths into kb, resolve every stored document, save; returns what happened.

    The per-document stages run in ``workers`` processes when more than one (they depend on
    the document and the settings only); results are saved in file order either way, so the
    database does not depend on the number of workers. ``on_start(n)`` is called with the
    number of files, ``on_file(path, error)`` after each (error is a one-line message or
    None), so a caller can draw a progress bar. Documents built before from a file below the
    same paths that is no longer there are listed in ``report.gone``, and removed with
    everything only they supported when ``prune``.
    """
    report = BuildReport()
    paths = list(paths)
    sources, problems = find_sources(paths)
    report.files = len(sources) + len(problems)
    if on_start:
        on_start(report.files)
    for problem in problems:  # missing arguments, unreadable folders, links that lead nowhere, FIFOs...
        report.errors.append(str(problem))
        if on_file:
            on_file(Path(problem.path), str(problem))
    stored = set(kb.document_ids())
    seen: set[str] = set()
    todo: list[tuple[Path, Document]] = []
    for path in sources:
        try:
            doc = read_document(path, settings)
        except FontesError as err:
            report.errors.append(str(err))
            if on_file:
                on_file(path, str(err))
            continue
        if doc.id in seen:
            report.duplicates.append(str(path))
        elif doc.id in stored and not force:
            report.unchanged.append(str(path))
        else:
            todo.append((path, doc))
            seen.add(doc.id)
            continue
        seen.add(doc.id)
        if on_file:
            on_file(path, None)
    # a copy of a text met earlier in this build (other line endings, encoding, trailing blank lines) is analysed once
    analysed = witnesses.analysed_once([d for _, d in todo], lambda docs: _analysed(docs, settings, workers))
    for path, result in zip([p for p, _ in todo], analysed):
        error = result if isinstance(result, str) else None
        if error:
            report.errors.append(error)
        else:
            kb.save_analyses([result])
            report.analysed.append(str(path))
        if on_file:
            on_file(path, error)
    gone = gone_sources(paths, kb, keep=seen)
    report.gone = [row["path"] for row in gone]
    if prune and gone:
        report.pruned = [row["path"] for row in kb.remove_documents([row["id"] for row in gone])]
    return _resolve_into(report, kb, settings)


def gone_sources(paths: Iterable[Path | str], kb: KnowledgeBase, *, keep: set[str] = frozenset()) -> list[dict[str, str]]:
    """Stored documents read before from a file at or below paths that no longer exists.

    A document whose content was found again in this build (``keep``: a renamed or copied
    file) is not gone.
    """
    roots = [Path(_resolved(p)) for p in paths]
    out = []
    for row in kb.stored_sources():
        source = Path(row["source"])
        if row["id"] in keep or not any(source == root or root in source.parents for root in roots):
            continue
        if not os.path.lexists(source):
            out.append(row)
    return out


def _resolved(path: Path | str) -> str:
    try:
        return str(Path(path).resolve())
    except (OSError, ValueError):
        return str(path)


@dataclass
class RemoveReport:
    """What a removal did: the documents removed and the corpus that remains."""

    removed: list[dict[str, str]] = field(default_factory=list)
    documents: int = 0
    entities: int = 0
    events: int = 0
    conflicts: int = 0
    corrections: int = 0
    orphaned: list[str] = field(default_factory=list)

    def summary(self) -> str:
        names = ", ".join(r["name"] for r in self.removed) or "nothing"
        return (f"removed {names}; the knowledge base holds {self.documents} document(s), {self.entities} entities, "
                f"{self.events} events, {self.conflicts} conflicts" + _corrections_note(self))


def remove(keys: Iterable[str], kb: KnowledgeBase, settings: Settings = DEFAULTS) -> RemoveReport:
    """Remove documents (id, id prefix, file name or path) and all only they supported, then resolve again.

    The one function behind ``fontes remove``, ``DELETE /api/documents/{id}`` and the reader's
    remove button: the store deletes the documents' rows, claims, search rows and embeddings,
    and resolving the remaining documents recomputes global entities, merged events and
    conflicts, so the database equals a build without those documents.
    """
    report = RemoveReport(removed=kb.remove_documents(keys))
    return _resolve_into(report, kb, settings)


def _analysed(docs: list[Document], settings: Settings, workers: int) -> Iterator[Document | str]:
    """Analysed documents (or error lines) in input order, from this process or a pool of workers."""
    if workers <= 1 or len(docs) <= 1:
        for doc in docs:
            yield _analyse_or_error(doc, settings)
        return
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
        yield from pool.map(_analyse_or_error, docs, repeat(settings), chunksize=1)


def resolve_stored(kb: KnowledgeBase, settings: Settings = DEFAULTS) -> Corpus:
    """Resolve every stored document (as the per-document stages left it) and save the results."""
    return _resolve_with_corrections(kb, settings)[0]


def _resolve_with_corrections(kb: KnowledgeBase, settings: Settings) -> tuple[Corpus, list[Outcome]]:
    """Resolve the stored documents with the users' corrections re-applied, save, record what each did.

    Document-level corrections (calendars, event types and dates, rejected and added events) go
    in before resolve, so merging and conflicts see them; corpus-level ones (entities, participants,
    conflicts settled) after it.
    """
    docs = kb.analysed_documents()
    decisions = kb.decisions(include_undone=False)
    outcomes = corrections.apply_before_resolve(docs, decisions)
    corpus = pipeline.resolve(docs, settings)
    if not corpus.documents:
        corpus.documents = docs
    outcomes += corrections.apply_after_resolve(corpus, decisions)
    kb.save(corpus)
    kb.record_outcomes(outcomes)
    return corpus, outcomes


def analyse_paths(paths: Iterable[Path | str], settings: Settings = DEFAULTS,
                  on_file: Callable[[Path, str | None], None] | None = None) -> tuple[Corpus, list[str]]:
    """Analyse and resolve files without a database (for annotate and eval); returns corpus and errors."""
    docs, seen = [], set()
    sources, problems = find_sources(paths)
    errors = [str(p) for p in problems]
    for problem in problems:
        if on_file:
            on_file(Path(problem.path), str(problem))
    for path in sources:
        error = None
        try:
            doc = analyse_file(path, settings)
            if doc.id not in seen:
                docs.append(doc)
                seen.add(doc.id)
        except FontesError as err:
            error = str(err)
            errors.append(error)
        if on_file:
            on_file(path, error)
    corpus = pipeline.resolve(docs, settings)
    if not corpus.documents:
        corpus.documents = docs
    return corpus, errors


def _resolve_into(report, kb: KnowledgeBase, settings: Settings):
    """Resolve the stored documents again and put the knowledge base's counts in the report."""
    corpus, outcomes = _resolve_with_corrections(kb, settings)
    report.corrections = sum(o.applied for o in outcomes)
    report.orphaned = [f"#{o.decision.id} {o.decision.kind}: {o.note}" for o in outcomes if not o.applied]
    report.documents = len(corpus.documents)
    report.entities = len(corpus.entities)
    report.events = sum(len(d.events) for d in corpus.documents)
    report.conflicts = len(corpus.conflicts)
    return report
