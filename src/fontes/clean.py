"""Clean stage: label each line of a document as body, citation metadata or site chrome.

The text is never rewritten. Every non-blank line (or, where chrome is run into a kept line,
every part of it) becomes a ``Zone`` whose ``rule`` names the rule that decided it, so a user
can audit what left the clean text with ``removed(doc)``. Rules look at the shape of lines
(length, sentence punctuation, vote counts, URLs), their place (head, tail, inside a block)
and word lists in ``data/clean_rules.yaml``; none is written for one site.
"""

from __future__ import annotations

import math
import re
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from itertools import pairwise

from fontes.datafiles import load_yaml
from fontes.model import Document, Mark, Zone, ZoneKind
from fontes.settings import DEFAULTS, Settings

# Rules whose zone covers part of a line only (chrome run into a kept line).
FRAGMENT_PREFIX = "fragment:"

_WORD = re.compile(r"[^\W_]+(?:[-'’.][^\W_]+)*", re.UNICODE)
# A sentence ends after a word of two lower-case letters or a number ("1917."), not after an
# initial or an abbreviation such as "No." or "V.".
_SENTENCE_END = re.compile(r"(?:(?P<letters>[^\W\d_]{2})|\d{2}|[)\]\"”’])[.!?][\"”’)\]]*(?:\s|$)")
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])[\"”’)\]]*[\s\u00a0]+(?=[\"“‘(\[]?[A-Z0-9])")
_COUNT_LINE = re.compile(
    r"""^[(\[]?\s*(?:no|\d[\d,.\s]*)\s*
        (?:votes?|ratings?|comments?|likes?|shares?|reviews?|views?|responses?|answers?|downloads?|pages?|words?
         |citations?|followers?|subscribers?|bookmarks?)\s*[)\]]?$
      | ^[^\W\d_]+\s+(?:views?|downloads?|reads|hits)\s*:\s*\d[\d,.\s]*$
      | ^(?:views?|downloads?|pages?|words?|word\s+count|comments?|likes?|posts?|messages?|replies|reads|hits|karma|reputation)
         \s*:?\s*\d[\d,.\s]*$
      | ^\d(?:[.,]\d)?\s*/\s*(?:5|10)$
      | ^(?:rating|rated|score)\s*:?\s*\d(?:[.,]\d)?\s*(?:/\s*(?:5|10)|out\s+of\s+(?:5|10)|stars?)?$
      | ^[★☆✩✪⭐]+$
      | ^(?:showing\s+)?(?:results?\s+|items?\s+|records?\s+)?\d[\d,]*\s*(?:[-–]\s*\d[\d,]*\s*)?of\s+(?:about\s+)?\d[\d,]*
         (?:\s+(?:results?|items?|records?|documents?|matches|hits))?$
      | ^show\s+(?:\d{1,3}\s*[|/,]?\s*){2,}(?:per\s+page)?$""",
    re.IGNORECASE | re.VERBOSE,
)
# A file's size on a file-sharing site's counter line ("Views 1,234 Downloads 56 File size 2MB").
_FILE_SIZE = re.compile(r"^(?:file\s+)?size\s*:?\s*\d[\d.,]*\s*(?:[KMG]i?B|bytes?)?$", re.IGNORECASE)
# A post's or a listing's time stamp: a clock time with AM/PM, a time zone or seconds, and at most a
# date beside it ("July 20, 09:29 PM GMT", "2023-09-22 18:05:11", "Reply #3 on: 11 July 2006, 10:31 AM").
_CLOCK = re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?|GMT|UTC|CET|EST|PST|MSK|[+-]\d{2}:?\d{2})\b"
                    r"|\b\d{1,2}:\d{2}:\d{2}\b", re.IGNORECASE)
# The result of one poll answer: "33 (31%)", "31%", "33 votes (31%)".
_RESULT_LINE = re.compile(r"^(?:\d[\d,]*\s*(?:votes?)?\s*[(\[]\s*)?\d{1,3}(?:[.,]\d+)?\s*%\s*[)\]]?$", re.IGNORECASE)
_URL = r"(?:https?://\S+|www\.\S+|[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}(?:/\S*)?)"
_URL_LINE = re.compile(rf"^(?:(?P<label>[^:]{{1,40}}):\s*)?(?P<url>{_URL})$", re.IGNORECASE)
_LABEL = re.compile(r"^(?P<label>[A-Za-z][A-Za-z &/()+-]{0,50}?)\s*:\s*(?P<value>\S.*)?$")
_BULLET = re.compile(r"^[\s\-–—•·*▪►>#]+")
# "Label: value" in any script (the label of _LABEL is Latin only): "Фото: ...", "Read also: ...".
_LABEL_ANY = re.compile(r"^(?P<label>[^\W\d_][\w .'’]{0,30}?)\s*:\s*(?P<value>\S.*)?$")
_FIGURE = re.compile(r"^(?:fig(?:ure)?|рис(?:унок)?|илл|abb(?:ildung)?|obr)\.?\s*\d{1,3}[a-z]?\s*[.:)–—-]", re.IGNORECASE)
_GALLERY_COUNT = re.compile(r"^(?:image|photo|picture|slide|фото|снимка|bild)\s+\d{1,3}\s*(?:of|/|из|von|от)\s*\d{1,3}$",
                            re.IGNORECASE)
_NUMBERED = re.compile(r"^\(?\d{1,2}[.)]\s+")
# A link to another page drawn as an arrow: "← Back to the list", "» Next", "Previous page ‹".
_ARROW = re.compile(r"^[←→⟵⟶«»‹›⇐⇒↩↪⬅➡]\s*|\s*[←→⟵⟶«»‹›⇐⇒➡]$")
# An image caption run into the first words of a sentence: "A man in uniform, 1918 Reproduced ...".
_CAPTION = re.compile(
    r"^(?P<caption>[A-Z][\w'’.-]*(?:\s+[\w'’().-]+){1,12}?,\s*(?:c\.\s*|circa\s+)?(?:1[0-9]{3}|20[0-9]{2}))"
    r"\s+(?=[A-Z][a-z]+\b)"
)
# Words of a post's header in forums and comment threads ("Post by X Tue Mar 18, 2014 10:50 pm").
_POST_WORDS = frozenset(("post", "posted", "reply", "replied", "quote", "on", "by", "edited", "last"))
# A pager: "Page 3 of 12", "Pages: [1] 2 3", "« Previous 1, 2, 3 Next »", "1 2 3 4 ... 10".
_PAGINATION = re.compile(
    r"^(?:\|\s*)?(?:[«‹<]\s*)?(?:pages?\s*:?\s*)?(?:\d+\s*(?:of|/|из)\s*\d+\s*)?"
    r"(?:(?:previous|prev|next|first|last|go\s+(?:up|down)|[«»‹›<>]|\.\.\.|…|\[?\d{1,4}\]?)[\s,|]*){2,}$"
    r"|^(?:you\s+are\s+(?:on|viewing|reading)\s+)?pages?\s+\d+\s*(?:of|/)\s*\d+\b.{0,40}$", re.IGNORECASE)
# A viewer's stand-in for a picture it does not show: "[graphic]", "[Illustration: The harbour]".
_PLACEHOLDER = re.compile(r"^\[\s*(?:graphic|illustration|image|picture|photo|photograph|figure|map|plate|portrait)s?"
                          r"\s*(?::[^\]]{0,160})?\]$", re.IGNORECASE)
# A picture or a template's call left as source markup on a line of its own: a Markdown image
# ("![A view of the port](img/port.jpg)") or a static-site generator's shortcode ("{{< figure ... >}}",
# "{% include x.html %}"). The capture kept the page's source, not what the page shows.
# A line of raw HTML tags and nothing else ("<img src=... ><br/>"): the page's source, not its text.
_HTML_LINE = re.compile(r"^(?:<[a-zA-Z/!][^<>]*>\s*)+$")
# A page number on a line of its own: "P. 247", "pp. 12", "Page 3", "стр. 5".
_PAGE_MARK = re.compile(r"^[\[(]?(?:p|pp|pg|page|стр|с|s)\.?\s*\d{1,4}[\])]?$", re.IGNORECASE)
_MARKUP_LINE = re.compile(r"^!\[[^\]]*\]\([^)\s]*(?:\s+\"[^\"]*\")?\)$|^\{\{[<%].*[>%]\}\}$|^\{%.*%\}$")
# A rights statement of a database or an archive: the word copyright with a year, an owner ("is the
# property of") or a ban on copying; or a use restriction ("For educational use only").
_RIGHTS = re.compile(r"^\W*copyright\b.*\b(?:property\s+of|may\s+not\s+be|reserved)\b"
                     r"|\bfor\s+(?:educational|personal|non-?commercial|research)\s+use\s+only\b", re.IGNORECASE)
_RIGHTS_OWNER = re.compile(r"^\W*copyright\s+of\s+[^.!?]{2,150}?\s+is\s+the\s+property\s+of\b", re.IGNORECASE)
_RIGHTS_YEAR = re.compile(r"\bcopyright\s+(?:©\s*|\(c\)\s*)?(?:1[89]|20)\d{2}\b", re.IGNORECASE)


def _rights_notice(text: str) -> bool:
    """A rights notice: a line led by "Copyright" that names an owner or a ban on copying, a use
    restriction ("For educational use only"), in at most three sentences and sixty words; or
    "Copyright <year>" in a line of twenty words; or a database's notice opened by "Copyright of
    <work> is the property of <owner>", whatever its length (it goes on about copying and warranty).
    A sentence of the text about copyright law starts otherwise or runs longer."""
    if _RIGHTS_YEAR.search(text) and len(_words(text)) <= 20:
        return True
    if _RIGHTS_OWNER.match(text) and len(_words(text)) <= 150:
        return True
    return bool(_RIGHTS.search(text)) and len(_words(text)) <= 60 and len(_sentence_spans(text)) <= 3


# A machine's field name or type left by a data dump (RDF, JSON, a database export), alone on a line,
# perhaps as a Markdown heading, list item or in emphasis: "### dateOfBirth", "has_part",
# "*PublicationEvent*", "Unit.Cavalry", "urn:isbn:0000000000". No word of prose is written so.
_IDENTIFIER = re.compile(
    r"^(?:#{1,6}\s+|[-*•]\s+)?(?P<open>[*_]{0,2})(?P<id>"
    r"[a-z]+(?:[A-Z][a-z0-9]*)+"  # camelCase
    r"|[A-Za-z][a-z0-9]*(?:_[A-Za-z0-9]+)+"  # snake_case
    r"|(?=[A-Za-z]{5})[A-Za-z]+(?:\.[A-Za-z0-9]+)*\.(?:[A-Z][A-Za-z]+|\d+)"  # Dotted.Name, Type.17 (not "No.6")
    r"|urn:\S+"
    r"|(?<=[*_])(?:[A-Z][a-z0-9]{2,}){2,}"  # an emphasised PascalCase type: *WebPage*
    r")(?P=open)$")
# A heading that is one lower-case word ("### kind", "## value"): a field of a data dump; a text's own
# headings are capitalised.
_FIELD_HEADING = re.compile(r"^#{1,6}\s+[a-z][a-z0-9]*$")
# A link to a place on the same page, alone on a line (Markdown "[Chapter II](#chapter-ii)"): a table
# of contents' or a data page's cross-reference, not text.
_ANCHOR_LINK = re.compile(r"^(?:[-*•]\s+)?\[[^\]]+\]\(#[^)\s]*\)$")


def _machine_line(text: str) -> bool:
    """A field name, a type or a cross-reference of a data dump (see _IDENTIFIER)."""
    return bool(_IDENTIFIER.match(text) or _FIELD_HEADING.match(text) or _ANCHOR_LINK.match(text))


# A format string a page's script never filled in ("Connecting to %s", "%d readers like this:"): a
# program's message with its placeholder, never a sentence anyone wrote.
_UNFILLED = re.compile(r"(?:^|\s)%[sdu](?=$|[\s.,:;)!?])")
_MAX_UNFILLED_WORDS = 12


# A line of hashtags only ("#History #OnThisDay"): the post's tags.
_HASHTAGS = re.compile(r"^(?:#[^\W_][\w-]*[\s,]*){2,}$")
# A slide counter alone ("1/1", "- 3 / 12"): a gallery's, under its picture.
_SLIDE_COUNT = re.compile(r"^[-–•·\s]*(?P<a>\d{1,2})\s*/\s*(?P<b>\d{1,2})$")
# How many read a forum's thread now: "0 Members and 36 Guests are viewing this topic."
_VIEWERS = re.compile(r"^\W*\d[\d,]*\s+(?:members?|users?|guests?|visitors?|people)\b[^.!?]{0,40}?\s(?:are|is)\s+"
                      r"(?:viewing|browsing|reading|online)\b", re.IGNORECASE)
# A path of categories in brackets, its items set apart by dashes or bars: "(Russia - Reign of X - Terrorism - ...)".
_BRACKETED_PATH = re.compile(r"^\((?P<items>[^()]+)\)$")
_MIN_PATH_ITEMS = 4
_MAX_PATH_ITEM_WORDS = 5


def _bracketed_path(text: str) -> bool:
    match = _BRACKETED_PATH.match(text.strip())
    if not match or is_sentence(match["items"]):
        return False
    items = [p for p in re.split(r"\s[-–|/]\s", match["items"]) if p.strip()]
    return len(items) >= _MIN_PATH_ITEMS and all(len(_words(p)) <= _MAX_PATH_ITEM_WORDS for p in items)


def _slide_count(text: str) -> bool:
    match = _SLIDE_COUNT.match(text)
    return bool(match) and 1 <= int(match["a"]) <= int(match["b"])


def _unfilled_template(text: str) -> bool:
    return bool(_UNFILLED.search(text)) and len(_words(text)) <= _MAX_UNFILLED_WORDS


# A time to the second ("11:42:17", "08:05:59"): a server's clock; no writer dates an event so.
_SECONDS_CLOCK = re.compile(r"\b\d{1,2}:\d{2}:\d{2}\b")
_STAMP_FILLER = re.compile(r"\b(?:[ap]\.?m\.?|gmt|utc|on|at|posted|edited|am|pm)\b|[\d\W_]+", re.IGNORECASE)


def _machine_stamp(text: str) -> bool:
    """A line that is a date with a time to the second and nothing else ("March 3, 2021, 11:42:17 pm",
    "1999/03/08 17:22:05"): when a post was saved, the site's."""
    if not _SECONDS_CLOCK.search(text):
        return False
    rest = _STAMP_FILLER.sub(" ", text).lower().split()
    return all(w.rstrip(".") in _month_words() for w in rest)


# A file's format named in a line: a download or a viewer's link ("Download as PDF, TXT or read online").
_FILE_FORMAT = re.compile(r"\b(?:pdf|txt|epub|mobi|djvu|docx?|rtf|pptx?|fb2|jpe?g|png|tiff?)\b", re.IGNORECASE)
# Determiners a control's label may hold ("Browse the issue", "Read the full text"); not content.
_DETERMINERS = frozenset(("the", "all", "any", "each", "every", "your", "this", "these", "our"))
# The head of a reader's comment: "Jane said...", "Reader42 wrote:", "Anonymous says:".
_COMMENT_HEAD = re.compile(r"^[\w.'’@ -]{1,40}?\s(?:said|says|wrote|writes|replied)\s*(?:\.\.\.|…|:)\s*$", re.IGNORECASE)
# A message box of the site's with its close button: "Your request was sent! ×".
_DISMISSIBLE = re.compile(r"^[^\W\d_].{0,120}?\s[×✕✖⨯]$")
# A record's number on a site, an acronym and a number: "ABC #12345", "ID #4411".
_RECORD_NUMBER = re.compile(r"^[A-Z]{2,8}\s?#\s?\d{2,}$")
# Who gave the page or the scan to the site: "Contributed to X by ...", "Digitized by Google".
_CONTRIBUTED = re.compile(r"^(?:(?:images?|scans?|photos?|photographs?|pages?|text)\s+)?"
                          r"(?:contributed|submitted|donated|digiti[sz]ed|scanned|uploaded|transcribed|read|narrated|provided|supplied)"
                          r"\s+(?:to\s+[^.!?]{1,80}?\s+)?by\s", re.IGNORECASE)
# What a site's search page says of the search ("You searched for: ...", "Your search returned 12 results").
_SEARCH_STATE = re.compile(r"\byou\s+searched\s+for\b|\byour\s+search\s+(?:returned|for|did\s+not)\b"
                           r"|\bremove\s+constraint\b", re.IGNORECASE)
