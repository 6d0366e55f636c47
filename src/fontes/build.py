"""Build: read files and folders into the knowledge base, then resolve the whole stored corpus.

Each source runs through the per-document stages once per content hash (a stored document
with the same hash is not analysed again unless ``force``); a file that cannot be read or
analysed is reported with its name and skipped. Files are read, analysed (on an engine of
``fontes.engine``: this process, a process pool or a Dask cluster) and saved as a stream with
a bounded window, each document as soon as it is done, so a killed build resumes where it
stopped. Resolve then runs over the stored documents, and the results are saved.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import hashlib
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from fontes import corrections, incremental, pipeline, store, witnesses
from fontes.corrections import Outcome
from fontes.engine import Engine, LocalEngine
from fontes.errors import FontesError
from fontes.formats import articles
from fontes.ingest import find_sources, read_document, read_documents
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
          prune: bool = False, workers: int = 1, engine: Engine | None = None,
          on_file: Callable[[Path, str | None], None] | None = None,
          on_start: Callable[[int], None] | None = None) -> BuildReport:
    """Ingest paths into kb, resolve every stored document, save; returns what happened.

    Files are read, analysed and saved as a stream: at most a window of documents is in
    flight (``fontes.engine.window_for``), so memory does not grow with the number of files,
    and each document is saved as soon as it and those before it are analysed, so a build
    killed at any point and run again goes on where it stopped (stored hashes are skipped).
    The per-document stages run on ``engine`` (default: this process, or ``workers``
    processes when more than one); they depend on the document and the settings only, and
    results are saved in file order either way, so the database does not depend on the
    engine or the number of workers. ``on_start(n)`` is called with the number of files,
    ``on_file(path, error)`` after each (error is a one-line message or None), so a caller
    can draw a progress bar. Documents built before from a file below the same paths that
    is no longer there are listed in ``report.gone``, and removed with everything only they
    supported when ``prune``.
    """
    report = BuildReport()
    paths = list(paths)
    sources, problems = find_sources(paths)
    own, own_dirs = kb.own_files()
    sources = [p for p in sources if not _is_own(p, own, own_dirs)]
    report.files = len(sources) + len(problems)
    if on_start:
        on_start(report.files)
    for problem in problems:  # missing arguments, unreadable folders, links that lead nowhere, FIFOs...
        report.errors.append(str(problem))
        if on_file:
            on_file(Path(problem.path), str(problem))
    stored = set(kb.document_ids())
    seen: set[str] = set()
    failed: dict[str, str] = {}  # id -> error line, for copies of a document that failed
    own_engine = engine is None
    engine = engine or LocalEngine(workers)
    try:
        jobs = _jobs(sources, settings, stored, seen, force, report, on_file)
        for job, result in _analysed_in_order(jobs, engine, settings):
            if job.copy_of is not None:  # a copy of a text analysed earlier in this build is analysed once
                result = _copy_result(kb, job, failed.get(job.copy_of))
            error = result if isinstance(result, str) else None
            if error:
                report.errors.append(error)
                failed[job.doc.id] = error
            else:
                if len(result.text) > settings.section_chars:
                    release_memory()  # a long document: its sections' parses go back before its JSON is made
                kb.save_analyses([result])
                report.analysed.append(str(job.path))
            if on_file:
                on_file(job.path, error)
    finally:
        if own_engine:
            engine.close()
    job = result = None  # the last document analysed is not held while the stored corpus is resolved (issue 11)
    release_memory()
    gone = gone_sources(paths, kb, keep=seen)
    report.gone = [row["path"] for row in gone]
    if prune and gone:
        report.pruned = [row["path"] for row in kb.remove_documents([row["id"] for row in gone])]
    return _resolve_into(report, kb, settings)


@dataclass(slots=True)
class _Job:
    """One document to analyse (``copy_of`` None) or a copy of one analysed earlier in this build."""

    path: Path
    doc: Document
    copy_of: str | None = None  # the id of the original, whose analysis the copy takes


def _is_own(path: Path, own: set[Path], own_dirs: list[Path]) -> bool:
    """Whether a source found in a folder is one of the knowledge base's own files (``--db`` inside it)."""
    if not own and not own_dirs:
        return False
    resolved = path.resolve()
    return resolved in own or any(resolved.is_relative_to(d) for d in own_dirs)


