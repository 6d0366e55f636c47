"""The document model every stage shares: Document, Zone, Citation, Timex, Mention, Entity, Event, Conflict.

All offsets (``start``/``end``) are code-point offsets into ``Document.text``, the full
decoded text of the source (for HTML: the text trafilatura extracted). Cleaning does not
rewrite ``text``: it labels line ranges as zones (body, metadata, boilerplate), and
``Document.clean_text`` joins the body lines. So ``doc.text[x.start:x.end]`` is always the
exact evidence for any annotation ``x``, and gold offsets into the raw document line up.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

ZoneKind = Literal["body", "metadata", "boilerplate"]
TimexType = Literal["DATE", "TIME", "DURATION", "SET"]
EntityType = Literal["PER", "ORG", "LOC", "WORK", "EVENT"]
Calendar = Literal["julian", "gregorian", "mixed", "none"]
Modality = Literal["asserted", "planned", "negated", "hypothetical", "conditional"]

EVENT_TYPES: tuple[str, ...] = (
    "UPRISING", "SEIZURE_OF_POWER", "SPEECH", "ADOPTION", "ORDER", "MESSAGE_SENT",
    "MESSAGE_RECEIVED", "PROPOSAL", "NEGOTIATION", "REFUSAL", "DISMISSAL", "APPOINTMENT",
    "AUTHORIZATION", "CEASEFIRE", "ARMISTICE", "TREATY", "TRAVEL", "EXILE", "ESCAPE",
    "ARREST", "OFFENSIVE", "PUBLICATION", "REVOLUTION", "RECOGNITION", "OTHER",
)


@dataclass(slots=True)
class Zone:
    """A line range of Document.text and what it is: body text, citation metadata or site chrome."""

    start: int
    end: int
    kind: ZoneKind
    rule: str | None = None  # why clean labelled it so (auditable list of removals)


@dataclass(slots=True)
class DualDate:
    """A TIMEX3-style value in both calendars; ``julian`` is None outside the dual-calendar era."""

    gregorian: str | None
    julian: str | None = None
    as_written: str | None = None


@dataclass
class Citation:
    """What a source says about itself, as the fields of the gold metadata plus a CSL-JSON record."""

    title: str | None = None
    authors: list[str] = field(default_factory=list)
    date: DualDate | None = None  # date of writing/sending/publication of the source itself
    first_published: str | None = None
    source: str | None = None
    translators: list[str] = field(default_factory=list)
    publisher: str | None = None
    accessed: str | None = None  # ISO date
    url: str | None = None
    csl: dict[str, Any] = field(default_factory=dict)  # CSL-JSON item
    formatted: str | None = None  # Chicago note, rendered by citeproc-py
    short: str | None = None  # short citation for chronology lines


@dataclass(slots=True)
class Page:
    """One page of a paginated source (PDF, scan, OCR file): ``text[start:end]`` was read from it."""

    start: int
    end: int
    label: str  # the page number a citation gives ("12", "iv"): printed on the page, else its position from 1
    image: str | None = None  # the image a scan's text was read from (None for a text layer)
    width: int | None = None  # size of that image, the frame of the boxes on it
    height: int | None = None


@dataclass(slots=True)
class Box:
    """Where ``text[start:end]`` (one line of a scan or OCR file) sits on its page, and how sure the OCR was."""

    start: int
    end: int
    page: int  # index into Document.pages
    x: int
    y: int
    w: int
    h: int
    confidence: float | None = None  # 0-1, the mean of its words' (None where the source gives none)


@dataclass(slots=True)
class Mark:
    """A span the source itself marked: a TEI edition's <date when>/<persName ref>/<placeName>, a
    low-confidence OCR word, or a line the reader of the format took as page chrome (with its reason)."""

    start: int
    end: int
    kind: str  # date | person | place | org | low_confidence | chrome
    value: str | None = None  # the edition's @when / @ref, the word's confidence, the chrome's reason


@dataclass(slots=True)
class Timex:
    """One time expression: text[start:end], its TIMEX3 value in the document's calendar and N.S."""

    start: int
    end: int
    text: str
    type: TimexType
    value: str  # TIMEX3 value in the document's own calendar
    gregorian: str | None = None  # New Style value
    julian: str | None = None  # Old Style value, only in the dual-calendar era of the place
    mod: str | None = None  # TIMEX3 mod: START, MID, END, APPROX, BEFORE, AFTER...
    calendar: str | None = None  # calendar the expression is written in
    calendar_reason: str | None = None
    confidence: float = 1.0
    anchor: str | None = None  # value of the reference time a relative expression was resolved on
    zone: ZoneKind = "body"


@dataclass(slots=True)
class Mention:
    """A surface form of an entity: text[start:end]."""

    start: int
    end: int
    text: str
    label: EntityType
    entity_id: str | None = None  # filled by resolution (local within a doc, global after resolve)
    zone: ZoneKind = "body"
    source: str = "model"  # model | rule | gazetteer | alias | role (a title without a name)


@dataclass
class Role:
    title: str
    start: str | None = None  # ISO date (Gregorian)
    end: str | None = None
    doc_id: str | None = None
    evidence: str | None = None


