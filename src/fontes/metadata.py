"""Metadata stage: the citation a source carries in its header or footer, its genre and a Chicago citation.

Reads the zones clean labelled: header lines (title, byline, dateline, affiliation), citation
labels ("Written:", "Source:", "Translated:" ...) and site data blocks ("Article Details" with
Author / Title / Publisher / Access Date), plus an HTML page's own metadata. Writes
``doc.citation`` (fields, a CSL-JSON record, a formatted Chicago citation and a short one),
``doc.genre`` and, when the header names it, ``doc.place``. The date is kept as written; the
time stage decides its calendar.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from fontes.clean import citation_label, front_matter_text, is_fragment, is_sentence, results_head, topic_words
from fontes.datafiles import load_yaml
from fontes.model import Citation, Document, DualDate
from fontes.settings import DEFAULTS, Settings

_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
          r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_YEAR = r"(?:1[0-9]{3}|20[0-9]{2})(?:/\d{1,2}(?!\d))?"  # a dual year: "1581/2", "1648/49"


def _foreign_months() -> dict[str, int]:
    """Month names of the other languages of the time lexicon (lower case) -> month: a page's
    dateline in Russian, German or French ("3 марта 2019", "3. März 2019") dates it too."""
    from fontes.time.lexicon import month_forms

    return {f.surface.lower(): f.month for f in month_forms() if f.language != "en" and not f.abbreviation
            and len(f.surface) >= 3 and not f.surface[:1].isdigit()}


_FOREIGN = "|".join(re.escape(m) for m in sorted(_foreign_months(), key=len, reverse=True))
_MONTH_ANY = rf"(?:{_MONTH}|(?:{_FOREIGN})(?![^\W\d_]))"
DATE_RE = re.compile(
    rf"\b(?:(?P<d1>{_DAY})\.?\s+(?P<m1>{_MONTH_ANY}),?\s+(?P<y1>{_YEAR})"
    rf"|(?P<m2>{_MONTH_ANY})\s+(?P<d2>{_DAY}),?\s+(?P<y2>{_YEAR})"
    rf"|(?P<y3>{_YEAR})-(?P<m3>\d{{2}})-(?P<d3>\d{{2}})"
    # a web page's stamp in figures ("03.03.2019"); of the last century and this one only: an earlier
    # date in figures under a heading is an editor's label for the subject ("30.03.1856"), not the page's
    rf"|(?P<d5>\d{{1,2}})(?P<sep>[./])(?P<m5>\d{{1,2}})(?P=sep)(?P<y5>19[0-9]{{2}}|20[0-9]{{2}})(?![\d/])"
    rf"|(?P<m4>{_MONTH_ANY}),?\s+(?P<y4>{_YEAR}))\b",
    re.IGNORECASE,
)
_YEAR_RE = re.compile(rf"\b{_YEAR}\b")
_FOOTNOTE = re.compile(r"\[\d+\]|\*+$")
_INITIAL = re.compile(r"^[A-Z]\.$|^[A-Z]\.[A-Z]\.$")


@lru_cache(maxsize=1)
def rules() -> dict:
    """The word lists of data/citation_rules.yaml."""
    return load_yaml(resources.files("fontes").joinpath("data/citation_rules.yaml").read_text("utf-8"))


@lru_cache(maxsize=1)
def _label_fields() -> dict[str, str]:
    return {label: name for name, labels in rules()["field_labels"].items() for label in labels}


def find_date(text: str) -> tuple[str, str | None, int, int] | None:
    """The first full or month date in a text: (as written, ISO value or None, start, end)."""
    match = DATE_RE.search(text)
    if not match:
        return None
    g = match.groupdict()
    if g["y5"]:  # "03.03.2019" (day first), "3/21/2019" (month first where the day cannot be a month)
        a, b = int(g["d5"]), int(g["m5"])
        day, month = (b, a) if g["sep"] == "/" and b > 12 >= a else (a, b)
        if not (1 <= month <= 12 and 1 <= day <= 31):  # not a date ("45.67.2019"): the next one
            later = find_date(text[match.end():])
            return (later[0], later[1], later[2] + match.end(), later[3] + match.end()) if later else None
        return match.group(0), f"{g['y5']}-{month:02d}-{day:02d}", match.start(), match.end()
    year = g["y1"] or g["y2"] or g["y3"] or g["y4"]
    if "/" in year:  # "1581/2": the historical year is the later one (the year began on 25 March)
        first, second = year.split("/")
        year = first[:4 - len(second)] + second
    month_text = g["m1"] or g["m2"] or g["m4"]
    month = int(g["m3"]) if g["m3"] else _month_number(month_text)
    day_text = g["d1"] or g["d2"] or g["d3"]
    day = int(re.sub(r"\D", "", day_text)) if day_text else None
    iso = (f"{year}-{month:02d}" + (f"-{day:02d}" if day else "")) if month else None
    start = match.start()
    if day_text and (weekday := _WEEKDAY_BEFORE.search(text[:start])):
        start = weekday.start()  # "Saturday 4 March 1905": the weekday is part of the date as written
    written = text[start:match.end()]
    return written.rstrip(".,") if not g["m3"] else written, iso, start, match.end()


_WEEKDAY_BEFORE = re.compile(r"\b(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?\s+$", re.IGNORECASE)


def _month_number(text: str | None) -> int | None:
    if not text:
        return None
    foreign = _foreign_months().get(text.lower().rstrip("."))
    if foreign:
        return foreign
    key = text.lower().rstrip(".")[:3]
    return next((i + 1 for i, m in enumerate(_MONTHS) if m.startswith(key)), None)


def iso_date(text: str | None) -> str | None:
    """ISO value of the first date in a text ('March 22, 2018' -> '2018-03-22')."""
    found = find_date(text or "")
    return found[1] if found else None


@dataclass
class _Header:
    """The citation-bearing lines of one document, sorted by what clean found them to be."""

    header: list[str] = field(default_factory=list)  # title, byline, dateline, affiliation lines
    groups: list[int] = field(default_factory=list)  # for each header line, how many chrome runs stand above it
    chrome_head: list[str] = field(default_factory=list)  # chrome lines before the text (site taglines)
    labels: list[tuple[str, str]] = field(default_factory=list)  # (label, value) in order
    data: dict[str, str] = field(default_factory=dict)  # site data block: field -> value
    body: str = ""
    copyright: list[str] = field(default_factory=list)  # "© 2024 Site Name" lines, wherever they stand
    posted: list[str] = field(default_factory=list)  # "Posted by ..." lines, chrome or not
    stamps: list[str] = field(default_factory=list)  # lines (not chrome) that are an ISO 8601 timestamp alone
    headings: list[str] = field(default_factory=list)  # the text's own heading repeating the title (title_repeat)
    credits: list[str] = field(default_factory=list)  # "Contributed to <site> by ..." lines, chrome


def _read_zones(doc: Document) -> _Header:
    h = _Header()
    block_labels: dict[str, str] = rules()["data_block_labels"]
    current: str | None = None
    body = []
    group = 0
    for zone in doc.zones:
        text = doc.text[zone.start:zone.end].strip()
        rule = zone.rule or ""
        if zone.kind == "boilerplate" and not body and h.header and h.groups[-1] == group and rule != "title_copy":
            group += 1  # chrome between header lines: a masthead above it, the title block below
        if zone.kind == "boilerplate" and rule == "copyright":
            h.copyright.append(text)
        if zone.kind == "boilerplate" and _CONTRIBUTED_TO.match(text):
            h.credits.append(text)
        if zone.kind == "metadata" and rule == "title_repeat":
            h.headings.append(text)
        if re.match(r"(?i)^\W*(?:posted|written|published)\s+by\s*:?\s", text) and len(text) < 120:
            h.posted.append(text)
        if zone.kind != "boilerplate" and _STAMP.match(text):
            # "2019-05-04T10:22:00+00:00" alone on a line (under a title, a "dateModified" field): the
            # record's own time; a text of history writes its dates in words
            h.stamps.append(text)
        elif zone.kind == "metadata" and rule == "header":
            h.header.append(text)
            h.groups.append(group)
        elif zone.kind == "metadata" and rule.startswith("citation_label"):
            found = citation_label(text)
            if found and body and found[0].lower() == "sources":
                pass  # "Sources: ..." under the text: the works it drew on, not the one it reproduces
            elif found:
                h.labels.append(found)
        elif zone.kind == "metadata" and rule == "citation_value":
            if h.labels and not h.labels[-1][1]:  # "• Source:" with its value on the line below
                h.labels[-1] = (h.labels[-1][0], text)
        elif zone.kind == "boilerplate" and rule == "data_block":
            current = _read_data_line(text, block_labels, h.data, current)
        elif zone.kind == "boilerplate" and not body:
            h.chrome_head.append(text)
        elif zone.kind == "body":
            body.append(text)
    h.body = "\n".join(body)
    return h


# "Contributed to <site> by <someone> through <institution>": the site that holds the item.
_CONTRIBUTED_TO = re.compile(r"^(?i:contributed)\s+to\s+(?P<site>[A-Z][\w&'’.-]*(?:\s+(?:[A-Z][\w&'’.-]*|of|and|&|for|the)){0,6}?)"
                             r"\s+by\b")


def _contributed_site(lines: list[str]) -> str | None:
    return next((m["site"] for line in lines if (m := _CONTRIBUTED_TO.match(line))), None)


def _read_data_line(text: str, labels: dict[str, str], data: dict[str, str], current: str | None) -> str | None:
    """One line of a site data block: '• Author Jane Smith' sets authors; a bare value continues a label."""
    bare = re.sub(r"^[\s•·*\-–▪►]+", "", text).strip()
    lower = bare.lower()
    for label in sorted(labels, key=len, reverse=True):
        if lower == label or lower.startswith((label + " ", label + ":")):
            name = labels[label]
            value = bare[len(label):].lstrip(" :").strip()
            if value and name not in data:
                data[name] = value
            return name
    if current and current not in data and not bare.endswith(":"):
        data[current] = bare
    return current


# The words around a date in a post's header: "Posted on", "Published", "Updated", "at 14:05", weekdays.
_POST_WORDS = re.compile(
    r"\b(?:posted|published|updated|last\s+updated|modified|created|date|on|at|in|by|the|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun|am|pm|gmt|utc)\b"
    r"|\d{1,2}:\d{2}(?::\d{2})?|[|•·,:;/()\[\]–—-]"
    r"|(?<=\bon\s)(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,6}\b(?=\s+on\b)", re.IGNORECASE)  # "Posted on site.com on ..."
_POST_BY = re.compile(r"\b(?i:by)\s+(?P<name>[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|de|van|von|da|di|le|la)){1,4})")


def _post_line(text: str) -> tuple[str, str | None] | None:
    """(the date as written, the author or None) of a post's header line: a date with only posting
    words around it ("Posted on May 3, 2021 by Jane Doe", "Published: 3 May 2021, 14:05")."""
    if categorised := category_post_line(text):
        return categorised
    found = find_date(text)
    if not found or len(text) > 120:
        return None
    rest = text[:found[2]] + " " + DATE_RE.sub(" ", text[found[3]:])  # "Mar 3, 2019 Updated Mar 4, 2019": the first
    author = None
    if by := _POST_BY.search(rest):
        author = by["name"].strip()
        rest = rest[:by.start()] + " " + rest[by.end():]
    if re.sub(r"\s+", "", _POST_WORDS.sub(" ", rest)):
        return None
    if author is None and not re.search(r"(?i)\b(?:posted|published|updated|modified|created)\b", text):
        return None  # a bare date is _is_date_line's; this reads labelled post lines only
    return found[0], author


_SIGNED = re.compile(
    r"^\W*(?:(?:posted|written|published|words)\s+)?by:?\s+(?P<name>(?:[A-Z][\w.'’-]*|[A-Z]\.)(?:\s+(?:[A-Z][\w.'’-]*|[A-Z]\.|"
    r"de|van|von|da|di|du|le|la|del|der|bin|ibn)){1,4})\s*(?:$|[,|(–—•·]|\s-\s|\s+at\s+\d|\s+on\s+[A-Z0-9])", re.IGNORECASE)


_ORG_BYLINE = re.compile(
    r"^\W*(?:(?:posted|written|published|updated|compiled|edited|reviewed)\s+)?by\s*:?\s+"
    r"(?P<org>(?P<name>[A-Z][\w'’&.-]*(?:\s+(?:[A-Z][\w'’&.-]*|of|and|for|the|on|in|&)){1,7})\s+\((?P<abbr>[A-Z]{2,8})\))\s*$",
    re.IGNORECASE)


def organisation_byline(line: str) -> str | None:
    """A body that signs a page under its name and acronym: 'Updated By: Some Editorial Network (SEN)'.
    The acronym must be the initials of the name's capitalised words, so that a person's name with a
    bracketed note ('By Jane Doe (ed.)') is not read as one."""
    match = _ORG_BYLINE.match(line.strip())
    if not match:
        return None
    initials = "".join(w[0] for w in match["name"].split() if w[:1].isupper())
    return match["org"].strip() if initials == match["abbr"] else None


def _signed_by(line: str) -> str | None:
    """The name of a byline with more beside it: 'By Jane Doe, Staff Writer' -> 'Jane Doe'."""
    match = _SIGNED.match(line.strip())
    if not match:
        return None
    name = match["name"].strip()
    words = name.split()
    if any(w.lower() in rules()["document_words"] for w in words) or not all(w[:1].isupper() or w.islower() for w in words):
        return None
    return name if looks_like_name(name) or name.isupper() else None


def _is_date_line(text: str) -> bool:
    found = find_date(text)
    if not found:
        return False
    rest = (text[:found[2]] + text[found[3]:])
    return not re.sub(r"[\W\d_]+", "", _FOOTNOTE.sub("", rest))


def looks_like_name(text: str) -> bool:
    """A line shaped like a personal name: 'J. Q. Public', 'By Jane Smith', 'Marta Sorensen'."""
    text = re.sub(r"^by\s+", "", text.strip().rstrip(","), flags=re.IGNORECASE)
    words = text.split()
    if not 2 <= len(words) <= 5 or re.search(r"[\d:;!?\"“”]", text):
        return False
    lowered = {w.lower().strip(".,()") for w in words}
    if lowered & set(rules()["document_words"]) or words[0].lower() in {"the", "a", "an", "on", "to", "for", "in"}:
        return False
    particles = set(rules()["name_particles"])
    for w in words:
        w = w.strip("(),")
        if not (_INITIAL.match(w) or (w[:1].isupper() and (w[1:].islower() or "-" in w or "'" in w or "’" in w))
                or w in particles):
            return False
    return True


def _is_affiliation(text: str) -> bool:
    words = {w.lower() for w in re.findall(r"[^\W\d_]+", text)}
    return any(all(part in words for part in word.split()) for word in rules()["affiliation_words"]) and not is_sentence(text)


# A name as a catalogue files it, surname first: "Doe, Jane R.", "Roe, J. K." (one surname, given
# names with an initial, so that "Smith, Jones" and "Jane Doe, Richard Roe" stay two names each).
_INVERTED_NAME = re.compile(r"^(?:(?:van|von|de|da|di|du|del|der|le|la)\s+)?[A-Z][\w'’-]+,\s+(?=[^;]*\b[A-Z]\.)"
                            r"[A-Z][\w'’-]*\.?(?:\s+[A-Z][\w'’-]*\.?){0,3}$")


_SURNAME_FIRST = re.compile(r"^[A-Z][\w'’-]+,\s+[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}$")  # "Doe, Jane" in a ';' list


def split_names(value: str) -> list[str]:
    """Unique personal names in a list: 'A and B, Edited by B' -> ['A', 'B']; a catalogue's names,
    surname first and one to a ';', stay whole: 'Doe, Jane R.; Roe, John K.'."""
    value = re.sub(r"\(\s*\)", "", _FOOTNOTE.sub("", value)).strip()  # "Doe, Jane R. ()": an empty affiliation
    inverted = [part.strip() for part in value.split(";") if part.strip()]
    if inverted and all(_INVERTED_NAME.match(part) or (len(inverted) > 1 and _SURNAME_FIRST.match(part)) for part in inverted):
        return list(dict.fromkeys(inverted))
    names: list[str] = []
    value = value.rstrip(".")
    for part in re.split(r",?\s*\b(?:edited|revised|annotated|introduced|corrected)\s+by\b", value, flags=re.IGNORECASE):
        if re.search(r"\bby\s+", part, re.IGNORECASE):
            part = re.split(r"\bby\s+", part, flags=re.IGNORECASE)[-1]
        for name in re.split(r"\s*(?:,|;|&|\band\b)\s*", part):
            name = name.strip(" .:()")
            if name and name[0].isupper() and len(name.split()) <= 5 and name not in names:
                names.append(name)
    return names


def _title_author(title: str) -> str | None:
    """'Jane Doe's Letter to ...' or 'Diary of Jane Doe' -> 'Jane Doe': a name owning a document word."""
    match = re.match(r"^(?P<name>(?:[A-Z][\w.-]*\s+){0,3}[A-Z][\w-]+)['’]s\s+(?P<word>[\w-]+)", title)
    if match and match["word"].lower() in rules()["document_words"]:
        name = match["name"]
        if (looks_like_name(name) or re.fullmatch(r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?", name)) and not _is_area(name):
            return name  # "Smith's Letter"; "Ruritania's Declaration" is a state's, not a person's
    match = re.match(r"^(?:the\s+)?(?P<word>[A-Z]?[a-z]+)\s+of\s+(?P<name>(?:[A-Z][\w.'’-]*\s*){2,4})", title)
    if match and match["word"].lower() in rules()["document_words"] and looks_like_name(match["name"].strip()) \
            and not _is_area(match["name"].strip()):
        return match["name"].strip()
    return None


def _is_area(name: str) -> bool:
    """A state, region, sea or island of the gazetteer: an author of no document."""
    from fontes.gazetteer import is_area

    return is_area(name)


# A newspaper issue line: a date with a volume, number or page ("Rensselaer Union, Volume 10,
# Number 14, ..., 20 December 1877", "30 MARCH 1861, Page 6").
_ISSUE_MARK = re.compile(r"\b(?:vol(?:ume)?\.?|no\.|number|page|p\.|issue)\s*\d", re.IGNORECASE)


# A journal's issue in a catalogue or a publisher's record: a volume and an issue number
# ("Vol. 3, No. 2 (1921), pp. 1-20", "2019; Volume: 12; Issue: 3", "Sep2019, Vol. 12 Issue 3, p101-120").
_VOLUME = re.compile(r"\b(?:vol(?:ume)?|t(?:ome)?|band|bd)\.?\s*:?\s*\d", re.IGNORECASE)
_ISSUE_NUMBER = re.compile(r"\b(?:issue|no|nr|number|num|heft)\.?\s*:?\s*\d", re.IGNORECASE)
_ISSUE_DATE = re.compile(rf"(?<![\w-])(?:(?P<month>{_MONTH})\s?)?(?P<year>1[5-9]\d\d|20\d\d)(?![\w-])", re.IGNORECASE)


def _journal_date(lines: list[str]) -> str | None:
    """The date of the journal issue an article's record names, as written: a month and year run
    together or apart ("Jun2019", "June 2019") or the year alone ("2019; Volume: 12; Issue: 3")."""
    for line in lines:
        if len(line) > 200 or not (_VOLUME.search(line) and _ISSUE_NUMBER.search(line)):
            continue
        for match in _ISSUE_DATE.finditer(line):
            before = line[:match.start()].rstrip()
            if re.search(r"(?:\b(?:vol(?:ume)?|issue|no|nr|number|p|pp)\.?|[:/–-])$", before, re.IGNORECASE):
                continue  # "Vol. 1901", "pp. 1850-": a number, not a year
            return match.group().strip()
    return None


def _issue_line(lines: list[str]) -> tuple[str, str | None] | None:
    """(the issue as written, the title after a dash) of the first header or text line naming an issue."""
    for line in lines[:3]:
        if find_date(line) and _ISSUE_MARK.search(line) and not is_sentence(line.split(" — ")[0]):
            parts = re.split(r"\s+[—–]\s+", line, maxsplit=1)
            rest = parts[1] if len(parts) > 1 else ""
            return parts[0].strip().rstrip("."), (rest.strip().rstrip(".") or None)
    return None


def _join_title(lines: list[str]) -> str | None:
    """The first title line, with the lines that continue it (after a comma, colon or dash)."""
    if not lines:
        return None
    parts = [re.sub(r"^#+\s*", "", lines[0])]
    for line in lines[1:]:
        ends_open = re.search(r"[,:;\-–—]$|\b(?:of|the|and|in|on|for|to|a|an|de|von)$", parts[-1])
        if (not ends_open and not line[:1].islower()) or _LABEL_LINE.match(line):
            break  # "Years: 1642 - 1651" under "Civil War, The" is a data line, not the title's end
        parts.append(line)
    # a heading's closing full stop is no part of the title ("The Declaration." -> "The Declaration"),
    # an abbreviation's or an initial's is ("... by John Q.", "... and Co.")
    return " ".join(parts).strip() or None


def _breadcrumb_source(lines: list[str], title: str | None) -> str | None:
    """The book a page belongs to, named in its breadcrumb: "Home >> Encyclopedia, Volume 4 >> ... >>
    <the page's title>" gives "Encyclopedia, Volume 4" (the crumb that names a volume)."""
    for line in lines:
        crumbs = [c.strip() for c in re.split(r"\s+(?:>>|»|›|>|\|)\s+", line) if c.strip()]
        if len(crumbs) >= 3 and title and crumbs[-1].lower() == title.lower() \
                and crumbs[0].lower() in ("home", "main", "main page", "start", "home page"):
            return next((c for c in crumbs[1:-1] if _VOLUME.search(c)), None)
    return None


def _years_spanned(body: str) -> int:
    """How many distinct years the text names: histories survey time, documents speak from one moment."""
    return len(set(_YEAR_RE.findall(body)))


def _has_document_word(title: str) -> bool:
    words = {w.lower() for w in re.findall(r"[^\W\d_]+", title)}
    return bool(words & set(rules()["document_words"]))


def extract_metadata(doc: Document, settings: Settings = DEFAULTS) -> Document:
    """Fill the citation, genre and place of writing from header, footer and data-block lines.

    Reads doc.zones, doc.text, doc.html_meta; writes doc.citation, doc.genre, doc.place.
    """
    h = _read_zones(doc)
    meta = doc.html_meta or {}
    c = Citation()
    fields: dict[str, list[str]] = {}
    for label, value in h.labels:
        name = _label_fields().get(label)
        if name == "first_published" and not label.startswith(("first", "originally")) and _is_date_line(value):
            name = "date"  # "Published: 3 May 2021" dates the page; "First published in X, 1918" names where
        if name == "authors" and (topic := forum_topic(f"{label} {value}") or _read_count_topic(value)):
            name, value = "title", topic  # "Author Topic: ... (Read 253 times)": a forum's column heads
        if name and value:
            fields.setdefault(name, []).append(value)
    if "title" not in fields and (topic := next((t for line in _head_lines(doc) if (t := forum_topic(line))), None)):
        fields["title"] = [topic]

    front = front_matter(doc.text)
    for name, value in front.items():  # a static site's source: its front matter states the fields, unquoted
        fields[name] = [value]
    bibtex = [line for line in h.header if _BIBTEX_FIELD.match(line)]
    for name, value in _bibtex_citation(bibtex_fields(bibtex)).items():  # "title={...}, author={...}"
        fields.setdefault(name, [value])
    couple = next((names for line in h.header[:4] if (names := couple_byline(line, settings))), [])
    bylines = [line for k, line in enumerate(h.header) if looks_like_name(line) and _is_byline(line, k, settings)]
    for line in h.header:  # "Issued by Pope Gregory XIII, 24 February 1582", "translation by Jane Roe"
        for field_name, value in _by_phrases(line):
            fields.setdefault(field_name, []).append(value)
    dateline = next((line for k, line in enumerate(h.header) if _is_date_line(line) and not _profile_date(h.header, k)),
                    None)
    if dateline is None and (posted := next(((line, parts) for line in h.header if (parts := _post_line(line))), None)):
        # "Posted on May 3, 2021 by Jane Doe", "By Jane Doe | 3 May 2021 | 14:05": the post's date and author
        dateline = posted[0]
        if posted[1][1] and not bylines:
            bylines = [posted[1][1]]
    if dateline is None and not fields.get("date") \
            and (posted := next(((line, parts) for line in _head_lines(doc) if (parts := _post_line(line))), None)):
        # "Published: 3 May 2021" among the page's first lines, whatever zone the cleaner gave it
        dateline = posted[0]
        if posted[1][1] and not bylines:
            bylines = [posted[1][1]]
    labelled = set(h.data.values()) | {value for values in fields.values() for value in values}
    if dateline is None and not fields.get("date") and not h.stamps \
            and (head_date := _head_date_line(doc, clock_time=True)) and head_date not in labelled:  # not an "Access Date" or a "Joined" label's value
        dateline = head_date  # "Tuesday, June 3, 2015" alone under the title, read as text: the page's date
    if not bylines and (named := next((name for line in h.header + h.posted if (name := _signed_by(line))), None)):
        bylines = [named]  # "By Jane Doe, Staff Writer", "Posted by Jane Doe at 8:00 AM"
    if not bylines and not fields.get("authors") and (org := next(
            (name for line in h.header + h.posted if (name := organisation_byline(line))), None)):
        bylines = [org]  # "Updated By: Some Editorial Network (SEN)": a body signs the page
    if not bylines and not fields.get("authors") and not h.data.get("authors") and not meta.get("author") \
            and (named := _edge_byline(doc)):
        bylines = [named]  # a byline the cleaner read as text: "Prof. Jane Doe, University of X"
    if not bylines and not fields.get("authors") and not h.data.get("authors") and not meta.get("author") \
            and (boxed := author_box(doc)):
        bylines = [boxed]  # "About Jane Doe" over her biography at the page's foot
    if dateline and dateline.rstrip().endswith(":") and h.header.index(dateline) + 1 < len(h.header):
        dateline = None  # "January 1, 1917:" above "Rasputin Found Dead": the title's first part
    poster = forum_poster(doc)
    if poster and not bylines and not fields.get("authors") and not h.data.get("authors"):
        bylines = [poster]  # "jdoe" over "Joined" / "Mar 3, 2011": the member who wrote the post
    affiliations = [line for line in h.header if line not in bylines and _is_affiliation(line)]
    site = _masthead(h)
    title_lines = [_strip_heading(line) for line in h.header if line not in bylines and line not in (dateline, poster)
                   and line not in affiliations and line != site and _title_like(line) and line not in bibtex
                   and not _IDENTIFIER_LINE.match(line) and not (couple and couple_byline(line, settings))]
    if not title_lines and site and len(bylines) == 1 and not re.match(r"(?i)^\W*by\s", bylines[0]) \
            and bylines[0] in h.header:
        title_lines, bylines = [bylines[0]], []  # the one name under a masthead is the page's subject: its title
    if fields.get("title"):
        c.title = fields["title"][0].strip()  # "Title: ..." on a catalogue's or a collection's page says it
    elif doc.media_type == "text/html" and (meta.get("title") or meta.get("page_title")):
        # the title exactly as the page states it: its <title> as the browser's tab shows it (site
        # name included), else the page's own title as trafilatura reads it
        c.title = meta.get("page_title") or meta["title"]
    else:
        candidates = _without_kicker(title_lines)
        kept = _on_topic(candidates, h.body)
        off_topic = set(candidates) - set(kept)  # a site's or a section's name above the title, not to be taken again
        if kept and len(off_topic) == 1 and candidates[0] in off_topic and candidates[0] in h.header[:1] \
                and _name_shaped(candidates[0]):
            site = site or candidates[0]  # the one line above the title, off its topic, that opens the page: the site
        # a search page's first result is not the page's title ("Search Results", "You searched for: ...")
        listing = any(results_head(line) for line in h.chrome_head)
        joined = _join_title(_without_full_title(kept))
        if joined and joined.endswith((",", ":")):
            # "My dear Sir," over a letter's first paragraph: its salutation, not a title; "As the
            # paper wrote:" over a quotation: its lead-in
            joined = None
        c.title = joined or h.data.get("title") or meta.get("title") \
            or (None if listing else anniversary_title(doc) or _opening_title(doc, off_topic, settings)) or None
    if c.title and _PAGE_PREFIX.match(c.title):
        c.title = _PAGE_PREFIX.sub("", c.title)  # "Page 247 - Beholding Liberty!": the volume's title, not its page
    site = site or _opening_label(doc) or _site_masthead(doc)
    if not c.title and dateline and (found := find_date(dateline)) and found[1] and len(found[1]) == 7 \
            and found[0] == dateline.strip().rstrip(".,"):
        c.title = found[0]  # "March 1702" over a diary's or a chronicle's entries of that month: its heading and date
    c.authors = couple if couple and not bylines and not fields.get("authors") else \
        _pick_authors(bylines, fields, h.data, meta, c.title)
    if not c.authors:
        c.authors = suggested_citation_authors(doc)  # "Cite this edition: Doe, Jane. “...”"
    if not c.authors and (told := standfirst_author(doc)):
        c.authors = [told]  # "..., explains historian Jane Doe, ..."
    # a title dates the text only when it opens with the date ("November 08, 1917 : ..."); a date
    # inside a title's sentence ("On 2 November 1721, Peter ...") is what the text is about
    title_date = c.title if c.title and (found := find_date(c.title)) and found[2] == 0 else None
    # a heading that names a document and ends with a date, or says who issued it when, dates it:
    # "Proclamation on the New Calendar, December 20, 1699", "Issued by Pope Gregory XIII, February 24, 1582"
    title_date = title_date or next(
        (line for line in [c.title or "", *h.header] if (found := find_date(line))
         and not re.sub(r"^/\d{1,2}", "", line[found[3]:]).strip(" .,;)")
         and (_has_document_word(line) or _BY_PHRASE.search(line))), None)
    # a document's own heading: a word naming its kind, then its date ("Decree of 3 May 1790"): a
    # source of its time, whose title is the heading without the date in brackets
    heading = _heading_date(h.header[:2] + h.body.split("\n", 2)[:1])
    if heading and c.title and c.title.endswith(f"({heading[0]})") and heading[1] == c.title:
        c.title = c.title[:-len(heading[0]) - 2].strip()  # "Decree No. 5 (3. 5. 1790)": the date is not the title's
    if stamped := front.get("date") or (h.stamps[0] if h.stamps and not fields.get("date") else None):
        # '2020-04-02T13:57:17+10:30' in the front matter or on a header line of its own: a timestamp, as
        # written; its clock time is the page's own (ISO 8601 is Gregorian), which the time stage,
        # reading days, leaves as set here
        stamp = re.match(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?", stamped)
        c.date = DualDate(gregorian=stamp.group() if stamp else None, as_written=stamped)
    for candidate in (() if c.date else (*fields.get("date", []), dateline, title_date, h.data.get("date"),
                                         h.data.get("year"), _page_date(meta.get("date"), doc.text))):
        found = find_date(candidate or "")
        if found:  # the first of: a dating label, the dateline, the title, the site's data, the page
            c.date = DualDate(gregorian=None, as_written=clocked_date(candidate) or found[0])
            if candidate in fields.get("date", []):
                doc.place = _place_of_writing(candidate, found) or doc.place
            break
    if c.date is None and re.fullmatch(r"\d{4}", page_date := _page_date(meta.get("date"), doc.text) or ""):
        c.date = DualDate(gregorian=None, as_written=page_date)  # the page says its year only

    if fields.get("first_published"):
        value = fields["first_published"][0].split(";")[0].strip()
        c.first_published = re.sub(r"^in\s+", "", value, flags=re.IGNORECASE).rstrip(". ") or None
    elif issue := _issue_line(h.header + h.body.split("\n", 3)[:3]):
        c.first_published = issue[0]
        if c.date is None and (found := find_date(issue[0])):
            c.date = DualDate(gregorian=None, as_written=found[0])
        if issue[1] and (not c.title or c.title == issue[0] + " — " + issue[1]):
            c.title = _strip_tags(issue[1])
        if c.title and find_date(c.title) and c.title.strip() == issue[0]:
            c.title = None
    if c.date is None and (issued := _journal_date(h.header + h.body.split("\n", 6)[:6])):
        c.date = DualDate(gregorian=None, as_written=issued)  # an article's record: its journal issue's date
    if fields.get("source"):
        c.source = fields["source"][0].strip()
    elif crumb := _breadcrumb_source(h.chrome_head, c.title):
        c.source = crumb
    elif scan := _SCAN_PAGE.match(c.title or ""):
        c.source = scan["book"].strip()  # "Page:Decisive Battles Since Waterloo.djvu/264": a page of that book
    elif reference := _archive_reference(doc):
        c.source = reference  # "Catalogue reference: XY 12/34": the archive's item the text is transcribed from
    for value in fields.get("translators", []):
        c.translators += [name for name in split_names(value) if name not in c.translators]
    c.publisher = (fields.get("publisher") or [None])[0] or h.data.get("publisher") or _site_from_affiliation(affiliations) \
        or meta.get("sitename") or _contributed_site(h.credits) or _site_tagline(h.header + h.chrome_head) \
        or _copyright_holder(h.copyright) or site or _title_site(meta.get("page_title"), meta.get("title")) \
        or next((found for heading in h.headings + h.header if (found := _title_site(meta.get("page_title"), heading))),
                None) \
        or _title_site(c.title, _title_head(c.title)) \
        or _wire_agency(h.body) or None
    if poster and c.publisher == poster:
        c.publisher = None  # the member's name over the post's panel names who wrote it, not the site
    accessed = (fields.get("accessed") or [None])[0] or h.data.get("accessed")
    c.accessed = iso_date(accessed)
    url = (fields.get("url") or [None])[0] or h.data.get("url") or meta.get("url")
    c.url = url if url and re.match(r"^(https?://|www\.)", url) else None

    record = getattr(doc, "record", None) or {}
    if record:  # the source's own catalogue record (TEI header, EPUB, Zotero): its fields, not guesses (issue 14)
        from fontes.formats.record import apply_record

        apply_record(c, record)
    doc.citation = c
    doc.genre = classify_genre(doc, h, fields, bylines, affiliations, heading=bool(heading))
    if doc.genre != "primary" and not c.title and c.date and dateline and _date_heading(dateline, h.header) \
            and doc.text.lstrip().startswith(dateline.strip()) \
            and c.date.as_written == dateline.strip().rstrip(".,"):
        # "April 2, 1685" alone at the head of an article: the day it tells of is its heading, not its date
        c.title, c.date = c.date.as_written, None
    if c.date is None and doc.genre == "primary" and (opening := _header_dateline(h.header) or _opening_date(h.body)):
        c.date = DualDate(gregorian=None, as_written=opening)  # a diary entry's or a letter's own date
    if c.date is None and heading and doc.genre == "primary" and not _LABELLED_DATE.search(doc.text[:3000]):
        # the document's own heading dates it ("Decree of 3 May 1790", "Manifesto (3. 5. 1790)"), as written
        c.date = DualDate(gregorian=None, as_written=heading[0])
    if c.date is None and (closing := _closing_date(h.body)):
        # "Done at Paris, the third day of May, ...": an instrument's foot dates it
        c.date = DualDate(gregorian=None, as_written=closing)
    format_citation(c, doc_id=doc.id, genre=doc.genre, name=doc.name)
    if record.get("id"):
        c.csl["custom"] = {"record_id": record["id"]}  # the catalogue's key, so exports go back to it
    return doc


# A line that states the document's date under a label ("Written: ...", "Dated - ..."): it outranks a heading's date.
_LABELLED_DATE = re.compile(
    r"(?im)^\s*(?:written|sent|dated?|delivered|signed|composed|published|first published)\s*[:\-]")


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _closing_date(body: str) -> str | None:
    """The full date of a treaty's, a decree's or a charter's closing formula, as written: "Done at
    Paris, the thirtieth day of the month of March, in the year one thousand eight hundred and
    fifty-six." The last such line of the text; a day, not a month or a year."""
    from fontes.time.normalise import tag

    words = "|".join(re.escape(w) for w in rules()["closing_words"])
    formula = re.compile(rf"(?im)^[ \t]*(?:{words})(?:\s+and\s+\w+)?\s+(?:at|in)\s+(.{{6,220}})$")
    for match in reversed(list(formula.finditer(body))):
        days = [t for t in tag(match.group(1)) if t.type == "DATE" and _ISO_DAY.fullmatch(t.value or "")]
        if days:
            return match.group(1)[days[0].start:days[0].end]
    return None


# A date in figures set off by points ("3. 5. 1790", "3.5.1790"), of any year: read only in a
# document's heading, where it can be nothing but the document's date.
_POINTED_DATE = re.compile(r"\b(?P<d>[0-3]?\d)\.\s?(?P<m>[01]?\d)\.\s?(?P<y>1[0-9]{3}|20[0-9]{2})\b")
# the small words a heading may set between the kind of document and its date
_HEADING_LINKS = frozenset(("of", "the", "on", "from", "at", "in", "dated", "du", "de", "des", "la", "le", "von", "vom",
                            "der", "am", "ze", "z", "ot", "от", "and"))
_HEADING_GAP = 4  # words between the kind of document and its date ("Manifesto of the Emperor, 3 May 1790")


def _heading_date(lines: list[str]) -> tuple[str, str] | None:
    """(the date as written, the line) of a document's own heading among the first lines: a word
    naming a kind of document, then within a few words its full date, in words or in figures:
    "Decree of 3 May 1790", "Manifesto of the Emperor (3. 5. 1790)". A year word the heading writes
    after the date stays with it ("3 мая 1790 года"). A line closed by a stop, or with a verb or
    more than a few words between the kind and the date, is a sentence of the text, not a heading."""
    words = set(rules()["document_words"])
    year_words = tuple(rules()["year_words"])
    for line in lines:
        for word in re.finditer(r"[^\W\d_]+", line[:200]):
            if word.group().lower() not in words:
                continue
            rest = line[word.end():]
            found = find_date(rest)
            span = (found[2], found[3]) if found and found[1] and len(found[1]) == 10 else None
            if span is None and (pointed := _POINTED_DATE.search(rest)) and 1 <= int(pointed["m"]) <= 12 \
                    and 1 <= int(pointed["d"]) <= 31:
                span = pointed.span()
            if span is None:
                break
            gap = rest[:span[0]]
            gap_words = re.findall(r"[^\W\d_]+", gap)
            if len(gap_words) > _HEADING_GAP or re.search(r"[!?;:]|\.\s+[a-z]", gap) or re.search(r"[.!?]$", line) \
                    or any(w.islower() and w not in _HEADING_LINKS for w in gap_words):
                break  # "The treaty, signed on 3 May 1790, ..." opens a sentence, not a heading
            end = span[1]
            after = re.match(rf"\s+(?:{'|'.join(re.escape(w) for w in year_words)})(?![^\W\d_])", rest[end:],
                             re.IGNORECASE) if year_words else None
            if after:
                end += after.end()
            return rest[span[0]:end].strip(), line
    return None


# A timestamp standing alone on a line: a day and a clock time, with its zone or not.
_STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$")
_FRONT_KEYS = {"title": "title", "date": "date", "author": "authors", "authors": "authors"}
_FRONT_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$")


def front_matter(text: str) -> dict[str, str]:
    """Citation fields from the YAML front matter that opens a static site's Markdown source
    (Jekyll, Hugo): title, date and authors as the page states them. The YAML is read with
    PyYAML's base loader, so scalars stay as written ('2025-12-27T19:07:01.952Z' is not turned into
    a datetime) and only the YAML quoting goes ('"London''s Visitation"' -> '"London's Visitation"').
    Authors are joined by ';' (split_names reads them); an empty value is no value."""
    import yaml

    block = front_matter_text(text or "")
    if block is None:
        return {}
    try:
        data = yaml.load(block, Loader=yaml.BaseLoader)
    except yaml.YAMLError:
        return {}
    if not isinstance(data, dict):
        return {}
    out: dict[str, str] = {}
    for key, name in _FRONT_KEYS.items():
        value = data.get(key)
        if isinstance(value, list):
            value = "; ".join(str(v).strip() for v in value if isinstance(v, str) and v.strip())
        if not isinstance(value, str) or not value.strip() or name in out:
            continue
        value = value.strip()
        if name == "date" and not _FRONT_DATE.match(value):
            continue
        out[name] = value
    return out


_LABEL_LINE = re.compile(r"^[A-Z][\w ]{0,30}:\s")
# The name of one page of a scanned book on a wiki of transcriptions: "<namespace>:<book>.djvu/<page>".
_SCAN_PAGE = re.compile(r"^[^\W\d_]{2,12}:(?P<book>[^/:]{3,200}?)\.(?:djvu|pdf|tiff?)/\d+$", re.IGNORECASE)
_HEADING_MARKS = re.compile(r"^\s*(?:=+|#+)\s*(.*?)\s*=*\s*$")
_BY_PHRASE = re.compile(
    r"\b(?P<verb>issued|written|composed|signed|promulgated|proclaimed|compiled|transcri(?:bed|ption)|"
    r"translat(?:ed|ion)|edited)(?:\s+(?:from|into)\s+(?:the\s+)?[A-Z][a-z]+(?:\s+and\s+(?:the\s+)?[A-Z][a-z]+)?)?"
    r"\s+by\s+(?P<name>(?:[A-Z][\w.'’-]*\s*){1,5})", re.IGNORECASE)
_TAGLINE = re.compile(r"^From\s+(?P<site>[A-Z][\w'’&.-]*(?:\s+(?:[A-Z][\w'’&.-]*|of|in|the|and|for|on))*)\s*$")


_HONORIFIC = re.compile(r"^(?:Prof(?:essor)?\.?|Dr\.?|Sir|Rev(?:erend)?\.?|Mr\.?|Mrs\.?|Ms\.?)\s+")


def _archive_reference(doc: Document) -> str | None:
    """The value of an archive's reference label on a line of its own, whatever zone the cleaner gave
    it: "Catalogue reference: XY 12/34", "Shelfmark: MS 1234". A reference has figures."""
    labels = "|".join(re.escape(w) for w in sorted(rules()["archive_reference_labels"], key=len, reverse=True))
    match = re.search(rf"(?im)^[ \t•·*-]*(?:{labels})\s*:\s*(?P<value>[^\n]{{2,80}}?)\s*$", doc.text)
    return match["value"] if match and re.search(r"\d", match["value"]) else None


_HEAD_LINES = 15  # the lines of a page's head where its own post line stands
_POST_LINE_MAX = 120


def _head_lines(doc: Document) -> list[str]:
    """The page's first short lines, of any zone (a post line the cleaner read as chrome or as text)."""
    lines = [line.strip() for line in doc.text.split("\n", 60)[:60] if line.strip()][:_HEAD_LINES]
    return [line for line in lines if len(line) <= _POST_LINE_MAX]


_WEB_ERA = 1995  # a page's own date line is of the web's years; a bare date of an earlier year is a heading
# a clock time right after a date, closing its line: "Tue 3 Mar 2009 21:17", "March 3, 2015 at 10:32 am"
_CLOCK_AFTER = re.compile(r"^,?\s+(?:at\s+|[-–—@|]\s*)?(?P<clock>(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?"
                          r"(?:\s*(?i:[ap]\.?\s?m\.?))?)\s*$")


def clocked_date(line: str) -> str | None:
    """The first date of a line as written, with the clock time that closes the line after it: a page's
    own stamp keeps its time ("Tue 3 Mar 2009 21:17"; the time stage reads it into the Gregorian value)."""
    found = find_date(line)
    if not found:
        return None
    clock = _CLOCK_AFTER.match(line[found[3]:])
    return line[found[2]:found[3] + clock.end()].strip() if clock else found[0]


_FORUM_TOPIC = re.compile(r"^Author\s+Topic\s*:\s*(?P<topic>.+?)\s*\(\s*Read\s+[\d,.]+\s+times\s*\)\s*$", re.IGNORECASE)


_READ_COUNT = re.compile(r"^(?P<topic>.+?)\s*\(\s*Read\s+[\d,.]+\s+times\s*\)\s*$", re.IGNORECASE)


def _read_count_topic(value: str) -> str | None:
    """'The Winter Siege (Read 253 times)' as an 'Author' label's value: the topic column of a
    forum's head ('Author Topic: ...' with its 'Topic:' read as part of the label), not a name."""
    match = _READ_COUNT.match(value.strip())
    return match["topic"] if match else None


def forum_topic(line: str) -> str | None:
    """The topic a forum thread's column heads name: "Author  Topic: The Salt Riots  (Read 253 times)"
    (the heads of the author and the topic columns, the topic's title, how often it was read)."""
    found = _FORUM_TOPIC.match(line.strip())
    return found["topic"] if found else None


def _date_heading(line: str, header: list[str]) -> bool:
    """A full date of a year before the web's, alone on the page's first header line: a heading naming
    the day a page of history tells of ("April 2, 1685"), not the day the page was written."""
    found = find_date(line)
    return bool(header) and header[0] == line and found is not None and bool(found[1]) and len(found[1]) == 10 \
        and int(found[1][:4]) < _WEB_ERA and found[0] == line.strip().rstrip(".,")


def _head_date_line(doc: Document, clock_time: bool = False) -> str | None:
    """A line among the page's first lines, whatever zone the cleaner gave it, that is a date of the web's
    years alone, with its weekday ("Tuesday, June 3, 2015"): the page's own date. A bare date of an earlier
    year heads what the text tells of. A date with its clock time ("Mon 12 Mar 2018 09:15") only with
    clock_time (the time stage keeps the clock in the citation's Gregorian value)."""
    chrome = {doc.text[z.start:z.end].strip() for z in doc.zones if z.kind == "boilerplate"}
    for line in _head_lines(doc):
        found = find_date(line)
        if found and found[1] and len(found[1]) == 10 and _WEB_ERA <= int(found[1][:4]) \
                and not line[:found[2]].strip():
            clock = _CLOCK_AFTER.match(line[found[3]:])
            if clock and clock_time and line not in chrome:  # a clock in the chrome is the site's, now
                return line
            if _is_date_line(line):
                return None if clock else line
    return None


_AUTHOR_BOX = re.compile(r"^About\s+(?:the\s+author:?\s+)?(?P<name>[^\W\d_][\w.'’ -]{3,60})$", re.IGNORECASE)
_FOOT_LINES = 12  # the page's last lines, where a blog's author box stands


def author_box(doc: Document) -> str | None:
    """The author a blog's author box names at the foot of the page: "About Jane Doe" over a short
    biography (the box's heading names the post's author; "About Us" names no one)."""
    lines = [line.strip() for line in doc.text.rstrip().split("\n")[-60:] if line.strip()][-_FOOT_LINES:]
    for k, line in enumerate(lines[:-1]):
        box = _AUTHOR_BOX.match(line)
        if box and box["name"][:1].isupper() and looks_like_name(box["name"]) and is_sentence(lines[k + 1]):
            return box["name"].strip()
    return None


def _edge_byline(doc: Document) -> str | None:
    """The author named by a short line among the first lines of the text, whatever zone clean gave
    it: a name with its affiliation ('Prof. Jane Doe, University of X.'). Only the head is read: a
    name at the end may be a letter's addressee. (A 'By ...' line read as text is not taken: on
    unseen sources it named someone else as often as the author, issue 10.)"""
    lines = [doc.text[z.start:z.end].strip() for z in doc.zones if z.kind != "boilerplate"][:6]
    for line in lines:
        if len(line) > 150:
            continue
        name, _, rest = _HONORIFIC.sub("", line).partition(",")
        if rest and looks_like_name(name.strip()) and _is_affiliation(rest.strip().rstrip(".")):
            return name.strip()
    return None


def _opening_date(body: str) -> str | None:
    """The day a primary source's text opens with: a diary entry ('September 2nd, 1666 (Lord's
    day). ...') or a letter's date line ('London, 19th October 1720.'). Only a full date counts,
    at the very start of one of the first lines (an editor's note may stand above the entry), after
    at most a place name."""
    for line in body.split("\n")[:8]:
        found = find_date(line)
        if found and found[1] and len(found[1]) == 10 and (found[2] == 0 or _PLACE_DATELINE.match(line[:found[2]])):
            return found[0]
    return None


def _dateline(line: str) -> str | None:
    """The date of a letter's or a dispatch's date line, as written: a place, then a full date, with
    nothing after it but a calendar mark ("Andrews, May 3, 1862.", "Corfu, the 9th June,
    1671, old style.", "Lund, d. 4 mars 1705."). A date with no place before it is a heading."""
    line = line.strip()
    found = find_date(line)
    if found and found[1] and len(found[1]) == 10 and found[2] > 0 and _PLACE_DATELINE.match(line[:found[2]]) \
            and _AFTER_DATELINE.match(line[found[3]:]):
        return found[0]
    return None


def _header_dateline(header: list[str]) -> str | None:
    """The day a letter or a dispatch was written, from a date line among its header lines."""
    return next((date for line in header if (date := _dateline(line))), None)


def _masthead(h: _Header) -> str | None:
    """The site's name above the page's chrome: a lone short header line at the top, cut off from
    the title block below it by chrome (a slogan, a menu). 'Grand Harbour tours' / 'Your guide to
    the coast!' / 'The Salt Riots': the first names the site, the last is the title."""
    if len(h.header) < 2 or h.groups[0] == h.groups[1] or h.groups[0] == h.groups[-1]:
        return None
    line = h.header[0]
    if line in h.chrome_head:
        return None  # shown again below the chrome (a title copy): the page's title, not the site's name
    words = re.findall(r"[^\W\d_]+", line)
    below = [x for x in h.header[1:] if _title_like(x) and not _LABEL_LINE.match(x) and not re.match(r"^\W", x)]
    if 1 <= len(words) <= 5 and below and not find_date(line) and not is_sentence(line) \
            and not re.search(r"[:;!?]$", line) and not line.lstrip().startswith(("=", "#")):
        return line
    return None


def _site_masthead(doc: Document) -> str | None:
    """The site's name the cleaner set aside with its slogan above the title (rule site_masthead)."""
    return next((doc.text[z.start:z.end].strip() for z in doc.zones[:2] if z.rule == "site_masthead"), None)


def _opening_label(doc: Document) -> str | None:
    """The site's name as the page's very first line, a lone label the cleaner set aside above the
    header ("HISTORY NOTES" over "Issue 12 of 3 May 2001" and the title): a few words, no figures."""
    if not doc.zones or not any(z.kind == "metadata" for z in doc.zones[1:4]):
        return None
    first = doc.zones[0]
    line = doc.text[first.start:first.end].strip()
    if first.kind != "boilerplate" or first.rule != "section_label" or not _name_of_site(line, None):
        return None
    return line if len(line.split()) <= 4 else None


_HEADING_MAX_WORDS = 12  # a closed line longer than this is a sentence of the text, verb or not


def _closed_heading(line: str, settings: Settings) -> str | None:
    """A first line closed by a stop or a question mark that is still a heading: a question ("Why did
    the Fleet Sail?", kept as written) or a phrase with no finite verb ("The Siege of the Fort
    (1700–01).", without its stop). A line with a finite verb before its stop is a sentence of
    the text; one with more than one sentence is running text."""
    words = re.findall(r"[^\W\d_]+", line)
    if not (2 <= len(words) <= _HEADING_MAX_WORDS) or not line[:1].isupper() or re.search(r"[.!?]\s", line):
        return None
    if line.endswith("?"):
        return line
    if not line.endswith(".") or line.endswith("..") or _INITIAL.match(line.split()[-1]):
        return None
    from fontes.errors import PipelineError
    from fontes.events.parse import _nlp

    try:
        parsed = _nlp(settings.spacy_model)(line)
    except PipelineError:  # no parser installed: a stop may end a sentence, so the line is not taken
        return None
    if any(t.pos_ in ("VERB", "AUX") and "Fin" in t.morph.get("VerbForm") for t in parsed):
        return None
    return line[:-1].rstrip()


def _wrapped(text: str, end: int) -> bool:
    """Whether the line ending at end is cut from a hard-wrapped paragraph: the very next line (no blank
    line between) goes on with the sentence in lower case."""
    if end < 0:
        return False
    below = text[end + 1:end + 200]
    return bool(below.strip()) and not below.lstrip(" \t").startswith("\n") and below.lstrip()[:1].islower()


def _opening_title(doc: Document, skip: set[str] | None = None, settings: Settings | None = None) -> str | None:
    """The text's first line when it reads as a heading, where clean found no header: a capture
    that runs its title straight into the first paragraph (no blank line between) leaves the title
    inside the running text. A heading is short, has words, and is neither a sentence, a date, a
    list entry nor a citation label (issue 10)."""
    for zone in doc.zones:
        if zone.kind == "boilerplate":
            continue
        line = doc.text[zone.start:zone.end].split("\n", 1)[0].strip()
        if skip and line in skip:
            continue
        if _wrapped(doc.text, doc.text.find("\n", zone.start)):
            return None  # a hard-wrapped paragraph's first line, its sentence going on below: no heading
        words = re.findall(r"[^\W\d_]+", line)
        if settings is not None and not (_is_date_line(line) or citation_label(line)
                                         or looks_like_name(line.rstrip(".?"))
                                         or re.match(r"^\s*(?:[\d*•·▪►\-–—(\[]|by\s)", line, re.IGNORECASE)) \
                and (heading := _closed_heading(line, settings)):
            return heading
        if not (2 <= len(words) <= 15) or re.search(r"[.!?;:,]$", line) or is_sentence(line) \
                or not _title_like(line) or _is_date_line(line) or citation_label(line) or looks_like_name(line) \
                or re.match(r"^\s*(?:[\d*•·▪►\-–—(\[]|by\s)", line, re.IGNORECASE) or not line[:1].isupper():
            return None
        return line
    return None


def _page_date(value: str | None, text: str) -> str | None:
    """The date a page's metadata gives, or its year alone where that date is only a year filled out.

    htmldate (through trafilatura) completes a bare year, such as a copyright year, to 1 January:
    a 1 January the page never writes is a year, not a day.
    """
    if not value or not (m := re.fullmatch(r"(?P<year>\d{4})-01-01", value.strip())):
        return _written_as(value, text) if value else value
    year = m["year"]
    written = (rf"\b{year}-01-01\b|\b(?:1st|1)\s+(?:of\s+)?Jan(?:uary)?\.?,?\s+{year}\b"
               rf"|\bJan(?:uary)?\.?\s+(?:1st|1),?\s+{year}\b")
    return value if re.search(written, text, re.IGNORECASE) else year


# A news story's dateline with its agency: "PARIS (Reuters) - ...", "Oslo (NTB) On 4 May ...".
_WIRE_DATELINE = re.compile(r"^(?:[A-Z][\w'’.-]*(?:[ -][A-Z][\w'’.-]*){0,2}),?\s+\((?P<agency>[A-Z][\w+&.-]{0,15}"
                            r"(?:\s[A-Z][\w+&.-]{0,15}){0,2})\)\s*[-–—:]?\s+(?=[A-Z0-9])")


def _wire_agency(body: str) -> str | None:
    """The agency (or site) a news story's first line names in its dateline: 'Paris (JFK+50) On May
    21 ...' -> 'JFK+50'. The story is that agency's; a place in brackets is not one (it has no capital
    run or figure: 'Paris (France)' is read as a place and left)."""
    first = body.lstrip().split("\n", 1)[0]
    match = _WIRE_DATELINE.match(first)
    if not match:
        return None
    agency = match["agency"]
    if not (re.search(r"[A-Z]{2}|\d|\+", agency)):
        return None
    return agency


def _written_as(value: str, text: str) -> str:
    """The page's metadata date as the page writes it ("2019-05-04" -> "May 4, 2019"), where the
    page's text has that day in one of its first lines of words; else the metadata's own form. A
    citation quotes the date as the source states it."""
    iso = value.strip()[:10]
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", iso):
        return value
    for match in DATE_RE.finditer(text[:3000]):
        before = text[max(0, match.start() - 15):match.start()]
        weekday = _WEEKDAY_BEFORE.search(before)
        found = find_date((before[weekday.start():] if weekday else "") + match.group())
        if found and found[1] == iso:
            return found[0]
    return value


# An organisation's name ending in a word for an institution: "Sabanci University", "Royal Society".
_INSTITUTION = re.compile(
    r"(?:[A-Z][\w&'’.-]*\s+){0,5}(?:University|College|Library|Museum|Institute|Institution|Society|Archives?|"
    r"Press|Foundation|Academy|Trust|Council|Association|Centre|Center)\b(?:\s+(?:of|for)(?:\s+[A-Z][\w'’.-]*){1,3})?")
_PROPERTY_OF = re.compile(r"\bis\s+the\s+property\s+of\s+(?P<owner>[A-Z][\w&'’.-]*(?:\s+(?:[A-Z][\w&'’.-]*|of|and|&|for|the)){0,5})")
_COPYRIGHT_MARK = re.compile(r"^.*?(?:©|\(c\)|\bcopyright\b)\s*", re.IGNORECASE)


def _copyright_holder(lines: list[str]) -> str | None:
    """The holder a copyright line names: '© 2026 Hidden Legends. All rights reserved.' -> 'Hidden Legends'.

    An institution named in the line wins ('... © 2025 | Map project at Sabanci University');
    otherwise the capitalised words after the mark and the year, up to the first stop or bar.
    """
    for line in lines:
        if owner := _PROPERTY_OF.search(line):  # "Copyright of <journal> is the property of <publisher> and ..."
            return re.sub(r"\s+(?:of|and|&|for|the)$", "", owner["owner"])
        rest = _COPYRIGHT_MARK.sub("", line, count=1)
        if rest == line:
            continue
        if found := _INSTITUTION.search(rest):
            return found.group().strip()
        rest = re.sub(r"^[\s\d,–—-]+", "", rest)  # the year or years
        rest = re.sub(r"^(?:by|the)\s+(?=[A-Z])", "", rest, flags=re.IGNORECASE)
        name = re.split(r"\s*[.|•·;:]\s|\s*[|•·]|,|\s+all rights\b", rest, maxsplit=1, flags=re.IGNORECASE)[0].strip(" .")
        words = name.split()
        if 1 <= len(words) <= 6 and all(w[:1].isupper() or w[:1].isdigit() or w.lower() in ("of", "and", "the", "&", "for")
                                         for w in words):
            return name
    return None


_TITLE_SEPARATOR = re.compile(r"\s+(?:[|\-–—·•:]|::)\s+")


def _title_site(page_title: str | None, title: str | None) -> str | None:
    """The site's name a page's <title> adds to its own title: "The Siege | Regional Notes" with
    the title "The Siege" gives "Regional Notes". None where the <title> is the title alone."""
    if not page_title or not title or not page_title.startswith(title) or page_title == title:
        return None
    rest = page_title[len(title):]
    sep = _TITLE_SEPARATOR.match(rest)
    if not sep:
        return None
    site = rest[sep.end():].strip()
    return site if site and len(site.split()) <= 6 and not _TITLE_SEPARATOR.search(site) else None


def _without_kicker(lines: list[str]) -> list[str]:
    """Title lines without a section's label set in capitals above the title ("HISTORY" over "The
    Siege of the Fortress"): a kicker names the site's section, the line under it the page."""
    if len(lines) >= 2 and len(lines[0].split()) <= 2 and lines[0].isupper() and not lines[1].isupper() \
            and len(lines[1].split()) >= 2 and not re.search(r"\d", lines[0]):
        return lines[1:]
    return lines


def forum_poster(doc: Document) -> str | None:
    """The member a forum post's panel names: the short line right above the panel's first line (its
    rank, "Joined" / "Mar 3, 2011", "Messages" / "9,001"), that the cleaner left as a header line."""
    zones = doc.zones
    first = next((k for k, z in enumerate(zones) if z.rule == "profile"), None)
    if not first:
        return None
    above = zones[first - 1]
    if above.kind == "boilerplate" and first >= 2 and len(doc.text[above.start:above.end].split()) <= 3:
        above = zones[first - 2]  # over the member's rank ("Senior Member")
    line = doc.text[above.start:above.end].strip()
    if above.kind == "boilerplate" or "\n" in line or not 1 <= len(line.split()) <= 4 or is_sentence(line) \
            or find_date(line) or line.endswith(":"):
        return None
    return line


def _name_shaped(line: str) -> bool:
    """A line written as a name: most of its longer words capitalised ("History of Old Towns", "Grand
    Eurasia travel"), not a teaser or a user's handle ("Can you name all six", "redfox 1977")."""
    words = re.findall(r"[^\W\d_]{4,}", line)
    return 2 * sum(w[:1].isupper() for w in words) >= len(words) > 0


def _without_full_title(lines: list[str]) -> list[str]:
    """Title lines without the page's full title when the heading under it repeats one of its parts:
    "Harbour Walks - The Old Quay" over "The Old Quay" is the section's or the site's name with the title; the
    heading is the page's own title."""
    if len(lines) >= 2:
        parts = [p.strip().lower() for p in _TITLE_SEPARATOR.split(lines[0])]
        if len(parts) >= 2 and lines[1].strip().lower() in parts:
            return lines[1:]
    return lines


def _on_topic(lines: list[str], body: str) -> list[str]:
    """Title lines from the first that shares a content word with the text (issue 10).

    On a page whose chrome the cleaner did not see, the lines above the title (the site's name, a
    section's name, another page's teaser) are read as header lines too; the page's own title names
    what its text is about, they do not. Lines shaped like a site's name (``_name_of_site``) before
    the first line on the text's topic are left out. Where no line shares a word with the text, all
    stay (a short text, a title in other words), unless the text is long and every line has two
    words or more to judge it by: then none is the text's title. Measured by putting made-up site,
    section and teaser lines above every dev and example text (titles kept right: 1-25 of 43 before,
    28-39 after; no dev figure changed).
    """
    if not lines or not body:
        return lines
    topic = topic_words(body)
    on_topic = [bool(topic_words(line) & topic) for line in lines]
    k = 0
    while k < len(lines) and not on_topic[k] and _name_of_site(lines[k], lines[k + 1] if k + 1 < len(lines) else None):
        k += 1
    if k == len(lines):
        # only lines off the topic of a text long enough to have one (and words enough to judge:
        # a title of one word, "Chronology", says too little): no title is stated
        judged = all(len([w for w in re.findall(r"[^\W\d_]{3,}", line) if w.lower() not in _PLAIN_WORDS]) >= 2
                     and script_of(line) == script_of(body) for line in lines)  # a title in another script shares no word
        return [] if judged and len(topic) >= _TOPIC_MIN_WORDS else lines
    # the lines left start with the title: on the topic, or the title's first part (a dateline, a
    # line that runs on) with a line on the topic below it
    return lines[k:] if any(on_topic[k:]) else lines


_PLAIN_WORDS = frozenset(("the", "and", "for", "from", "with", "into", "our", "your", "its", "not"))
_TOPIC_MIN_WORDS = 40  # distinct content words a text needs before a header line that shares none is off its topic


def _name_of_site(line: str, below: str | None) -> bool:
    """A line that may name a site or its section above a title: a few words, no figures, closed
    (not the first part of a title that runs on: 'January 1, 1917:', 'The adoption of the'), with a
    line below it that starts anew."""
    words = re.findall(r"[^\W\d_]+", line)
    return 1 <= len(words) <= 8 and not re.search(r"\d", line) and not (below or "A")[:1].islower() \
        and not re.search(r"[,:;\-–—]$|\b(?:of|the|and|in|on|for|to|a|an|de|von)$", line.strip())


def _title_head(title: str | None) -> str | None:
    """A title line's own part before a bar ("The Siege | Regional Notes" -> "The Siege"); a dash
    is too often a title's own ("Crimean War - The Last Year") to part it."""
    parts = re.split(r"\s+\|\s+", title or "")
    return " | ".join(parts[:-1]) if len(parts) >= 2 else None


def _strip_heading(line: str) -> str:
    """'= Streltsy uprising =' -> 'Streltsy uprising' (wiki and Markdown heading marks)."""
    match = _HEADING_MARKS.match(line)
    return match.group(1) if match and match.group(1) else line


def _strip_tags(title: str) -> str:
    """'The Surrender of Plevna. [ARTICLE]' -> 'The Surrender of Plevna': an archive's bracketed tag off."""
    return re.sub(r"\.?\s*\[[A-Z][A-Z ]{2,20}\]\s*$", "", title).strip()


def _title_like(line: str) -> bool:
    """A line that can be (part of) a title: words, not a footnote, a year heading or a date with a page."""
    if not re.search(r"[^\W\d_]{2}", line) or re.match(r"^\s*[*†‡§]", line):
        return False
    if re.match(r"^\s*\d{3,4}\b", line) and len(re.findall(r"[^\W\d_]+", line)) <= 3:
        return False  # "1688 (Julian Calendar)": a year heading of the text
    if _PLACE_DAY.match(line):
        return False  # "London, Wednesday.": a dispatch's dateline
    return not (find_date(line) and re.search(r"\b(?:page|p\.|pp\.|no\.|vol\.)\s*\d", line, re.IGNORECASE))


_PLACE_DAY = re.compile(r"^[A-Z][\w'’. -]{1,40},\s*(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\.?$")


def _is_byline(line: str, index: int, settings: Settings) -> bool:
    """A name line is a byline when it says 'By', or stands beside the title and the NER reads it as a person."""
    if re.match(r"^\s*by\s", line, re.IGNORECASE):
        return True
    if index > 2:
        return False
    from fontes.ner import load_model

    name = line.strip().rstrip(",")
    ents = load_model(settings)(name).ents
    return any(e.label_ == "PERSON" and e.end_char - e.start_char >= len(name) - 1 for e in ents)


def _by_phrases(line: str) -> list[tuple[str, str]]:
    """Citation fields from 'verb by Name' phrases in a header line: authors, translators."""
    out = []
    for match in _BY_PHRASE.finditer(line):
        verb = match["verb"].lower()
        field_name = "translators" if verb.startswith(("transl", "transcri")) else (
            "editors" if verb == "edited" else "authors")
        name = match["name"].strip().rstrip(",.;")
        if field_name != "editors" and name:
            out.append((field_name, name))
    return out


def _site_tagline(lines: list[str]) -> str | None:
    """'From Documents in Russian History': a wiki's line naming the site an article is from."""
    for line in lines[:6]:
        match = _TAGLINE.match(line.strip())
        if match and not re.search(r"\d", line) and len(match["site"].split()) <= 8 \
                and not metadata_date_words(match["site"]):
            return match["site"].split(",")[0].strip()
    return None


def metadata_date_words(text: str) -> bool:
    words = {w.lower() for w in re.findall(r"[^\W\d_]+", text)}
    return bool(words & (set(_MONTHS) | {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}))


def _pick_authors(bylines: list[str], fields: dict[str, list[str]], data: dict[str, str], meta: dict[str, str],
                  title: str | None) -> list[str]:
    """Authors from the byline, an author label, the site's data block, the page, or the title."""
    if bylines:
        return [re.sub(r"^by\s+", "", bylines[0].rstrip(","), flags=re.IGNORECASE)]
    if fields.get("authors"):
        return split_names(fields["authors"][0])
    if data.get("authors"):
        return split_names(data["authors"]) or [data["authors"]]
    if meta.get("author"):
        return split_names(meta["author"])
    name = _title_author(title) if title else None
    return [name] if name else []


def _place_of_writing(value: str, found: tuple[str, str | None, int, int]) -> str | None:
    """'Geneva, 3 October 1918' -> 'Geneva': capitalised words before or after the date of a dating label."""
    for part in (value[:found[2]], value[found[3]:]):
        part = part.strip(" ,.;:")
        if part and re.fullmatch(r"[A-Z][\w'’.-]*(?:[ ,]+[A-Z][\w'’.-]*){0,3}", part):
            return part
    return None


def _site_from_affiliation(affiliations: list[str]) -> str | None:
    """'..., ACME expert' -> 'ACME': an acronym before a site role at the end of an affiliation line."""
    roles = "|".join(re.escape(r) for r in rules()["site_roles"])
    for line in affiliations:
        # an acronym (ACME) or a run-together site name (HistoryHub), not an ordinary word
        match = re.search(rf"\b([A-Z][A-Z0-9&+]{{1,9}}|[A-Z][a-z]+[A-Z][\w+&]*)\s+(?:{roles})\s*\.?$", line)
        if match:
            return match.group(1)
    return None


def classify_genre(doc: Document, h: _Header, fields: dict[str, list[str]], bylines: list[str],
                   affiliations: list[str], heading: bool = False) -> str:
    """Primary (the source itself) or secondary (writing about it), from evidence that generalises.

    Primary: a dating label (Written/Sent...), a title naming a kind of document, a heading that
    names one with its date, a page that says it reproduces a text, a salutation. Secondary: a
    byline with an affiliation, a site data block, an access date or publisher of a web article, a
    text that ranges over many years.
    """
    r = rules()
    labels = {label for label, _ in h.labels}
    primary = 3 * bool(labels & set(r["primary_labels"]))
    title = doc.citation.title or ""
    primary += 2 * _has_document_word(title)
    intro = h.body[:600].lower()
    primary += 2 * any(p in intro for p in r["reproduction_phrases"])
    first_body = h.body.split("\n", 1)[0].lower()
    primary += 2 * any(re.match(rf"^{re.escape(s)}\b.*[,!:]$", first_body) for s in r["salutations"])
    primary += 2 * _first_person_voice(h.body, "\n".join(h.header))
    primary += 3 * _dates_itself(h)
    primary += 3 * heading  # as a date line does, the text opens with its own heading and date ("Decree of 3 May 1790")
    primary += 3 * bool(_closing_date(h.body))  # an instrument's closing formula: "Done at Paris, 3 May 1790"
    secondary = 2 * bool(affiliations) + 2 * bool(h.data) + 2 * bool(doc.citation.accessed)
    secondary += 2 * (_years_spanned(h.body) >= 5)
    secondary += 1 * bool(doc.citation.publisher and not primary)
    return "primary" if primary > secondary else "secondary"


# Quoted passages: a page that quotes a letter or a will speaks in its own voice around the quotation.
_QUOTATION = re.compile(r"“[^”]{0,3000}”|\"[^\"\n]{0,3000}\"")
_MODERN_YEAR = re.compile(r"\b(?:199\d|20\d\d)\b")
_VOICE_MIN_WORDS = 100  # a shorter text says too little about its voice
_VOICE_SHARE = 0.025  # first-person pronouns per word: letters, diaries and memoirs 3-6 %, articles under 1.5 %


def _first_person_voice(body: str, header: str = "") -> bool:
    """Whether the text speaks in the first person, as letters, diaries, memoirs, dispatches and
    decrees ("we, Alexander II") do, and histories do not. Quotations are left out (a page quoting
    a will), and so is a text whose own lines name a year of our time (a forum post, a database
    record quoting a letter): that voice is a modern writer's."""
    unquoted = _QUOTATION.sub(" ", body)
    words = re.findall(r"[^\W\d_]+(?:['’][^\W\d_]+)?", unquoted)
    if len(words) < _VOICE_MIN_WORDS or _MODERN_YEAR.search(unquoted) or _MODERN_YEAR.search(header):
        return False
    pronouns = set(rules()["first_person_words"])
    count = 0
    for k, word in enumerate(words):
        if word == "I":  # "Charles I", "Part I": a numeral after a name, not the pronoun
            before = words[k - 1] if k else ""
            count += not (before[:1].isupper() and before.lower() not in _SENTENCE_OPENERS)
        elif word.lower() in pronouns and word != "US":
            count += 1
    return count / len(words) >= _VOICE_SHARE


_SENTENCE_OPENERS = frozenset((
    "when", "then", "as", "if", "but", "and", "so", "now", "here", "there", "that", "what", "since", "before",
    "after", "yet", "thus", "while", "though", "although", "because", "where", "had", "have", "am", "do", "did",
    "shall", "should", "could", "would", "may", "might", "must", "will", "can", "until", "till", "once", "sir"))
# A letter's or a dispatch's date line: a place, the date (after "the", "d.", "le", "am"), a calendar mark.
_PLACE_DATELINE = re.compile(r"^[A-Z][\w'’.-]*(?:[ -][A-Z][\w'’.-]*){0,3},?\s+(?:(?:the|d\.|den|le|am)\s+)?$")
_AFTER_DATELINE = re.compile(r"^[\s.,;]*(?:(?:old|new)\s+style|\(?[ON]\.\s?S\.\)?)?[\s.,;]*$", re.IGNORECASE)
_CONTEMPORARY_YEARS = 2  # how far the text's own date may stand from the years it tells of


def _dates_itself(h: _Header) -> bool:
    """Whether the text is dated at the time it tells of: a newspaper issue line ("Rensselaer Union,
    Volume 10, Number 14, ..., 20 December 1877") or a letter's date line (``_dateline``) whose year
    is that of at least half the years the text names (within two). A modern journal's issue line
    over an article on 1821 is not; a date with no place ("29th January 1649.") is a heading, which
    histories of one day have too."""
    lines = h.header + h.body.split("\n")[:8]
    issue = _issue_line(lines)
    own = ([issue[0]] if issue else []) + [date for line in lines if (date := _dateline(line))]
    own_years = [int(found[-1][:4]) for text in own if (found := _YEAR_RE.findall(text))]
    years = [int(y[:4]) for y in _YEAR_RE.findall(h.body)]  # the date line's own year among them
    return any(2 * sum(abs(y - year) <= _CONTEMPORARY_YEARS for y in years) >= len(years) for year in own_years)


# ---------------------------------------------------------------------------------- rendering


def _csl_name(name: str) -> dict[str, str]:
    from nameparser import HumanName

    if len(name.split()) == 1:
        return {"literal": name}
    parsed = HumanName(name)
    given = " ".join(p for p in (parsed.first, parsed.middle) if p)
    return {"family": parsed.last, "given": given} if parsed.last else {"literal": name}


def _date_parts(iso: str | None) -> dict | None:
    if not iso:
        return None
    return {"date-parts": [[int(p) for p in iso.split("-")]]}


def to_csl(c: Citation, *, doc_id: str = "doc", genre: str | None = None) -> dict:
    """The CSL-JSON item for a citation (dates as written: the citation quotes its source)."""
    item: dict = {"id": doc_id[:16] or "doc", "type": _csl_type(c, genre)}
    if c.title:
        item["title"] = c.title
    if c.authors:
        item["author"] = [_csl_name(a) for a in c.authors]
    if c.translators:
        item["translator"] = [_csl_name(a) for a in c.translators]
    if c.date and c.date.as_written:
        issued = _date_parts(iso_date(c.date.as_written)) or (
            {"date-parts": [[int(y.group())]]} if (y := _YEAR_RE.search(c.date.as_written)) else None)
        item["issued"] = issued or {"literal": c.date.as_written}
    if c.source:
        item["container-title"] = c.source
    if c.first_published:
        item["note"] = f"First published: {c.first_published}"
    if c.publisher:
        item["publisher"] = c.publisher
    if c.accessed:
        item["accessed"] = _date_parts(c.accessed)
    if c.url:
        item["URL"] = c.url
    return item


def _csl_type(c: Citation, genre: str | None) -> str:
    if c.accessed or c.url:
        return "webpage"
    words = {w.lower() for w in re.findall(r"[^\W\d_]+", c.title or "")}
    if "letter" in words:
        return "letter"
    if words & {"speech", "address"}:
        return "speech"
    return "manuscript" if genre == "primary" else "article"


@lru_cache(maxsize=1)
def _style():
    from citeproc import CitationStylesStyle

    path = resources.files("fontes").joinpath("data/csl/chicago-notes-bibliography-16th-edition.csl")
    with resources.as_file(path) as file:
        return CitationStylesStyle(str(file), validate=False)


def render_chicago(item: dict) -> str | None:
    """A Chicago (notes and bibliography) bibliography entry for one CSL-JSON item, via citeproc-py."""
    import warnings

    from citeproc import Citation as CslCitation
    from citeproc import CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            bib = CitationStylesBibliography(_style(), CiteProcJSON([item]), formatter.plain)
            bib.register(CslCitation([CitationItem(item["id"])]))
            entries = [str(e) for e in bib.bibliography()]
    except Exception:  # noqa: BLE001 - citeproc-py raises many kinds on odd items; fall back to a plain form
        return None
    return entries[0] if entries else None


def short_citation(c: Citation, *, name: str | None = None) -> str:
    """'Family, Short Title (Year)' for chronology lines."""
    from nameparser import HumanName

    who = HumanName(c.authors[0]).last or c.authors[0] if c.authors else (c.publisher or "")
    title = c.title or ""
    words = title.split()
    if len(words) > 6:
        title = " ".join(words[:6]).rstrip(",:;") + "…"
    year = None
    for text in ((c.date.as_written if c.date else None), c.date.gregorian if c.date else None, c.accessed):
        if text and (m := _YEAR_RE.search(text)):
            year = m.group()
            break
    head = ", ".join(p for p in (who, title) if p) or (name or "source")
    return f"{head} ({year})" if year else head


def format_citation(c: Citation, *, doc_id: str = "doc", genre: str | None = None, name: str | None = None) -> Citation:
    """Fill c.csl, c.formatted (Chicago) and c.short from the citation fields."""
    c.csl = to_csl(c, doc_id=doc_id, genre=genre)
    c.formatted = render_chicago(c.csl) or _plain_citation(c, name)
    c.short = short_citation(c, name=name)
    return c


def _plain_citation(c: Citation, name: str | None) -> str:
    parts = [", ".join(c.authors), f"“{c.title}”" if c.title else name, c.source, c.date.as_written if c.date else None]
    return ". ".join(p for p in parts if p) + "."


# ---------------------------------------------------------------------------- across documents


def _name_key(name: str) -> tuple[str, list[str]]:
    from nameparser import HumanName

    parsed = HumanName(name)
    given = [p for p in (parsed.first + " " + parsed.middle).replace(".", ". ").split() if p]
    return parsed.last.lower(), given


def _compatible(short: list[str], full: list[str]) -> bool:
    """Given names 'V. I.' fit 'Vladimir' or 'Vladimir Ilyich': each initial starts the matching name."""
    if not short or not full:
        return False
    for s, f in zip(short, full):
        if not f.lower().startswith(s.rstrip(".").lower()):
            return False
    return True


def unify_authors(docs: Iterable[Document]) -> None:
    """Write initialled author names as the fuller form another document's citation gives them.

    'M. K. Sorensen' becomes 'Marta Sorensen' when another source of the corpus is by 'Marta
    Sorensen'. A cross-document step: call it from resolve, after every document's metadata.
    """
    docs = list(docs)
    full_names: dict[str, list[tuple[list[str], str]]] = {}
    for doc in docs:
        for author in doc.citation.authors:
            family, given = _name_key(author)
            if family and given and not any(_INITIAL.match(g) for g in given):
                full_names.setdefault(family, []).append((given, author))
    for doc in docs:
        changed = False
        for i, author in enumerate(doc.citation.authors):
            family, given = _name_key(author)
            if not given or not all(_INITIAL.match(g) for g in given):
                continue
            options = [full for g, full in full_names.get(family, []) if _compatible(given, g)]
            if options:
                doc.citation.authors[i] = max(set(options), key=options.count)
                changed = True
        if changed:
            format_citation(doc.citation, doc_id=doc.id, genre=doc.genre, name=doc.name)


def fragments(doc: Document) -> list[str]:
    """Chrome cut out of kept lines (captions, section labels), for the audit and the annotation."""
    return [doc.text[z.start:z.end] for z in doc.zones if is_fragment(z)]


# ---------------------------------------------------------------- web pages' own citation forms

# A BibTeX field a page shows for citing it ("title={...},", "author={A and B},", "journal={...}").
_BIBTEX_FIELD = re.compile(r"^\s*(?P<key>[A-Za-z]+)\s*=\s*[{\"](?P<value>[^{}\"]*)[}\"]\s*,?\s*$")


def bibtex_fields(lines: Iterable[str]) -> dict[str, str]:
    """{field: value} of the BibTeX lines among a page's header lines; the first of each field."""
    out: dict[str, str] = {}
    for line in lines:
        if (match := _BIBTEX_FIELD.match(line)) and match["value"].strip():
            out.setdefault(match["key"].lower(), re.sub(r"\s+", " ", match["value"]).strip())
    return out


def _bibtex_citation(bib: dict[str, str]) -> dict[str, str]:
    """Citation fields (title, authors, source) of a page's BibTeX record: the container
    (journal, book) with its pages is the source the text was published in."""
    out = {name: bib[key] for key, name in (("title", "title"), ("author", "authors")) if bib.get(key)}
    container = bib.get("journal") or bib.get("booktitle")
    if container:
        out["source"] = f"{container}, pages {bib['pages']}" if bib.get("pages") else container
    return out


# "Posted in History by jdoe on May 3, 2021": a blog post's line naming its category, its author
# (a user name, often written in lower case) and its date.
_CATEGORY_POST = re.compile(r"^\W*(?i:posted|filed|published)\s+(?i:in|under)\s+.{1,80}?\s+(?i:by)\s+"
                            r"(?P<name>[^\s,|]+(?:\s+[A-Z][^\s,|]*){0,3}?)\s+(?i:on)\s+(?P<rest>.+)$")


def category_post_line(text: str) -> tuple[str, str] | None:
    """(the date as written, the author) of a post line that files the post in a category."""
    match = _CATEGORY_POST.match(text.strip())
    if not match or len(text) > _POST_LINE_MAX or not (found := find_date(match["rest"])) or found[2] != 0:
        return None
    if re.sub(r"[\W\d_]+", "", match["rest"][found[3]:]) and not re.match(r"^\s*(?:at\s+)?\d{1,2}:\d{2}", match["rest"][found[3]:]):
        return None
    return found[0], match["name"]


# "Jim and Valerie DOE", "By Jane and John Roe": two given names sharing one surname.
_COUPLE = re.compile(r"^(?P<by>(?i:by)\s+)?(?P<a>[A-Z][a-z]+)\s+(?:and|&)\s+(?P<b>[A-Z][a-z]+)\s+"
                     r"(?P<surname>[A-Z][A-Z'’-]+|[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?)$")


def couple_byline(line: str, settings: Settings) -> list[str]:
    """['Jim Doe', 'Valerie Doe'] from a byline 'Jim and Valerie DOE': a surname in capitals, a 'By',
    or the NER reading the second name as a person's, says the line names people."""
    match = _COUPLE.match(line.strip())
    if not match:
        return []
    surname = match["surname"]
    if not (match["by"] or (surname.isupper() and len(surname) >= 2)):
        from fontes.ner import load_model

        second = f"{match['b']} {surname}"
        if not any(e.label_ == "PERSON" and e.text == second for e in load_model(settings)(second).ents):
            return []
    return [f"{match['a']} {surname}", f"{match['b']} {surname}"]


def _profile_date(lines: list[str], index: int) -> bool:
    """Whether the date line at index is a forum member's ("- Joined" above "- Mar 3, 2011", or
    "Joined: Mar 3, 2011"): a profile label on it or on the line above."""
    labels = "|".join(re.escape(w) for w in rules().get("profile_date_labels", []))
    if not labels:
        return False
    label = re.compile(rf"^\W*(?:{labels})\b", re.IGNORECASE)
    return bool(label.match(lines[index]) or (index > 0 and label.match(lines[index - 1])
                                              and not re.search(r"\d", lines[index - 1])))


def anniversary_title(doc: Document) -> str | None:
    """The first line of the text when an anniversary kicker opens it ("Today in History - 4
    November 1650 - ...", "On this day in history : ..."): the page's title, sentence or not."""
    kickers = "|".join(re.escape(w) for w in sorted(rules().get("anniversary_kickers", []), key=len, reverse=True))
    if not kickers:
        return None
    for zone in doc.zones:
        if zone.kind == "boilerplate":
            continue
        line = doc.text[zone.start:zone.end].split("\n", 1)[0].strip()
        if re.match(rf"^(?:{kickers})\s*[-–—:|]\s*\S", line, re.IGNORECASE) and len(line) <= 200:
            return line
        return None
    return None


# "Page 247 - Title": a page of a flip-book or a scanned volume, its number before the title
_PAGE_PREFIX = re.compile(r"^(?:page|p\.|pg\.?)\s*\d+\s+[-–—|:]\s+(?=\S)", re.IGNORECASE)
# an ISSN, an ISBN or a DOI line of a journal's page: an identifier, no title
_IDENTIFIER_LINE = re.compile(r"^\W*(?:[ep]-?)?(?:ISSN|ISBN|DOI)\b", re.IGNORECASE)


# "Randolph, John. “Title.” ...", "Doe, Jane, and Richard Roe. Title.": the head of a citation in a
# humanities style, its first author surname first
_CITATION_HEAD = re.compile(r"^(?P<surname>[A-Z][\w'’-]+),\s+(?P<given>[A-Z][\w'’-]*\.?(?:\s+[A-Z][\w'’-]*\.?){0,2}?)"
                            r"(?:,?\s+and\s+(?P<second>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){1,3}))?\.\s+[“\"‘*A-Z]")


def suggested_citation_authors(doc: Document) -> list[str]:
    """The authors of the citation a page suggests for itself, under a "Cite this ..." label:
    'Randolph, John. “...”' -> ['John Randolph']."""
    labels = "|".join(re.escape(w) for w in rules().get("suggested_citation_labels", []))
    if not labels:
        return []
    lines = [line.strip() for line in doc.text.split("\n")]
    for k, line in enumerate(lines):
        if not re.match(rf"^\W*(?:{labels})\b", line, re.IGNORECASE) or len(line) > 80:
            continue
        below = next((rest for rest in lines[k + 1:k + 4] if rest), "")
        inline = re.split(r":\s*", line, maxsplit=1)
        for candidate in ((inline[1] if len(inline) > 1 else ""), below):
            match = _CITATION_HEAD.match(candidate)
            if match:
                first = f"{match['given']} {match['surname']}"
                return [first] + ([match["second"]] if match["second"] else [])
        return []
    return []


def script_of(text: str) -> str:
    """The alphabet most of a text's letters are in: 'latin', 'cyrillic', 'greek' or 'other'."""
    counts = {"latin": 0, "cyrillic": 0, "greek": 0, "other": 0}
    for ch in text[:5000]:
        if not ch.isalpha():
            continue
        code = ord(ch)
        script = "latin" if code < 0x250 or 0x1E00 <= code < 0x1F00 else "greek" if 0x370 <= code < 0x400 or \
            0x1F00 <= code < 0x2000 else "cyrillic" if 0x400 <= code < 0x530 else "other"
        counts[script] += 1
    return max(counts, key=lambda k: counts[k])


def standfirst_author(doc: Document) -> str | None:
    """The author a magazine's standfirst names among the text's first lines: '..., explains
    historian Jane Doe, ...' -> 'Jane Doe' (a verb of telling, a role, then the name)."""
    r = rules()
    verbs = "|".join(re.escape(w) for w in r.get("standfirst_verbs", []))
    roles = "|".join(re.escape(w) for w in sorted(r.get("standfirst_roles", []), key=len, reverse=True))
    if not verbs or not roles:
        return None
    pattern = re.compile(rf"\b(?:{verbs})\s+(?:the\s+)?(?:(?i:{roles}))\s+(?P<name>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){{1,3}})")
    lines = [doc.text[z.start:z.end].strip() for z in doc.zones if z.kind != "boilerplate"][:3]
    for line in lines:
        if len(line) > 400:
            continue
        for match in pattern.finditer(line):
            name = match["name"].rstrip(".")
            if looks_like_name(name):
                return name
    return None