def _jobs(sources: Iterable[Path], settings: Settings, stored: set[str], seen: set[str], force: bool,
          report: BuildReport, on_file: Callable[[Path, str | None], None] | None) -> Iterator[_Job]:
    """Read sources lazily, in order: report unreadable, unchanged and duplicate ones, yield the rest."""
    first: dict[str, str] = {}  # copy key -> id of the first document with it sent for analysis
    for path in sources:
        try:
            docs = read_documents(path, settings)  # one per article of a newspaper issue (issue 14)
        except FontesError as err:
            report.errors.append(str(err))
            if on_file:
                on_file(path, str(err))
            continue
        for doc in docs:
            if doc.id in seen:
                report.duplicates.append(str(path))
            elif doc.id in stored and not force:
                report.unchanged.append(str(path))
            else:
                seen.add(doc.id)
                key = _copy_digest(doc)
                yield _Job(path, doc, copy_of=first.get(key))
                first.setdefault(key, doc.id)
                continue
            seen.add(doc.id)
            if on_file:
                on_file(path, None)


def _analysed_in_order(jobs: Iterable[_Job], engine: Engine, settings: Settings
                       ) -> Iterator[tuple[_Job, Document | str | None]]:
    """Each job with its analysed document or error line, in input order; copies are not sent to the engine.

    A copy's result is None here (it takes its original's, which comes before it); the jobs
    between two analysed documents wait in a queue, so the window bounds memory.
    """
    queue: deque[_Job] = deque()

    def to_engine() -> Iterator[Document]:
        for job in jobs:
            queue.append(job)
            if job.copy_of is None:
                yield job.doc

    for result in engine.map_ordered(_analyse_or_error, to_engine(), settings):
        while queue[0].copy_of is not None:
            yield queue.popleft(), None
        yield queue.popleft(), result
    while queue:
        yield queue.popleft(), None


def _copy_result(kb: KnowledgeBase, job: _Job, failed: str | None) -> Document | str:
    """The analysis of the copy's original, read back from the store, given to the copy (or the original's error)."""
    if failed is not None:
        return f"{job.path}: the same text as another file, which failed ({failed})"
    original = kb.analysed_documents_of([job.copy_of])[0]  # a long one from its sections too
    return witnesses.copy_analysis(original, job.doc)


def _copy_digest(doc: Document) -> str:
    # the key witnesses.analysed_once groups copies by, as a short digest so a long build keeps little
    return hashlib.sha256(repr(witnesses._copy_key(doc)).encode()).hexdigest()


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
        if not os.path.lexists(articles.source_file(str(source))):  # an article: issue-mets.xml#art3
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


def resolve_stored(kb: KnowledgeBase, settings: Settings = DEFAULTS) -> Corpus:
    """Resolve every stored document (as the per-document stages left it) and save the results."""
    return _resolve_with_corrections(kb, settings, full=True)[0]


# an incremental resolve that would load more than this share of the stored documents (one component
# holding most of them, as names shared by most sources make it) resolves them all instead: the same
# rows, without reading and deleting the old ones document by document
FULL_SHARE = 0.5
# an incremental plan loading more than this share of the documents (entities shared by most of them join
# most components) is tried in two levels first (_resolve_two_levels): entities linked over light rows,
# then events by their own keys, which make small components
TWO_LEVEL_SHARE = 0.1


def _resolve_with_corrections(kb: KnowledgeBase, settings: Settings, *, full: bool = False,
                              changed: Iterable[str] = ()) -> tuple[Corpus, list[Outcome]]:
    """``_resolve_locked`` under the knowledge base's resolve lock: builds running side by side against one
    database (several machines on one PostgreSQL) resolve one after the other, each seeing what the
    others stored."""
    with kb.resolve_lock():
        return _resolve_locked(kb, settings, full=full, changed=changed)