# A list's page-size control: "Results per page", "Number of items to show per page".
_PER_PAGE = re.compile(r"^(?:(?:number\s+of|show|display)\s+)?(?:results|items|records|hits|entries|documents)\s+"
                       r"(?:to\s+(?:display|show)\s+)?per\s+page\b", re.IGNORECASE)
# A citation widget's line in a named style, its value shaped as a reference (a year, a title in quotes
# or the year in brackets): 'MLA: Doe, Jane. "The Siege." Notes, 2020.', "APA: Doe, J. (2020). The Siege."
_CITE_STYLE = re.compile(r"^(?:MLA|APA|Chicago|Harvard|Turabian|Vancouver|IEEE|ASA|AMA)"
                         r"(?:\s+(?:style|format|citation|\(?\d{1,2}(?:st|nd|rd|th)\s+ed(?:ition)?\.?\)?))*\s*:\s*"
                         r"(?=.*\b(?:1[5-9]|20)\d{2}\b)(?=.*(?:[\"“”]|\((?:1[5-9]|20)\d{2}\)))")
# A browser's fallback for a player or a picture: "Your browser doesn't support HTML5 audio."
_BROWSER_FALLBACK = re.compile(r"\byour\s+browser\s+(?:does\s*n[o’']t|does\s+not|doesn[’']t|cannot|can[’']t)\s+"
                               r"(?:support|play|display|show)\b"
                               r"|\brequires?\s+(?:the\s+)?(?:adobe\s+)?(?:flash|javascript|java|silverlight|quicktime)"
                               r"(?:\s+player|\s+plug-?in)?\s+(?:to\s+be\s+)?(?:installed|enabled)\b", re.IGNORECASE)
# A teaser of another page ends in the link to it: "... modern historians believe that [read more]".
_TEASER_END = re.compile(r"(?:\[\s*|\(\s*|[…]\s*|\.\.\.\s*)(?:read|continue|see|view)\s+(?:more|reading|the\s+rest|full\s+\w+)"
                         r"\s*(?:\]|\)|»|›|→)?\s*$|\(more…?\)\s*$|\[…\]\s*$|\[\.\.\.\]\s*$", re.IGNORECASE)


def _is_pager(text: str) -> bool:
    """Page numbers with a pager's word or three numbers in a row, none of them a year ("1853")."""
    numbers = re.findall(r"\d+", text)
    worded = bool(re.search(r"[^\W\d_]{2,}|[«»‹›]", text))
    return (worded or len(numbers) >= 3) and not any(len(n) >= 4 for n in numbers)


_YEAR_IN = re.compile(r"\b1[0-9]{3}\b|\b20[0-9]{2}\b")
_FUNCTION_WORDS = frozenset((
    "in", "on", "at", "by", "from", "of", "for", "to", "with", "during", "after", "before", "since", "until",
    "when", "while", "as", "and", "but", "or", "if", "it", "this", "that", "these", "those", "he", "she",
    "they", "we", "i", "you", "his", "her", "their", "our", "its",
))


@dataclass(slots=True)
class _Line:
    start: int  # offsets of the stripped line in Document.text
    end: int
    text: str
    blank_before: bool


@lru_cache(maxsize=1)
def rules() -> dict[str, list[str] | int]:
    """The word lists of data/clean_rules.yaml (lower-cased)."""
    raw = load_yaml(resources.files("fontes").joinpath("data/clean_rules.yaml").read_text("utf-8"))
    return {k: ([str(w).lower() for w in v] if isinstance(v, list) else v) for k, v in raw.items()}


@lru_cache(maxsize=1)
def _templates() -> re.Pattern[str]:
    """The template lines of data/clean_rules.yaml as one case-insensitive pattern (whole line)."""
    raw = load_yaml(resources.files("fontes").joinpath("data/clean_rules.yaml").read_text("utf-8"))
    return re.compile("|".join(f"(?:{p})" for p in raw["template_lines"]), re.IGNORECASE)


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _norm(text: str) -> str:
    """Lower-case words only: 'Rate this article!' -> 'rate this article'."""
    return " ".join(w.lower() for w in _words(_BULLET.sub("", text)))


def _starts_with(norm: str, phrases: list[str]) -> str | None:
    for phrase in phrases:
        if norm == phrase or norm.startswith(phrase + " "):
            return phrase
    return None


def is_sentence(text: str) -> bool:
    """True if the text holds at least one full sentence (a word of lower case before . ! ?)."""
    # two letters in lower case in any script ("poddaným.", "году."), not only a to z
    return any(not m["letters"] or m["letters"].islower() for m in _SENTENCE_END.finditer(text))


def is_body_paragraph(text: str) -> bool:
    """A line that reads as running text: eight words or more and a sentence ending."""
    return len(_words(text)) >= 8 and (is_sentence(text) or bool(re.search(r"[.!?][\"”’)\]]*$", text)))


def _prose_value(value: str) -> bool:
    """A label's value that is a sentence of running text ("Title: the tsar took the title of emperor
    in 1721, and ..."): the text's own line led by a word and a colon, not a citation field."""
    if not is_body_paragraph(value):
        return False
    return value[:1].islower() or (len(_words(value)) >= 12 and _lower_share(value) >= 0.6)


def citation_label(text: str) -> tuple[str, str] | None:
    """The citation label a header line starts with and its value: ('source', 'Collected Works...').

    Labels of one word need a colon ("Source: ..."); labels of several words may stand without
    one ("First Published 4 October, 1918").
    """
    labels = rules()["citation_labels"]
    text = _GLYPH_BULLET.sub("", text)  # "• Author(s): ..." in a catalogue's bulleted record
    match = _LABEL.match(text)
    if match:
        label = _norm(re.sub(r"\([^)]*\)", " ", match["label"]))
        found = _starts_with(label, labels)  # "transcription html markup" starts with "transcription"
        value = (match["value"] or "").strip()
        if found and len(label.split()) <= 5 and not _prose_value(value):
            return found, value
    norm = _norm(text)
    for label in labels:
        if " " in label and norm.startswith(label + " "):
            words = len(label.split())
            value = re.split(r"\s+", text.strip(), maxsplit=words)[-1]
            return label, value.strip()
    return None


@lru_cache(maxsize=1)
def _foreign_count() -> re.Pattern[str]:
    """A counter in another language: one of the count_words with a number before or after it."""
    words = "|".join(re.escape(w) for w in sorted(rules().get("count_words", []), key=len, reverse=True)) or "(?!)"
    return re.compile(rf"^(?:(?:{words})\s*:?\s*\d[\d\s.,]*|\d[\d\s.,]*\s*(?:{words}))$", re.IGNORECASE)


def _is_count(text: str) -> bool:
    """A count or several ("Posts: 28 Views: 2454", "• Karma: 1,963"), bullets aside."""
    text = _BULLET.sub("", text.strip())
    pairs = re.findall(r"[^\W\d_][\w ]*?\s*:?\s*\d[\d,.]*(?:\s*(?:[KMG]i?B|bytes)\b)?", text)
    if len(pairs) >= 2 and "".join(pairs).replace(" ", "") == text.replace(" ", "") \
            and all(_COUNT_LINE.match(p.strip()) or _foreign_count().match(p.strip()) or _FILE_SIZE.match(p.strip())
                    for p in pairs):
        return True
    return bool(_COUNT_LINE.match(text) or _foreign_count().match(text))  # "Item 3 of 25": one count, not two


def _is_result(text: str) -> bool:
    return bool(_RESULT_LINE.match(text.strip()))


def _is_short_label(text: str, max_words: int) -> bool:
    """A short line without sentence punctuation: a button, a menu item, a site name."""
    words = _words(text)
    return 0 < len(words) <= max_words and not re.search(r"[.!?;,]\s*$", text) and not is_sentence(text)


def _split_lines(text: str) -> list[_Line]:
    lines, pos, blank = [], 0, True
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            start = pos + (len(raw) - len(raw.lstrip()))
            lines.append(_Line(start, start + len(stripped), stripped, blank))
            blank = False
        else:
            blank = True
        pos += len(raw) + 1
    return lines


def _local_rule(line: _Line) -> tuple[ZoneKind, str] | None:
    """Rules that need nothing but the line itself."""
    r = rules()
    text, norm = line.text, _norm(line.text)
    if _is_result(text):
        return "boilerplate", "poll_result"
    if _is_count(text):
        return "boilerplate", "vote_count"
    if _CLOCK.search(text) and len(_words(text)) <= 12 and not is_sentence(text) \
            and (not _YEAR_IN.search(text) or set(norm.split()) & _POST_WORDS):
        return "boilerplate", "timestamp"  # a dated line of a document (a telegram's) has a year and no "post"
    if _machine_stamp(text):
        return "boilerplate", "timestamp"  # "March 3, 2021, 11:42:17 pm": a date to the second, alone
    if _HASHTAGS.match(text):
        return "boilerplate", "tags"  # "#History #OnThisDay": the post's hashtags
    if _slide_count(text):
        return "boilerplate", "gallery"  # "1/1": a gallery's counter
    if _VIEWERS.match(text) and len(_words(text)) <= 15:
        return "boilerplate", "vote_count"  # "2 Members and 5 Guests are viewing this topic."
    if _bracketed_path(text):
        return "boilerplate", "taxonomy"  # "(Russia - Reign of X - Terrorism - Anarchism)"
    if _unfilled_template(text):
        return "boilerplate", "template"  # "Connecting to %s": a script's message, its placeholder unfilled
    if _COMMENT_HEAD.match(text):
        return "boilerplate", "comment_header"  # "Fredd said...": who wrote the comment below it
    if _TEASER_END.search(text):
        return "boilerplate", "teaser"  # the opening of another page, cut off before a link to it
    if _DISMISSIBLE.match(text) and len(_words(text)) <= 15:
        return "boilerplate", "ui_message"  # "Your request was sent! ×": a message box and its close button
    if _RECORD_NUMBER.match(text):
        return "boilerplate", "record_number"  # "ABC #12345"
    if _CONTRIBUTED.match(text) and len(_words(text)) <= 20 and len(_sentence_spans(text)) == 1 \
            and not is_body_paragraph(text):
        return "boilerplate", "image_credit"  # "Contributed to X by Y", "Digitized by Google", "Read by Jane Doe"
    if _CITE_STYLE.match(text) and len(_words(text)) <= 80:
        return "boilerplate", "citation_widget"  # "MLA: Doe, Jane. \"The Siege.\" Notes, 2020."
    if _PER_PAGE.match(text) and len(_words(text)) <= 12:
        return "boilerplate", "ui_control"  # "Number of results to display per page"
    if (_SEARCH_STATE.search(text) or _BROWSER_FALLBACK.search(text)) and len(_words(text)) <= 60 \
            and len(_sentence_spans(text)) <= 3:
        return "boilerplate", "ui_message"  # "You searched for: ...", "Your browser doesn't support HTML5 audio."
    if (link := _LABEL_ANY.match(text)) and _starts_with(_norm(link["label"]), r["link_prefixes"]) \
            and len(_norm(link["label"]).split()) <= 4 and len(_words(link["value"] or "")) <= 15 \
            and not is_sentence(link["value"] or "") and not _URL_LINE.match(text):
        return "boilerplate", "link_to_page"  # "Read also: <title>", "Next: <title>", "Читайте также: <title>"
    if (caption := _LABEL_ANY.match(text)) and _norm(caption["label"]) in r["caption_starts"] \
            and len(_words(text)) <= 25 and len(_sentence_spans(text)) <= 2:
        return "boilerplate", "image_credit"  # "Photo: State Museum", "Фото: ...", "Credit: ..."
    if _FIGURE.match(text) and len(_words(text)) <= 30 and len(_sentence_spans(text)) <= 2:
        return "boilerplate", "caption"  # "Figure 2. Map of the siege.", "Fig. 3:", "Рис. 1."
    widget = _LABEL_ANY.match(text)
    if widget and _norm(widget["label"]) in r.get("citation_widget_labels", []) and len(_words(text)) <= 80:
        return "boilerplate", "citation_widget"  # "How to cite: ...", "Suggested citation: ..."
    if _PLACEHOLDER.match(text) or _MARKUP_LINE.match(text):
        return "boilerplate", "placeholder"  # "[graphic]", "![alt](x.jpg)": a picture the page did not show
    if _rights_notice(text):
        return "boilerplate", "copyright"  # "Copyright of X is the property of Y", "For Educational Use Only"
    if _machine_line(text):
        return "boilerplate", "field_name"  # "### deathDate", "*CreativeWork*", "[Rome](#Rome)"
    if _PAGE_MARK.match(text):
        return "boilerplate", "page_number"  # "P. 247": the printed page a web edition reproduces
    if _GALLERY_COUNT.match(text):
        return "boilerplate", "gallery"  # "Image 1 of 5"
    if _PAGINATION.match(text) and _is_pager(text):
        return "boilerplate", "pagination"
    taxonomy = _LABEL.match(text)
    if taxonomy and _starts_with(_norm(taxonomy["label"]), r["taxonomy_labels"]) \
            and len(_norm(taxonomy["label"]).split()) <= 3 and not is_sentence(taxonomy["value"] or "") \
            and all(len(_words(item)) <= 5 for item in re.split(r"\s*[,;|•·]\s*", taxonomy["value"] or "")):
        return "boilerplate", "taxonomy"
    marker = _starts_with(norm, r["trivia_markers"]) if norm else None
    if marker and (len(norm.split()) <= 5 or (len(norm.split()) <= 9 and re.match(rf"^\W*{re.escape(marker)}\W*:", text, re.I))):
        return "boilerplate", "trivia_marker"
    if norm.rstrip(" :") and _starts_with(norm, r["data_block_headers"]) and len(norm.split()) <= 5:
        return "boilerplate", "data_block"
    if norm and norm in r["record_field_labels"] and _is_short_label(text.rstrip(":"), 6):
        return "boilerplate", "field_label"  # "Object type", "Credit line", "• Subject Terms:" on a line of its own
    if norm and norm in r["poll_headers"]:
        return "boilerplate", "poll"
    url = _URL_LINE.match(text)
    if url and not citation_label(text):
        label = _norm(url["label"] or "")
        if not label or _starts_with(label, r["link_labels"]) or len(label.split()) <= 3:
            return "boilerplate", "link_line"
    if (_starts_with(norm, r["ui_starts"]) and _is_short_label(text, int(r["max_ui_words"]))) or norm in r["ui_lines"]:
        return "boilerplate", "ui_control"
    if _templates().fullmatch(text) and len(re.findall(r"[^\W\d_]{2,}", text)) < 25:  # never a paragraph
        return "boilerplate", "template"
    if ("©" in text or any(f" {p} " in f" {norm} " for p in r["footer_phrases"])) and len(_words(text)) <= 20:
        return "boilerplate", "copyright"
    if _ARROW.match(text) and _is_short_label(_ARROW.sub("", text), int(r["max_ui_words"])):
        return "boilerplate", "nav_arrow"  # "← Back to Legends", "Next »"
    if not re.search(r"[^\W\d_]", text) and (not re.search(r"\d", text) or re.search(r"[$€£¥%]", text)):
        return "boilerplate", "symbols"  # "<<", "* * *", "$3389 / $18000", "45%"
    content = [w for w in norm.split() if len(w) > 2 and w not in _FUNCTION_WORDS and w not in _DETERMINERS]
    if len(content) >= 2 and all(w in r["ui_vocabulary"] for w in content) \
            and _is_short_label(text, int(r["max_ui_words"])):
        return "boilerplate", "ui_words"  # "Download PDF", "Other views: larger", "Report document"
    if 4 <= len(content) and len(_words(text)) <= 20 and all(w in r["ui_vocabulary"] for w in content) \
            and not is_sentence(text) and not re.search(r"[.!?,;]\s*$", text):
        return "boilerplate", "ui_words"  # a toolbar: "Zoom In Zoom Out Fit Page Fit Width Rotate Print Save"
    if _is_short_label(text, 8) and set(norm.split()) & set(r["chrome_words"]):
        return "boilerplate", "chrome_word"
    if len(_sentence_spans(text)) <= 3 and any(f" {p} " in f" {norm} " for p in r["appeal_phrases"]):
        return "boilerplate", "appeal"
    if len(_words(text)) <= 30 and any(f" {p} " in f" {norm} " for p in r["credit_phrases"]) \
            and len(_sentence_spans(text)) <= 2 and not is_body_paragraph(text):
        return "boilerplate", "image_credit"
    if _HERE_PROMPT.match(text) and len(_words(text)) <= 8 and len(_sentence_spans(text)) == 1 \
            and norm.split()[0] in r["ui_actions"]:
        return "boilerplate", "prompt"  # "Read the whole series here.", "Download the map here"
    if norm and norm.split()[0] in r["ui_actions"] and _FILE_FORMAT.search(text) and len(_words(text)) <= 12 \
            and not is_sentence(text):
        return "boilerplate", "file_link"  # "Download as PDF, TXT or read online", "View JPG"
    if _ui_lead(text):
        return "boilerplate", "ui_lead"  # "View full screen - View 1 of 3", "Download PDF | 2 pages"
    parts = [p for p in re.split(r"\s+(?:[|•·»›>/]|>>|»»|::)\s+", text) if p.strip()]
    if len(parts) >= 3 and all(len(_words(p)) <= 4 for p in parts) and not is_sentence(text):
        return "boilerplate", "nav_bar"  # "Home | About | Archive | Contact"
    if len(parts) >= 2 and _norm(parts[0]) in ("home", "main", "main page", "start", "home page") \
            and all(len(_words(p)) <= 10 for p in parts[1:]):
        return "boilerplate", "nav_bar"  # a breadcrumb: "Home » Russian history", "Home >> Volume 10 >> Entry"
    label = citation_label(text)
    if label:
        return "metadata", f"citation_label:{label[0]}"
    return None