@dataclass
class Entity:
    """One person, body, place, work or named event, with all its names across the corpus."""

    id: str
    name: str
    type: EntityType
    aliases: list[str] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    authority: dict[str, str] = field(default_factory=dict)  # e.g. {"wikidata": "Q1394"}
    lat: float | None = None
    lon: float | None = None
    doc_ids: list[str] = field(default_factory=list)
    mention_count: int = 0
    curated: dict[str, Any] = field(default_factory=dict)  # field -> the decision that set it (corrections)


@dataclass
class Event:
    """A typed happening reported by one document, with its evidence passage."""

    id: str
    type: str  # one of EVENT_TYPES
    start: int  # evidence span in Document.text
    end: int
    evidence: str
    trigger: str | None = None
    actors: list[str] = field(default_factory=list)  # entity ids
    targets: list[str] = field(default_factory=list)
    place: str | None = None  # entity id
    when: DualDate | None = None
    timex_index: int | None = None  # index into Document.timexes of the date used
    modality: Modality = "asserted"
    channel: str | None = None  # wireless, direct line, telegraph, note, decree...
    zone: ZoneKind = "body"
    doc_id: str | None = None
    confidence: float = 1.0
    links: dict[str, list[str]] = field(default_factory=dict)  # e.g. {"received_as": [...]} (resolve)
    arguments: dict[str, list[str]] = field(default_factory=dict)  # surface text: {"actors": [...], "targets": [...], "place": [...]}
    curated: dict[str, Any] = field(default_factory=dict)  # field -> the decision that set it (corrections)


@dataclass
class Claim:
    """What one source says about a merged happening, with provenance."""

    doc_id: str
    event_id: str
    says: str | None  # the value claimed (a date, a place, a figure)
    evidence: str


@dataclass
class CorpusEvent:
    """One happening merged from the reports of several documents."""

    id: str
    type: str
    when: DualDate | None
    reported_by: list[Claim] = field(default_factory=list)
    reasoning: str | None = None  # how the date was decided from the claims
    actors: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    place: str | None = None
    curated: dict[str, Any] = field(default_factory=dict)  # field -> the decision that set it (corrections)


@dataclass
class Conflict:
    """Sources that disagree about one happening, with a diagnosis of why they might."""

    about: str  # CorpusEvent id
    claims: list[Claim]
    diagnosis: Literal["calendar_shift", "granularity", "stages", "unexplained", "consistency", "transcription",
                       "reporting_date", "overnight", "variant"]
    explanation: str
    kind: str = "date"  # date | place | participants | figure | consistency
    curated: dict[str, Any] = field(default_factory=dict)  # {"status": {...}}: explained or settled by a user


@dataclass
class Document:
    """One source and everything the per-document stages found in it."""

    id: str  # sha256 of the source bytes: re-ingesting the same file changes nothing
    path: str
    text: str  # full decoded text; every offset in the model points here
    media_type: str = "text/plain"
    encoding: str = "utf-8"
    html_meta: dict[str, str] = field(default_factory=dict)  # title/author/date/url/sitename of an HTML page
    # HTML only: spans of ``text`` (every visible line of the page) that the main-text extractor
    # kept; the clean stage names the other lines as the page's chrome. None for other sources.
    main_spans: list[tuple[int, int]] | None = None
    # paginated sources (PDF, scans, ALTO/PAGE/hOCR, EPUB chapters): where each page's text is, the boxes
    # of OCR lines, the source's own marks (issue 14); a catalogue record (CSL-JSON, from a TEI header or
    # a Zotero export, with its item key) that the citation is taken from instead of guessed
    pages: list[Page] = field(default_factory=list)
    boxes: list[Box] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)
    record: dict[str, Any] = field(default_factory=dict)
    zones: list[Zone] = field(default_factory=list)
    citation: Citation = field(default_factory=Citation)
    genre: Literal["primary", "secondary"] | None = None
    calendar: Calendar | None = None
    calendar_reason: str | None = None
    calendar_confidence: float | None = None
    place: str | None = None  # where the document was written, if known (country or city name)
    dct: DualDate | None = None  # document creation time
    timexes: list[Timex] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)  # document-local entities before resolve

    @property
    def name(self) -> str:
        """File name, the id the gold uses."""
        return self.path.replace("\\", "/").rsplit("/", 1)[-1]

    def zone_at(self, offset: int) -> ZoneKind:
        """The kind of zone an offset falls in ("body" when cleaning has not run)."""
        for zone in self.zones:
            if zone.start <= offset < zone.end:
                return zone.kind
        return "body"

    def page_at(self, offset: int) -> Page | None:
        """The page an offset falls on (None for a source without pages)."""
        for page in self.pages:
            if page.start <= offset < page.end:
                return page
        return None

    def lines(self, kind: ZoneKind) -> list[str]:
        """The stripped text of every zone of one kind, in order."""
        return [self.text[z.start:z.end].strip() for z in self.zones if z.kind == kind]

    @property
    def clean_text(self) -> str:
        """Body text without chrome or citation lines, paragraphs separated by blank lines."""
        if not self.zones:
            return self.text
        return "\n\n".join(line for line in self.lines("body") if line)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Corpus:
    """Everything resolve found across documents: global entities, merged events, conflicts."""

    documents: list[Document] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    events: list[CorpusEvent] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    # reprints, copies and versions of one text (fontes.witnesses): document id -> the id of its text;
    # their claims count once and never conflict with each other
    witnesses: dict[str, str] = field(default_factory=dict)
    # where witnesses of one text read differently (a date changed in a reprint): kind "variant"
    variants: list[Conflict] = field(default_factory=list)