def _resolve_locked(kb: KnowledgeBase, settings: Settings, *, full: bool = False,
                    changed: Iterable[str] = ()) -> tuple[Corpus, list[Outcome]]:
    """Resolve the stored documents with the users' corrections re-applied, save, record what each did.

    Only the components (fontes.incremental) that documents added, re-analysed (``changed``) or
    removed since the last resolve join or leave are resolved again and their rows replaced, unless
    ``full``, or the settings differ from the last resolve's, or users' corrections are stored, or
    those components hold more than FULL_SHARE of the documents: then every document is.
    Document-level corrections (calendars, event types and dates, rejected and added events) go in
    before resolve, so merging and conflicts see them; corpus-level ones
    (entities, participants, conflicts settled) after it. The returned corpus holds the documents
    resolved (all of them after a full resolve).
    """
    decisions = kb.decisions(include_undone=False)
    state = incremental.state_of(settings, decisions)
    last = kb.resolve_state()
    read: dict[str, dict[str, bool]] | None = None  # the stored keys, once read
    whole: list[Document] | None = None  # every stored document, when the incremental plan already read them all
    if not full and not decisions and last == state:
        # every stored key in one read: faster than reading those of the touched components key by key
        # (KeySource(kb=kb)) while one component holds most documents, as on the corpora measured
        read = kb.resolve_keys()
        stored = incremental.KeySource(read)
        present = kb.document_ids()
        fresh = kb.analysed_documents_of((set(present) - stored.documents()) | (set(changed) & set(present)))
        plan = incremental.plan(stored, present, fresh, settings)
        if not plan.documents and not plan.gone:
            return Corpus(), []
        if len(plan.documents) > TWO_LEVEL_SHARE * plan.total:
            two = _resolve_two_levels(kb, settings, state, stored, present, fresh, plan)
            if two is not None:
                return two, []
        if len(plan.documents) <= FULL_SHARE * plan.total:
            known = {d.id for d in fresh}
            docs = sorted(fresh + kb.analysed_documents_of(set(plan.documents) - known), key=lambda d: (d.name, d.id))
            corpus = pipeline.resolve(docs, settings)
            if not corpus.documents:
                corpus.documents = docs
            release_memory()
            kb.save_resolved(corpus, plan.keys, state, replace=plan.documents, gone=plan.gone)
            return corpus, []
        # most of the corpus is touched: resolving it all is cheaper than replacing its rows one by one; when
        # the documents just read are all there is (a first build), they are not read a second time
        whole = fresh if len(fresh) == len(present) and {d.id for d in fresh} == set(present) else None
        fresh = []
    docs = whole if whole is not None else kb.analysed_documents()
    outcomes = corrections.apply_before_resolve(docs, decisions)
    # each document's keys, before resolve rewrites its ids; those stored under the same settings and
    # corrections are still right unless the document was analysed again
    known = (read if read is not None else kb.resolve_keys()) if last == state else {}
    changed = set(changed)
    keys = {d.id: known[d.id] if d.id in known and d.id not in changed else incremental.document_keys(d, settings)
            for d in docs}
    corpus = pipeline.resolve(docs, settings)
    if not corpus.documents:
        corpus.documents = docs
    outcomes += corrections.apply_after_resolve(corpus, decisions)
    release_memory()  # what parsing and resolving freed, before the resolved documents' JSON is made
    kb.save_resolved(corpus, keys, state)
    kb.record_outcomes(outcomes)
    return corpus, outcomes


def _resolve_two_levels(kb: KnowledgeBase, settings: Settings, state: dict[str, str], stored: incremental.KeySource,
                        present: list[str], fresh: list[Document], first: incremental.Plan) -> Corpus | None:
    """An incremental resolve in two levels, or None when it cannot give what a full resolve gives.

    Level 1: the entities of every stored document are linked again from light rows (mentions and
    local entities, no analysis loaded: ``KnowledgeBase.link_documents``). Level 2: the documents
    added, re-analysed or gone, and those the linker gave other ids or whose entities changed type,
    are resolved with the components their event, text and author keys make (entity names link
    nothing there), taking the global ids of level 1; only those documents' rows and the entities
    whose rows changed are rewritten. None (resolve it all) when witnesses of a text may change, when
    an entity to rewrite holds a post another document's appointment gave it, or when the second
    level still loads more than FULL_SHARE of the documents.
    """
    from fontes import resolve as resolve_stage

    # the second level's components of the changed documents alone: if they already hold most of the
    # corpus (reports of one season, whose date windows all meet), linking entities first cannot pay
    probe = incremental.plan(stored, present, fresh, settings, links=incremental.links_events, fresh_keys=first.keys)
    if len(probe.documents) > FULL_SHARE * probe.total:
        return None
    text_of = kb.witnesses()
    if not incremental.witnesses_settled(stored, first.keys, first.gone, text_of):
        return None
    light = kb.link_documents()
    entities = resolve_stage._link_entities(light, settings, incremental.StoredWitnesses(text_of))
    linked = resolve_stage.Linked({d.id: d for d in light}, entities)
    rows = kb.entity_rows()
    seeds = incremental.relinked(linked.docs, kb.resolved_links()) | incremental.retyped(entities, rows)
    plan = incremental.plan(stored, present, fresh, settings, seeds=seeds, links=incremental.links_events,
                            fresh_keys=first.keys)
    if len(plan.documents) > FULL_SHARE * plan.total:
        return None
    known = {d.id for d in fresh}
    docs = sorted(fresh + kb.analysed_documents_of(set(plan.documents) - known), key=lambda d: (d.name, d.id))
    corpus = resolve_stage.resolve(docs, settings, linked)
    if not corpus.documents:
        corpus.documents = docs
    changed = _changed_entities(corpus.entities, rows, set(plan.documents) | set(plan.gone))
    if changed is None:
        return None
    corpus.entities, stale = changed
    release_memory()
    kb.save_resolved(corpus, plan.keys, state, replace=plan.documents, gone=plan.gone, stale_entities=stale)
    return corpus


