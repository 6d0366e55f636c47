"""Knowledge bases for the search, ask, API and web tests: a small invented one, and the example corpus built by the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from fontes.model import (
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
    Zone,
)
from fontes.store import KnowledgeBase

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "examples" / "seeds"

# An invented two-source corpus: enough structure (events, participants, dual dates, a conflict,
# chrome, HTML in the text) to exercise every mechanism without depending on the NLP stages.
LETTER = (
    "Order of the Council\n"
    "Sent: 3 March, 1850\n\n"
    "On 2 March the Council sent a telegram to General Ostrovo ordering him to halt the march. "
    "General Ostrovo refused to obey. Thereupon General Ostrovo was dismissed from his post. "
    "Colonel Varga has been appointed the new Commander of the Northern Army. "
    "The Council authorises the regiments to elect delegates. "
    "<script>alert('x')</script> & <b>not markup</b>\n\n"
    "Share this page | Print\n"
)
HISTORY = (
    "A later history\n\n"
    "The historian writes that General Ostrovo was dismissed on 20 March 1850, after the telegram affair. "
    "A truce followed in the spring of 1850 near Kalvara.\n"
)


def _span(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


def _mentions(text: str, names: dict[str, tuple[str, str]]) -> list[Mention]:
    out = []
    for surface, (entity_id, label) in names.items():
        at = 0
        while (i := text.find(surface, at)) >= 0:
            out.append(Mention(i, i + len(surface), surface, label, entity_id=entity_id))  # type: ignore[arg-type]
            at = i + len(surface)
    return out


def _event(doc: Document, eid: str, etype: str, evidence: str, actors, targets, greg, jul=None, **kw) -> Event:
    s, e = _span(doc.text, evidence)
    return Event(id=eid, type=etype, start=s, end=e, evidence=evidence, actors=actors, targets=targets,
                 when=DualDate(greg, jul), doc_id=doc.id, **kw)


def invented_corpus() -> Corpus:
    letter = Document(id="a" * 64, path="letter.txt", text=LETTER, genre="primary", calendar="julian")
    body_start = LETTER.index("On 2 March")
    chrome = LETTER.index("Share this page")
    letter.zones = [Zone(0, body_start, "metadata"), Zone(body_start, chrome, "body"),
                    Zone(chrome, len(LETTER), "boilerplate", "share-buttons")]
    letter.dct = DualDate("1850-03-15", "1850-03-03", "3 March, 1850")
    letter.citation.title, letter.citation.short = "Order of the Council", "Council, “Order of the Council”"
    letter.citation.csl = {"id": "letter", "type": "manuscript", "title": "Order of the Council"}
    names = {"Council": ("council", "ORG"), "General Ostrovo": ("ostrovo", "PER"),
             "Colonel Varga": ("varga", "PER"), "Northern Army": ("northern-army", "ORG"), "Kalvara": ("kalvara", "LOC")}
    letter.mentions = _mentions(LETTER, names)
    letter.events = [
        _event(letter, "telegram", "MESSAGE_SENT",
               "On 2 March the Council sent a telegram to General Ostrovo ordering him to halt the march.",
               ["council"], ["ostrovo"], "1850-03-14", "1850-03-02", channel="telegraph"),
        _event(letter, "refusal", "REFUSAL", "General Ostrovo refused to obey.", ["ostrovo"], ["council"],
               "1850-03-15", "1850-03-03"),
        _event(letter, "dismissal", "DISMISSAL", "Thereupon General Ostrovo was dismissed from his post.",
               ["council"], ["ostrovo"], "1850-03-15", "1850-03-03"),
        _event(letter, "appointment", "APPOINTMENT",
               "Colonel Varga has been appointed the new Commander of the Northern Army.", ["council"], ["varga"],
               "1850-03-15", "1850-03-03"),
        _event(letter, "authorisation", "AUTHORIZATION",
               "The Council authorises the regiments to elect delegates.", ["council"], [], "1850-03-15",
               "1850-03-03"),
    ]
    history = Document(id="b" * 64, path="history.txt", text=HISTORY, genre="secondary", calendar="gregorian")
    history.zones = [Zone(0, 16, "metadata"), Zone(17, len(HISTORY), "body")]
    history.citation.title, history.citation.short = "A later history", "Anon., “A later history”"
    history.mentions = _mentions(HISTORY, names)
    history.events = [
        _event(history, "h-dismissal", "DISMISSAL",
               "General Ostrovo was dismissed on 20 March 1850", ["council"], ["ostrovo"], "1850-03-20", "1850-03-08"),
        _event(history, "h-truce", "CEASEFIRE", "A truce followed in the spring of 1850 near Kalvara.", [], [],
               "1850-SP", None, place="kalvara"),
    ]
    entities = [
        Entity("council", "Council of the Republic", "ORG", aliases=["Council"], doc_ids=[letter.id, history.id],
               mention_count=3),
        Entity("ostrovo", "Ivan Ostrovo", "PER", aliases=["General Ostrovo"], doc_ids=[letter.id, history.id],
               mention_count=5),
        Entity("varga", "Petr Varga", "PER", aliases=["Colonel Varga"], doc_ids=[letter.id], mention_count=1,
               roles=[Role("Commander of the Northern Army", "1850-03-15", None, letter.id,
                           "Colonel Varga has been appointed the new Commander of the Northern Army.")]),
        Entity("northern-army", "Northern Army", "ORG", doc_ids=[letter.id], mention_count=1),
        Entity("kalvara", "Kalvara", "LOC", doc_ids=[history.id], mention_count=1, lat=50.1, lon=20.2),
    ]
    dismissal_claims = [Claim(letter.id, "dismissal", "1850-03-15", letter.events[2].evidence),
                        Claim(history.id, "h-dismissal", "1850-03-20", history.events[0].evidence)]
    events = [CorpusEvent("ostrovo-dismissed", "DISMISSAL", DualDate("1850-03-15", "1850-03-03"), dismissal_claims,
                          "the primary source's own date", ["council"], ["ostrovo"])]
    conflicts = [Conflict("ostrovo-dismissed", dismissal_claims, "unexplained",
                          "the sources give dates five days apart")]
    return Corpus(documents=[letter, history], entities=entities, events=events, conflicts=conflicts)


def invented_kb(path: Path) -> KnowledgeBase:
    kb = KnowledgeBase.open(path)
    kb.save(invented_corpus())
    return kb


def seeds_db(folder: Path) -> Path:
    """The example corpus built with the fontes command (FONTES_TEST_DB overrides it with a ready database)."""
    ready = os.environ.get("FONTES_TEST_DB")
    if ready:
        return Path(ready)
    db = folder / "seeds.db"
    if not db.exists():
        subprocess.run([sys.executable, "-m", "fontes", "build", str(SEEDS), "--db", str(db), "-q"], check=True,
                       cwd=REPO, timeout=900)
    return db