# A prompt that points at a link: a short sentence ending in "here" ("See the full list here.").
_HERE_PROMPT = re.compile(r"^\W*[A-Za-z][^.!?]*\bhere\s*[.!:]?\s*$", re.IGNORECASE)


def _ui_lead(text: str) -> bool:
    """A line led by a site control before a dash or a bar: the control's words (two or more, all of
    the site's UI vocabulary) and then what it acts on ("View full screen - View 1 of Lot 12. ...",
    "Download PDF | Report this document"). A heading or a sentence never starts with a button."""
    head = re.split(r"\s+[-–—|•·]\s+", text, maxsplit=1)
    if len(head) < 2 or not head[1].strip():
        return False
    words = [w.lower() for w in _words(head[0])]
    content = [w for w in words if len(w) > 2 and w not in _FUNCTION_WORDS]
    return 2 <= len(words) <= 4 and len(content) >= 2 and all(w in _ui_vocabulary() for w in content) \
        and bool(set(words) & set(rules()["ui_actions"])) and not re.search(r"\d", head[0]) \
        and len(_words(text)) <= 30


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for match in _SENTENCE_SPLIT.finditer(text):
        spans.append((pos, match.start()))
        pos = match.end()
    spans.append((pos, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def _prompt_zones(line: _Line) -> list[Zone] | None:
    """Zones for a line with 'Click here to read ...' sentences: one per prompt, body for the rest."""
    prompts = rules()["prompt_starts"]
    spans = _sentence_spans(line.text)
    flags = [bool(_starts_with(_norm(line.text[a:b]), prompts)) for a, b in spans]
    if not any(flags):
        return None
    zones: list[Zone] = []
    for (a, b), is_prompt in zip(spans, flags):
        seg = line.text[a:b]
        a += len(seg) - len(seg.lstrip())
        b -= len(seg) - len(seg.rstrip())
        start, end = line.start + a, line.start + b
        if is_prompt:
            zones.append(Zone(start, end, "boilerplate", "prompt" if all(flags) else FRAGMENT_PREFIX + "prompt"))
        elif zones and zones[-1].kind == "body":
            zones[-1].end = end
        else:
            zones.append(Zone(start, end, "body", "body"))
    return zones


def _caption_split(line: _Line) -> int | None:
    """Length of an image caption run into the start of a body line, if there is one."""
    match = _CAPTION.match(line.text)
    if not match:
        return None
    caption = match["caption"]
    first = _words(caption)[0].lower()
    if first in _FUNCTION_WORDS or is_sentence(caption) or re.search(r"[;:!?]", caption):
        return None
    rest = line.text[match.end():]
    return match.end() if is_sentence(rest) else None


def _section_prefix(line: _Line) -> int | None:
    """Length of a site-section label before a title: 'Archive - The real title'."""
    match = re.match(r"^(?P<prefix>[^-–—|:]{2,40}?)\s+[-–—|:]{1,2}\s+(?=\S)", line.text)
    if not match:
        return None
    words = [w.lower() for w in _words(match["prefix"])]
    rest = line.text[match.end():]
    if 1 <= len(words) <= 3 and any(w in rules()["section_words"] for w in words) and len(_words(rest)) > len(words):
        return match.end()
    return None


def _similar(a: str, b: str) -> float:
    wa, wb = set(_norm(a).split()), set(_norm(b).split())
    return len(wa & wb) / max(1, len(wa | wb))


@dataclass
class _Page:
    """The lines of one text and what the passes have decided about them so far."""

    lines: list[_Line]
    kinds: list[tuple[ZoneKind, str] | None]  # None: not decided yet (body unless a pass says otherwise)
    running: list[bool] = field(default_factory=list)  # line is running text (prose)
    first_body: int = 0
    last_body: int = -1

    def is_chrome(self, i: int) -> bool:
        return 0 <= i < len(self.lines) and self.kinds[i] is not None and self.kinds[i][0] == "boilerplate"

    def set(self, i: int, kind: ZoneKind, rule: str) -> None:
        self.kinds[i] = (kind, rule)
        if self.running:
            self.running[i] = False


def _mark_polls(page: _Page) -> None:
    """Poll answers: a line followed by its result ("33 (31%)"); the question before them."""
    lines, kinds = page.lines, page.kinds
    for i in range(len(lines) - 1):
        if kinds[i] is None and kinds[i + 1] == ("boilerplate", "poll_result"):
            page.set(i, "boilerplate", "poll")
    for i in range(len(lines) - 1):
        if kinds[i] is None and kinds[i + 1] == ("boilerplate", "poll") and (
            lines[i].text.endswith("?") or (_NUMBERED.match(lines[i].text) and page.is_chrome(i - 1))
        ):
            page.set(i, "boilerplate", "poll")


def _wrapped_prose(page: _Page, i: int) -> bool:
    """A hard-wrapped line of running text: with the lines that follow it, it makes sentences."""
    lines = page.lines
    if len(_words(lines[i].text)) < 5:
        return False
    if _title_cased(lines[i].text) and sum(line.text == lines[i].text for line in lines) > 1:
        return False  # a line shown twice (a page's title above its heading, a widget) is no paragraph's part
    if lines[i].text.isupper() and i + 1 < len(lines) and not lines[i + 1].text.isupper():
        return False  # a headline in capitals above the text, not the first line of a paragraph
    window = [lines[i].text]
    for j in range(i + 1, min(i + 6, len(lines))):
        if page.kinds[j] is not None or lines[j].blank_before:
            break
        window.append(lines[j].text)
    joined = " ".join(window)
    return len(window) > 1 and len(_words(joined)) >= 12 and is_sentence(joined)


def _title_cased(text: str) -> bool:
    """A short line set mostly in capitals, as titles, names and widgets are: under twenty words and
    fewer than half of them in lower case. A sentence of prose is mostly lower case."""
    return len(_words(text)) < 20 and _lower_share(text) < 0.5


def _long_prose(text: str) -> bool:
    """A long line of running words whose full stop the capture lost: twenty words or more, most of
    them in lower case. No title, menu or byline runs so long in lower case."""
    return len(_words(text)) >= 20 and _lower_share(text) >= 0.6


def _lower_share(text: str) -> float:
    """The share of a line's words in lower case: prose is mostly lower case, titles and names are not."""
    words = [w for w in _words(text) if w[:1].isalpha()]
    return sum(w[:1].islower() for w in words) / len(words) if words else 0.0


def _mark_running_text(page: _Page) -> None:
    """Which undecided lines are prose: paragraphs, hard-wrapped lines, and their continuations."""
    lines, n = page.lines, len(page.lines)
    counts: dict[str, int] = {}
    for line in lines:
        counts[line.text] = counts.get(line.text, 0) + 1
    # a short line shown twice is a title above its heading, a picture's alt text above its caption,
    # a widget above and below the text: never a paragraph, whatever its full stops
    page.running = [page.kinds[i] is None and not (counts[lines[i].text] > 1 and _title_cased(lines[i].text))
                    and (is_body_paragraph(lines[i].text) or _wrapped_prose(page, i) or _long_prose(lines[i].text))
                    for i in range(n)]
    for i in range(n - 1):  # a long line whose sentence runs on below it, even past a blank (OCR, issue 10)
        nxt = lines[i + 1].text
        if page.kinds[i] is None and page.kinds[i + 1] is None and len(_words(lines[i].text)) >= 12 \
                and nxt[:1].islower() and not re.search(r"[.!?:][\"”’)\]]*$", lines[i].text) \
                and _lower_share(lines[i].text) >= 0.5:
            page.running[i] = page.running[i + 1] = True
    for i in range(1, n):  # a line that carries on the unfinished sentence above it
        unfinished = not lines[i].blank_before and not re.search(r"[.!?][\"”’)\]]*$", lines[i - 1].text)
        if unfinished and page.kinds[i] is None and page.running[i - 1]:
            page.running[i] = True
        elif unfinished and page.kinds[i] is not None and page.kinds[i][1] in _WORD_RULES and lines[i].text[:1].islower() \
                and page.kinds[i - 1] is None and len(_words(lines[i - 1].text)) >= 5 and re.search(r"\w$", lines[i - 1].text):
            page.kinds[i] = None  # a word of a site's widgets ("telegram") in a hard-wrapped sentence
            page.running[i - 1] = page.running[i] = True


# Rules that judge a short line by its words alone: a line that carries on the sentence above it
# (in lower case, no blank between, the line above unfinished) is that sentence's, whatever its words.
_WORD_RULES = frozenset(("chrome_word", "ui_words"))


def _mark_data_blocks(page: _Page) -> None:
    """Blocks of site data ("Article Details:" + label/value lines) run to the next paragraph."""
    for i in range(len(page.lines)):
        if page.kinds[i] == ("boilerplate", "data_block"):
            for j in range(i + 1, len(page.lines)):
                if page.running[j]:
                    break
                page.set(j, "boilerplate", "data_block")


def _mark_trivia(page: _Page) -> None:
    """The one-sentence fact after a trivia marker (or, failing that, before it).

    The fact stands at the edge of the text: beyond it, only chrome, citation lines or nothing.
    """
    lines, kinds, n = page.lines, page.kinds, len(page.lines)
    for i in range(n):
        if kinds[i] != ("boilerplate", "trivia_marker"):
            continue
        for j, beyond in ((i + 1, i + 2), (i - 1, i - 2)):
            if not (0 <= j < n) or kinds[j] is not None or not is_sentence(lines[j].text):
                continue
            if len(_words(lines[j].text)) > 40 or len(_sentence_spans(lines[j].text)) != 1:
                continue
            if 0 <= beyond < n and kinds[beyond] is None:
                continue
            page.set(j, "boilerplate", "trivia")
            break


def _find_body_span(page: _Page) -> None:
    prose = [i for i in range(len(page.lines)) if page.running[i] and page.kinds[i] is None]
    page.first_body = prose[0] if prose else len(page.lines)
    page.last_body = prose[-1] if prose else -1


_MAX_NOTICE_WORDS = 80  # a site's notice about its web edition: a short paragraph, not an article's
_EDGE_PARAGRAPHS = 2


def _mark_web_notices(page: _Page) -> None:
    """A short paragraph about the page's web edition at an edge of the text, with at most two
    paragraphs between it and the page's start or end: "The full letters are online; a project adds
    notes to them.", "We have no picture of this object online yet." The words of the web (web_words)
    are the site's, never those of an old source; deeper in the text they may be an author's remark,
    and stay."""
    words = rules().get("web_words", [])
    prose = [i for i in range(len(page.lines)) if page.running[i]]
    marked = False
    for i, line in enumerate(page.lines):
        # at an edge: at most two paragraphs of the text (a title's subtitle, an edition's line) beyond it
        if page.kinds[i] is not None or min(sum(j < i for j in prose), sum(j > i for j in prose)) > _EDGE_PARAGRAPHS:
            continue
        norm = _norm(line.text)
        if any(f" {w} " in f" {norm} " for w in words) and len(_words(line.text)) <= _MAX_NOTICE_WORDS \
                and len(_sentence_spans(line.text)) <= 4:
            page.set(i, "boilerplate", "web_notice")
            marked = True
    if marked:
        _find_body_span(page)


_NAV_STARTS = ("go to", "back to", "return to", "more from", "all articles", "see all", "view all", "browse all")
_NAV_RULES = frozenset(("nav_bar", "nav_arrow", "link_to_page"))
_HEAD_LINES = 12  # how far down the page the site's own lines above a navigation line may reach


def _is_navigation(page: _Page, i: int) -> bool:
    kind = page.kinds[i]
    return kind is not None and kind[0] == "boilerplate" and (
        kind[1] in _NAV_RULES or (kind[1] == "ui_control" and bool(_starts_with(_norm(page.lines[i].text), list(_NAV_STARTS)))))


def _mark_above_navigation(page: _Page) -> None:
    """Teasers of other pages above the site's navigation: at the top of a page, what stands above
    a link to a section of the site ("Go to ...", "Home | Archive", "Read also: ...") is the site's,
    when the document's own title and text follow below it. A teaser may hold one short paragraph
    of prose (the other page's opening); the text below must run on for two paragraphs at least.
    """
    n = len(page.lines)
    nav = next((i for i in range(min(n, _HEAD_LINES)) if _is_navigation(page, i)), None)
    if not nav:
        return
    above = range(nav)
    if sum(page.running[i] for i in above) > 1 or any(page.kinds[i] and page.kinds[i][0] == "metadata" for i in above):
        return
    below = [i for i in range(nav + 1, n) if not page.is_chrome(i)]
    title = next(iter(below), None)
    if title is None or page.running[title] or sum(page.running[i] for i in below[1:]) < 2:
        return
    for i in above:
        if not page.is_chrome(i):
            page.set(i, "boilerplate", "above_navigation")
    _find_body_span(page)


def _mark_header(page: _Page) -> None:
    """Title, byline and dateline lines before the first paragraph are citation metadata.

    Labels without a colon ("First Published 4 October") count only outside the running text.
    With a block of citation labels, the header ends at its last label: an address line after
    it ("To all committees,") is part of the text.
    """
    kinds, lines = page.kinds, page.lines
    for i in range(page.first_body + 1, page.last_body):
        if kinds[i] and kinds[i][0] == "metadata" and not _LABEL.match(_GLYPH_BULLET.sub("", lines[i].text)):
            kinds[i] = None
    # a list of dated entries (a timeline, a chronology) before any paragraph is text, not a header
    # and so is a long line: no title, byline or dateline runs to twenty words
    entries = [i for i in range(page.first_body) if kinds[i] is None and _is_entry(lines[i].text)]
    entries += [i for i in _dated_run(page) if i not in entries]
    entries.sort()
    entry = next((i for i in range(page.first_body) if kinds[i] is None
                  and ((len(entries) >= 2 and i in entries) or (len(_words(lines[i].text)) >= 20
                                                    and (is_sentence(lines[i].text) or lines[i].text[-1] in ".:;—–")))),
                 None)
    if entry is not None:
        page.first_body = entry
    # below a data dump's first field name ("### author") the lines are the fields' values, not a title block
    fields = [i for i in range(page.first_body) if kinds[i] == ("boilerplate", "field_name")]
    head = [i for i in range(fields[0] if fields else page.first_body) if kinds[i] is None or kinds[i][0] == "metadata"]
    # below a search page's "Search Results" or "You searched for: ..." come the results, not a title block
    results = [i for i in range(page.first_body) if results_head(lines[i].text)]
    if results:
        head = [i for i in head if i < results[0]]
    labelled = [i for i in head if kinds[i] is not None]
    head_end = (labelled[-1] + 1) if labelled else page.first_body
    plain = 0
    for i in head:
        if i < head_end and kinds[i] is None:
            plain += 1
            if plain > _MAX_HEADER_LINES and not labelled:
                break  # a title block is short: what follows it is the text's own (an infobox, a list)
            page.set(i, "metadata", "header")
    _release_opening_sentence(page)


def results_head(text: str) -> bool:
    """The head of a search page's list of results: "Search Results", "You searched for: ..."."""
    return bool(_SEARCH_STATE.search(text)) or bool(re.match(r"^\W*(?:search\s+results|results\s+\d|\d[\d,]*\s+results)\b",
                                                           text, re.IGNORECASE))


def _release_opening_sentence(page: _Page) -> None:
    """The text's opening sentence right above its first paragraph ("We make known to all our loyal
    subjects.", a diary's "A fair day."): a full sentence of four words or more, mostly in lower case,
    is no title, byline or dateline, which are capitalised or end without a sentence; it is body."""
    i = page.first_body - 1
    if not 0 < i < len(page.lines) - 1 or page.kinds[i] != ("metadata", "header") or not page.running[i + 1]:
        return
    text = page.lines[i].text
    if is_sentence(text) and re.search(r"[.!?][\"”’)\]]*$", text) and len(_words(text)) >= 4 \
            and _lower_share(text) >= 0.6 and not citation_label(text) and not _LABEL.match(text):
        page.kinds[i] = None


_MAX_VALUE_WORDS = 30  # a citation field's value: a journal's issue, a publisher, a title; not a paragraph


def _mark_label_values(page: _Page) -> None:
    """The value of a citation label that stands alone ("• Source:") on the line right below it, with
    no blank between: "Journal of History. Mar2011, Vol. 12 Issue 3". It is the label's,
    citation metadata; a paragraph (more than thirty words, or set off by a blank line) is text."""
    lines, n = page.lines, len(page.lines)
    for i in range(n - 1):
        kind = page.kinds[i]
        if kind is None or kind[0] != "metadata" or not kind[1].startswith("citation_label") \
                or not (label := citation_label(lines[i].text)) or label[1]:
            continue
        nxt = lines[i + 1]
        if page.kinds[i + 1] is None and not nxt.blank_before and len(_words(nxt.text)) <= _MAX_VALUE_WORDS \
                and not _GLYPH_BULLET.match(nxt.text) and not citation_label(nxt.text):
            page.set(i + 1, "metadata", "citation_value")


_MAX_TEASER_WORDS = 20  # a teaser's line: another page's title, its date, a line of its summary


_MAX_HEADING_WORDS = 4
_MIN_TEASERS = 2


def _teaser_heading(text: str) -> bool:
    """A heading the rules left in the text that names a list ("RELATED HEADLINES", "Other stories"):
    a few words, no sentence, no figures."""
    return len(_words(text)) <= _MAX_HEADING_WORDS and not is_sentence(text) and not re.search(r"\d", text)


def _teaser_line(text: str) -> bool:
    """Another page's title, date or line of summary: short, or a headline with its deck, most of its
    words capitalised ("Shot in Transfer Row: Conductor Gets Bullets in Arm -- Panic on Car.")."""
    n = len(_words(text))
    return n <= _MAX_TEASER_WORDS or (n <= 2 * _MAX_TEASER_WORDS and _lower_share(text) < 0.5)


def _mark_teaser_lists(page: _Page) -> None:
    """A list of other pages that ends the page: below the text's last paragraph, a heading of the
    site's ("Related articles", "Explore other documents of this series") and under it, to the
    page's end, short lines only: the other pages' titles and dates, chrome however they read."""
    heads = rules().get("teaser_heads", [])
    lines, n = page.lines, len(page.lines)
    for i in range(max(page.first_body + 1, 0), n):
        if not _starts_with(_norm(lines[i].text), heads):
            continue
        if not page.is_chrome(i) and not _teaser_heading(lines[i].text):
            continue
        # below the text's last paragraph, titles that are not prose; above it, a heading set as one
        # and short lines only to the page's end (headlines read as prose: "Horse Raced Through Crowds.")
        after_text = i > page.last_body
        rest = range(i + 1, n)
        if (after_text or len(rest) >= _MIN_TEASERS) and all(
                page.is_chrome(j) or (page.kinds[j] is None and _teaser_line(lines[j].text)
                                      and not (page.running[j] and (after_text or _lower_share(lines[j].text) >= 0.5)))
                for j in rest):
            for j in [i, *rest] if not after_text else rest:
                if page.kinds[j] is None or (j == i and not page.is_chrome(i)):
                    page.set(j, "boilerplate", "teaser")
            return
        if after_text:
            return


# The heading of a page's discussion: "2 thoughts on “<title>”", "14 responses to <title>", "3 comments on
# <title>". Below it, to the page's end, readers' comments and the form to write one: the site's.
_DISCUSSION_HEAD = re.compile(r"^\W*\d{1,4}\s+(?:thoughts?|comments?|responses?|replies|reactions?|reflections?)"
                              r"\s+(?:on|to|for)\s+\S", re.IGNORECASE)
# The form under a post that asks for a comment ("Leave a Reply", "Post a comment", "Add your comment").
_COMMENT_FORM = re.compile(r"^\W*(?:leave|post|add|write|submit)\s+(?:a|an|your)\s+(?:reply|comment|response)\W*$",
                           re.IGNORECASE)


def _discussion_start(page: _Page) -> int | None:
    """Where a page's discussion begins: its heading below the text's first paragraph, or the comment
    form below its last (a "Leave a comment" link under a title is not the form)."""
    for i in range(page.first_body + 1, len(page.lines)):
        text = page.lines[i].text
        if _DISCUSSION_HEAD.match(text) and len(_words(text)) <= 30 and not is_sentence(text):
            return i
        if i > page.last_body and _COMMENT_FORM.match(text):
            return i
    return None


def _mark_discussion(page: _Page) -> None:
    """A page's discussion (see _DISCUSSION_HEAD) to its end: the readers' comments, however they read,
    and the comment form are the site's, not the text's."""
    start = _discussion_start(page)
    if start is None:
        return
    for j in range(start, len(page.lines)):
        if page.kinds[j] is None or page.kinds[j][0] != "boilerplate":
            page.set(j, "boilerplate", "discussion")


def _mark_credit_values(page: _Page) -> None:
    """A picture's caption and credit on the line under a label that stands alone ("Image credit:",
    "Photo:"): the label's value, the site's."""
    lines, n = page.lines, len(page.lines)
    starts = rules()["caption_starts"]
    for i in range(n - 1):
        label = _LABEL_ANY.match(lines[i].text)
        if page.kinds[i] == ("boilerplate", "image_credit") and label and not label["value"] \
                and _norm(label["label"]) in starts and page.kinds[i + 1] is None and not page.running[i + 1] \
                and len(_words(lines[i + 1].text)) <= 40 and not is_body_paragraph(lines[i + 1].text):
            page.set(i + 1, "boilerplate", "image_credit")


# A site's keywords for the page: words in lower case set out in a list ("war, treaty, king and
# france"), no figure, no sentence.
_KEYWORDS = re.compile(r"^[^\W\d_A-Z]+(?:[ -][^\W\d_A-Z]+)?(?:,\s*[^\W\d_A-Z]+(?:[ -][^\W\d_A-Z]+)?){2,}"
                       r"(?:,?\s+and\s+[^\W\d_A-Z]+)?$")


def _mark_keywords(page: _Page) -> None:
    """A list of lower-case keywords above the text (four at least, of one or two words each): the
    site's tags for the page, never a title or a byline, which are capitalised."""
    for i in range(min(page.first_body, len(page.lines))):
        text = page.lines[i].text
        items = re.split(r",\s*|\s+and\s+", text)
        if page.kinds[i] is None and _KEYWORDS.match(text) and len(items) >= 4 and text == text.lower():
            page.set(i, "boilerplate", "keywords")


# Title, subtitle, byline, affiliation, dateline, place, edition: a header without citation labels
# has no more lines than these; the lines after them are text (issue 10).
_MAX_HEADER_LINES = 8


# A year in a line (three or four figures, not part of a larger number): "988", "1709", "1700–1721".
_ANY_YEAR = re.compile(r"(?<![\d.,:/])(?:[1-9]\d{2}|1\d{3}|20\d{2})(?![\d%]|[.,:]\d)"
                       r"|(?<!\d)\d{1,2}[./]\d{1,2}[./](?:1\d{3}|20\d{2})(?!\d)")  # or a date in figures: "30.11.1700"
# A line that is a year or a date alone, its event on the line below ("1700" over "Battle of Narva").
_YEAR_ALONE = re.compile(r"^\W*(?:[1-9]\d{2}|1\d{3}|20\d{2})(?:\s*[-–/]\s*\d{2,4})?\W*$")
_MIN_DATED_RUN = 3  # lines in a row, each with a year: a timeline, not a title block
_MAX_DATED_WORDS = 40


@lru_cache(maxsize=1)
def _month_words() -> frozenset[str]:
    """Month names and their forms in the languages of the time lexicon, lower case."""
    from fontes.time.lexicon import month_forms

    return frozenset(f.surface.lower().rstrip(".") for f in month_forms() if len(f.surface.rstrip(".")) >= 3
                     and not f.surface[:1].isdigit())


def _day_month_start(text: str) -> bool:
    """A line led by a day and a month, in any language: "30 November: ...", "2 декабря — ...",
    "December 2nd, the garrison ..."."""
    match = re.match(r"^[\s\-–—•·*▪►]*(?:(?P<d>\d{1,2})(?:st|nd|rd|th)?\.?\s+(?:of\s+)?(?P<m>[^\W\d_]+)"
                     r"|(?P<m2>[^\W\d_]+)\.?\s+\d{1,2}(?:st|nd|rd|th)?\b)", text)
    return bool(match) and (match["m"] or match["m2"]).lower() in _month_words()


def _dated_item(text: str) -> bool:
    """A line that names a year, or opens with a day and a month, and something besides: a
    timeline's or a chronology's entry in any form ("19 (30) ноября 1700 — битва под Нарвой",
    "January 1700: Saxony invades Livonia", "1703 - St Petersburg founded", "In May 1703 Peter
    founded the city", "2 December: the garrison sallies out")."""
    return bool(_ANY_YEAR.search(text) or _day_month_start(text)) and len(re.findall(r"[^\W\d_]{2,}", text)) >= 1 \
        and len(_words(text)) <= _MAX_DATED_WORDS and not citation_label(text)


def _dated_run(page: _Page) -> list[int]:
    """The lines before the first paragraph that stand in a run of three or more undecided lines in a
    row, each with a year: a timeline or a list of dates opens the page. A title block (title,
    byline, dateline) never dates three lines in a row; the list is text, never the header (issue 10)."""
    found: list[int] = []
    run: list[list[int]] = []
    end = min(page.first_body, len(page.lines))
    i = 0
    while i <= end:
        if i < end and page.kinds[i] is None and _YEAR_ALONE.match(page.lines[i].text) \
                and i + 1 < end and page.kinds[i + 1] is None and not _YEAR_ALONE.match(page.lines[i + 1].text):
            run.append([i, i + 1])  # the year, and its event below it
            i += 2
            continue
        if i < end and page.kinds[i] is None and _dated_item(page.lines[i].text):
            run.append([i])
            i += 1
            continue
        if len(run) >= _MIN_DATED_RUN:
            found += [j for unit in run for j in unit]
        run = []
        i += 1
    return found


def _is_entry(text: str) -> bool:
    """A line of a list of dated entries: '3. 5th of November William lands at Torbay', '• 1696', '1703: ...'."""
    words = _words(text)
    listed = bool(_NUMBERED.match(text) or _BULLET.match(text))
    dated = bool(_DATE_START.match(_NUMBERED.sub("", text)) or _ORDINAL_DATE.match(_NUMBERED.sub("", text)))
    return dated and (listed or len(words) >= 4)


_ORDINAL_DATE = re.compile(r"^\s*(?:\d{1,2}(?:st|nd|rd|th)\s+(?:of\s+)?[A-Z][a-z]+|[A-Z][a-z]+\s+\d{1,2}(?:st|nd|rd|th)?\b)")


def _mark_title_repeats(page: _Page) -> None:
    """A heading in the text that repeats the title is the document's own heading, not body."""
    titles = [line.text for line, kind in zip(page.lines, page.kinds) if kind == ("metadata", "header")]
    for i in range(page.first_body, len(page.lines)):
        text = page.lines[i].text
        if page.kinds[i] is None and not is_sentence(text) and 4 <= len(_words(text)) <= 25 \
                and any(_similar(text, title) >= 0.6 for title in titles):
            page.set(i, "metadata", "title_repeat")


def _mark_repeats(page: _Page) -> None:
    """Short non-sentences shown twice (widgets above and below the text), unless one copy is a
    header line: a byline repeated as a signature stays."""
    counts: dict[str, int] = {}
    for line in page.lines:
        counts[line.text] = counts.get(line.text, 0) + 1
    header = {line.text for line, kind in zip(page.lines, page.kinds) if kind and kind[0] == "metadata"}
    for i, line in enumerate(page.lines):
        if page.kinds[i] is None and counts[line.text] > 1 and _is_short_label(line.text, 5) and line.text not in header \
                and not _is_entry(line.text) and not _MONTH_YEAR.search(line.text):  # a timeline's month twice
            page.set(i, "boilerplate", "repeated")


def _mark_contents(page: _Page) -> None:
    """A table of contents or a menu before the text: four or more short list items in a row, no dates."""
    lines, n = page.lines, page.first_body
    run: list[int] = []
    for i in range(n + 1):
        item = i < n and page.kinds[i] in (None, ("metadata", "header")) and bool(_BULLET.match(lines[i].text)) \
            and _is_short_label(lines[i].text, 5) and not _is_entry(lines[i].text)
        if item:
            run.append(i)
            continue
        if len(run) >= 4:
            for j in run:
                page.set(j, "boilerplate", "contents")
        run = []


def _mark_galleries(page: _Page) -> None:
    """Alt texts of a picture gallery: short labels that differ only by a trailing number
    ("Fortress on the island 1", "... 4", and the bare "Fortress on the island")."""
    groups: dict[str, list[int]] = {}
    numbered: set[str] = set()
    for i, line in enumerate(page.lines):
        if page.kinds[i] in (None, ("metadata", "header"), ("metadata", "title_repeat")) \
                and _is_short_label(line.text, 8) and not _is_entry(line.text):
            stem = re.sub(r"(?:\s+|_)\d{1,3}$", "", line.text).strip()
            if stem:
                groups.setdefault(stem, []).append(i)
                if stem != line.text:
                    numbered.add(stem)
    for stem, members in groups.items():
        # "Article 1", "Article 2" are a document's sections, not pictures: a gallery's label is a
        # phrase of three words or more, or stands bare beside its numbered copies
        bare = any(page.lines[i].text == stem for i in members)
        if stem in numbered and len(members) >= 2 and (bare or len(_words(stem)) >= 3):
            for i in members:
                page.set(i, "boilerplate", "gallery")


def _mark_image_captions(page: _Page) -> None:
    """The caption and credit under a picture's file name ("Battle.jpg", then "The battle",
    then "A. Painter"): up to two short lines that are not sentences, dates or list entries."""
    lines, kinds, n = page.lines, page.kinds, len(page.lines)
    for i in range(n):
        if not (page.is_chrome(i) and _IMAGE_FILE.search(lines[i].text)):
            continue
        for j in range(i + 1, min(i + 3, n)):
            text = lines[j].text
            if kinds[j] not in (None, ("metadata", "header")) or page.running[j] or lines[j].blank_before \
                    or not _is_short_label(text, 12) or _DATE_START.match(text) or _MONTH_YEAR.search(text) \
                    or re.search(r"\d", text):
                break
            page.set(j, "boilerplate", "image_caption")


def _mark_taglines(page: _Page) -> None:
    """A wiki's tagline under the title ("From <site name>") beside a chrome line ("Jump to: navigation")."""
    for i in range(min(4, page.first_body)):
        text = page.lines[i].text
        if page.kinds[i] in (None, ("metadata", "header")) and re.match(r"^From\s+[A-Z]", text) \
                and _is_short_label(text, 7) and (page.is_chrome(i - 1) or page.is_chrome(i + 1)):
            page.set(i, "boilerplate", "tagline")


_CAPTION_RULES = frozenset(("caption", "image_caption", "picture_caption", "credit_caption", "artwork_caption"))


def _mark_caption_runs(page: _Page) -> None:
    """A caption wrapped over two lines: the line straight under a caption (no blank line between)
    that is closed by chrome or the page's end below it goes with the caption, not the text."""
    lines, kinds = page.lines, page.kinds
    for i in range(1, len(lines)):
        above = kinds[i - 1]
        if above is None or above[0] != "boilerplate" or above[1] not in _CAPTION_RULES or lines[i].blank_before:
            continue
        if kinds[i] not in (None, ("body", "body")) or len(lines[i].text) > 400:
            continue
        if i + 1 == len(lines) or page.is_chrome(i + 1):
            page.set(i, "boilerplate", "caption")


_SLOGAN_WORDS = 15


def _slogan_shaped(text: str) -> bool:
    """A site's slogan: a phrase of a few words, closed (no end stop, comma or colon, no word left open)."""
    return 4 <= len(_words(text)) <= _SLOGAN_WORDS and not re.search(r"[.,:;\-–—]$", text) \
        and not re.search(r"(?i)\b(?:of|the|and|in|on|for|to|a|an)$", text)


def _mark_site_slogans(page: _Page) -> None:
    """The site's name and its slogan opening the page above the title ('Old Town Days' / 'A Chronicle
    Of Markets From Long Ago' / the title): three header lines, the first two off the text's topic,
    the third on it, the text right below. The name and the slogan are the site's, not the page's."""
    lines, kinds = page.lines, page.kinds
    if len(lines) < 4 or any(kinds[i] != ("metadata", "header") for i in range(3)) or kinds[3] not in (None, ("body", "body")):
        return
    name, slogan, title = (lines[i].text for i in range(3))
    if not (1 <= len(_words(name)) <= 6) or re.search(r"[.,:;!?]$", name) or not _slogan_shaped(slogan) \
            or _on_text_topic(page, name) or _on_text_topic(page, slogan) or not _on_text_topic(page, title) \
            or re.search(r"\d", slogan + title) or len(_words(title)) < 2 \
            or not lines[3].text or not is_sentence(lines[3].text):
        return
    for i in (0, 1):
        page.set(i, "boilerplate", "site_masthead")


def _mark_forum_signatures(page: _Page) -> None:
    """A forum member's signature: the line or two under a post's 'Logged' control (a quotation, a
    motto), closed by the next chrome (the sharing links, the next member's panel)."""
    lines = page.lines
    for i in range(1, len(lines)):
        if not page.is_chrome(i - 1) or not re.search(r"(?i)\blogged$", lines[i - 1].text.strip()):
            continue
        run = [j for j in range(i, min(i + 2, len(lines))) if not page.is_chrome(j)]
        end = run[-1] + 1 if run and run == list(range(i, run[-1] + 1)) else i
        if run and end < len(lines) and page.is_chrome(end) and all(len(lines[j].text) <= 300 for j in run):
            for j in run:
                page.set(j, "boilerplate", "signature")


_AUTHOR_BOX_HEAD = re.compile(r"^About\s+(?:the\s+author:?\s+)?(?P<name>[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,3})$",
                              re.IGNORECASE)
_AUTHOR_BOX_LINES = 2  # a biography in an author box is a line or two, at the page's very end
_AUTHOR_BOX_WORDS = 100


def _mark_author_boxes(page: _Page) -> None:
    """A blog's author box closing the page: 'About Jane Doe' over a short biography, nothing but
    chrome below it. The box speaks of the writer, not of the text's subject."""
    lines, kinds = page.lines, page.kinds
    undecided = [i for i in range(len(lines)) if kinds[i] is None or kinds[i][0] != "boilerplate"]
    for k, i in enumerate(undecided[-(_AUTHOR_BOX_LINES + 1):-1], start=len(undecided) - _AUTHOR_BOX_LINES - 1):
        head = _AUTHOR_BOX_HEAD.match(lines[i].text)
        if not head or not all(w[:1].isupper() for w in head["name"].split()) or k < 2:
            continue
        bio = undecided[k + 1:]
        if bio and all(is_sentence(lines[j].text) for j in bio) and bio[0] == i + 1 \
                and sum(len(_words(lines[j].text)) for j in bio) <= _AUTHOR_BOX_WORDS:
            for j in (i, *bio):
                page.set(j, "boilerplate", "author_box")
            return


def _mark_title_copies(page: _Page) -> None:
    """A title shown twice before the text (the page's title, then its heading; the heading again
    atop a fact box, below the site's chrome): the later copy is chrome; the first stays the title."""
    head = (None, ("metadata", "header"))
    seen: set[str] = set()
    for i in range(min(page.first_body, len(page.lines))):
        text = page.lines[i].text
        adjacent = i > 0 and page.lines[i - 1].text == text
        dated = bool(_MONTH_YEAR.search(text) or _DATE_START.match(text))  # a timeline's month, shown for each entry
        prose = is_sentence(text) and _lower_share(text) >= 0.5  # a sentence said twice is the text's own
        if page.kinds[i] in head and text in seen and (adjacent or not (dated or prose)):
            page.set(i, "boilerplate", "title_copy")
            if i > 0 and page.lines[i - 1].text == text and _CAPTION_LINE.match(text) and page.kinds[i - 1] in head:
                page.set(i - 1, "boilerplate", "caption")  # a picture's alt text and caption: "A view of X, 1890" twice
        elif page.kinds[i] in head:
            seen.add(text)


def _runs(n: int, test: Callable[[int], bool]) -> list[int]:
    """For each of n lines, the length of the run of consecutive lines passing test that holds it (0 if none)."""
    out, i = [0] * n, 0
    while i < n:
        j = i
        while j < n and test(j):
            j += 1
        for k in range(i, j):
            out[k] = j - i
        i = max(j, i + 1)
    return out


def _mark_menu_runs(page: _Page) -> None:
    """A site's navigation before the text: four or more menu items in a row (short capitalised
    labels without figures or punctuation), none of them a citation label."""
    def item(i: int) -> bool:
        return i < page.first_body and page.kinds[i] in (None, ("metadata", "header")) and _menu_item(page.lines[i].text)

    runs = _runs(len(page.lines), item)
    ui = _ui_vocabulary()
    i = 0
    while i < len(runs):
        if runs[i] < 4:
            _mark_menu_tail(page, i, runs[i])
            i += 1
            continue
        members = range(i, i + runs[i])
        # a title, a byline and two headings are shaped alike: a menu shows itself by its length,
        # a word of the site's controls or chrome beside it
        menu_like = runs[i] >= 6 or page.is_chrome(i - 1) or page.is_chrome(i + runs[i]) \
            or any(set(_norm(page.lines[j].text).split()) & ui for j in members)
        if menu_like:
            end = i + runs[i]
            # the page's title under its menu, set off by a blank line: the menu names the site's
            # parts, the title what the text is about
            parted = [j for j in range(i + 1, end) if page.lines[j].blank_before]
            if parted and _on_text_topic(page, page.lines[parted[-1]].text):
                end = parted[-1]
            for j in range(i, end):
                if j == page.first_body - 1 and page.first_body < len(page.lines) and page.running[page.first_body]:
                    break  # the heading of the first paragraph
                page.set(j, "boilerplate", "menu")
        i += runs[i]


# Words too common, or too much a site's own, to tell what a text is about.
_TOPIC_STOP = frozenset((
    "the", "and", "for", "with", "from", "that", "this", "into", "over", "under", "about", "after", "before",
    "their", "there", "which", "what", "when", "where", "your", "our", "its", "his", "her", "are", "was", "were",
    "how", "why", "who", "new", "all", "more", "most", "page", "home", "site", "online", "review", "history",
    "articles", "article", "news", "blog", "magazine", "journal", "archive", "library",
    # number words count, they name no subject
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "hundred", "thousand"))


def topic_words(text: str) -> set[str]:
    """A text's content words, cut to their first five letters so that inflected forms meet
    ("Russian"/"Russia", "uprising"/"uprisings"); short words and a site's generic words left out."""
    return {w.lower()[:5] for w in re.findall(r"[^\W\d_]{3,}", text) if w.lower() not in _TOPIC_STOP}


def _on_text_topic(page: _Page, text: str) -> bool:
    """A line of two words or more that shares a content word with the page's running text: a
    title or a heading of the text, not a label of the site's (issue 10)."""
    if len(_words(text)) < 2:
        return False
    body = " ".join(line.text for line, prose in zip(page.lines, page.running) if prose)
    return bool(topic_words(text) & topic_words(body))


def _menu_tail_words(page: _Page, i: int, run: int) -> int:
    """How many one-word items open the run of menu-shaped lines at i."""
    n = 0
    while n < run and len(page.lines[i + n].text.split()) == 1:
        n += 1
    return n


def _mark_menu_tail(page: _Page, i: int, run: int) -> None:
    """The rest of a menu whose first items the rules already named ("Home", "Search" and then
    "Politics", "Culture"): two or more one-word items right under the site's controls, with
    four or more such lines in all above the text. A title or a byline is never one word twice."""
    if not page.is_chrome(i - 1):
        return
    words = _menu_tail_words(page, i, run)
    chrome_above = sum(1 for j in range(i) if page.is_chrome(j))
    if words >= 2 and words + chrome_above >= 4 and i + words < page.first_body:
        for j in range(i, i + words):
            page.set(j, "boilerplate", "menu")


def _menu_item(text: str) -> bool:
    """A capitalised label of a few words: no figures, commas or 'Label:' before content."""
    return _is_short_label(text, 4) and not re.search(r"\d|,|:$", text) and not text[:1].islower()


def _mark_menus(page: _Page) -> None:
    """Menu items: a short line wedged between chrome lines ("Archive" between "Home" and
    "Subscribe"); after the text, short lines that follow chrome, and clusters of menu lines."""
    lines, kinds, n = page.lines, page.kinds, len(page.lines)
    for i in range(1, n - 1):
        if kinds[i] in (None, ("metadata", "header")) and _menu_item(lines[i].text) \
                and not lines[i].blank_before and not lines[i + 1].blank_before \
                and page.is_chrome(i - 1) and page.is_chrome(i + 1) \
                and "field_label" not in (page.kinds[i - 1][1], page.kinds[i + 1][1]):  # a record's value
            page.set(i, "boilerplate", "menu")
    for i in range(page.last_body + 1, n):
        if kinds[i] is None and _menu_item(lines[i].text):
            if page.is_chrome(i - 1):
                page.set(i, "boilerplate", "tail_chrome")
            elif i + 1 < n and kinds[i + 1] is None and not lines[i + 1].blank_before and _menu_item(lines[i + 1].text):
                page.set(i, "boilerplate", "menu")


def _block_item(page: _Page, i: int) -> bool:
    """A line that may belong to a block of chrome: undecided, not prose, short, no dated entry
    (nor a line of a list of dates: "1700 - Narva" over "1703 - St Petersburg")."""
    text = page.lines[i].text
    return page.kinds[i] is None and not page.running[i] and len(_words(text)) <= 12 \
        and not is_body_paragraph(text) and not _is_entry(text) and not citation_label(text) \
        and not _timeline_line(page, i)


# A blog's archive link: a month and its year, perhaps with a count ("March 2021", "May 2019 (4)").
_ARCHIVE_MONTH = re.compile(r"^[^\W\d_]+\.?\s+\d{4}(?:\s*\(\d+\))?$")


def _timeline_line(page: _Page, i: int) -> bool:
    """A line of a list of dates: a year and an event, with another such line right above or below it."""
    def dated(j: int) -> bool:
        text, kind = page.lines[j].text, page.kinds[j]
        return _dated_item(text) and not _ARCHIVE_MONTH.match(text) \
            and not (kind and kind[0] == "boilerplate" and kind[1] not in ("chrome_block", "tail_chrome"))
    return dated(i) and ((i > 0 and dated(i - 1)) or (i + 1 < len(page.lines) and dated(i + 1)))


_PAGE_NUMBER = re.compile(r"^\[?\d{1,3}\]?$")
_HEAD_WITH_NUMBER = re.compile(r"^\d{1,3}\s+(?P<a>[^\d\s].{3,80})$|^(?P<b>.{4,80}?[^\d\s])\s+\d{1,3}$")


def _capitals(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 4 and sum(ch.isupper() for ch in letters) >= 0.8 * len(letters)


def _mark_running_heads(page: _Page) -> None:
    """A printed page's running head: a short line in capitals beside the page number, on the line
    above or below it or on the same line ("ANNEXES TO THE TREATY." / "257", "12 THE HISTORY OF
    RUSSIA"). Scanned books and newspapers repeat them on every page; they are not the text."""
    lines, n = page.lines, len(page.lines)
    for i in range(n):
        text = lines[i].text
        same = _HEAD_WITH_NUMBER.match(text)
        if page.kinds[i] in (None, ("metadata", "header")) and same and _capitals(same["a"] or same["b"]) \
                and len(_words(text)) <= 10 and not _YEAR_IN.fullmatch(text.split()[0]) and not _YEAR_IN.fullmatch(text.split()[-1]):
            page.set(i, "boilerplate", "running_head")
            continue
        if not (_PAGE_NUMBER.match(text) and page.is_chrome(i)):
            continue
        for j, joined in ((i - 1, not lines[i].blank_before), (i + 1, i + 1 < n and not lines[i + 1].blank_before)):
            if 0 <= j < n and joined and page.kinds[j] in (None, ("metadata", "header")) and not page.running[j] \
                    and _capitals(lines[j].text) and len(_words(lines[j].text)) <= 10:
                page.set(j, "boilerplate", "running_head")


_NOT_WIDGETS = frozenset(("template", "symbols", "running_head", "caption", "image_caption", "gallery", "title_copy",
                          "trivia", "trivia_marker", "data_block", "field_label",  # a record's values lie between its labels
                          "web_notice",  # a paragraph about the web edition, not a widget of a block
                          "page_number"))  # a printed page's number, like a running head
_MAX_BLOCK_GAP = 8  # lines between two widgets; a longer run is text of its own (a list, a table)


def _mark_chrome_blocks(page: _Page) -> None:
    """Short lines inside a block of chrome after the first paragraph: the sidebar's, the footer's
    and the comment form's widgets come in blocks ("Share this:", "Facebook", "Like this:",
    "Loading...", "Related", the titles of other posts, "Recent Posts", archive months...).

    Between two chrome lines with no running prose between them, a short line that is neither a
    sentence of eight words nor a dated entry is chrome too; after the text, so is every such line
    below a chrome line when chrome ends the page. Lines before the first paragraph (the title,
    byline and dateline) are left to the header rules. Layout-free (issue 10).
    """
    lines, n = page.lines, len(page.lines)
    if page.last_body < 0:
        return
    start = page.first_body + 1
    # widgets anchor a block; a page number, a caption or a separator between the rows of a table or
    # the lines of a poem does not (nothing of the body lost, issue 10)
    chrome = [i for i in range(start, n) if page.is_chrome(i) and page.kinds[i][1] not in _NOT_WIDGETS]
    if not chrome:
        return
    for a, b in zip(chrome, chrome[1:]):
        between = range(a + 1, b)
        if len(between) > _MAX_BLOCK_GAP:
            continue
        if any(page.running[j] or (page.kinds[j] is not None and page.kinds[j][0] == "body")
               or page.kinds[j] == ("boilerplate", "web_notice") for j in between):
            continue  # prose between, or a notice that was a paragraph before it was found to be the site's
        if all(_block_item(page, j) or page.kinds[j] is not None for j in between):
            for j in between:
                if _block_item(page, j):
                    page.set(j, "boilerplate", "chrome_block")
    # the page's last lines: below the first chrome line after the text, nothing but short lines
    after = [i for i in chrome if i > page.last_body]
    if after and all(page.is_chrome(j) or _block_item(page, j) or (page.kinds[j] or ("",))[0] == "metadata"
                     for j in range(after[0], n)):
        for j in range(after[0] + 1, n):
            if _block_item(page, j):
                page.set(j, "boilerplate", "chrome_block")
        # and the short lines between the last paragraph and that chrome, when two widgets or more
        # end the page: the footer's own headings and thanks ("Additional information", "Thank you
        # for your support"). A letter's closing or signature (ending in a comma) stays.
        gap = range(page.last_body + 1, after[0])
        if len(after) >= 2 and len(gap) <= _MAX_TAIL_GAP and all(
                _block_item(page, j) and not re.search(r"[,;]$", lines[j].text) and not _name_shaped(lines[j].text)
                for j in gap):
            for j in gap:
                page.set(j, "boilerplate", "tail_chrome")


def _name_shaped(text: str) -> bool:
    """A signature: two to four capitalised words, none of them a word of the site's controls."""
    words = _words(text)
    return 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words) \
        and not any(w.lower() in _ui_vocabulary() for w in words) and not re.search(r"[.!?:]$", text)


_MAX_TAIL_GAP = 5  # short lines between the text's last paragraph and the chrome that ends the page


# A site's invitation at the top of its pages: a verb to the reader and what the site holds.
_INVITE = frozenset(("search", "browse", "explore", "discover"))
_HOLDINGS = frozenset(("articles", "entries", "records", "pages", "documents", "items", "books", "archive", "archives",
                       "collection", "collections", "database", "site", "website"))
_ADDRESS = frozenset(("you", "your", "yours", "let's", "lets", "us", "our", "we", "join", "discover", "explore"))


def _mark_slogans(page: _Page) -> None:
    """A site's slogan at the top of the page: a short exclamation addressed to the reader ("Your
    guide to the past! Let's explore together!"), never a title, which neither exclaims nor says "you".

    Runs before the running text is found, so that a slogan is not taken for the first paragraph.
    """
    for i in range(min(len(page.lines), 4)):
        text = page.lines[i].text
        words = [w.lower() for w in _words(text)]
        if page.kinds[i] is None and "!" in text and len(words) <= 15 and set(words) & _ADDRESS:
            page.set(i, "boilerplate", "slogan")
        elif page.kinds[i] is None and words and words[0] in _INVITE and len(words) <= 20 \
                and len(_sentence_spans(text)) == 1 and (re.search(r"\d", text) or set(words) & _HOLDINGS):
            page.set(i, "boilerplate", "slogan")  # "Search over 40,000 articles from ...", "Browse the archive"


# A picture's caption standing alone between paragraphs: a name and when ("X in 1915", "X, 1915",
# "X (1850-1910)", "X, c. 1900"), no sentence.
_CAPTION_LINE = re.compile(r"^[A-Z][^.!?:;]{2,100}?(?:\s+in|,|\s+c\.|\s+circa)\s+\d{4}\.?$"
                           r"|^[A-Z][^.!?:;]{2,100}?\s+\(\s*(?:c\.\s*)?\d{4}(?:\s*[-–]\s*\d{2,4})?\s*\)\.?$")


def _mark_captions(page: _Page) -> None:
    """Captions of pictures between the paragraphs of the text (a name and a year, no verb)."""
    lines = page.lines
    for i in range(page.first_body + 1, page.last_body):
        text = lines[i].text
        prev, nxt = lines[i - 1].text, lines[i + 1].text
        # not a hard-wrapped line of the paragraph: the sentence above ends, the next starts, and the
        # line is much shorter than its neighbours
        alone = re.search(r"[.!?:][\"”’)\]]*$", prev) and nxt[:1].isupper() and len(text) < 0.6 * max(len(prev), len(nxt))
        if page.kinds[i] is None and _CAPTION_LINE.match(text) and alone and not _MONTH_YEAR.search(text) \
                and len(_words(text)) <= 12 and not _is_entry(text) and not is_sentence(text) \
                and text.split()[0].lower() not in _FUNCTION_WORDS \
                and (page.running[i + 1] or page.running[i - 1]):
            page.set(i, "boilerplate", "caption")


_GLYPH_BULLET = re.compile(r"^\s*[•·▪►◦‣●■]\s*")


def _mark_lone_bullets(page: _Page) -> None:
    """A bulleted label of one to three words standing alone ("• Intro", "• Transcript"): a tab or a
    link of the site's. A list has two items at least; a bullet with no other bullet beside it,
    no figure and no sentence is the page's navigation, wherever it stands."""
    lines, n = page.lines, len(page.lines)

    def bulleted(j: int) -> bool:
        return 0 <= j < n and bool(_GLYPH_BULLET.match(lines[j].text))

    for i in range(n):
        text = lines[i].text
        label = _GLYPH_BULLET.sub("", text)
        if page.kinds[i] not in (None, ("metadata", "header")) or not bulleted(i) or bulleted(i - 1) or bulleted(i + 1):
            continue
        if 1 <= len(_words(label)) <= 3 and _is_short_label(label, 3) and not re.search(r"\d|:$", label) \
                and not _is_entry(text) and not (page.running and page.running[i]):
            page.set(i, "boilerplate", "lone_bullet")


_MAX_HEAD_BLOCK_GAP = 3  # lines between two widgets above the text


def _mark_head_blocks(page: _Page) -> None:
    """Short lines between two widgets above the text ("Lot Closed", "Estimate", "1,500 USD",
    "Lot Details"; "Share", "12 comments", "Print"): a toolbar or a fact box of the site's. A title
    block lies outside them: the lines are taken only where another undecided line above the text
    is left for the title, byline and dateline."""
    n = min(page.first_body, len(page.lines))
    chrome = [i for i in range(n) if page.is_chrome(i) and page.kinds[i][1] not in _NOT_WIDGETS]
    for a, b in pairwise(chrome):
        between = range(a + 1, b)
        if not 1 <= len(between) <= _MAX_HEAD_BLOCK_GAP or not all(_block_item(page, j) for j in between):
            continue
        rest = [i for i in range(n) if page.kinds[i] is None and i not in between]
        if any(_title_shaped(page.lines[i].text) for i in rest):
            for j in between:
                page.set(j, "boilerplate", "head_block")


def _title_shaped(text: str) -> bool:
    """A line that may be a page's title: two words or more, not a figure, a price or a date alone."""
    return len(re.findall(r"[^\W\d_]{2,}", text)) >= 2 and not _DATE_START.match(text)


def _mark_doubled(page: _Page) -> None:
    """A line shown twice in a row inside or after the text: a picture's alt text above the same
    words as its caption, a widget's label twice. Both copies are chrome; no paragraph is printed
    twice in a row (and a repeated short line is never running text, see _mark_running_text)."""
    lines, n = page.lines, len(page.lines)
    for i in range(max(1, page.first_body + 1), n):
        text = lines[i].text
        if text == lines[i - 1].text and page.kinds[i] is None and (page.kinds[i - 1] is None or page.is_chrome(i - 1)) \
                and not page.running[i] and len(_words(text)) <= 25 and not _is_entry(text):
            if page.kinds[i - 1] is None:
                page.set(i - 1, "boilerplate", "doubled")
            page.set(i, "boilerplate", "doubled")


def _mark_stray_fragments(page: _Page) -> None:
    """A picture's alt text left between two paragraphs: a fragment of one to four words in lower
    case, on its own between blank lines, after a finished sentence and before a new one
    ("working map", "detail of the gate"). A paragraph never starts in lower case there."""
    lines, n = page.lines, len(page.lines)
    for i in range(max(1, page.first_body + 1), min(page.last_body, n - 1)):
        text = lines[i].text
        if page.kinds[i] is None and not page.running[i] and lines[i].blank_before and lines[i + 1].blank_before \
                and text[:1].islower() and 1 <= len(_words(text)) <= 4 and not re.search(r"[\d.!?,;:]", text) \
                and re.search(r"[.!?][\"”’)\]]*$", lines[i - 1].text) and lines[i + 1].text[:1].isupper():
            page.set(i, "boilerplate", "stray_fragment")


_FRONT_KEY = re.compile(r"^(?P<key>[A-Za-z][\w-]{0,40})\s*:(?:\s+(?P<value>.*))?$")
_FRONT_ITEM = re.compile(r"^-\s+\S")


def front_matter_end(lines: Sequence[str]) -> int | None:
    """Index of the closing "---" of a front-matter block that opens the text, or None; ``lines`` are the
    text's non-blank lines, stripped. Static-site sources (Markdown with YAML front matter) start with
    "---", then "key: value" lines and their list items, then "---"; nothing else stands between the
    two rules. The one definition the cleaner (which lines are settings) and the citation (which
    fields it states, fontes.metadata.front_matter) share."""
    if not lines or lines[0].lstrip("\ufeff") != "---":
        return None
    for j in range(1, min(len(lines), 60)):
        text = lines[j]
        if text == "---":
            return j if j > 1 else None
        if not (_FRONT_KEY.match(text) or _FRONT_ITEM.match(text)):
            return None
    return None


def front_matter_text(text: str) -> str | None:
    """The YAML between the rules of the front matter that opens ``text`` (see front_matter_end), or None."""
    raw = text.split("\n", 200)[:200]
    kept = [i for i, line in enumerate(raw) if line.strip()]
    end = front_matter_end([raw[i].strip() for i in kept])
    return None if end is None else "\n".join(raw[kept[0] + 1:kept[end]])


_PROFILE_WINDOW = 6  # lines over which a forum's member panel runs
_PROFILE_VALUE = re.compile(r"^\d[\d,.\s]*[KkMm]?$")


def _profile_value(text: str) -> bool:
    """A member panel's value: a number ("9,001", "1.2K") or a short date ("Mar 3, 2011")."""
    return bool(_PROFILE_VALUE.match(text)) or (len(_words(text)) <= 4 and bool(_YEAR_IN.search(text))
                                                and not is_sentence(text))


def _profile_pair(page: _Page, i: int) -> bool:
    """A member panel's label alone on its line with its value on the next: "- Joined" / "- Mar 3, 2011"."""
    if i + 1 >= len(page.lines) or page.lines[i + 1].blank_before:
        return False
    label = _norm(_BULLET.sub("", page.lines[i].text).rstrip(" :"))
    value = _BULLET.sub("", page.lines[i + 1].text).strip()
    return label in rules().get("profile_labels", []) and _profile_value(value)


def _mark_profile_panels(page: _Page) -> None:
    """A forum's panel of the member beside a post: two labels or more, each on a line of its own with
    its value on the next ("Joined" / "Mar 3, 2011", "Messages" / "9,001"). Text never reads so."""
    pairs = [i for i in range(len(page.lines)) if _profile_pair(page, i)]
    for i in pairs:
        if any(j != i and abs(j - i) <= _PROFILE_WINDOW for j in pairs):
            page.set(i, "boilerplate", "profile")
            page.set(i + 1, "boilerplate", "profile")


_CITING_HEAD = re.compile(r"^\W*\d[\d,]*\s+(?:citations|citing\s+(?:papers|articles|works)|references|related\s+papers"
                          r"|similar\s+papers)\W*$", re.IGNORECASE)


def _mark_citing_lists(page: _Page) -> None:
    """A scholarly index's count of the works citing or cited by a paper ("12 Citations") below the
    first paragraph: below it come those other works' titles and openings, to the page's end."""
    n = len(page.lines)
    start = next((i for i in range(page.first_body + 1, n) if _CITING_HEAD.match(page.lines[i].text)), None)
    if start is None:
        return
    for i in range(start, n):
        page.set(i, "boilerplate", "citing_list")


def _credit_caption(text: str) -> bool:
    """A caption whose last sentence credits the pictures ("... the assault of the cavalry. All images:
    State Archive, unless otherwise stated."): the whole line is the picture's, not the text's."""
    spans = _sentence_spans(text)
    if not 2 <= len(spans) <= 4 or len(_words(text)) > 60:
        return False
    last = _LABEL_ANY.match(text[spans[-1][0]:spans[-1][1]].strip())
    return bool(last) and _norm(last["label"]) in rules()["caption_starts"] and len(_words(last["value"] or "")) <= 8


def _mark_credit_captions(page: _Page) -> None:
    for i, line in enumerate(page.lines):
        if page.kinds[i] is None and _credit_caption(line.text):
            page.set(i, "boilerplate", "credit_caption")


def _phrase_in(norm: str, phrases: list[str]) -> bool:
    return any(f" {p} " in f" {norm} " for p in phrases)


def _depiction_caption(page: _Page, i: int) -> bool:
    """A picture's caption on a line of its own: "Artistic rendition of a sea battle", "Portrait of the
    tsar by X". Short, no sentence, not wrapped into the next line, not the page's first line (a title)."""
    line = page.lines[i]
    if i == 0 or len(_words(line.text)) > 15 or is_sentence(line.text) or re.search(r"[.!?;:,]\s*$", line.text):
        return False
    nxt = page.lines[i + 1] if i + 1 < len(page.lines) else None
    if nxt is not None and not nxt.blank_before and nxt.text[:1].islower():
        return False  # the first line of a wrapped paragraph
    return _starts_with(_norm(line.text), rules().get("depiction_starts", [])) is not None


_HOLDER = re.compile(r"\((?P<holder>[^()]{3,80})\)\W*$")


def _holder_credit(text: str) -> bool:
    """A picture's caption that ends by naming who holds it: "Ioannina, in a picture taken in the
    1850s by X.(City Museum of Photography)". It speaks of a picture and ends with its holder."""
    r = rules()
    match = _HOLDER.search(text)
    if not match or len(_words(text)) > 40 or len(_sentence_spans(text)) > 2:
        return False
    if "©" in match["holder"]:
        return True  # "(Image © State Museum)": a rights holder's sign ends only a picture's caption
    holder = _norm(match["holder"])
    return len(holder.split()) <= 8 and _phrase_in(holder, r.get("holding_words", [])) \
        and _phrase_in(_norm(text[:match.start()]), r.get("picture_words", []))


_CATALOGUE_NUMBER = re.compile(r"\b(?:cat|inv|acc)\.?\s*(?:no|nr|n°|#)\.?\s*\S|\b(?:inventory|accession|catalogue)\s+"
                               r"(?:no\.?|number)\s*\S", re.IGNORECASE)
_MAX_ARTWORK_LINES = 6  # a museum's caption: artist, title, date, medium, holder


def _mark_artwork_captions(page: _Page) -> None:
    """A museum's caption of a work of art, one field a line (artist / title / date / medium / holder
    with its catalogue number): the holder's line has a catalogue number and the short lines above
    it, with no blank between, include the medium ("engraving", "oil on canvas")."""
    lines, media = page.lines, rules().get("medium_words", [])
    for i, line in enumerate(lines):
        if page.kinds[i] is not None or not _CATALOGUE_NUMBER.search(line.text) or len(_words(line.text)) > 20:
            continue
        block = [i]
        j = i
        while j > 0 and not lines[j].blank_before and len(block) < _MAX_ARTWORK_LINES \
                and len(_words(lines[j - 1].text)) <= 8 and not re.search(r"[.!?][\"”’)\]]*$", lines[j - 1].text):
            j -= 1
            block.append(j)
        if any(_phrase_in(_norm(lines[k].text), media) for k in block):
            for k in block:
                if page.kinds[k] is None or page.kinds[k][0] != "boilerplate":
                    page.set(k, "boilerplate", "artwork_caption")


_MAX_LISTED_CAPTION_WORDS = 12


def _listed_caption(text: str) -> bool:
    """A picture's caption made of its fields, the last naming what the picture is: "Peter I, 1717,
    Portrait", "View of the Harbour, 1790, engraving". A list of a few fields, no sentence."""
    if len(_words(text)) > _MAX_LISTED_CAPTION_WORDS or re.search(r"[.!?;:]\s*$", text):
        return False
    parts = [_norm(p) for p in text.split(",")]
    kinds = set(rules().get("picture_words", [])) | set(rules().get("medium_words", []))
    return len(parts) >= 3 and parts[-1] in kinds


def _mark_picture_captions(page: _Page) -> None:
    for i, line in enumerate(page.lines):
        if page.is_chrome(i):
            continue
        if _depiction_caption(page, i) or _holder_credit(line.text) or _listed_caption(line.text):
            page.set(i, "boilerplate", "picture_caption")


def _mark_member_rank(page: _Page) -> None:
    """A forum member's rank between the name and the member panel ("Martin" / "Senior Member" /
    "Joined" / ...): a short line with no blank around it, right above the panel's first label."""
    first = next((i for i, k in enumerate(page.kinds) if k == ("boilerplate", "profile")), None)
    if first is None or first < 2:
        return
    rank, name = page.lines[first - 1], page.lines[first - 2]
    if not page.lines[first].blank_before and not rank.blank_before and len(_words(rank.text)) <= 3 \
            and len(_words(name.text)) <= 4 and not is_sentence(rank.text) and not page.is_chrome(first - 1):
        page.set(first - 1, "boilerplate", "profile")


def _mark_html_lines(page: _Page) -> None:
    """A line of raw HTML tags and nothing else ("<img src=...><br/>"): the page's source left in its
    text. Marked last, so that it anchors no block of chrome (the lines between tags may be text)."""
    for i, line in enumerate(page.lines):
        if page.kinds[i] is None and _HTML_LINE.match(line.text):
            page.set(i, "boilerplate", "html_markup")


def _release_after_keywords(page: _Page) -> None:
    """A scholarly article's keywords close its front matter (title, author, abstract, keywords): the
    short lines below them, above the first paragraph, are the text's section headings, not a title."""
    keys = [i for i in range(page.first_body) if page.kinds[i] == ("boilerplate", "taxonomy")
            and _norm(_LABEL.match(page.lines[i].text)["label"]) in ("keywords", "key words")]
    if not keys:
        return
    for i in range(keys[-1] + 1, page.first_body):
        if page.kinds[i] == ("metadata", "header") and not citation_label(page.lines[i].text):
            page.kinds[i] = None


def _front_matter_end(page: _Page) -> int | None:
    return front_matter_end([line.text for line in page.lines[:60]])


def _front_value(value: str) -> str:
    return value.strip().strip("\"'[]").strip()


def _mark_front_matter(page: _Page) -> None:
    """The front matter of a static-site source: its keys are the publishing system's settings
    ("layout: post", "draft: true", "permalink: /x", "image: ...", "tags: [...]"), chrome, except the
    citation fields a reader sees ("title:", "date:", "author:") when they hold a value; a key's
    list items below it go with the key."""
    end = _front_matter_end(page)
    if end is None:
        return
    page.set(0, "boilerplate", "front_matter")
    page.set(end, "boilerplate", "front_matter")
    current: tuple[ZoneKind, str] = ("boilerplate", "front_matter")
    for j in range(1, end):
        text = page.lines[j].text
        key = _FRONT_KEY.match(text)
        if key:
            words = re.sub(r"(?<=[a-z])(?=[A-Z])|[_-]", " ", key["key"]).lower()
            label = _starts_with(words, rules()["citation_labels"])
            listed = not key["value"] and j + 1 < end and bool(_FRONT_ITEM.match(page.lines[j + 1].text))
            if label and (_front_value(key["value"] or "") or listed):
                current = ("metadata", f"citation_label:{label}")
            else:
                current = ("boilerplate", "front_matter")
        page.set(j, *current)


# The passes, in order: each sees what the ones before it decided.
PASSES = (_mark_front_matter, _mark_polls, _mark_slogans, _mark_running_text, _mark_data_blocks, _mark_trivia,
          _find_body_span, _mark_web_notices, _mark_above_navigation, _mark_menu_runs, _mark_lone_bullets,
          _mark_head_blocks, _mark_keywords, _mark_header, _mark_label_values, _mark_taglines, _mark_title_copies,
          _mark_title_repeats, _mark_repeats, _mark_galleries, _mark_image_captions, _mark_contents, _mark_menus,
          _mark_running_heads, _mark_credit_values, _mark_chrome_blocks, _mark_teaser_lists, _mark_captions,
          _mark_doubled, _mark_stray_fragments, _mark_profile_panels, _mark_member_rank, _mark_citing_lists,
          _mark_credit_captions, _mark_picture_captions, _mark_artwork_captions, _release_after_keywords,
          _mark_html_lines, _mark_discussion, _mark_caption_runs, _mark_forum_signatures,
          _mark_site_slogans,
          _mark_author_boxes)


# --- the learned line classifier -------------------------------------------------------------
#
# Beside the rules, a logistic regression over features of a line and its neighbours (shape,
# punctuation, place on the page, what the rules decided about it and around it) gives each line
# a probability of being chrome, citation metadata or body. It is trained on the gold of the
# development corpus by scripts/train_clean.py and stored as plain coefficients in
# data/clean_model.json, so running it needs nothing but this module.

CLASSES: tuple[ZoneKind, ...] = ("body", "metadata", "boilerplate")
_DATE_START = re.compile(r"^[\s\-–—•·*▪►]*(?:\d{1,2}\s+[A-Z][a-z]+\.?\s+\d{3,4}|[A-Z][a-z]+\.?\s+\d{1,2},?\s+\d{3,4}"
                         r"|\d{3,4}(?:\s*[-–:,.]|\s+[A-Z][a-z]+|\s*$))")
_SEPARATORS = re.compile(r"\s[|»›·•]\s|\s/\s")
_IMAGE_FILE = re.compile(r"\.(?:jpe?g|png|gif|svg|webp|tiff?)\b", re.IGNORECASE)


@lru_cache(maxsize=1)
def _ui_vocabulary() -> frozenset[str]:
    """Words of site controls in any layout: the ui_vocabulary list and every word of the UI lists."""
    r = rules()
    words = set(r.get("ui_vocabulary", []))
    for key in ("ui_starts", "chrome_words", "link_labels", "prompt_starts"):
        for phrase in r.get(key, []):
            words.update(phrase.split())
    return frozenset(w for w in words if len(w) > 2 and w not in _FUNCTION_WORDS)


def _shape(text: str) -> list[float]:
    """Features of one line that hold on any layout: length, punctuation, capitals, UI words, links."""
    words = _words(text)
    n = len(words)
    caps = sum(1 for w in words if w[:1].isupper())
    lower = [w.lower() for w in words]
    ui = _ui_vocabulary()
    letters = sum(ch.isalpha() for ch in text)
    punct = sum(not ch.isalnum() and not ch.isspace() for ch in text)
    return [
        min(n, 60) / 60, float(n <= 3), float(n <= 8), caps / n if n else 0.0,
        sum(ch.isdigit() for ch in text) / max(1, len(text)),
        float(is_sentence(text)), float(is_body_paragraph(text)), float(bool(re.search(r"[.!?][\"”’)\]]*$", text))),
        float(bool(_URL_LINE.match(text)) or "http" in text or "www." in text or "@" in text),
        float(bool(_SEPARATORS.search(text))), float(bool(_BULLET.match(text))), float(text.isupper() and n > 0),
        float(bool(_DATE_START.match(text))), sum(w in ui for w in lower) / n if n else 0.0,
        float(bool(lower) and lower[0] in ui), float("©" in text or "(c)" in text.lower()), float(text.endswith(":")),
        float(bool(citation_label(text))), punct / max(1, punct + letters), float(bool(_IMAGE_FILE.search(text))),
        float(text[:1].islower()), float(n > 0 and caps == n and n >= 2),
        sum(w in _FUNCTION_WORDS for w in lower) / n if n else 0.0,
        # shape of any page's line beside the above: its length in characters, the mean word length,
        # the share of separator and arrow signs, a year, a leading figure, brackets, an ellipsis
        min(math.log1p(len(text)), 7.0) / 7, min(sum(map(len, words)) / n, 12) / 12 if n else 0.0,
        sum(ch in _SEPARATOR_SIGNS for ch in text) / max(1, len(text)), float(bool(_YEAR_IN.search(text))),
        float(text[:1].isdigit()), float(bool(re.search(r"[\[\]{}]", text))),
        float(text.endswith(("...", "…"))), float(n == 1), float(n >= 20), float("?" in text),
    ]


_SEPARATOR_SIGNS = frozenset("|»›«‹·•/>→←©®™#@*_=+~^")


def _verdict(kind: tuple[ZoneKind, str] | None) -> list[float]:
    """The rules' verdict on a line: undecided, citation metadata, chrome."""
    return [float(kind is None), float(kind is not None and kind[0] == "metadata"),
            float(kind is not None and kind[0] == "boilerplate")]


def _prose_distance(page: _Page) -> list[int]:
    """For each line, how many lines away the nearest line of running prose is (0 on prose)."""
    n, far = len(page.lines), len(page.lines) + 1
    prose = [i for i in range(n) if page.running and page.running[i]]
    out, k = [], 0
    for i in range(n):
        while k + 1 < len(prose) and abs(prose[k + 1] - i) <= abs(prose[k] - i):
            k += 1
        out.append(abs(prose[k] - i) if prose else far)
    return out


def line_features(page: _Page) -> list[list[float]]:
    """One feature vector per line, none tied to a layout: the line's shape, its place on the page
    (first or last lines, the share of the page above it) and relative to the block of running prose
    (before, after, how far), repetition, runs of short lines, and the shapes of the two lines on
    either side. The rules' verdicts on the line and its neighbours come last (VERDICT_FEATURES), so
    a model can be trained with or without them."""
    lines, n = page.lines, len(page.lines)
    shapes = [_shape(line.text) for line in lines]
    counts: dict[str, int] = {}
    for line in lines:
        counts[line.text] = counts.get(line.text, 0) + 1
    distance = _prose_distance(page)
    short = _runs(n, lambda j: _is_short_label(lines[j].text, 5))
    empty = [0.0] * len(shapes[0]) if shapes else []
    out = []
    for i, line in enumerate(lines):
        running = bool(page.running[i]) if page.running else False
        place = [float(i < page.first_body), float(i > page.last_body),
                 float(page.first_body <= i <= page.last_body and not running), min(distance[i], 10) / 10,
                 float(distance[i] == 1), float(line.blank_before), float(counts[line.text] > 1), float(running),
                 float(i == 0), float(i == n - 1), min(short[i], 8) / 8,
                 sum(shapes[j][13] for j in range(max(0, i - 2), min(n, i + 3))) / 5,
                 i / max(1, n - 1), float(i < 3), float(i >= n - 3), min(math.log1p(n), 6.0) / 6,
                 float(i + 1 < n and lines[i + 1].blank_before)]
        run = [float(i > 0 and bool(page.running) and page.running[i - 1]),
               float(i + 1 < n and bool(page.running) and page.running[i + 1])]
        around = []
        for j in (i - 2, i - 1, i + 1, i + 2):
            around += shapes[j] if 0 <= j < n else empty
            around.append(float(not 0 <= j < n))
        verdicts = _verdict(page.kinds[i]) + _verdict(page.kinds[i - 1] if i > 0 else None)[1:] \
            + _verdict(page.kinds[i + 1] if i + 1 < n else None)[1:]
        out.append(shapes[i] + place + run + around + [1.0] + verdicts)
    return out


SHAPE_SIZE = 33
# the rules' verdicts (undecided, metadata, chrome; the neighbours' metadata, chrome) end each row
VERDICT_FEATURES = 7
_TOKEN = re.compile(r"[^\W\d_]+|\d+|[^\w\s]", re.UNICODE)


def _hash(token: str, dims: int) -> int:
    return zlib.crc32(token.encode("utf-8")) % dims


def line_tokens(page: _Page, dims: int) -> list[list[int]]:
    """For each line, the hashed indices (``dims`` buckets) of its words (lower case, figures as one
    token), its first and last word, and of the words of the lines above and below it (marked as
    such): a bag of words a model weighs, as any text classifier does."""
    def bag(text: str) -> list[str]:
        return [re.sub(r"\d+", "0", t.lower()) for t in _TOKEN.findall(text)]

    bags = [bag(line.text) for line in page.lines]
    out = []
    for i, words in enumerate(bags):
        tokens = set(words)
        if words:
            tokens |= {"^" + words[0], words[-1] + "$"}
        for j, mark in ((i - 1, "<"), (i + 1, ">")):
            if 0 <= j < len(bags):
                tokens |= {mark + w for w in bags[j]}
        out.append(sorted({_hash(t, dims) for t in tokens}))
    return out


@lru_cache(maxsize=1)
def line_model() -> dict | None:
    """The trained coefficients (data/clean_model.json), or None where none is installed."""
    path = resources.files("fontes").joinpath("data/clean_model.json")
    if not path.is_file():
        return None
    import json

    model = json.loads(path.read_text("utf-8"))
    model["hashed"] = {int(k): v for k, v in (model.get("hashed") or {}).items()}
    return model


def line_probabilities(page: _Page) -> list[list[float]]:
    """P(body), P(metadata), P(boilerplate) for every line (empty lists without a model)."""
    model = line_model()
    if model is None or not page.lines:
        return []
    weights = model["weights"]  # one row per class, one column per feature
    rows = line_features(page)
    if len(rows[0]) != int(model.get("features", len(rows[0]))):
        return []  # a model trained on other features than these: retrain with scripts/train_clean.py
    dims, hashed = int(model.get("hash_dims", 0)), model["hashed"]
    tokens = line_tokens(page, dims) if dims else [[] for _ in rows]
    probs = []
    for x, toks in zip(rows, tokens):
        scores = [sum(w * v for w, v in zip(row, x)) for row in weights]
        for t in toks:
            for c, w in enumerate(hashed.get(t, ())):
                scores[c] += w
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        probs.append([e / total for e in exps])
    return probs


def _apply_model(page: _Page) -> None:
    """Lines the classifier is sure of take its verdict, named with its probability.

    Never against the body: running prose stays body whatever the model says, and only a
    confident verdict (model threshold) overrides what the rules decided.
    """
    model = line_model()
    probs = line_probabilities(page)
    if not probs:
        return
    threshold = float(model.get("threshold", 0.8))
    # a model trained without the rules' verdicts only adds chrome to what the rules left in the text
    alone = not model.get("verdicts", True)
    for i, p in enumerate(probs):
        best = max(range(len(CLASSES)), key=p.__getitem__)
        kind = CLASSES[best]
        current = page.kinds[i][0] if page.kinds[i] else "body"
        if p[best] < threshold or kind == current:
            continue
        if alone and (kind != "boilerplate" or page.kinds[i] is not None or _beside_prose(page, i)):
            continue
        if kind == "boilerplate" and page.running[i]:
            continue  # nothing of the body is lost to a guess
        if page.kinds[i] is None and _timeline_line(page, i):
            continue  # nor a line of a list of dates (a timeline) the rules left in the text
        if kind == "body":
            if page.kinds[i] is not None and page.kinds[i][1] in _FIRM_RULES:
                continue
            page.kinds[i] = None
            continue
        page.set(i, kind, f"classifier:{p[best]:.2f}")
    if alone:
        _judge_tail_block(page, probs, float(model.get("block_threshold", 1.01)))
        _judge_head_block(page, probs, float(model.get("block_threshold", 1.01)))


# A line of the tail block that holds this many words or more is judged alone, not with its block.
_MAX_BLOCK_LINE_WORDS = 12


def _judge_tail_block(page: _Page, probs: list[list[float]], threshold: float) -> None:
    """The lines after the last paragraph of running prose, judged as one block: where the model's
    mean chrome probability over the block (the rules' chrome in it included) reaches ``threshold``,
    the lines the rules left undecided go with it. Past the text's end a site puts its widgets,
    teasers, ads and footer in runs; one line of them may read as anything, the run reads as chrome.
    Lines that could be the text's own stay: a closing (a letter's "With every good wish,") and the
    line below it (the signature), a line with a year, a timeline's line, a sentence, a line of
    twelve words or more, a citation field; and nothing where the block's open lines hold more words
    than the prose above (then the prose found is not the page's text). Only at the tail: the block
    before the first paragraph holds the title and the citation lines, which the model does not tell
    from the site's head (judged so, it found no chrome more on any set and took a title)."""
    n = len(page.lines)
    prose = [i for i in range(n) if page.running[i]]
    if not prose:
        return
    block = range(prose[-1] + 1, n)
    undecided = [i for i in block if page.kinds[i] is None]
    if len(undecided) < 2:
        return
    if sum(len(_words(page.lines[i].text)) for i in undecided) >= sum(len(_words(page.lines[i].text)) for i in prose):
        return  # more open words below the prose than in it: the prose found is not the page's text
    mean = sum(probs[i][2] for i in block) / len(block)
    if mean < threshold:
        return
    for i in undecided:
        text = page.lines[i].text
        if text.endswith(",") or page.lines[i - 1].text.endswith(","):
            continue  # a closing ("Yours truly,") and the line below it (the signature): the letter's end
        if _may_be_the_texts(page, i):
            continue
        page.set(i, "boilerplate", f"classifier_block:{mean:.2f}")


def _may_be_the_texts(page: _Page, i: int) -> bool:
    """Whether a line of a judged block may be the text's or its citation's own, and stays to the rules:
    a year, a timeline's line, a line of twelve words or more, a sentence, a citation field."""
    text = page.lines[i].text
    return bool(_YEAR_IN.search(text) or _timeline_line(page, i) or len(_words(text)) >= _MAX_BLOCK_LINE_WORDS
                or is_body_paragraph(text) or citation_label(text))


def _page_title(page: _Page, first: int) -> int | None:
    """The page's title: the nearest line above the first paragraph (``first``) shaped as a heading,
    past the chrome the rules found, a date line, a byline and a letter's salutation ("Dear friends,")."""
    for i in range(first - 1, -1, -1):
        text = page.lines[i].text
        if page.is_chrome(i) or text.endswith(",") or _DATE_START.match(text) or _YEAR_IN.search(text) \
                or _name_shaped(text) or citation_label(text):
            continue  # a byline (a name or an author's field) or a dateline ("Harwich, 3 May 1702") sits
            # between a title and its text; a title with a year is passed too: the block above stays smaller
        return i if _title_shaped(text) else None
    return None


def _judge_head_block(page: _Page, probs: list[list[float]], threshold: float) -> None:
    """The lines above the page's title judged as one block, as the tail's: a site's head puts its
    menu, login line, blog tools and teaser there, one line of which may read as a title or a site
    name, the run as chrome. The title itself (see ``_page_title``) and all below it stay to the
    rules; so do the lines that could be the text's or its citation's: a year, a sentence, a line of
    twelve words or more, a citation field, a timeline's line, a name, a line sharing a content word
    with the running text (a title the rules did not find as one), a line the rules named other than
    a header."""
    n = len(page.lines)
    first = next((i for i in range(n) if page.running[i]), None)
    if first is None:
        return
    title = _page_title(page, first)
    if not title:
        return
    block = range(title)
    mean = sum(probs[i][2] for i in block) / len(block)
    if mean < threshold:
        return
    for i in block:
        if page.kinds[i] not in (None, ("metadata", "header")):
            continue
        text = page.lines[i].text
        if _may_be_the_texts(page, i) or _name_shaped(text) or _on_text_topic(page, text) or _dated_item(text) \
                or any(kind and kind[1] == "profile" for kind in page.kinds[i + 1:i + 3]):
            continue  # a name (the author's above the title, a forum member's above the panel), the text's
            # topic (its title), a dated item
        page.set(i, "boilerplate", f"classifier_head_block:{mean:.2f}")


def _beside_prose(page: _Page, i: int) -> bool:
    """A line right above or below running prose (a paragraph's closing or signature, "Yours truly,";
    a subheading) or one holding a year: the rules, which see the whole block, judge those, not the
    model alone."""
    if _YEAR_IN.search(page.lines[i].text):
        return True  # nor a line with a year (a timeline's date above its event): a chronology's matter
    return bool(page.running) and any(0 <= j < len(page.lines) and page.running[j] for j in (i - 1, i + 1))


# Rules whose verdict the classifier never overturns (the line itself says what it is).
_FIRM_RULES = frozenset(("poll_result", "vote_count", "link_line", "ui_control", "prompt", "html_markup", "page_number",
                         "profile", "citing_list", "credit_caption", "picture_caption",
                         "artwork_caption", "discussion"))


def page_of(text: str) -> _Page:
    """The lines of a text with the rules' verdicts (before the classifier)."""
    lines = _split_lines(text)
    page = _Page(lines, [_local_rule(line) for line in lines])
    for mark in PASSES:
        mark(page)
    return page


def label_lines(text: str) -> list[tuple[_Line, ZoneKind, str]]:
    """Decide a kind and a rule for every non-blank line of a text: the rules, then the classifier."""
    page = page_of(text)
    _mark_kickers(page)  # before the classifier's head block, which would take a kicker under its own name
    _apply_model(page)
    return [(line, *(kind or ("body", "body"))) for line, kind in zip(page.lines, page.kinds)]


def _mark_kickers(page: _Page) -> None:
    """A section's label set in capitals right above the page's title ("HISTORY" over "The Siege of
    the Fortress"): one or two words, no figures, both lines read as the header. It names the site's
    section, not the page; it is the site's chrome."""
    for i in range(min(len(page.lines) - 1, _HEAD_LINES)):
        if page.kinds[i] != ("metadata", "header") or page.kinds[i + 1] != ("metadata", "header"):
            continue
        head, title = page.lines[i].text, page.lines[i + 1].text
        words = title.split()
        # the line under it reads as a title, not a byline: three words or more, one of them in lower case
        if len(head.split()) <= 2 and head.isupper() and not re.search(r"\d", head) and not title.isupper() \
                and len(words) >= 3 and any(w[:1].islower() for w in words) and not citation_label(title):
            page.set(i, "boilerplate", "section_label")


def clean(doc: Document, settings: Settings = DEFAULTS) -> Document:
    """Label every line of the text as body, metadata or boilerplate.

    Reads doc.text; writes doc.zones (sorted, non-overlapping, each with the rule that fired).
    """
    zones: list[Zone] = []
    outside = _outside_main(doc)
    # page chrome a format's reader found (running heads, page numbers, margins; issue 14), with its reason
    format_chrome = {m.start: m.value or "page chrome" for m in getattr(doc, "marks", ())
                     if m.kind == "chrome" and not (m.value or "").startswith(STRUCTURE_PREFIX)}
    structure = _structural_chrome(doc)
    main = {a for a, _ in doc.main_spans or ()}
    for line, kind, rule in label_lines(doc.text):
        if line.start in format_chrome:
            zones.append(Zone(line.start, line.end, "boilerplate", format_chrome[line.start]))
            continue
        if line.start in structure and rule in ("body", "header", "title_repeat") \
                and not (line.start in main and is_body_paragraph(line.text)):
            # in the page's <nav>, <footer>, site <header> or a container named for a site part; a
            # paragraph of the extracted main text stays whatever holds it
            zones.append(Zone(line.start, line.end, "boilerplate", "html: " + structure[line.start]))
            continue
        if line.start in outside and rule in ("body", "header", "title_repeat") and not is_body_paragraph(line.text) \
                and not _MONTH_YEAR.search(line.text):
            kind, rule = "boilerplate", "html:outside main text"
        if kind == "body" or (kind, rule) == ("metadata", "header"):
            # a line of a title block made of prompts ("For background information see ...") is chrome
            prompt = _prompt_zones(line)
            if prompt and (kind == "body" or all(z.kind == "boilerplate" for z in prompt)):
                zones.extend(prompt)
                continue
            cut = _caption_split(line)
            if cut:
                zones.append(Zone(line.start, line.start + len(line.text[:cut].rstrip()), "boilerplate",
                                  FRAGMENT_PREFIX + "caption"))
                zones.append(Zone(line.start + cut, line.end, "body", "body"))
                continue
        if kind == "metadata" and rule == "header":
            cut = _section_prefix(line)
            if cut:
                zones.append(Zone(line.start, line.start + len(line.text[:cut].rstrip()), "boilerplate",
                                  FRAGMENT_PREFIX + "section_label"))
                zones.append(Zone(line.start + cut, line.end, "metadata", "header"))
                continue
        zones.append(Zone(line.start, line.end, kind, rule))
    doc.zones = zones
    return doc


# A month with its year ("June 1853", "May 12, 1820", "12 May 1820"): a dated fact, kept even where
# the page's main-text extractor left it out (a timeline's or a fact box's line).
_MONTH_YEAR = re.compile(
    r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+(?:\d{1,2}(?:st|nd|rd|th)?,?\s+)?\d{3,4}\b"
    r"|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{3,4}\b")


def _outside_main(doc: Document) -> set[int]:
    """Starts of the lines of an HTML page that its main-text extractor left out (none for other sources).

    They are named as the page's chrome, unless the rules found them to be citation lines, or they
    read as running prose (the extractor can drop a paragraph; nothing of the body is lost to it).
    """
    if doc.main_spans is None:
        return set()
    inside = set()
    for start, end in doc.main_spans:
        inside.add(start)
    starts, texts, pos = [], [], 0
    for raw in doc.text.split("\n"):
        if raw.strip():
            starts.append(pos + len(raw) - len(raw.lstrip()))
            texts.append(raw.strip())
        pos += len(raw) + 1
    main = [k for k, start in enumerate(starts) if start in inside]
    out = set()
    for k, start in enumerate(starts):
        if start in inside:
            continue
        # a heading the extractor dropped inside the main text stays: a short label with no figures
        # or list commas, not set in capitals (a kicker or a section's label above a title is)
        within = bool(main) and main[0] < k < main[-1]
        text = texts[k].rstrip(".:")
        if within and _is_short_label(text, 6) and not re.search(r"\d|,", text) and not text.isupper():
            continue
        out.add(start)
    return out


# --- the page's own structure (HTML) -------------------------------------------------------------
#
# A page says where its chrome is: <nav>, <footer>, <form>, a <header> outside the article, and
# containers whose class or id names a site part ("site-nav", "breadcrumbs", "share-buttons",
# "comments", "cookie-banner"). Those words hold on any site; an <aside> does not (it is as often
# the article's own fact box).

_CHROME_TAGS = frozenset(("nav", "footer", "form", "figcaption", "button", "select", "option"))
_CHROME_NAMES = frozenset((
    "nav", "navbar", "navigation", "menu", "menubar", "breadcrumb", "breadcrumbs", "footer", "sidebar", "share",
    "sharing", "social", "comment", "comments", "cookie", "cookies", "consent", "related", "newsletter", "subscribe",
    "pagination", "pager", "toolbar", "widget", "widgets", "advert", "advertisement", "ads", "promo", "skip", "login",
    "signup", "masthead", "topbar", "logo", "copyright", "tags", "tagcloud", "search", "category", "categories",
    "caption", "credit", "credits", "back", "btn", "button", "buttons", "recommended", "trending", "popular",
    "modal", "popup", "sponsored", "outbrain", "taboola", "disqus", "addthis", "sharethis", "permalink", "toolbox",
    "breadcrumbs", "crumbs", "pagenav", "topnav", "subnav", "sidenav", "navlinks", "footnav"))
# ARIA roles of a page's parts that hold no article text (the banner only outside the article)
_CHROME_ROLES = frozenset(("navigation", "contentinfo", "search", "menu", "menubar", "toolbar", "dialog",
                           "alertdialog"))
# Names of two words: "site-header" is the site's, "entry-header" the article's.
_CHROME_PAIRS = frozenset((("site", "header"), ("site", "footer"), ("page", "footer"), ("global", "header"),
                           ("site", "title"), ("site", "branding"), ("wp", "caption"), ("screen", "reader"),
                           ("sr", "only"), ("visually", "hidden"), ("read", "more"), ("more", "stories"),
                           ("most", "read"), ("most", "popular"), ("you", "may"), ("see", "also")))
_NAME_SPLIT = re.compile(r"[\s_-]+")
_CHROME_MARK = "\ue003"


def _chrome_container(el) -> str | None:
    """Why an element of a page holds chrome (its tag, or a class or id naming a site part), or None."""
    tag = el.tag.lower() if isinstance(el.tag, str) else ""
    if tag in _CHROME_TAGS:
        return f"<{tag}>"
    in_article = any(isinstance(a.tag, str) and a.tag.lower() in ("article", "main") for a in el.iterancestors())
    if tag == "header" and not in_article:
        return "<header> of the site"
    role = (el.get("role") or "").strip().lower()
    if role in _CHROME_ROLES or (role == "banner" and not in_article):
        return f'role "{role}"'  # the page's own accessibility map says what the part is
    for attr in ("id", "class"):
        names = _NAME_SPLIT.split((el.get(attr) or "").lower())
        if "header" in names and len(names) == 1 and not in_article:
            return f'{attr} "header" of the site'  # <div id="header">: the site's; "entry-header" is the article's
        for name in names:
            if name in _CHROME_NAMES:
                return f'{attr} "{name}"'
        for pair in pairwise(names):
            if pair in _CHROME_PAIRS:
                return f'{attr} "{"-".join(pair)}"'
    return None


def html_chrome_lines(html: str) -> list[tuple[str, str | None]]:
    """The page's visible lines (as fontes.ingest lays them out) with, for each, the chrome container
    it stands in (None: outside any). Empty where the page cannot be parsed."""
    import lxml.html

    from fontes import ingest

    try:
        tree = lxml.html.fromstring(ingest._NOT_XML.sub("", html))
    except Exception:  # noqa: BLE001 - lxml refuses some fragments
        return []
    for bad in tree.xpath(ingest._INVISIBLE):
        bad.drop_tree()
    reasons: dict[object, str | None] = {}
    for el in tree.iter():
        if not isinstance(el.tag, str):
            continue
        parent = el.getparent()
        reasons[el] = _chrome_container(el) or (reasons.get(parent) if parent is not None else None)
    why: list[str] = []
    for el in list(tree.iter()):
        if not isinstance(el.tag, str) or el.tag.lower() not in ingest._BLOCK_TAGS:
            continue
        parent = el.getparent()
        inner, outer = reasons.get(el), reasons.get(parent) if parent is not None else None
        el.text = "\u2029" + (_CHROME_MARK + str(len(why)) + _CHROME_MARK if inner else "") + (el.text or "")
        if inner:
            why.append(inner)
        el.tail = "\u2029" + (_CHROME_MARK + str(len(why)) + _CHROME_MARK if outer else "") + (el.tail or "")
        if outer:
            why.append(outer)
    out = []
    for raw in tree.text_content().split("\u2029"):
        found = re.search(f"{_CHROME_MARK}(\\d+){_CHROME_MARK}", raw)
        bare = re.sub(f"{_CHROME_MARK}\\d+{_CHROME_MARK}", "", raw)
        line = re.sub(r"\s+", " ", bare).strip()
        if line:
            out.append((line, why[int(found.group(1))] if found else None))
    return out


# The marks fontes.ingest sets on the lines in a page's chrome containers are "chrome" marks (so
# readers of marks skip them as they skip a format's page chrome) whose reason starts with this;
# unlike a format's page chrome they are weighed by the cleaner, not taken as they stand.
STRUCTURE_PREFIX = "html structure: "


def structure_marks(html: str, text: str, main_spans: list[tuple[int, int]] | None) -> list[Mark]:
    """Marks on the lines of ``text`` (the page's lines as fontes.ingest lays them out) that stand in
    the page's chrome containers, each with the reason; fontes.ingest sets them when it reads the
    page, so cleaning reads the structure from the document and not again from its file. Nothing
    where the page's lines are not the text's."""
    from fontes import ingest

    blocks = html_chrome_lines(html)
    starts, ends, pos, texts = [], [], 0, []
    for raw_line in text.split("\n"):
        if raw_line.strip():
            starts.append(pos + len(raw_line) - len(raw_line.lstrip()))
            ends.append(pos + len(raw_line.rstrip()))
            texts.append(raw_line.strip())
        pos += len(raw_line) + 1
    at = _aligned([b[0] for b in blocks], texts)
    out = {at[k]: reason for k, (_, reason) in enumerate(blocks) if reason and k in at}
    links = ingest._visible_blocks(html)
    if main_spans is not None:
        main = {a for a, _ in main_spans}
        at = _aligned([b[0] for b in links], texts)
        for k, (_, share, heading) in enumerate(links):
            line = at.get(k)
            if line is not None and share >= 0.95 and not heading and starts[line] not in main and line not in out:
                out[line] = "a link to another page, outside the main text"  # a teaser's title
    return [Mark(starts[k], ends[k], "chrome", STRUCTURE_PREFIX + out[k]) for k in sorted(out)]


def _aligned(blocks: list[str], lines: list[str]) -> dict[int, int]:
    """Block index -> line index for the page's blocks that are the text's lines. Where the text
    differs from the page's blocks in places (a block the reader split or dropped), the runs that
    agree are still matched, so one odd block does not cost the whole page its structure."""
    if blocks == lines:
        return {k: k for k in range(len(blocks))}
    from difflib import SequenceMatcher

    matcher = SequenceMatcher(None, blocks, lines, autojunk=False)
    return {a + n: b + n for a, b, size in matcher.get_matching_blocks() for n in range(size)}


def _structural_chrome(doc: Document) -> dict[int, str]:
    """Starts of the lines of an HTML page that stand in its chrome containers, with the reason,
    from the marks fontes.ingest set on the document (``structure_marks``)."""
    return {m.start: m.value[len(STRUCTURE_PREFIX):] for m in getattr(doc, "marks", ()) or ()
            if m.kind == "chrome" and (m.value or "").startswith(STRUCTURE_PREFIX)}


def removed(doc: Document) -> list[tuple[str, str]]:
    """What cleaning took out of the clean text, as (text, rule) pairs, for a user to audit."""
    return [(doc.text[z.start:z.end], z.rule or "") for z in doc.zones if z.kind == "boilerplate"]


def is_fragment(zone: Zone) -> bool:
    """True for a zone that covers chrome inside an otherwise kept line."""
    return bool(zone.rule and zone.rule.startswith(FRAGMENT_PREFIX))