def _changed_entities(entities: list, stored: dict[str, tuple], resolved: set[str]) -> tuple[list, set[str]] | None:
    """The entities whose rows differ from the stored ones, and the ids whose rows go (changed or gone);
    None when a row to rewrite or drop holds a post that an appointment in a document not resolved
    again gave it (chain.assign_roles): only a whole resolve knows where it goes."""
    out, stale = [], set()
    for entity in entities:
        row, names, held = store.entity_rows_of(entity)
        old = stored.get(entity.id)
        if old is not None and _same_rows((row, names, held), old):
            continue
        if old is not None and _foreign_roles(old[2], held, resolved):
            return None
        out.append(entity)
        stale.add(entity.id)
    new = {e.id for e in entities}
    for eid, old in stored.items():
        if eid in new:
            continue
        foreign = [r for r in old[2] if r.get("doc_id") not in resolved]
        if foreign and (len(foreign) < len(old[2]) or old[0].get("doc_ids")):
            return None
        if not foreign:
            stale.add(eid)  # an entity no document names any more (one an appointment elsewhere made is kept)
    return out, stale


def _same_rows(new: tuple, old: tuple) -> bool:
    """Whether an entity's new rows (``store.entity_rows_of``) are the stored ones."""
    return all(_same_row(a, b) for a, b in zip((new[0], *new[1], *new[2]), (old[0], *old[1], *old[2]))) \
        and (len(new[1]), len(new[2])) == (len(old[1]), len(old[2]))


def _same_row(new: dict, stored: dict) -> bool:
    return all(stored.get(k) == v for k, v in new.items()) and all(v is None for k, v in stored.items() if k not in new)


def _foreign_roles(stored_roles: list[dict], held: list[dict], resolved: set[str]) -> bool:
    """Whether a stored role came from a document not resolved again and is not among the new roles."""
    mine = [{k: r.get(k) for k in ("title", "start", "end", "doc_id", "evidence")} for r in held]
    return any(r.get("doc_id") not in resolved and {k: r.get(k) for k in ("title", "start", "end", "doc_id", "evidence")}
               not in mine for r in stored_roles)


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
            for doc in read_documents(path, settings):  # one per article of a newspaper issue (issue 14)
                if doc.id not in seen:
                    docs.append(analyse_document(doc, settings))
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
    """Resolve what changed since the last resolve and put the knowledge base's counts in the report."""
    analysed = {_resolved(p) for p in getattr(report, "analysed", [])}
    changed = [r["id"] for r in kb.stored_sources() if r["source"] in analysed] if analysed else []
    _, outcomes = _resolve_with_corrections(kb, settings, changed=changed)
    report.corrections = sum(o.applied for o in outcomes)
    report.orphaned = [f"#{o.decision.id} {o.decision.kind}: {o.note}" for o in outcomes if not o.applied]
    counts = kb.resolved_counts()
    report.documents = counts["documents"]
    report.entities = counts["entities"]
    report.events = counts["events"]
    report.conflicts = counts["conflicts"]
    release_memory()
    return report


def release_memory() -> None:
    """Give the memory a finished stage freed back to the system (glibc's ``malloc_trim``), so the next
    stage (resolve after analysis, the search index after resolve) starts from what is still held and
    not from the first stage's high-water mark: a long document's parses and JSON are freed in pieces
    the allocator otherwise keeps (issue 11). A no-op where the C library has no such call."""
    gc.collect()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@lru_cache(maxsize=1)
def _malloc_trim():
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None
