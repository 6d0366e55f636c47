"""Entity stage: people, bodies, places, works and named events, with all their names in a document.

Candidates come from the statistical model (spaCy NER, loaded once through ``load_model``) and
from rules: titles and roles before names, initials, pseudonyms in parentheses, signature
blocks, capitalised names of bodies with a head noun, periodicals and works in source lines,
party names. Overlaps are settled rule-first, then a per-document gazetteer votes on each
name's label (rule evidence outweighs the model) and tags the name wherever else it stands.
``fontes.aliases`` then groups the mentions into document-local entities.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from functools import lru_cache

from fontes import aliases, gazetteer
from fontes.model import Document, Mention
from fontes.names import _ROMAN, Cand, given_names, lexicon
from fontes.names import country_core as _country_core
from fontes.names import head_of as _head_of
from fontes.names import match_title as _match_title
from fontes.names import norm_tok as _norm_tok
from fontes.names import role_key as _role_key
from fontes.names import tokens as _tokens
from fontes.ner.cyrillic import cyrillic_cands
from fontes.ner.german import german_cands
from fontes.settings import DEFAULTS, Settings

MODEL_LABELS = {"PERSON": "PER", "ORG": "ORG", "NORP": "NORP", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC",
                "WORK_OF_ART": "WORK", "EVENT": "EVENT", "LAW": "EVENT", "PRODUCT": "PRODUCT"}
# Overlap tiers: a higher tier wins, then the longer span.
STRONG, RULE, MODEL, WEAK = 3, 2, 1, 0
# Votes of each kind of evidence in the per-document gazetteer.
VOTE = {STRONG: 10.0, RULE: 3.0, MODEL: 1.0, WEAK: 0.3}

_FUNC_CAPS = {"Of", "The", "And", "To", "A", "An", "In", "For", "On", "At", "By", "With", "From", "As", "Or",
              "But", "Is", "Are", "Was", "Were", "It", "This", "That", "These", "Those", "His", "Her", "Their",
              "Our", "Its", "We", "He", "She", "They", "I", "Do", "Not", "Let", "When", "While", "After", "Before",
              "During", "If", "Unlike", "Like", "Over", "Under", "Now", "Then", "Today", "Even", "All", "Every",
              "Some", "Any", "No", "Yes", "Click", "Here", "Did", "You", "Your", "Share", "Rate", "Print"}
_PARTICLES = {"de", "von", "van", "der", "du", "la", "le", "da", "di", "del", "della", "ten", "ter", "zu", "y"}
_CONNECT = {"of", "for", "and", "de", "von", "van", "der", "du", "la", "le", "da", "di", "&"}
_RUN_STOP = {"No", "Vol", "Volume", "pp", "Pp", "Nos", "January", "February", "March", "April", "May", "June",
             "July", "August", "September", "October", "November", "December", "Jan", "Feb", "Mar", "Apr",
             "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Monday", "Tuesday", "Wednesday",
             "Thursday", "Friday", "Saturday", "Sunday"}
# A month's abbreviation alone ("Mar" of "Mar2011" in a citation) is no name.
_MONTH_ABBREVIATIONS = {"Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec"}
_ABBREV = {"St", "Mr", "Mrs", "Dr", "Ms", "Co", "Gen", "Col", "Lt", "Capt", "Jr", "Sr", "Prof", "Rev", "Mt", "Ft"}
_TITLE_ABBREV = {"Mr", "Mrs", "Dr", "Ms", "Gen", "Col", "Lt", "Capt", "Prof", "Rev"}
_HYPHEN_NEXT = re.compile(r"-[A-Z][\w\]|]*")
_HYPHEN_PREV = re.compile(r"[A-Z][\w\]|]*-$")
_LEAD = re.compile(r"[^\w\[(“\"']*(?:(?:the|The|THE)\s+)?")
_TRAIL = re.compile(r"(?:[’']s|[’'])?(?:\s+(?:No\.?|\d[\d\s.,]*|\[\d+\]?))*[\s,.;:!?\]\[*†‡§¶]*$")
_ABBREV_END = re.compile(r"(?:^|[\s.])[A-Z]$|\b(?:St|Co|Jr|Sr)$")
_PIECES = re.compile(r"\s*(?:\n|,|\s[-–—]\s|/|;)\s*")
_LABEL = re.compile(r"\s*[^:\n]{1,40}:\s")
_IMPERATIVE = re.compile(r"\s+(?:this|the|a|your|our|it)\b")
_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)$")
_LINE = re.compile(r"[^\n]+")
_LETTER = re.compile(r"[^\W\d_]")
_TOWN_STATE = re.compile(r"[A-Z][\w’'\-]+(?:\s+[A-Z][\w’'\-]+){0,2},\s*(?:[A-Z][a-z]{1,3}\.|(?:[A-Z]\.\s*){1,2})")
_BROKEN_WORD = re.compile(r"\s?¬|-$")


def load_model(settings: Settings = DEFAULTS):
    """The NER pipeline named by ``settings.spacy_model`` (NER components only, loaded once)."""
    from fontes.ner import load_model as load_ner

    return load_ner(settings)


# ---------------------------------------------------------------- small text helpers

def _is_cap(tok: str) -> bool:
    return tok[:1].isupper()


def _is_initial(tok: str) -> bool:
    return len(tok) == 1 and tok.isupper()


def _segments(text: str) -> list[tuple[int, str]]:
    """Every non-empty line with its offset (the rules work line by line)."""
    out = []
    for m in _LINE.finditer(text):
        line = m.group()
        stripped = line.strip()
        if stripped and _LETTER.search(stripped):
            out.append((m.start() + line.index(stripped[0]), stripped))
    return out


# A line that ends a sentence, a clause or a field: the next line starts afresh. A full stop after an
# initial or a short form of address ("M.", "St.") does not end the line's name.
_LINE_END = re.compile(r"(?:[.,;:!?)\]\"”’|]|(?<![\w.])(?:[A-Z]|Mr|Mrs|Dr|St|Ste|Mt)\.)$")
# A line that opens a field, an item or a question ("Died: 1790", "• The army", "Q3. How"): no wrap.
_LINE_OPENS = re.compile(r"\s*(?:[^:\n]{1,40}:\s|[•*\-–—>=#]|\(?[A-Za-z]?\d+[.):]|[A-Za-z][.)]\s)")


def _wrapped_runs(text: str) -> list[tuple[int, str, list[int]]]:
    """Lines of a paragraph broken inside a sentence (hard-wrapped prose, a page extracted line by line),
    joined with a space for the newline: each run's offset, its text (as long as the text's span) and
    the offsets of the joins. A name cut by the wrap ("Count" at a line's end, "Smith" on the next) is
    read whole there."""
    runs: list[tuple[int, str, list[int]]] = []
    lines = [(m.start(), m.end()) for m in _LINE.finditer(text)]
    i = 0
    while i < len(lines):
        j, joins = i, []
        while j + 1 < len(lines) and lines[j + 1][0] == lines[j][1] + 1 \
                and text[lines[j + 1][0]:lines[j + 1][1]].strip() \
                and (last := text[lines[j][0]:lines[j][1]].rstrip()) and _LETTER.search(last[-1:] or "") is not None \
                and not _LINE_END.search(last) and not _LINE_OPENS.match(text, lines[j + 1][0]):
            joins.append(lines[j][1])
            j += 1
        if joins:
            start = lines[i][0]
            runs.append((start, text[start:lines[j][1]].replace("\n", " "), joins))
        i = j + 1
    return runs


def _line_start(text: str, pos: int) -> bool:
    return not text[text.rfind("\n", 0, pos) + 1:pos].strip()


def _cut_by_wrap(text: str, c: Cand, join: int) -> bool:
    """A candidate that a wrap at `join` cut: see _across_lines."""
    before = text[c.start:join]
    words = before.split()
    whole_person = c.label == "PER" and len(words) > 1 and _norm_tok(words[-1]) not in lexicon()["title_first"]
    return c.start < join < c.end and gazetteer.lookup(before) is None and not whole_person \
        and (not _line_start(text, c.start) or len(words) == 1)


def _across_lines(text: str, model_per: list[tuple[int, int]]) -> list[Cand]:
    """The rules' names that a line break cuts (see _wrapped_runs): only those that cross a join."""
    out: list[Cand] = []
    for offset, run, joins in _wrapped_runs(text):
        toks = _tokens(run)
        found = _cap_run_cands(offset, run, toks) + _title_cands(offset, run, toks, model_per) \
            + _given_name_cands(offset, run, toks)
        # not two names on two lines, nor an office and its complement ("the King of" over "Norway's
        # envoy"): a place that ends a line is no first word of the next line's name; a line of several
        # words that the name opens is a heading ("Duke Edmund" over "Chronicle of the reign"), a single
        # word on its line is the wrap's ("Ambrose" over "Kettleby, the mate"); a person's name of two
        # words or more that ends a line is whole there ("Edmund III" over "Chronicle", "John Hale" over
        # "Typeset by: ..."), unless it ends with a title ("General Count" over "Wexley")
        out += [c for c in found if not c.role and any(_cut_by_wrap(text, c, j) for j in joins)]
    return out


_BLOCK = re.compile(r"\S(?:.|\n(?![ \t\u00a0]*\n))*")
_SENTENCE = re.compile(r"[^.!?]*(?:[.!?]+(?=\s+[^a-z\s]|\s*$)|$)(?:\s+|$)|.+", re.S)
_NON_INITIAL_CAP = re.compile(r"(?<=[\s(\[“\"'-])[A-Z]")


_CONNECTORS_LOWER = {"OF", "THE", "AND", "FOR", "DE", "VON", "AT", "IN", "ON", "TO"}


def _recase(line: str) -> str:
    """A heading in capitals written as a title ("TREATY OF PARIS" -> "Treaty of Paris"), same length,
    so that the rules for capitalised names read it; other lines as they are."""
    letters = _LETTER.findall(line)
    if len(letters) < 6 or any(c.islower() for c in letters) or len(line.split()) < 2:
        return line
    return re.sub(r"[^\W\d_]+", lambda m: m.group().lower() if m.group() in _CONNECTORS_LOWER and m.start() > 0
                  else m.group()[0] + m.group()[1:].lower(), line)


def _worth_reading(sentence: str) -> bool:
    """A sentence can hold a name only with a capital beyond an ordinary first word."""
    first = sentence.lstrip()[:20].split(" ", 1)[0].strip("“\"'(")
    return bool(_NON_INITIAL_CAP.search(sentence.lstrip(), 1)) or (first[:1].isupper() and first not in _FUNC_CAPS)


def _blocks(text: str, margin: int | None = None) -> list[tuple[int, str]]:
    """What the model reads: paragraphs (lines up to a blank line), less sentences that cannot hold a name."""
    out = []
    for m in _BLOCK.finditer(text):
        block, keep, start = m.group(), [], None
        pos = 0
        for sm in _SENTENCE.finditer(block):
            if not sm.group():
                break
            if _worth_reading(sm.group()):
                if start is None:
                    start = sm.start()
                pos = sm.end()
            elif start is not None:
                keep.append((start, pos))
                start = None
        if start is not None:
            keep.append((start, pos))
        for s, e in keep:
            for ws, we in _windows(block, s, e, margin):
                chunk = block[ws:we].rstrip()
                if chunk:
                    out.append((m.start() + ws, chunk))
    return out


_WORD = re.compile(r"\S+")
# Tokens the NER's transition features look beyond a token (next token, entity start).
_STATE_REACH = 2


def context_words(nlp) -> int | None:
    """Words of context the NER needs on each side of a name, from its architecture; None = all.

    A CNN token encoder (spaCy's MaxoutWindowEncoder: window w, depth d) sees w * d tokens to
    each side, and the parser's state features a token or two more; words beyond that change
    none of its predictions (4 + 2 for the small English model). A model with an unbounded
    receptive field (a transformer, a listener to a shared encoder) reads everything.
    """
    try:
        cfg = nlp.config["components"]["ner"]["model"]["tok2vec"]["encode"]
        return int(cfg["window_size"]) * int(cfg["depth"]) + _STATE_REACH
    except (KeyError, TypeError, ValueError):
        return None


def _windows(block: str, start: int, end: int, margin: int | None) -> list[tuple[int, int]]:
    """Stretches of block[start:end] within `margin` words of a capitalised word (all of it if None)."""
    if margin is None:
        return [(start, end)]
    words = [(w.start(), w.end(), w.group()) for w in _WORD.finditer(block, start, end)]
    hot = [i for i, (_, _, w) in enumerate(words)
           if w.lstrip("“\"'([")[:1].isupper() and w.lstrip("“\"'([").rstrip(".,;:!?") not in _FUNC_CAPS]
    out: list[tuple[int, int]] = []
    for i in hot:
        lo, hi = max(0, i - margin), min(len(words) - 1, i + margin)
        if out and words[lo][0] <= out[-1][1] + 1 or out and lo <= out[-1][2] + 1:
            out[-1] = (out[-1][0], words[hi][1], hi)
        else:
            out.append((words[lo][0], words[hi][1], hi))
    return [(s, e) for s, e, _ in out]


# ---------------------------------------------------------------- model candidates

def _name_patterns() -> dict[str, re.Pattern[str]]:
    """Place prefixes and rulers' epithets of data/titles.yaml as patterns (built once)."""
    lex = lexicon()
    if "re_prefix" not in lex:
        alt = lambda words: "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))  # noqa: E731
        lex["re_prefix"] = re.compile(rf"(?:\b(?:{alt(lex['place_prefixes'])})\.?\s)$")
        lex["re_epithet"] = re.compile(rf"\s+the\s+(?:{alt(lex['epithets'])})\b(?![-’']\w)")
    return {"prefix": lex["re_prefix"], "epithet": lex["re_epithet"]}


def _clean_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Snap a span to whole words and drop a leading article, possessive 's and trailing junk."""
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "]|") and text[start].isalnum():
        start -= 1
    while end < len(text) and (text[end].isalnum() or text[end] in "]|") and text[end - 1].isalnum():
        end += 1
    # hyphenated names are one word: "Austria-Hungary"
    m = _HYPHEN_NEXT.match(text[end:end + 40])
    while m and text[end - 1].isalnum():
        end += m.end()
        m = _HYPHEN_NEXT.match(text[end:end + 40])
    m = _HYPHEN_PREV.search(text[max(0, start - 40):start])
    while m and text[start].isupper():
        start -= len(m.group())
        m = _HYPHEN_PREV.search(text[max(0, start - 40):start])
    span = text[start:end]
    lead = _LEAD.match(span)
    if lead:
        start += lead.end()
    span = text[start:end]
    trail = _TRAIL.search(span)
    if trail and trail.start() > 0:
        cut = trail.start()
        # keep the full stop of an abbreviation or initials: "U.S.", "Co."
        if span[cut:cut + 1] == "." and _ABBREV_END.search(span[:cut]):
            cut += 1
        end = start + cut
    # a place's or a saint's prefix the model left out: "St. Petersburg", "Cape Cod", "Fort Ross"
    m = _name_patterns()["prefix"].search(text[max(0, start - 12):start])
    if m and text[start:start + 1].isupper():
        start -= len(m.group())
    # a ruler's epithet after a given name: "Harald the Fair", "Louis the Pious"
    m = _name_patterns()["epithet"].match(text[end:end + 30])
    if m and len(text[start:end].split()) == 1:
        end += m.end()
    # a bracket opened inside the span but not closed
    if text[start:end].count("(") > text[start:end].count(")"):
        end = start + text[start:end].index("(")
        end = start + len(text[start:end].rstrip())
    return start, end


_INNER_POSSESSIVE = re.compile(r"[’']s\s")
_GERUND = re.compile(r"[A-Z][a-z]+ing\s+(?=[A-Z])")


def _trim_person(text: str, start: int, end: int) -> tuple[int, int]:
    """A person the model ran into the next or the previous word: "Mary's Coronation" (a possessive
    inside), "Charles I outside" (a lower-case word after), "Leaving Plevna" (a participle before)."""
    span = text[start:end]
    m = _INNER_POSSESSIVE.search(span)
    if m:
        end = start + m.start()
    while True:
        words = text[start:end].split()
        if len(words) >= 2 and words[-1].isalpha() and words[-1].islower() and words[-1] not in _PARTICLES:
            end = start + text[start:end].rstrip().rindex(" ")
            end = start + len(text[start:end].rstrip())
            continue
        break
    m = _GERUND.match(text, start)
    if m and _sentence_initial(text, start) and m.end() < end:
        start = m.end()
    m = _OPENER.match(text, start)
    if m and _sentence_initial(text, start) and m.end() < end:
        start = m.end()  # "Afterwards X", "Meanwhile X": a sentence's opening adverb, no given name
    return start, end


# Adverbs and conjunctions that open a sentence and that the model runs into the name after them.
_OPENER = re.compile(r"(?:[A-Z][a-z]+wards|Later|Meanwhile|Thereafter|Thereupon|Subsequently|Soon|Finally|"
                     r"Eventually|However|Moreover|Nevertheless|Thus|Hence|Yesterday|Tomorrow|Instead|Also|Still|"
                     r"Only|Perhaps|Once|Next|Again|Since|Although|Though|Whereupon|Until|Because|Whilst)\s+(?=[A-Z])")


_JOINED = re.compile(r"\s+(?:and\s+the|&|and)\s+")


def _split_joined(span: str) -> list[str]:
    """Two names the model read as one: "the Senate and the Synod", "Salzburg & Tyrol" (two places).

    "X and the Y" is two names; "X and Y" or "X & Y" only where both are places the gazetteer knows
    ("Hodder and Stoughton" stays one publisher).
    """
    m = _JOINED.search(span)
    if not m:
        return [span]
    left, right = span[:m.start()], span[m.end():]
    if not (left[:1].isupper() and right[:1].isupper()):
        return [span]
    if "the" in m.group().split() or gazetteer.lookup(left) is not None and gazetteer.lookup(right) is not None:
        return [left, *_split_joined(right)]
    return [span]


def _model_cands(doc_text: str, blocks: list[tuple[int, str]], settings: Settings) -> list[Cand]:
    nlp = load_model(settings)
    lex = lexicon()
    out: list[Cand] = []
    for (offset, block), sdoc in zip(blocks, nlp.pipe([s for _, s in blocks], batch_size=64)):
        for ent in sdoc.ents:
            label = MODEL_LABELS.get(ent.label_)
            if label is None or label == "PRODUCT":
                continue
            line_start = block.rfind("\n", 0, ent.start_char) + 1
            line_end = block.find("\n", ent.start_char)
            line = block[line_start:line_end if line_end >= 0 else len(block)]
            line_offset = offset + line_start
            # split at line breaks, commas, dashes, slashes: one span, several names
            ent_text = block[ent.start_char:ent.end_char]
            pieces = [q for p in _PIECES.split(ent_text) if p.strip() for q in _split_joined(p)]
            if label == "LOC" and _TOWN_STATE.fullmatch(ent_text):
                pieces = [ent_text]  # "Ellendale, Del.": a town and its state's abbreviation, one place
            pos = 0
            for piece in pieces:
                if not piece:
                    continue
                i = ent_text.index(piece, pos)
                pos = i + len(piece)
                start = offset + ent.start_char + i
                start, end = _clean_span(doc_text, start, start + len(piece))
                # a connector the model ran on with ("William III of"): the name ends before it
                m = re.search(r"(?:\s+(?:of|and|the|de|und|der|des|von))+$", doc_text[start:end])
                if m and m.start() > 0:
                    end = start + m.start()
                if label == "PER":
                    start, end = _trim_person(doc_text, start, end)
                    end = _of_place(doc_text, start, end)
                if end <= start:
                    continue
                span = doc_text[start:end]
                words = span.split()
                if not any(w[:1].isupper() for w in words) and not (
                        label in ("ORG", "LOC") and len(words) >= 2 and _head_of(words)[1] == label):
                    continue  # lower case: a name only if the model and a body's head noun agree ("the supreme court")
                if words[0].lower() in lex["text_genre_words"] or words[-1].lower() in lex["text_genre_words"]:
                    continue
                if span.rstrip(".") in _ABBREV:
                    continue
                if label == "PER" and len(words) == 1 and (_norm_tok(span) in lex["title_first"]
                                                           or span.lower() in lex["sovereign_words"]):
                    continue  # "proclaimed Emperor": a bare title is no name (the role rules read "the Emperor")
                if len(words) == 1 and span in lex["epithets"] and re.search(r"[A-Z][\w’'-]+\s+the\s+$",
                                                                           doc_text[max(0, start - 30):start]):
                    continue  # "Great" of "Peter the Great", read apart from the name
                label_part = _LABEL.match(line)
                if label_part and start < line_offset + label_part.end() - 2:
                    continue  # the label of a "Label: value" line
                tier = MODEL if len(pieces) == 1 else WEAK
                if label == "NORP":
                    if words[-1] in lex["party_set"]:
                        label = "ORG"  # Bolsheviks: a party's members name the party
                    else:
                        continue  # nationalities and their plurals ("Hungarians") are no bodies
                if label == "ORG" and len(words) >= 2 and gazetteer.is_country(span):
                    label = "LOC"  # "Soviet Union": a country's name, though its last word sounds like a body's
                if len(words) == 1 and _norm_tok(span) in lex["head_type"]:
                    continue  # "Army", "Party": a bare head noun is no name
                # an imperative at the start of a line ("Rate this article")
                after = doc_text[end:end + 6]
                if not doc_text[line_offset:start].strip() and len(words) == 1 and _IMPERATIVE.match(after):
                    continue
                out.append(Cand(start, end, label, tier, "model"))
    return out


# ---------------------------------------------------------------- rule candidates

def _name_run(toks: list[tuple[int, int, str]], i: int, limit: int = 5, lead_particle: bool = False) -> int:
    """Number of tokens of a personal name at token i: capitalised words, initials, roman numerals;
    with ``lead_particle`` (after a title) the name may open on its particle: "General von Kluck"."""
    lex = lexicon()
    j = i
    while j < len(toks) and j - i < limit * 2:
        tok = toks[j][2]
        if _is_initial(tok) and j + 1 < len(toks) and toks[j + 1][2] == ".":
            j += 2
            continue
        if (_is_cap(tok) and tok not in _FUNC_CAPS and tok not in _RUN_STOP and len(tok) > 1
                and _norm_tok(tok) not in lex["head_type"] and _norm_tok(tok) not in lex["title_first"]):
            j += 1
            continue
        if _ROMAN.match(tok) and j > i:
            j += 1
            continue
        # particles inside a name: "Barclay de Tolly", "Ludwig van Beethoven"
        if tok in _PARTICLES and (j > i or lead_particle) and j + 1 < len(toks) and _is_cap(toks[j + 1][2]) \
                and toks[j + 1][2] not in _FUNC_CAPS:
            j += 1
            continue
        break
    # a name ends on a word, not on an initial ("A. B." is no name) nor on a particle
    while j > i and (toks[j - 1][2] == "." or toks[j - 1][2] in _PARTICLES):
        j -= 2 if toks[j - 1][2] == "." else 1
    return max(j - i, 0)


def _cap_run_end(toks: list[tuple[int, int, str]], i: int) -> int:
    """End (exclusive token index) of a run of capitalised words joined by connectors, from token i."""
    lex = lexicon()
    j = i + 1
    seen_prep = False
    while j < len(toks):
        tok = toks[j][2]
        if toks[j][0] - toks[j - 1][1] > 1 and "\n" in tok:
            break
        if tok == "." and (toks[j - 1][2] in _ABBREV or _is_initial(toks[j - 1][2])) and j + 1 < len(toks) \
                and _is_cap(toks[j + 1][2]):
            j += 1
            continue
        nxt = toks[j + 1][2] if j + 1 < len(toks) else ""
        if _is_initial(tok) and nxt == "." or _ROMAN.match(tok) and _is_cap(toks[j - 1][2]) and not _is_cap(nxt):
            j += 1
            continue
        if tok in _RUN_STOP and _is_cap(nxt) and nxt not in _RUN_STOP | _FUNC_CAPS and tok not in ("No", "Vol", "Volume"):
            j += 1
            continue
        if _is_cap(tok) and tok not in _RUN_STOP and (tok not in _FUNC_CAPS or
                                                       (tok == "The" and toks[j - 1][2] in ("of", "for"))):
            j += 1
            continue
        if tok in ("and", "&") and j + 1 < len(toks) and toks[j + 1][2] in ("the", "The"):
            break  # "the Senate and the Synod": two names
        if tok == "the" and seen_prep and j + 1 < len(toks) and toks[j + 1][2] in lexicon()["epithets"]:
            j += 2  # "Embassy of Peter the Great": a ruler's epithet belongs to the complement
            continue
        if tok in _CONNECT or (tok == "the" and toks[j - 1][2] in ("of", "for")):
            k = j + 1
            while k < len(toks) and toks[k][2] == "the":
                k += 1
            if k < len(toks) and _is_cap(toks[k][2]) and toks[k][2] not in _FUNC_CAPS | _RUN_STOP | {"The"}:
                seen_prep = seen_prep or tok in ("of", "for")
                j = k
                continue
            if k < len(toks) and toks[k][2] == "The" and tok in ("of", "for"):
                j = k
                continue
            break
        if tok == "," and seen_prep and j + 1 < len(toks) and _is_cap(toks[j + 1][2]):
            # "Centre for Social, Political and Economic Problems": a list of modifiers in a name
            k = j + 1
            while k < len(toks) and _is_cap(toks[k][2]) and _norm_tok(toks[k][2]) not in lex["head_type"]:
                k += 1
            if k < len(toks) and toks[k][2] == "and" and k > j + 1:
                j = k
                continue
            break
        if tok == "in" and seen_prep and j + 2 < len(toks) and toks[j + 1][2] == "the" \
                and _ORDINAL.match(toks[j + 2][2]):
            j += 3
            continue
        break
    while j > i and (toks[j - 1][2] in _CONNECT or toks[j - 1][2] in ("the", ",", "The")):
        j -= 1
    return j


_STATUTE_HEADS = {"act", "decree", "ukase", "ordinance", "statute", "proclamation"}


def _ruler_statute(words: list[str], head: str | None) -> bool:
    """A statute named by its maker ("the first Act of Anne and George", "a Decree of Harald"): a description
    of a law, not its title; the maker is the name here."""
    if head not in _STATUTE_HEADS or "of" not in words:
        return False
    after = words[words.index("of") + 1:]
    opening, _ = given_names()
    return bool(after) and after[0] in opening


def _cap_run_cands(offset: int, line: str, toks: list[tuple[int, int, str]]) -> list[Cand]:
    lex = lexicon()
    out: list[Cand] = []
    i = 0
    while i < len(toks):
        tok = toks[i][2]
        nxt = toks[i + 1][2] if i + 1 < len(toks) else ""
        starts = _is_cap(tok) and (tok not in _FUNC_CAPS or _is_initial(tok) and nxt == ".") and (
            tok not in _RUN_STOP or _is_cap(nxt) and nxt not in _RUN_STOP | _FUNC_CAPS)
        if not starts:
            i += 1
            continue
        j = _cap_run_end(toks, i)
        words = [t[2] for t in toks[i:j] if t[2] not in (".", ",")]
        head, kind = _head_of(words)
        content = [w for w in words if w not in _CONNECT and w not in ("the", "The")]
        start, end = toks[i][0], toks[j - 1][1]
        if kind and len(content) >= 2 and words[0].lower() not in lex["text_genre_words"] \
                and not _ruler_statute(words, head):
            start, end = _clean_span(line, start, end)
            if kind == "ORG" and head in lex["meeting_heads"] and _met_in_city(words, head):
                kind = "EVENT"
            out.append(Cand(offset + start, offset + end, kind, RULE, "rule", head=head))
            if kind == "ORG" and "of" in words:
                out.extend(_nested_place(offset, line, toks[i:j]))
        elif not kind and 2 <= len(content) <= 3 and len(words) == len(content) and all(_is_cap(w) for w in content) \
                and _country_core(content[-1]) == content[-1] and gazetteer.is_country(content[-1]):
            # "Soviet Russia", "Imperial Germany": a qualified country is the country
            out.append(Cand(offset + start, offset + end, "LOC", RULE, "rule"))
        i = max(j, i + 1)
    return out


def _met_in_city(words: list[str], head: str) -> bool:
    """A meeting's name that holds a city: "Congress of Vienna", "Paris Peace Conference"."""
    content = [w for w in words if w not in _CONNECT and w not in ("the", "The") and _norm_tok(w) != head]
    places = [gazetteer.lookup(w) for w in content]
    return any(p is not None and p.kind == "city" for p in places) and len(content) <= 2


def _nested_place(offset: int, line: str, toks: list[tuple[int, int, str]]) -> list[Cand]:
    """'Government of the French Republic' also names the place 'French Republic'."""
    words = [t[2] for t in toks]
    k = words.index("of")
    rest = [t for t in toks[k + 1:] if t[2] not in ("the", "The")]
    if not rest:
        return []
    head, kind = _head_of([t[2] for t in rest])
    is_place = kind == "LOC" or gazetteer.is_country(" ".join(t[2] for t in rest))
    if not is_place or _norm_tok(words[0]) not in ("government", "king", "kingdom", "president", "people"):
        return []
    return [Cand(offset + rest[0][0], offset + rest[-1][1], "LOC", RULE, "rule", nested=True, head=head)]


_OF_PLACE = re.compile(r"\s+of\s+([A-Z][\w’'\-]+(?:\s+[A-Z][\w’'\-]+)?)")


def _of_place(text: str, start: int, end: int) -> int:
    """End of a ruler's or noble's name with its land: "William of Orange", "Peter I of Russia"."""
    words = text[start:end].split()
    if not 1 <= len(words) <= 2 or len(words) == 2 and not _ROMAN.match(words[1]):
        return end
    m = _OF_PLACE.match(text, end)
    if not m:
        return end
    place = m.group(1)
    if gazetteer.lookup(place) is None:
        place = place.split()[0]
        if gazetteer.lookup(place) is None:
            return end
    return end + m.group().index(place) + len(place)


def _complement_place(offset: int, toks: list[tuple[int, int, str]]) -> list[Cand]:
    """The land of a title ("King of Poland", "Queen of the United Kingdom of ...") is a place too."""
    words = [t[2] for t in toks]
    n = len(words)
    if gazetteer.lookup(" ".join(words)) is None and _head_of(words)[1] != "LOC":
        n = next((k for k in (3, 2, 1) if k < len(words) and gazetteer.is_area(" ".join(words[:k]))), 0)
    if not n:
        return []
    return [Cand(offset + toks[0][0], offset + toks[n - 1][1], "LOC", RULE, "rule")]


_PLACE_OF = re.compile(r"(?<![\w-])(?:(?:city|town|kingdom|duchy|principality|isle|island|port|fortress|gulf|bay|"
                       r"strait|province)\s+of\s+(?:the\s+)?|river\s+)([A-Z][\w’'\-]+(?:\s+[A-Z][\w’'\-]+)?)")


_SETTLEMENT_HEADS = ("city", "town", "port", "fortress")


def _place_head_cands(text: str) -> list[Cand]:
    """A place named with a lower-case head: "the kingdom of England", "river Thames", "the city of Moscow".

    A settlement's head ("city", "town", "port", "fortress") is a description, not part of the name: the
    mention of "the capital city of Moscow" is "Moscow" (eval/ANNOTATING.md, 2026-12-06), unless the whole
    phrase is itself a known name ("the city of London", the City)."""
    out = []
    for m in _PLACE_OF.finditer(text):
        name = m.group(1)
        if not m.group().startswith("river") and gazetteer.lookup(name) is None:
            name = name.split()[0]
            if gazetteer.lookup(name) is None:
                continue
        start = m.start()
        if m.group().startswith(_SETTLEMENT_HEADS) and gazetteer.lookup(text[start:m.start(1) + len(name)]) is None:
            start = m.start(1)
        out.append(Cand(start, m.start(1) + len(name), "LOC", RULE, "rule"))
    return out


# A building or a fortress named after a pair of saints: "the Cathedral of Saints Peter and Paul",
# "Saints Peter and Paul Fortress", "SS. Cyril and Methodius Church" (the pair's names read alone are persons
# and short names of rulers called like them).
_SAINTS = (r"(?:Saints?|SAINTS?|Sts?\.?|SS\.|Ss\.)\s+[A-Z][\w’'-]+"
           r"\s+(?:and|&)\s+(?:(?:Saint|St\.?)\s+)?[A-Z][\w’'-]+")
_SACRED_HEADS = ("church", "cathedral", "chapel", "abbey", "basilica", "monastery", "convent", "priory", "lavra",
                 "fortress", "fort", "hospital", "college", "school")
_HEADS_ALT = "|".join(h + "|" + h.capitalize() for h in _SACRED_HEADS)
_DEDICATION = re.compile(rf"(?<![\w-])(?:(?:{_HEADS_ALT})\s+of\s+(?:the\s+)?(?:Holy\s+)?{_SAINTS}"
                         rf"|{_SAINTS}(?:[’']s?)?\s+(?:{'|'.join(h.capitalize() for h in _SACRED_HEADS)})\b)")


def _dedication_cands(text: str) -> list[Cand]:
    """A building named after its saints is one place: the saints' names in it are no persons of the text
    and no short names of a ruler called like them ("Peter" of "Cathedral of Saints Peter and Paul")."""
    out = []
    for m in _DEDICATION.finditer(text):
        words = text[m.start():m.end()].lower().split()
        head = words[0] if words[0] in _SACRED_HEADS else words[-1]
        label = "ORG" if head in ("college", "school", "hospital") else "LOC"
        out.append(Cand(m.start(), m.end(), label, STRONG, "rule"))
    return out


_ROLE_DETERMINERS = {"the", "The", "their", "Their", "his", "His", "her", "Her", "our", "Our"}


def _title_cands(offset: int, line: str, toks: list[tuple[int, int, str]],
                 model_per: list[tuple[int, int]]) -> list[Cand]:
    """Title + name ("Ensign X", "People's Commissar for Foreign Affairs X") and bare role mentions."""
    lex = lexicon()
    out: list[Cand] = []
    first = lex["title_first"]
    i = 0
    while i < len(toks):
        n = _match_title(toks, i) if _norm_tok(toks[i][2]) in first else 0
        if not n:
            i += 1
            continue
        t_start = toks[i][0]
        j = i + n
        while j < len(toks) and (more := _match_title(toks, j)):
            j += more  # stacked titles: "Admiral General Count X", "Chancellor Count X"
        # complement: "for Foreign Affairs", "of the Council of ..."
        comp_end = j
        if j < len(toks) and toks[j][2] in ("for", "of"):
            k = j + 1
            while k < len(toks) and toks[k][2] in ("the", "The", "all", "All"):
                k += 1  # "Emperor of all the Russias"
            if k < len(toks) and _is_cap(toks[k][2]):
                comp_end = _cap_run_end(toks, k)
                # "the King of Poland and the Queen of ...": another title ends the complement
                for x in range(k + 1, comp_end - 1):
                    y = x + 1 + (toks[x + 1][2] in ("the", "The"))
                    if toks[x][2] == "and" and y < len(toks) and _match_title(toks, y):
                        comp_end = x
                        break
                out.extend(_complement_place(offset, toks[k:comp_end]))
        name_start = comp_end
        name_len = _name_run(toks, name_start, lead_particle=True)
        if comp_end > j:
            # the name may have been swallowed by the complement: split at a model PERSON span
            for s, e in model_per:
                if offset + toks[j][0] < s < offset + toks[comp_end - 1][1] and e >= offset + toks[comp_end - 1][1] - 1:
                    name_start = next(x for x in range(j, comp_end) if offset + toks[x][0] >= s)
                    name_len = _name_run(toks, name_start, lead_particle=True)
                    comp_end = name_start
                    break
            else:
                name_len = _name_run(toks, comp_end, lead_particle=True) if comp_end < len(toks) else 0
        title_text = line[t_start:toks[comp_end - 1][1]]
        if name_len and _BROKEN_WORD.match(line, toks[name_start + name_len - 1][1]):
            i = name_start + name_len  # "General Gov¬ ernment": the name is half a word cut at a line end
            continue
        if name_len:
            n_start, n_end = toks[name_start][0], toks[name_start + name_len - 1][1]
            n_end = _of_place(line, n_start, n_end)
            out.append(Cand(offset + n_start, offset + n_end, "PER", STRONG, "rule", title=title_text))
            out.append(Cand(offset + t_start, offset + n_end, "PER", STRONG, "rule", nested=True, title=title_text))
            i = name_start + name_len
            continue
        # a role without a name: "the citizen Commander in Chief" (not "the General Assembly")
        if comp_end < len(toks) and _is_cap(toks[comp_end][2]) and toks[comp_end][0] - toks[comp_end - 1][1] <= 1:
            i = comp_end
            continue
        before = [t[2] for t in toks[max(0, i - 3):i]]
        start = t_start
        if before and before[-1] in lex["honorifics"]:
            start = toks[i - 1][0]
            before = before[:-1]
        elif len(before) >= 2 and before[-2] in _ROLE_DETERMINERS and _country_core(before[-1]) \
                and before[-1][:1].isupper() and not gazetteer.is_country(before[-1]):
            start = toks[i - 1][0]  # "the Turkish General": the office of a nation's side
            before = before[:-1]
        # "the Chairman", and a possessive's "their Hetman", "his Admiral": one holder of the office
        if before and before[-1] in _ROLE_DETERMINERS and not (set(before) & set(lex["role_blockers"])):
            out.append(Cand(offset + start, offset + toks[comp_end - 1][1], "PER", STRONG, "rule",
                            nested=True, role=_role_key(title_text)))
        i = comp_end
    return out


def _person_words(words: list[str]) -> bool:
    """Words that can make a personal name: no head noun of a body or a place ("Peter Academy"), no
    known place as a whole or as its last word, no title."""
    lex = lexicon()
    if _head_of(words)[1] is not None or gazetteer.lookup(" ".join(words)) is not None:
        return False
    last = words[-1]
    return not (gazetteer.lookup(last) is not None and not _ROMAN.match(last)) and _norm_tok(last) not in lex["head_type"]


def _given_name_cands(offset: int, line: str, toks: list[tuple[int, int, str]]) -> list[Cand]:
    """A known given name and the capitalised words after it: "Nikola X", "Samuel Y", "Charles A. Z".

    Not inside a longer capitalised run ("Royal William Yard"), not after a saint's or place's
    prefix ("St. Peter"), not before a head noun ("Alexander Palace", "Peter and Paul Fortress").
    """
    lex = lexicon()
    opening, _ = given_names()
    prefixes = set(lex["place_prefixes"])
    out: list[Cand] = []
    i = 0
    while i < len(toks):
        tok = toks[i][2]
        if tok not in opening:
            i += 1
            continue
        prev = toks[i - 1][2] if i else ""
        prev2 = toks[i - 2][2] if i >= 2 else ""
        if prev in prefixes or prev == "." and prev2 in prefixes or (
                _is_cap(prev) and prev not in _FUNC_CAPS and _norm_tok(prev) not in lex["title_first"]
                and not _is_initial(prev) and toks[i][0] - toks[i - 1][1] <= 1):
            i += 1
            continue
        n = _name_run(toks, i)
        # a list of names without commas (signatories): "A B C D" ends where the next given name opens
        n = next((k - i for k in range(i + 2, i + n) if toks[k][2] in opening
                  and not _is_initial(toks[k - 1][2]) and toks[k - 1][2] != "."), n)
        words = [t[2] for t in toks[i:i + n] if t[2] != "."]
        after = toks[i + n][2] if i + n < len(toks) else ""
        if n >= 2 and len(words) >= 2 and _person_words(words) and not (
                _is_cap(after) and _norm_tok(after) in lex["head_type"]) and after not in ("-", "–"):
            start = toks[i - 2][0] if prev == "." and prev2 in _TITLE_ABBREV else toks[i][0]  # "Prof. X Y"
            end = _of_place(line, toks[i][0], toks[i + n - 1][1])  # a ruler and his land: "Louis XIV of France"
            out.append(Cand(offset + start, offset + end, "PER", RULE, "rule"))
            i += n
            continue
        i += 1
    return out


def _given_name_types(text: str, cands: list[Cand]) -> None:
    """The model's body or place of two or three words that opens with a given name is a person
    ("Florence X" read as a body): its other words are no head noun and no place. A given name alone
    that the model read as a body is a person too."""
    opening, also = given_names()
    for c in cands:
        if c.nested or c.label not in ("ORG", "LOC") or c.tier > MODEL or c.head:
            continue
        words = text[c.start:c.end].split()
        if len(words) == 1 and c.label == "ORG" and words[0] in opening:
            c.label = "PER"  # "dear Edith", "Helen throws": a given name alone is no body
            continue
        if 2 <= len(words) <= 3 and (words[0] in opening or words[0] in also) and all(
                w[:1].isupper() for w in words) and _person_words(words):
            c.label = "PER"


_PSEUDONYM = re.compile(r"((?:[A-Z]\.\s*){1,3}[A-Z][\w\]\|’'\-]+|[A-Z][\w’'\-]+\s+[A-Z][\w\]\|’'\-]+)\s+\(([A-Z][\w’'\-]+)\)")
_AND_CO = re.compile(r"\b((?:[A-Z][\w’'\-]+\s+){0,2}[A-Z][\w’'\-]+)\s+and\s+Co\.")
_ISSUE = re.compile(r"(?:\b[Ii]n\s+)?((?:[A-Z][\w’'\-]*\s+){0,4}[A-Z][\w’'\-]*)\s+No\.?\s*\d+")
_FORMERLY = re.compile(r"([A-Z][\w’'\-\.]*(?:\s+[A-Z][\w’'\-\.]*)*)\s+\((?:formerly|now|later|earlier|previously|renamed)\s+([A-Z][^)\n]*)\)")


def _paren_place(word: str) -> bool:
    """A word in parentheses after a name that is a town or a country, not a second name: a place the
    gazetteer knows that is no given name and no city named after a person ("Lenin", "Kirov"); a given
    name that is also a town ("Sofia") is the town here, since a pseudonym is seldom a given name."""
    opening, _ = given_names()
    return gazetteer.lookup(word) is not None and word not in gazetteer.city_words() and word not in opening


def _line_rule_cands(offset: int, line: str, model_per: list[tuple[int, int]]) -> list[Cand]:
    lex = lexicon()
    out: list[Cand] = []
    paren = "(" in line
    for m in (_PSEUDONYM.finditer(line) if paren else ()):
        first = m.group(1)
        s, e = offset + m.start(), offset + m.end()
        if re.match(r"[A-Z]\.", first) or any(ps <= s + len(first) and pe >= s for ps, pe in model_per):
            if _paren_place(m.group(2)):  # "X Y (Plovdiv)": the person's town, not a pseudonym
                out.append(Cand(s, s + len(first), "PER", STRONG, "rule"))
                out.append(Cand(offset + m.start(2), offset + m.end(2), "LOC", STRONG, "rule"))
            else:
                out.append(Cand(s, e, "PER", STRONG, "rule", pseudonym=m.group(2)))
    for m in (_AND_CO.finditer(line) if "Co." in line else ()):
        words = m.group(1).split()
        while words and words[0] in _FUNC_CAPS:
            words = words[1:]
        if words:
            s = offset + m.end(1) - len(" ".join(words))
            out.append(Cand(s, offset + m.end(1), "PER", STRONG, "rule"))
    for m in (_ISSUE.finditer(line) if "No" in line else ()):
        words = m.group(1).split()
        while words and (words[0] in _RUN_STOP or words[0] in _FUNC_CAPS):
            words = words[1:]
        if words:
            name = " ".join(words)
            s = offset + m.start(1) + m.group(1).index(name)
            out.append(Cand(s, s + len(name), "WORK", STRONG, "rule"))
    m = lex["re_source"].match(line)
    if m and m.group(1).strip()[:1].isupper() and "://" not in m.group(1) and "." not in m.group(1).split()[0]:
        value = m.group(1).strip()
        head, kind = _head_of(value.split())
        if kind in (None, "WORK"):
            s = offset + m.start(1) + m.group(1).index(value)
            s, e = _clean_span(line, s - offset, s - offset + len(value))
            out.append(Cand(offset + s, offset + e, "WORK", STRONG, "rule"))
    for m in (_FORMERLY.finditer(line) if paren else ()):
        x_s, x_e = offset + m.start(1), offset + m.end(1)
        y_s = offset + m.start(2)
        y_e = y_s + len(m.group(2).rstrip(" .,"))
        place = gazetteer.lookup(m.group(1)) or gazetteer.lookup(m.group(2))
        if place:
            out.append(Cand(x_s, x_e, "LOC", STRONG, "rule"))
        # the earlier name takes the type of the name it glosses
        out.append(Cand(y_s, y_e, "LOC" if place else "?", STRONG, "rule", alias_of=(x_s, x_e)))
    for m in lex["re_party"].finditer(line):
        out.append(Cand(offset + m.start(), offset + m.end(), "ORG", RULE, "rule"))
    for m in lex["re_collective"].finditer(line):
        out.append(Cand(offset + m.start(), offset + m.end(), "ORG", RULE, "rule"))
    for m in (lex["re_government"].finditer(line) if "government" in line else ()):
        words = m.group(1).split()
        while words and words[0] in _FUNC_CAPS:
            words = words[1:]
        if words:
            pre = line[:m.start(1)].rstrip().split()[-1:] or [""]
            if pre[0] not in ("a", "an"):
                s = offset + m.start(1) + m.group(1).index(words[0])
                out.append(Cand(s, offset + m.end(), "ORG", RULE, "rule", head="government"))
    for m in lex["re_country_event"].finditer(line):
        if _country_core(m.group(1)):
            out.append(Cand(offset + m.start(), offset + m.end(), "EVENT", RULE, "rule"))
    return out


def _block_rule_cands(text: str) -> list[Cand]:
    """Rules over several lines: signature blocks (name line, then a title line) and publisher fields."""
    lex = lexicon()
    out: list[Cand] = []
    lines, pos = [], 0
    for line in text.split("\n"):
        lines.append((pos, line))
        pos += len(line) + 1
    name_line = re.compile(r"^\s*((?:[A-Z]\.\s*){0,3}[A-Z][\w\]\|’'\-]+(?:\s+[A-Z][\w\]\|’'\-]+){0,2}"
                           r"(?:\s*\([A-Z][\w’'\-]+\))?),?\s*$")
    for k, (start, line) in enumerate(lines):
        m = name_line.match(line)
        nxt = next(((s, l) for s, l in lines[k + 1:k + 3] if l.strip()), None)
        if m and nxt and lines[k + 1][1].strip():
            toks = _tokens(nxt[1].strip())
            if toks and _match_title(toks, 0):
                title = nxt[1].strip().rstrip(",.;")
                t_start = nxt[0] + nxt[1].index(title[0])
                n_s, n_e = start + m.start(1), start + m.end(1)
                name_toks = _tokens(m.group(1))
                if _match_title(name_toks, 0):  # "General X" over "Commander of ...": the name is X
                    n_s = start + m.start(1) + name_toks[_match_title(name_toks, 0)][0] \
                        if _match_title(name_toks, 0) < len(name_toks) else n_s
                pseud = re.search(r"\(([^)]+)\)", m.group(1))
                out.append(Cand(n_s, n_e, "PER", STRONG, "rule", pseudonym=pseud.group(1) if pseud else None))
                out.append(Cand(t_start, t_start + len(title), "PER", STRONG, "rule", nested=True,
                                signer=(n_s, n_e), role=_role_key(title)))
        pm = lex["re_publisher"].match(line)
        if pm:
            value_start, value = start + pm.start(1), pm.group(1).strip()
            if not value and nxt:
                value_start, value = nxt[0], nxt[1]
            value = value.strip()
            if value[:1].isupper() and len(value.split()) <= 6:
                s = value_start + (text[value_start:].index(value[0]) if value else 0)
                out.append(Cand(s, s + len(value), "ORG", STRONG, "rule"))
    return out


# a nation's force as one body ("the Swedish army", "the Russian fleet"); plural or arm-of-service
# nouns ("Russian troops", "Polish forces", "Russian cavalry") describe soldiers, not a named body
_FORCE = re.compile(r"\b(?:(?:the|a|an)\s+)?([A-Z][a-z]+)\s+(?:army|armies|navy|fleet|force|squadron)\b")
_PEOPLE = re.compile(r"\b(?:the|The)\s+([A-Z][a-z]+s)\b(?![-’']\w)")


_LAND_FORCE = {"army", "armies", "force"}


def _group_cands(text: str) -> list[Cand]:
    """A nation's armed force or the nation as an actor: "the Swedish army", "a Russian force", "the Swedes".

    Where the text names the nation's land army, "the Swedes" of the same text is that army fighting
    (ORG, one entity with it): a battle narrative says "the Swedish army" and "the Swedes" of one force.
    """
    out = []
    armies: dict[str, tuple[int, int]] = {}
    for m in _FORCE.finditer(text):
        if (country := _country_core(m.group(1))):
            out.append(Cand(m.start(1), m.end(), "ORG", RULE, "group"))
            if m.group(0).split()[-1].lower() in _LAND_FORCE:
                article = re.search(r"(?:\b(?:the|a|an)\s+)?$", text[max(0, m.start(1) - 5):m.start(1)], re.IGNORECASE)
                armies.setdefault(country, (m.start(1) - len(article.group(0)), m.end()))  # with its article
    for m in _PEOPLE.finditer(text):
        word = m.group(1)
        if _country_core(word) and gazetteer.lookup(word) is None:  # "the Russians", not "the Netherlands"
            army = armies.get(_country_core(word) or "")
            if army is not None:
                out.append(Cand(m.start(1), m.end(1), "ORG", RULE, "group", alias_of=army))
                continue
            # a people acting ("the Swedes took the town") is its state's force or government: a body,
            # not a place, even where the text names the state itself
            out.append(Cand(m.start(1), m.end(1), "ORG", RULE, "group"))
    return out


@lru_cache(maxsize=1)
def _institution_pattern() -> re.Pattern[str]:
    words = "|".join(re.escape(w) for w in lexicon()["institutions"])
    return re.compile(rf"(?<![\w’'-])({words})(?![\w’'-])(?![ \t]+(?:(?:of|for|de)\b|[A-Z]))")


_POSSESSIVE_DETERMINERS = {"my", "his", "her", "our", "their", "your", "its"}


def _institution_cands(text: str) -> list[Cand]:
    """A body named by its head noun alone: "the Senate", "Parliament met", "the Porte" (rule tier).

    Not inside a longer capitalised name ("Governing Senate", "Senate Square") nor before "of" ("Council
    of Ten"), and not as a sentence's first word without "The" ("Government is ...").
    """
    out = []
    for m in _institution_pattern().finditer(text):
        before = text[max(0, m.start() - 30):m.start()]
        prev = re.search(r"([\w’'.-]+)[ \t]*$", before)
        if prev and prev.group(1)[:1].isupper() and prev.group(1) not in _FUNC_CAPS or _sentence_initial(text, m.start()):
            continue
        if prev and prev.group(1).lower() in _POSSESSIVE_DETERMINERS:
            continue  # "my Government", "his Council": a person's own body described, not named
        out.append(Cand(m.start(), m.end(), "ORG", RULE, "rule"))
    return out


@lru_cache(maxsize=1)
def _area_pattern() -> re.Pattern[str]:
    names = "|".join(re.escape(n) for n in gazetteer.area_names())
    return re.compile(rf"(?<![\w-])(?:{names})(?![\w]|-[A-Z])")


def _area_cands(text: str) -> list[Cand]:
    """States, continents, regions, seas, rivers and islands the gazetteer knows, wherever they stand.

    Model-tier: the model's and the rules' readings of the same words win ("Church of England").
    """
    out = []
    for m in _area_pattern().finditer(text):
        start, end = m.start(), m.end()
        place = gazetteer.lookup(m.group())
        if place is not None and place.kind == "water":  # "the River Neva", "the Dvina River": one name
            if (before := _RIVER_BEFORE.search(text, max(0, start - 6), start)) is not None:
                start = before.start()
            elif (after := _RIVER_AFTER.match(text, end)) is not None:
                end = after.end()
        out.append(Cand(start, end, "LOC", MODEL, "gazetteer"))
    return out


def _exonym_cands(text: str, german: list[tuple[int, int]]) -> list[Cand]:
    """A country named in the language of a line not in English ("la Russie", "Sverige"): a place."""
    pattern = _exonym_pattern()
    out = []
    for start, end in sorted(set(foreign_lines(text)) | set(german)):
        out += [Cand(m.start(), m.end(), "LOC", STRONG, "gazetteer") for m in pattern.finditer(text, start, end)]
    return out


@lru_cache(maxsize=1)
def _exonym_pattern() -> re.Pattern[str]:
    alt = "|".join(re.escape(n) for n in sorted(gazetteer.exonyms(), key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alt})(?![\w-])")


_RIVER_BEFORE = re.compile(r"(?<![\w-])River[ \t]+$")
_RIVER_AFTER = re.compile(r"[ \t]+River(?![\w-])")


# A city the gazetteer knows is tagged where the model and the rules left its name alone ("(Sliven)",
# "Pskov-Velikiye Luki"), if it is this big: smaller towns share too many names with people and words.
_CITY_POPULATION = 50_000
_CAP_NAME = re.compile(r"(?<![\w’'.-])[A-Z][a-z\u00c0-\u024f’'-]+(?:\s[A-Z][a-z\u00c0-\u024f’'-]+)?(?![\w’'])")


def _city_cands(text: str) -> list[Cand]:
    """Cities of the gazetteer wherever they stand alone (weakest tier: any other reading wins).

    Not a word the text also writes in lower case ("Nice"), not a given name, title, head noun or
    function word, and not part of a longer capitalised name ("Moscow Streltsy", "London Gazette").
    """
    lex = lexicon()
    opening, also = given_names()
    written = None
    out = []
    for m in _CAP_NAME.finditer(text):
        for name, s in ((m.group(), m.start()), (m.group().split()[0], m.start())):
            e = s + len(name)
            place = gazetteer.lookup(name)
            if place is None or place.kind != "city" or place.population < _CITY_POPULATION:
                continue
            first = name.split()[0]
            if name in gazetteer.city_words() or _sentence_initial(text, s) and " " not in name:
                break  # "Most of the ...": a word at a sentence's start, not the town of Most
            if first in opening or first in also or first in _FUNC_CAPS | _RUN_STOP or _norm_tok(first) in lex["title_first"] \
                    or _norm_tok(name.split()[-1]) in lex["head_type"]:
                break
            before = re.search(r"([A-Z][\w’'-]*)[ \t]+$", text[max(0, s - 30):s])
            after = re.match(r"[ \t]+([A-Z][\w’'-]*)", text[e:e + 30])
            if before and before.group(1) not in _FUNC_CAPS or after and after.group(1) not in _FUNC_CAPS | _RUN_STOP:
                break
            if written is None:
                written = set(re.findall(r"[\w-]+", text))
            if name.lower() in written:
                break
            out.append(Cand(s, e, "LOC", WEAK, "gazetteer"))
            break
    return out


_EVENT_OF = re.compile(r"(?<![\w-])(?:battle|siege|storming|sack|treaty|peace|massacre|relief|burning)\s+(?:of|at)\s+"
                       r"(?:the\s+)?[A-Z][\w’'\-]+(?:\s+[A-Z][\w’'\-]+)?(?!\s+[A-Z]|[\w’'\-])")
_EVENT_AFTER = re.compile(r"(?<![\w-])((?![A-Z][\w’'\-]*[’']s\s)[A-Z][\w’'\-]+\s+){1,2}(?:uprising|rebellion|revolt|mutiny|insurrection|"
                          r"campaigns?|riots?|war)(?:\s+of\s+1\d{3})?(?![\w-])"
                          # "the Allied war effort": the head modifies another noun
                          r"(?!\s+(?:effort|efforts|aims?|debts?|loans?|party|cabinet|office|ministry|minister|council|"
                          r"zone|crimes?|credits|industry|production|economy|measures|policy|years?|time|footing)\b)")


_EVENT_HEAD_WORDS = ("uprising", "revolution", "rebellion", "revolt", "mutiny", "insurrection", "riot", "riots", "war",
                     "campaign", "rising", "massacre")
_LOWER_HEAD = "|".join(_EVENT_HEAD_WORDS)
_UPPER_HEAD = "|".join(w.capitalize() for w in _EVENT_HEAD_WORDS)
# an event named by its year: "the April Uprising of 1876", "the revolution of 1905", "the 1905 uprising"
_EVENT_YEAR = re.compile(rf"(?<![\w-])(?:(?:(?![A-Z][\w’'\-]*[’']s\s)[A-Z][\w’'\-]+\s+){{0,2}}(?:{_UPPER_HEAD})"
                         rf"|(?<=the\s)(?:{_LOWER_HEAD})|(?<=The\s)(?:{_LOWER_HEAD}))\s+of\s+1\d{{3}}(?![\w-])"
                         rf"|(?<=the\s)1\d{{3}}\s+(?:{_LOWER_HEAD})(?![\w-])")


def _year_event_cands(text: str) -> list[Cand]:
    """Events named by their year ("the Russian Revolution of 1905", "the revolution of 1905", "the 1905
    uprising"): the year is part of the name, which a reader would otherwise cut at the head noun."""
    out = []
    for m in _EVENT_YEAR.finditer(text):
        start = m.start()
        words = m.group(0).split()
        while words and words[0] in _FUNC_CAPS:  # "The April Uprising of 1876": the article opens no name
            start = text.index(words[0], start) + len(words[0])
            start += len(text[start:m.end()]) - len(text[start:m.end()].lstrip())
            words = words[1:]
        if len(words) >= 2:
            out.append(Cand(start, m.end(), "EVENT", STRONG, "rule"))
    return out


def _event_cands(text: str) -> list[Cand]:
    """Named events written with a lower-case head: "the battle of Narva", "the Streltsy uprising of 1698"."""
    lex = lexicon()
    out = _year_event_cands(text)
    for m in _EVENT_OF.finditer(text):
        out.append(Cand(m.start(), m.end(), "EVENT", RULE, "rule"))
    for m in _EVENT_AFTER.finditer(text):
        start = m.start()
        for word in m.group(0).split():
            if not (word in _FUNC_CAPS | _RUN_STOP or _norm_tok(word) in lex["title_first"]):
                break
            start = text.index(word, start) + len(word)
            start += len(text[start:m.end()]) - len(text[start:m.end()].lstrip())
        rest = text[start:m.end()]
        if len(rest.split()) < 2 or not rest[:1].isupper():
            continue
        if _sentence_initial(text, start) and not _country_core(rest.split()[0]) and len(rest.split()) == 2:
            continue  # "Peasant revolts broke out": a common noun at a sentence's start
        out.append(Cand(start, m.end(), "EVENT", RULE, "rule"))
    return out


@lru_cache(maxsize=1)
def _sovereign_pattern() -> re.Pattern[str]:
    words = "|".join(sorted(lexicon()["sovereign_words"], key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:the|The|his|His|her|Her|their|Their|your|Your)\s+(?:([A-Z][a-z]+)\s+)?"
                      rf"((?i:{words}))(?![\w-])(?!['’](?!s\b))(?!['’]?s?\s+(?:of\s+)?[A-Z]|\s+[a-z]+\s+[A-Z])")


@lru_cache(maxsize=1)
def _lower_title_pattern() -> re.Pattern[str]:
    words = "|".join(w for w in sorted(lexicon()["sovereign_words"], key=len, reverse=True)
                     if w not in ("majesty", "majesties", "highness", "sovereign"))
    return re.compile(rf"(?<![\w-])({words})\s+([A-Z][a-z’'-]+(?:\s+[A-Z][a-z’'-]+)?(?:\s+[IVX]{{1,4}})?)(?![\w’'-])")


def _lower_title_cands(text: str) -> list[Cand]:
    """A sovereign's title in lower case before the name ("the emperor Alexander II", "king James"): the
    title and the name are one mention, as with a capitalised title, and the name another."""
    out = []
    for m in _lower_title_pattern().finditer(text):
        name = m.group(2)
        first = name.split()[0]
        if first in _FUNC_CAPS | _RUN_STOP or gazetteer.lookup(name) is not None or _norm_tok(first) in lexicon()["head_type"]:
            continue  # "the king Sweden chose" is no name; nor "the tsar In"
        out.append(Cand(m.start(2), m.end(2), "PER", STRONG, "rule", title=m.group(1)))
        out.append(Cand(m.start(), m.end(), "PER", STRONG, "rule", nested=True, title=m.group(1)))
    return out


def _sovereign_cands(text: str) -> list[Cand]:
    """A sovereign named by office, with its determiner ("the tsar", "his Majesty", "the Russian czar").

    Not before a name or a land ("the Tsar Nicholas", "the King of Poland": the title rules read those).
    """
    out = []
    for m in _sovereign_pattern().finditer(text):
        if m.group(1) and not _country_core(m.group(1)) or m.group(2)[:1].isupper() \
                and _norm_tok(m.group(2)) in lexicon()["title_first"] and not m.group(1):
            continue  # "the Tsar": the title rules' role mention
        out.append(Cand(m.start(), m.end(), "PER", RULE, "rule", role=_role_key(m.group(2))))
    return out


_STYLE_ADJECTIVES = ("Imperial", "Royal", "Serene", "Britannic", "Apostolic", "Catholic", "Most Christian")


@lru_cache(maxsize=1)
def _majesty_pattern() -> re.Pattern[str]:
    titles = "|".join(w.capitalize() for w in sorted(lexicon()["sovereign_words"], key=len, reverse=True)
                      if w not in ("majesty", "majesties", "highness", "sovereign"))
    styles = "|".join(_STYLE_ADJECTIVES)
    word = r"[A-Z][\w’'\-]+"
    return re.compile(rf"(?<![\w-])(?P<style>(?:his|His|her|Her|their|Their|your|Your)\s+(?:(?:{styles})\s+)?"
                      rf"(?:Majesty|Highness))(?![\w-])(?![’']s\s+[A-Z])"  # not "Her Majesty's Printing Office"
                      rf"(?:\s+the\s+(?P<office>{titles})(?![\w-])"
                      rf"(?P<of>\s+of\s+(?:(?P<land>{word}(?:\s+{word}){{0,2}})(?![\w’'\-]|\s+[A-Z]))?)?)?")


def _majesty_cands(text: str) -> list[Cand]:
    """A sovereign addressed by style ("his Majesty the Emperor of Russia", "His Imperial Majesty"): the
    style with the office it is in apposition to is one mention of the ruler, written as the text has it.

    Chancery and diplomatic prose of every court writes the ruler this way; the office alone ("Emperor")
    or a bare style read from inside the phrase would cut the mention short."""
    out = []
    for m in _majesty_pattern().finditer(text):
        end = m.end()
        land = m.group("land")
        if m.group("of") and not (land and (gazetteer.lookup(land) or _country_core(land))):
            # "the Queen of the United Kingdom of ...", "the King of Hearts": the office goes on in a
            # name the title rules read; the style alone is the mention here
            end = m.end("style")
        role = _role_key(m.group("office")) if m.group("office") else "majesty"
        out.append(Cand(m.start(), end, "PER", STRONG, "rule", role=role))
    return out


def _with_article(text: str, cands: list[Cand]) -> None:
    """Role mentions and peoples as actors keep their article, as the text (and the gold) write them:
    "the Tsar", "the Swedes"."""
    honorifics = set(lexicon()["honorifics"])
    for c in cands:
        first = text[c.start:c.end].split(" ", 1)[0]
        if (c.role and not c.signer and first not in honorifics or c.source == "group") \
                and text[max(0, c.start - 4):c.start] in ("the ", "The "):
            c.start -= 4  # (not before an honorific: "the citizen Commander in Chief" is written without it)


_FOUNDING_OF = re.compile(r"(?:Foundation|Founding)\s+of\s+(?:the\s+)?(?=[A-Z])")


def _founding_of_place(text: str, cands: list[Cand]) -> None:
    """"Foundation of <a town>" (a heading) is the act of founding a place, no body: the mention is
    the place, when the gazetteer knows it ("the Rockefeller Foundation of New York" stays a body)."""
    for c in cands:
        m = _FOUNDING_OF.match(text, c.start)
        if c.nested or c.label != "ORG" or m is None:
            continue
        if gazetteer.lookup(text[m.end():c.end]) is not None:
            c.start, c.label = m.end(), "LOC"


@lru_cache(maxsize=1)
def _sacred_pattern() -> re.Pattern[str]:
    names = sorted(lexicon()["sacred_persons"], key=len, reverse=True)
    return re.compile(rf"(?<![\w-])(?:{'|'.join(re.escape(n) for n in names)})(?![\w-])")


def _sacred_cands(text: str) -> list[Cand]:
    """Founders of religions, persons wherever they stand: "from the birth of Christ" (the model misses them)."""
    return [Cand(m.start(), m.end(), "PER", RULE, "rule") for m in _sacred_pattern().finditer(text)]


@lru_cache(maxsize=1)
def _platform_patterns() -> list[tuple[str, re.Pattern[str]]]:
    out = []
    for label, names in lexicon()["web_platforms"].items():
        alt = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
        out.append((label, re.compile(rf"(?<![\w./@+-])(?:{alt})(?![\w/@+-]|\.\w)")))
    return out


def _platform_cands(text: str) -> list[Cand]:
    """Web platforms named by a page's share buttons and credits ("Share on Facebook", "From Wikipedia"):
    bodies and a work wherever they stand (the model reads "Twitter" as anything)."""
    return [Cand(m.start(), m.end(), label, RULE, "rule") for label, pattern in _platform_patterns()
            for m in pattern.finditer(text)]


def _seed_cands(doc: Document) -> list[Cand]:
    """Authors and translators the metadata stage found are people wherever their names stand."""
    out: list[Cand] = []
    for name in [*doc.citation.authors, *doc.citation.translators]:
        if not name or len(name.split()) < 2:
            continue  # "Staff", "Editors": a one-word byline is no name to spread
        for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", doc.text):
            out.append(Cand(m.start(), m.end(), "PER", RULE, "rule"))
    return out


# ---------------------------------------------------------------- settling candidates

def _overlaps(a: Cand, b: Cand) -> bool:
    return a.start < b.end and b.start < a.end


def _named_role(c: Cand, o: Cand) -> bool:
    """A person's name (c) that starts with a bare role mention (o) and runs beyond it."""
    return bool(o.role and not o.signer and c.label == "PER" and c.start <= o.start and c.end > o.end)


class _SpanIndex:
    """Candidates by 64-character stretch of text: those that may overlap a span, without scanning all
    (settling stays linear in the document's length)."""

    def __init__(self) -> None:
        self.buckets: dict[int, list[Cand]] = defaultdict(list)

    def add(self, c: Cand) -> None:
        for b in range(c.start >> 6, (max(c.start, c.end - 1) >> 6) + 1):
            self.buckets[b].append(c)

    def near(self, c: Cand) -> Iterator[Cand]:
        for b in range(c.start >> 6, (max(c.start, c.end - 1) >> 6) + 1):
            yield from self.buckets.get(b, ())


def _settle(cands: list[Cand]) -> list[Cand]:
    """Keep the best candidate of each overlapping group: higher tier, then longer; nested ones ride along."""
    kept: list[Cand] = []
    outer: list[Cand] = []
    outer_spans: set[tuple[int, int]] = set()
    outer_near, kept_near = _SpanIndex(), _SpanIndex()
    taken = bytearray(max((c.end for c in cands), default=0) + 1)
    for c in sorted(cands, key=lambda c: (-c.tier, -(c.end - c.start), c.start)):
        if c.nested:
            if (c.start, c.end) not in outer_spans:
                outer_spans.add((c.start, c.end))
                outer.append(c)
                outer_near.add(c)
            continue
        if any(taken[c.start:c.end]):
            continue
        # a model span that straddles a rule's outer mention would cut it; but a person the model
        # reads on from a bare title ("Duke d'Urfel") is the name the title rule could not read
        if c.tier <= MODEL and any(_overlaps(c, o) and not (o.start <= c.start and c.end <= o.end)
                                   and not _named_role(c, o) for o in outer_near.near(c)):
            continue
        kept.append(c)
        kept_near.add(c)
        taken[c.start:c.end] = b"\x01" * (c.end - c.start)
    outer = [o for o in outer if not any(_named_role(k, o) for k in kept_near.near(o))]
    outer = [o for o in outer  # an outer mention must not be cut by a kept mention straddling its edge
             if not any(_overlaps(o, k) and not (o.start <= k.start and k.end <= o.end)
                        and not (k.start <= o.start and o.end <= k.end) for k in kept_near.near(o))]
    # the title words of a title + name or role mention are no body ("People's Commissar ...")
    starts = {o.start for o in outer if o.label == "PER"}
    kept = [k for k in kept if not (k.label != "PER" and k.start in starts)]
    spans = {(k.start, k.end) for k in kept}
    outer = [o for o in outer if (o.start, o.end) not in spans]
    return sorted(kept + outer, key=lambda c: (c.start, -c.end))


def _coordinate(text: str, cands: list[Cand]) -> None:
    """Names in one list ("A, B and C") share a type: people if any is a person and none a known place."""
    lex = lexicon()
    flat = [c for c in cands if not c.nested]
    groups: list[list[Cand]] = []
    cur: list[Cand] = []
    seps: list[str] = []
    for c in flat + [None]:
        sep = text[cur[-1].end:c.start] if cur and c is not None else None
        if c is not None and cur and sep is not None and re.fullmatch(r",\s*|\s+and\s+|,\s+and\s+|,?\s*&\s*", sep):
            cur.append(c)
            seps.append(sep)
            continue
        # a list ends with "and": "A, B and C", "A and B", "A, B & C"
        if len(cur) >= 2 and ("and" in seps[-1] or "&" in seps[-1]):
            groups.append(cur)
        elif len(cur) >= 3:  # "A, B, C and the rest of the province": a list of places ends on other words
            _places_in_list(text, cur)
        cur, seps = ([c] if c is not None else []), []
    for group in groups:
        _places_in_list(text, group)

        def person(c: Cand) -> bool:
            word = text[c.start:c.end]
            return c.label == "PER" or (len(word.split()) == 1 and gazetteer.lookup(word) is None
                                        and any(word.lower().endswith(s) for s in lex["surname_suffixes"])
                                        and c.tier <= MODEL)
        if any(person(c) for c in group) and not any(c.label == "LOC" and gazetteer.lookup(text[c.start:c.end])
                                                      for c in group):
            for c in group:
                if c.label != "PER" and c.tier <= MODEL and len(text[c.start:c.end].split()) == 1:
                    c.label = "PER"
                    c.tier = MODEL


def _places_in_list(text: str, group: list[Cand]) -> None:
    """A list of places ("Nizhny Novgorod and Kazan", "Vitebsk and Orsha"): where every name is a place or a
    town of the gazetteer, the model's person or body among them is a place too, unless a rule typed it."""
    opening, also = given_names()

    def town(c: Cand) -> bool:
        word = text[c.start:c.end]
        place = gazetteer.lookup(word)
        return place is not None and word.split()[0] not in opening | also and (
            place.kind != "city" or place.population >= _CITY_POPULATION)

    def unknown(c: Cand) -> bool:  # one word the gazetteer and the given names do not know
        word = text[c.start:c.end]
        return " " not in word and gazetteer.lookup(word) is None and word not in opening | also

    places = [c for c in group if c.label == "LOC" or town(c)]
    # "Obernau, Linz & Styria": a name no one knows, listed with two known places or more, is a place
    strangers = [c for c in group if c not in places and c.tier <= MODEL and not c.title and unknown(c)]
    known = [c for c in places if town(c)]
    # "the towns of A, B and C", "the mountains A and B": the head in the plural names what the list holds
    headed = _place_plural_before(text, group[0].start)
    if not headed and len(places) < len(group) and not (len(known) >= 2 and len(places) + len(strangers) == len(group)):
        return
    for c in group:
        if c.label in ("PER", "ORG") and c.tier <= MODEL and not c.title and (headed or town(c) or c in strangers):
            c.label = "LOC"
            if headed:  # the list's head outweighs the model's guesses at the same names elsewhere
                c.tier = STRONG


@lru_cache(maxsize=1)
def _place_plural_pattern() -> re.Pattern[str]:
    words = "|".join(sorted(lexicon()["place_plurals"], key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{words})(?:\s+of)?(?:\s+the)?\s+$")


def _place_plural_before(text: str, start: int) -> bool:
    """A plural head of places in lower case right before a list ("the towns of", "the cantons")."""
    return bool(_place_plural_pattern().search(text[max(0, start - 40):start]))


_CAP_WORD = re.compile(r"[A-Z][a-z]{2,}(?:[’']s)?")


_LIST_GOES_ON = re.compile(r",\s+([A-Z][a-z]{2,})(?=\s*,\s*[A-Z]|\s+and\s+[A-Z])")


def _coordinated_people(text: str, cands: list[Cand]) -> list[Cand]:
    """A lone capitalised word joined by 'and' to a person's name is a person too ("the Hendersons
    and Sidney Webbs"), unless it is a known place, a title, a head noun or a function word."""
    lex = lexicon()
    taken = bytearray(len(text) + 1)
    for c in cands:
        if not c.nested:
            taken[c.start:c.end] = b"\x01" * (c.end - c.start)
    out: list[Cand] = []
    queue = [c for c in cands if not c.nested and c.label == "PER"]
    for c in queue:  # a person found here extends the list on: "Mr. Hale, Quill and Lorrimer"
        before = re.search(r"(?<![\w-])([A-Z][a-z]{2,})\s+and\s+$", text[max(0, c.start - 40):c.start])
        after = re.match(r"\s+and\s+(?:the\s+)?([A-Z][a-z]{2,})(?![\w-])", text[c.end:c.end + 40])
        if after is None:  # a list of people goes on: "Mr. Hale, Quill and Lorrimer"
            after = _LIST_GOES_ON.match(text[c.end:c.end + 40])
        for m, base in ((before, max(0, c.start - 40)), (after, c.end)):
            if not m:
                continue
            s, e = base + m.start(1), base + m.end(1)
            word = m.group(1)
            norm = _norm_tok(word)
            if any(taken[s:e]) or word in _FUNC_CAPS | _RUN_STOP or norm in lex["head_type"] \
                    or norm in lex["title_first"] or gazetteer.lookup(word) is not None or _sentence_initial(text, s):
                continue
            if _place_plural_before(text, min(s, c.start)):  # "the mountains X and Y": places, not people
                if c.tier <= MODEL and not c.title:
                    c.label, c.tier = "LOC", STRONG
                    out.append(Cand(s, e, "LOC", STRONG, "rule"))
                    taken[s:e] = b"\x01" * (e - s)
                continue
            out.append(Cand(s, e, "PER", MODEL, "rule"))
            queue.append(out[-1])
            taken[s:e] = b"\x01" * (e - s)
    return out


# Verbs of speech and decision: what people do and places do not.
_ACTS = re.compile(r"\s+(?:(?:had|has|then|also|later)\s+)?(?:said|says|wrote|writes|replied|refused|ordered|agreed|"
                   r"declared|told|asked|answered|resigned|decided|demanded|promised|signed|commanded|protested|"
                   r"insisted|proposed|announced|telegraphed|abandoned|arrived|returned|fled|died)\b")


def _person_shaped(text: str, cands: list[Cand]) -> None:
    """A single unknown word the model took for a place, with a surname's ending, that acts in the
    sentence ("Kutuzov had abandoned the city") is a person: places the gazetteer does not know
    seldom act, and places it knows keep their label."""
    lex = lexicon()
    preps = set(lex["locative_prepositions"]) | {"of"}
    for c in cands:
        word = text[c.start:c.end]
        if c.nested or c.label != "LOC" or c.tier > MODEL or " " in word or gazetteer.lookup(word):
            continue
        before = text[max(0, c.start - 12):c.start].split()
        if before and before[-1].lower() in preps:
            continue
        if any(word.lower().endswith(x) for x in lex["surname_suffixes"]) and _ACTS.match(text, c.end):
            c.label = "PER"


def _vote(text: str, cands: list[Cand]) -> dict[str, tuple[str, float]]:
    """Per-document gazetteer: each name's label by weighted vote; surnames of full names vote too."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for c in cands:
        if c.nested or c.label == "?":
            continue
        name = text[c.start:c.end]
        votes[name][c.label] += VOTE[c.tier]
        words = name.split()
        if c.label == "PER" and len(words) >= 2 and c.pseudonym is None:
            votes[words[-1]]["PER"] += VOTE[c.tier] / 2
        if c.pseudonym:
            votes[c.pseudonym]["PER"] += VOTE[c.tier]
    out = {}
    for name, counter in votes.items():
        label, weight = counter.most_common(1)[0]
        out[name] = (label, weight)
    return out


# Towns smaller than this that share a surname found in a full name do not keep it a place (issue 10).
_SURNAME_TOWN = 500_000


def _surnames(text: str, cands: list[Cand], table: dict[str, tuple[str, float]]) -> set[str]:
    """Last words of the full personal names found here, to tag where they stand alone.

    A surname counts when it is no known place, title or head noun, no other label outvotes it
    here, and the document never writes it in lower case (then it is also a word: "Long").
    """
    lex = lexicon()
    out = set()
    ruled = {text[c.start:c.end] for c in cands if not c.nested and c.tier >= RULE and c.label not in ("PER", "?")}
    written = set(re.findall(r"[\w-]+", text))  # every word as written, read once (not one scan per name)
    for c in cands:
        if c.nested or c.label != "PER" or c.pseudonym:
            continue
        words = text[c.start:c.end].split()
        last = words[-1] if len(words) >= 2 else ""
        if len(last) < 4 or not last[:1].isupper() or not last[1:].islower() or not last.isalpha() \
                or last.endswith(("ed", "ing")):  # "Resolved": a verb the model ran into a name
            continue
        norm = _norm_tok(last)
        if norm in lex["head_type"] or norm in lex["title_first"] or last in _FUNC_CAPS | _RUN_STOP:
            continue
        # the model's lone guesses do not outvote a full name (it reads "X" alone as a body again and
        # again); a rule's reading of the same word as a body or a place does
        place = gazetteer.lookup(last)
        # a small town of the same name ("Pugachev") does not make the surname a place; a state or a city does
        if last in ruled or place is not None and (place.kind != "city" or place.population >= _SURNAME_TOWN):
            continue
        if last.lower() in written:  # the whole word in lower case somewhere in the text
            continue
        out.add(last)
    return out


def _sentence_initial(text: str, start: int) -> bool:
    before = text[max(0, start - 4):start].rstrip(" \t“\"'(")
    return not before or before[-1] in ".!?:\n"


def _with_epithet(text: str, end: int, covered: bytearray) -> int:
    """The end of a one-word person's name tagged where it stands again, with the ruler's epithet that
    follows it there ("Harald" found again in "Harald the Fair was crowned"): the epithet is part of the name."""
    m = _name_patterns()["epithet"].match(text[end:end + 30])
    return end + m.end() if m and not any(covered[end:end + m.end()]) else end


_CAP_TOKEN = re.compile(r"(?<![\w’'.-])[A-Z][a-z]+(?=\s+the\s)")


def _epithet_cands(text: str) -> list[Cand]:
    """A given name (or a ruler's, data/rulers.yaml) and a ruler's epithet ("Ivan the Terrible", "Alfred
    the Great"): a person wherever it stands, whether or not the model read it (not after a saint's or a
    place's prefix: "St. Harald the ...", nor before a name: "the Red Sea")."""
    opening = given_names()[0] | aliases.rulers_given_names()
    prefix = _name_patterns()["prefix"]
    # the epithet may take a possessive here ("Harald the Fair's reforms"): the mention ends before it
    epithet = re.compile(_name_patterns()["epithet"].pattern.replace("(?![-’']\\w)", "(?![-]\\w|[’'](?!s\\b)\\w)"))
    out = []
    for m in _CAP_TOKEN.finditer(text):
        if m.group() not in opening or prefix.search(text[max(0, m.start() - 12):m.start()]):
            continue
        e = epithet.match(text, m.end())
        if e and not re.match(r"\s+[A-Z]", text[e.end():e.end() + 2]):  # not "the Red Sea"
            out.append(Cand(m.start(), e.end(), "PER", RULE, "rule"))
    return out


_GIVEN_POSSESSIVE = re.compile(r"(?<![\w’'.-])([A-Z][a-z]+)[’']s[ \t]+(?=[a-z])")


def _possessive_given_cands(text: str) -> list[Cand]:
    """A known given name with a possessive before a lower-case word ("Natalia's regency ended"): a person,
    though the model reads a lone given name seldom. Not a given name that is also a place's."""
    opening, also = given_names()
    return [Cand(m.start(1), m.end(1), "PER", RULE, "rule") for m in _GIVEN_POSSESSIVE.finditer(text)
            if m.group(1) in opening and m.group(1) not in also and not gazetteer.is_area(m.group(1))]


def _kin_pattern() -> re.Pattern[str]:
    words = "|".join(sorted(map(re.escape, lexicon()["kin_words"]), key=len, reverse=True))
    return re.compile(rf"(?<![\w’'-])(?:(?:half|step)-?)?(?:{words})[ \t]+([A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+)?)(?![\w’'-])")


def _kin_cands(text: str) -> list[Cand]:
    """A name after a kinship noun ("his half-sister Maria", "her brother Ivan Lopukhin"): a person,
    which a given name alone seldom is for the model. Not a land of the gazetteer ("mother Russia"), nor a
    town that is no given name, nor a title or a head noun."""
    lex = lexicon()
    opening, _ = given_names()
    out: list[Cand] = []
    for m in _kin_pattern().finditer(text):
        words = m.group(1).split()
        if len(words) == 2 and not _person_words(words):
            words = words[:1]
        name = " ".join(words)
        norm = _norm_tok(words[0])
        if words[0] in _FUNC_CAPS | _RUN_STOP or norm in lex["title_first"] or norm in lex["head_type"] \
                or gazetteer.is_area(name) or gazetteer.is_area(words[0]) \
                or gazetteer.lookup(name) is not None and words[0] not in opening:
            continue
        out.append(Cand(m.start(1), m.start(1) + len(name), "PER", RULE, "rule"))
    return out


def _relabel_and_spread(doc: Document, cands: list[Cand]) -> list[Cand]:
    """Give each name its voted label, and tag the confidently known names wherever else they stand."""
    text = doc.text
    table = _vote(text, cands)
    for c in cands:
        if c.nested:
            continue
        entry = table.get(text[c.start:c.end])
        if entry and c.label != entry[0] and (c.tier < STRONG or c.label == "?"):
            c.label = entry[0]
    labels = {(c.start, c.end): c.label for c in cands}
    for c in cands:
        if c.label == "?":
            c.label = labels.get(c.alias_of or (-1, -1), "?")
    cands = [c for c in cands if c.label != "?"]
    confident = {name for name, (label, weight) in table.items() if weight >= VOTE[RULE] and len(name) >= 3
                 and label != "?"}
    surnames = _surnames(text, cands, table)
    confident |= surnames
    for c in cands:  # the model's other guess at a surname standing alone yields to the full name
        if not c.nested and c.tier <= MODEL and c.label != "PER" and text[c.start:c.end] in surnames:
            c.label = "PER"
    added: list[Cand] = []
    if confident:
        covered = bytearray(len(text) + 1)
        for c in cands:
            if not c.nested:
                covered[c.start:c.end] = b"\x01" * (c.end - c.start)
        names = "|".join(re.escape(n) for n in sorted(confident, key=len, reverse=True))
        for m in re.finditer(rf"(?<![\w-])(?:{names})(?![\w]|-[A-Z])", text):
            s, e = m.start(), m.end()
            if any(covered[s:e]):
                continue
            if m.group() in surnames and m.group() not in table and _sentence_initial(text, s):
                continue  # "Long ago": a surname alone at a sentence's start may be a word
            label = "PER" if m.group() in surnames else table[m.group()][0] if m.group() in table else "PER"
            if label == "PER" and " " not in m.group():
                e = _with_epithet(text, e, covered)
            added.append(Cand(s, e, label, MODEL, "gazetteer"))
    return sorted(cands + added, key=lambda c: (c.start, -c.end))


# Words after which a name is a place: "besieged Azov", "near Narva", "across the Danube".
_LOCATIVE = re.compile(r"\b(?:in|at|near|across|outside|around|towards?|into|besieged|captured|reached|occupied|"
                       r"invaded|stormed|evacuated|surrendered|leaving|left|entering|entered|defending|defended|"
                       r"capturing|besieging|storming|occupying|invading|reaching|evacuating|approach(?:ed|ing)|neared|"
                       r"relieved?|fall\s+of|siege\s+of|garrison\s+of|surrender\s+of|out\s+of|centered\s+on|"
                       r"(?:re)?take|(?:re)?took|(?:sent|moved|marched|sailed|returned|retreated|went|came)\s+(?:to|from)|"
                       r"back\s+to|set\s+off\s+for|(?:south|north|east|west)(?:-(?:east|west))?\s+of|"
                       r"fortress\s+of|city\s+of|town\s+of|village\s+of|river|port\s+of)"
                       r"\s+(?:the\s+)?$", re.IGNORECASE)
# The same slot in the other languages of the corpus, case-sensitive (a lower-case preposition right before
# a capitalised name: Swedish "i Stokholm"-like, Romanian "din", French "à", German "nach", Czech "v").
_FOREIGN_LOCATIVE = re.compile(r"(?<![\w’'-])(?:i|uti|från|din|în|nach|aus|à|dans|vers|v|ve)\s+$")
# After a name: what a person does and a place does not ("X said", "X's forces" is either).
_PERSON_AFTER = re.compile(r"\s+(?:(?:had|has|then|also|later|himself|herself)\s+)?(?:said|says|wrote|writes|replied|"
                           r"refused|ordered|agreed|declared|told|asked|answered|resigned|decided|demanded|promised|"
                           r"signed|commanded|protested|insisted|proposed|announced|telegraphed|arrived|arrives|"
                           r"returned|returns|leaves|meets|met|pays|paid|married|marries|died|dies|was\s+born|"
                           r"travel(?:s|led|ed)|visit(?:s|ed)|became|becomes|led|leads)\b")


def _city_of_words(name: str, place: gazetteer.Place) -> bool:
    """A name of two or three words that is as a whole a city of the gazetteer (of 50,000 people or more)
    and does not open with a given name: a town the model read as a person or a body."""
    words = name.split()
    opening, also = given_names()
    return place.kind == "city" and len(words) in (2, 3) and place.population >= _CITY_POPULATION \
        and words[0] not in opening and words[0] not in also and name not in gazetteer.city_words()


def _check_types(text: str, cands: list[Cand]) -> None:
    """The model's person or body that is a place by the gazetteer and by its context becomes a place.

    Countries and continents are places whatever the model said; a city of the gazetteer, or a
    name the gazetteer does not know, needs a locative context ("besieged Azov", "across the
    Danube") at one of its occurrences, and no occurrence with a person's context. Names the
    rules found (titles, signatures, heads of bodies) keep their type.
    """
    occurrences: dict[str, list[Cand]] = defaultdict(list)
    for c in cands:
        if not c.nested and c.label in ("PER", "ORG") and c.tier <= MODEL and not c.head and not c.title:
            occurrences[text[c.start:c.end]].append(c)
    for name, group in occurrences.items():
        place = gazetteer.lookup(name)
        if place is not None and (place.kind in gazetteer.AREA_KINDS
                                  or (group[0].label == "ORG" and len(name.split()) == 1)):
            to_loc = True  # a body named exactly as a town is rarer than the model's slip
        elif place is not None and _city_of_words(name, place) and not any(_PERSON_AFTER.match(text, c.end) for c in group):
            to_loc = True  # "Velikiye Luki": a town of two words, never a given name and a surname
        else:
            locative = sum(bool(_LOCATIVE.search(text[max(0, c.start - 30):c.start])
                                or _FOREIGN_LOCATIVE.search(text[max(0, c.start - 8):c.start]))
                           and text[c.end:c.end + 2] not in ("'s", "’s") for c in group)  # "at Lenin's request"
            personal = sum(bool(_PERSON_AFTER.match(text, c.end)) for c in group)
            words = name.split()
            opening, _ = given_names()
            # a name of two words is a place only where it does not open with a given name ("X Gorodok")
            short = len(words) == 1 or len(words) <= 2 and (place is not None or words[0] not in opening)
            # an unknown name needs a place's context at half its occurrences at least: "leaving Peter"
            # once in a page about Peter does not make him a place
            enough = place is not None or 2 * locative >= len(group) and not (len(words) == 1 and name in opening)
            # a single unknown word the model took for a body, read as a place wherever it stands ("colliers
            # at X", "driven back to X"): a body is seldom named by one unknown word in a locative slot
            body_slot = group[0].label == "ORG" and len(words) == 1 and locative == len(group)
            to_loc = locative > personal and enough and short and (place is not None or group[0].label == "PER"
                                                                   or body_slot)
        if to_loc:
            for c in group:
                c.label = "LOC"


_WHO_AFTER = re.compile(r",?\s+who(?:m|se)?\b")


def _plural_people(word: str) -> bool:
    """A people's name in the plural ("Albanians", "Serbs"): a nation, never one person."""
    return word.endswith("s") and (gazetteer.demonyms().get(word) is not None
                                   or gazetteer.land_adjective(word[:-1]) is not None)


def _person_or_people(text: str, cands: list[Cand]) -> None:
    """A single word the model read as a body or a place that the text takes up with "who" ("his partner
    Quill, who wrote") is a person unless a place or a people; a people's plural the model read as a
    person ("Albanians stormed the fort") is the people's force, a body."""
    lex = lexicon()
    groups = set(lex["peoples"]) | set(lex["corps"]) | set(lex["party_words"])
    for c in cands:
        word = text[c.start:c.end]
        if c.nested or c.tier > MODEL or c.title or " " in word:
            continue
        if c.label == "PER" and _plural_people(word):
            c.label = "ORG"
        elif c.label in ("ORG", "LOC") and _WHO_AFTER.match(text, c.end) and gazetteer.lookup(word) is None \
                and not _plural_people(word) and word not in groups:
            c.label = "PER"


_ROW_HEAD = re.compile(r"[ \t]+\d")


def _row_heads(text: str, cands: list[Cand]) -> None:
    """The names that open the rows of a table of places ("Carniola 14 May 1701 ..."): where most row
    names are places (three or more), the model's person or body opening another row is a place too,
    unless it is a given name the gazetteer does not know as a town."""
    opening, _ = given_names()
    heads = [c for c in cands if not c.nested and _line_start(text, c.start) and _ROW_HEAD.match(text, c.end)]
    places = [c for c in heads if c.label == "LOC"]
    if len(places) < 3 or 3 * len(places) < 2 * len(heads):
        return
    for c in heads:
        word = text[c.start:c.end]
        if c.label in ("PER", "ORG") and c.tier <= MODEL and not c.title and (
                gazetteer.lookup(word) is not None or word.split()[0] not in opening):
            c.label = "LOC"


def _offices_are_people(text: str, cands: list[Cand]) -> None:
    """A name the model read as a place or a body that ends in a sovereign's title ("the Ottoman Sultan",
    "our Padishah") is the ruler: a land or a court is named otherwise ("Sultanate", "the Porte")."""
    offices = set(lexicon()["sovereign_words"]) - {"majesty", "majesties", "highness", "sovereign"}
    for c in cands:
        words = text[c.start:c.end].split()
        if c.tier <= MODEL and not c.nested and c.label in ("LOC", "ORG") and words and len(words) <= 3 \
                and _norm_tok(words[-1]) in offices and all(w[:1].isupper() for w in words):
            c.label = "PER"


def _named_head(text: str, c: Cand) -> str | None:
    """The head noun of a named body, place, event or work written with its capital ("Winter Palace",
    "Greek Revolution"), the word its short form "the Palace" repeats; None for other mentions."""
    if c.nested or c.label not in ("ORG", "LOC", "EVENT", "WORK"):
        return None
    words = text[c.start:c.end].split()
    head = c.head if c.label == "ORG" else _head_of(words)[0]
    # the head is written with a capital ("Soviet government" has no short name)
    if head and len(words) >= 2 and any(w[:1].isupper() and _norm_tok(w) == head for w in words):
        return head
    return None


_PATRONYMIC = re.compile(r"^([A-Z][a-z]+)\s+[A-Z][a-z]+(?:ovich|evich|ovna|evna|ichna)$")


def _given_of_patronymic(text: str, cands: list[Cand]) -> list[Cand]:
    """A person named by given name and patronymic ("Sophia Alekseyevna") has no surname: the text
    calls her by the given name alone afterwards ("to install Sophia"), which no surname rule finds."""
    out: list[Cand] = []
    taken = bytearray(len(text) + 1)
    for c in cands:
        taken[c.start:c.end] = b"\x01" * (c.end - c.start)
    seen: set[str] = set()
    for c in cands:
        m = _PATRONYMIC.match(text[c.start:c.end]) if c.label == "PER" and not c.nested else None
        if m is None or m.group(1) in seen:
            continue
        seen.add(m.group(1))
        for g in re.finditer(rf"(?<![\w’'-]){m.group(1)}(?![\w’'-])(?!\s+[A-Z])", text[c.end:]):
            start = c.end + g.start()
            if not any(taken[start:start + len(g.group())]):
                out.append(Cand(start, start + len(g.group()), "PER", RULE, "alias", alias_of=(c.start, c.end)))
    return out


def _short_names(doc: Document, cands: list[Cand]) -> list[Cand]:
    """'the Congress', and 'the council' used again and again, for the one body of that head named here;
    'the Palace', 'the Revolution', 'the Bridge' for the one place, event or work of that head."""
    text = doc.text
    bodies: dict[str, list[Cand]] = defaultdict(list)
    for c in cands:
        if (head := _named_head(text, c)) is not None:
            bodies[head].append(c)
    taken = bytearray(len(text) + 1)
    for c in cands:
        if not c.nested:
            taken[c.start:c.end] = b"\x01" * (c.end - c.start)
    out: list[Cand] = []
    for head, group in bodies.items():
        names: list[str] = []
        for c in group:
            name = text[c.start:c.end]
            if not any(aliases.same_body(name, other, "ORG") for other in names):
                names.append(name)
        if len(names) != 1 or len({c.label for c in group}) != 1:
            continue
        target = min(group, key=lambda c: c.start)
        capital = [m for m in re.finditer(rf"\b(?:the|The)\s+({head.capitalize()})(?![\w’'-])", text)
                   if not any(taken[m.start(1):m.end(1)]) and m.start() > target.end]
        # a lower-case short form counts when it keeps coming back after the full name (bodies only:
        # "the war", "the city" are as often another war, another city)
        lower = [m for m in re.finditer(rf"\b(?:the|The)\s+({head})(?![\w’'-])", text) if m.start() > target.end]
        for m in capital + (lower if len(lower) >= 2 and target.label == "ORG" else []):
            out.append(Cand(m.start(), m.end(1), target.label, RULE, "alias", alias_of=(target.start, target.end)))
    return out


def _confirm_chrome(doc: Document, cands: list[Cand]) -> list[Cand]:
    """In site chrome the model alone is not enough: a name there must be a known place, come from a
    rule, or also stand outside the chrome ("Website Name" in a details box is no person)."""
    text = doc.text
    outside = {text[c.start:c.end] for c in cands if doc.zone_at(c.start) != "boilerplate"}
    return [c for c in cands if c.tier > MODEL or c.source not in ("model", "gazetteer")
            or doc.zone_at(c.start) != "boilerplate" or text[c.start:c.end] in outside
            or (c.label == "LOC" and gazetteer.lookup(text[c.start:c.end]) is not None)]


_SAINT_BEFORE = re.compile(r"(?<![\w.])(?:St|ST|Ste|STE|Saint|SAINT|San|SAN|Sankt)\.?[ \t]+$")


def _with_place_prefix(text: str, cands: list[Cand]) -> None:
    """A place read without the saint's prefix that opens its name ("PETERSBURG" of "ST. PETERSBURG",
    an OCR'd dateline) takes the prefix back: the place is the whole name."""
    for c in cands:
        if c.label == "LOC" and not c.nested and (m := _SAINT_BEFORE.search(text, max(0, c.start - 8), c.start)):
            c.start = m.start()


_NAME_LOWER_OK = _PARTICLES | {"the", "of", "and", "al", "el", "bin", "ibn", "ben", "af", "d", "o"}


def _not_a_date_or_phrase(doc: Document, cands: list[Cand]) -> list[Cand]:
    """Drop what only looks like a name: a span lying inside a time expression ("The Sixteenth
    Century" heading a section is a date, not a body; an event named by its date, "the October
    Revolution", stays), and a person's name with lower-case words
    that are no particle ("Major events of the War:" heading a list is no person), and a span of the
    statistical model that opens with a lower-case word other than a particle."""
    text = doc.text
    spans = sorted((t.start, t.end) for t in doc.timexes)
    out = []
    for c in cands:
        if c.label != "EVENT" and any(s <= c.start and c.end <= e for s, e in spans if s < c.end):
            continue
        first = text[c.start:c.end].split()[:1]
        if c.source == "model" and first and first[0][:1].islower() and first[0] not in _PARTICLES:
            continue  # the model's "fourth Subscription", "l'aide de Dieu": a name opens with a capital
        if c.label == "PER" and not c.nested and not c.role and c.source != "edition":
            # the name before a peerage in apposition ("X, 3rd Earl of Y") is what must look like one
            words = re.findall(r"[^\W\d_][\w’'\-]*", text[c.start:c.end].split(",")[0])
            if text[c.start:c.end].rstrip().endswith(":") or any(
                    w[:1].islower() and w not in _NAME_LOWER_OK and not w.startswith(("d’", "d'", "l’", "l'"))
                    for w in words):
                continue
        out.append(c)
    return out


@lru_cache(maxsize=1)
def _ship_pattern() -> re.Pattern[str]:
    words = "|".join(re.escape(w) for w in sorted(lexicon()["ship_words"], key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{words})s?\s+(?:the\s+)?$|^(?:{words})\s+(?=[A-Z])", re.IGNORECASE)


def _no_ship_names(text: str, cands: list[Cand]) -> list[Cand]:
    """Drop a ship's name: a name right after a kind of vessel ("the destroyer X", "battleship X and the
    cruiser Y") or opening with one ("Battleship X"). A ship is no person, body, place, work or event;
    a title after the vessel ("ship Captain X") still opens a person's name."""
    pattern = _ship_pattern()
    out = []
    for c in cands:
        span = text[c.start:c.end]
        first = span.split()[0] if span.split() else ""
        opens = bool(pattern.search(span)) and _head_of(span.split()[1:])[1] is None  # not "Ship Street"
        if not c.title and _norm_tok(first) not in lexicon()["title_first"] and (
                pattern.search(text[max(0, c.start - 24):c.start]) or opens):
            continue
        out.append(c)
    return out


def _address_form(title: str | None) -> bool:
    """A title + name that opens with a civil form of address ("Mr.", "Sir", "Dr"), not an office, a rank
    or a reign: the text calls the person so, and the titled span is the one mention (eval/ANNOTATING.md)."""
    words = re.findall(r"[^\W\d_]+", title or "")
    return bool(words) and words[0].lower() in set(lexicon()["address_forms"])


def _no_name_in_address(cands: list[Cand]) -> list[Cand]:
    """Drop the name read inside a form of address + name ("Hale" of "Mr. Hale", "John Hale" of
    "Sir John Hale"): the titled span is the mention. Where the text writes the name by itself it has
    a candidate of its own there, which stays."""
    addressed = [(c.start, c.end) for c in cands if c.nested and c.label == "PER" and _address_form(c.title)]
    if not addressed:
        return cands
    return [c for c in cands if c.nested or c.label != "PER"
            or not any(s < c.start and e == c.end for s, e in addressed)]


def _no_lone_given_in_title(text: str, cands: list[Cand]) -> list[Cand]:
    """Drop a lone given name read inside a title + name mention ("Alexis" of "Tsar Alexis", "Charles" of
    "Prince Charles"): the titled span is the mention (eval/ANNOTATING.md, 2026-12-06), and a given name
    alone names nobody, so it is a mention only where the text writes it by itself. Surnames and names of
    more than one word ("Nicholas II" of "Czar Nicholas II") are left as they were: older gold lists them."""
    opening, _ = given_names()
    titled = [(c.start, c.end) for c in cands if c.nested and c.title and c.label == "PER"]
    if not titled:
        return cands
    return [c for c in cands if c.nested or c.label != "PER" or text[c.start:c.end] not in opening
            or not any(s < c.start and e == c.end for s, e in titled)]


_QUANTIFIED = re.compile(r"(?:\b(?:all|many|most|some|several|few|other|both|thousands|hundreds|numbers|"
                         r"one|two|three|four|five|six|seven|eight|nine|ten|(?<![\d,.])\d{1,3}(?:,\d{3})*)\s+(?:of\s+)?(?:the\s+)?)$",
                         re.IGNORECASE)
_PEOPLE_RISING = re.compile(r"\b(?:uprising|revolution|revolt|rising|insurrection|rebellion|liberation|"
                            r"emancipation)s?\s+of\s+(?:the\s+)?$", re.IGNORECASE)
_ENUMERATION = re.compile(r"(?:(?:the\s+)?[A-Z][a-z]+(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)){2,}(?:the\s+)?[A-Z][a-z]+")


def _people_word(word: str) -> bool:
    """A people's plural ("Greeks", "Wallachians"): a demonym of a known state that is no place itself."""
    if word in lexicon()["peoples"]:
        return True
    core = _country_core(word)
    return bool(re.fullmatch(r"[A-Z][a-z]+s", word)) and core is not None and word[:-1] != core \
        and gazetteer.lookup(word) is None  # "all the Russias" is the state


def _in_people_list(text: str, start: int, end: int) -> bool:
    """The word stands in an enumeration of three or more peoples ("the Serbs, Bulgarians and Greeks"):
    three known peoples, or two among plurals only ("the Serbs, Croats and Bulgarians")."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start:line_end if line_end >= 0 else len(text)]
    for m in _ENUMERATION.finditer(line):
        if m.start() + line_start <= start and end <= m.end() + line_start:
            words = re.findall(r"[A-Z][a-z]+", m.group(0))
            known = sum(_people_word(w) for w in words)
            return known >= 3 or known >= 2 and all(w.endswith("s") for w in words)
    return False


def _no_people_at_large(text: str, cands: list[Cand]) -> list[Cand]:
    """Drop a people's name that stands for the people, not for its state or army acting
    (eval/ANNOTATING.md: "the Swedes took the town" is the army; "the Greeks" as a population is no entity):
    a bare plural after a lower-case word ("business with Russians"), a counted or quantified one ("three
    Greeks", "all the Greeks", "many Serbs"), the people a rising is of ("an uprising of the Bulgarians"),
    and a member of an enumeration of peoples ("the Wallachians, Moldavians, Serbs")."""
    corps = set(lexicon()["corps"])
    out = []
    for c in cands:
        span = text[c.start:c.end]
        word = re.sub(r"^(?:the|The)\s+", "", span)
        if not c.nested and c.label in ("LOC", "PER") and word in corps:
            c.label = "ORG"  # "the Streltsy": a corps, a body wherever it stands
        if c.nested or c.label not in ("LOC", "ORG", "PER") or word in corps or not _people_word(word):
            out.append(c)
            continue
        start = c.start + len(span) - len(word)
        before = text[max(0, start - 40):start]
        generic = bool(re.search(r"\b(?!(?:the|and|or)\b)[a-z]+\s+$", before))  # "business with Russians"
        if generic or _QUANTIFIED.search(before) or _PEOPLE_RISING.search(before) \
                or _in_people_list(text, start, c.end):
            continue
        if c.label == "PER" and not c.title:
            c.label = "ORG"  # "the Tatars attacked": a people acting is its force, no person
        out.append(c)
    return out


_WORDS = re.compile(r"[^\W\d_]+")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def foreign_lines(text: str) -> list[tuple[int, int]]:
    """Spans of the lines not written in English: mostly Cyrillic or Greek letters, or more function
    words of another language than of English (a line of six words or more)."""
    fw = lexicon()["function_words"]
    sets = {lang: set(words) for lang, words in fw.items()}
    out = []
    for m in _LINE.finditer(text):
        line = m.group()
        letters = _LETTER.findall(line)
        if not letters:
            continue
        if sum(1 for c in letters if not c.isascii() and not "\u00c0" <= c <= "\u024f") > len(letters) / 2:
            out.append((m.start(), m.end()))
            continue
        words = [w.lower() for w in _WORDS.findall(line)]
        if len(words) < 6:
            continue
        counts = {lang: sum(w in words_ for w in words) for lang, words_ in sets.items()}
        english = counts.pop("en")
        if max(counts.values()) > english:
            out.append((m.start(), m.end()))
    return out


def _keep_in_foreign(text: str, c: Cand) -> bool:
    """In a line not in English, the English NER's and capitalisation rules' names need other evidence."""
    if c.tier >= STRONG or c.source not in ("model", "rule", "gazetteer"):
        return True
    name = text[c.start:c.end]
    if c.label == "LOC" and gazetteer.lookup(name) is not None:
        return True
    words = name.split()
    fw = {w for lang, ws in lexicon()["function_words"].items() for w in ws}
    # a person by the model, or by a known given name ("Adolphus X" in a German infobox)
    return (c.label == "PER" and (c.source == "model" or words[:1] and words[0] in given_names()[0])
            and len(words) >= 2 and not _CYRILLIC.search(name)
            and all(w[:1].isupper() and w.lower() not in fw for w in words))


def german_spans(text: str) -> list[tuple[int, int]]:
    """Spans (lines) of German text: in a mostly German text every line but those with more English
    than German words (a translated page keeps its short infobox lines in German too); elsewhere the
    German lines of six words or more."""
    fw = lexicon()["function_words"]
    de, en = set(fw["de"]), set(fw["en"])
    words = [w.lower() for w in _WORDS.findall(text)]
    n_de, n_en = sum(w in de for w in words), sum(w in en for w in words)
    whole = n_de >= 10 and n_de > 2 * n_en
    out = []
    for m in _LINE.finditer(text):
        words = [w.lower() for w in _WORDS.findall(m.group())]
        d, e = sum(w in de for w in words), sum(w in en for w in words)
        # in a German page every line is German but one with more English words ("... -Battle of X")
        if whole and (d > e or e == 0) or len(words) >= 6 and d > max(1, e):
            out.append((m.start(), m.end()))
    return out


def _drop_foreign(text: str, cands: list[Cand], german: list[tuple[int, int]] | None = None) -> list[Cand]:
    spans = sorted(set(foreign_lines(text)) | set(german or ()))
    if not spans:
        return cands
    starts = [s for s, _ in spans]
    import bisect

    def foreign(pos: int) -> bool:
        i = bisect.bisect_right(starts, pos) - 1
        return i >= 0 and spans[i][0] <= pos < spans[i][1]
    return [c for c in cands if not (foreign(c.start) or c.source in ("model", "gazetteer") and _foreign_around(text, c))
            or _keep_in_foreign(text, c)]


_AROUND = 80


def _foreign_around(text: str, c: Cand) -> bool:
    """The words around a name are of another language than English, though its line is not (a page
    that runs a Latin text, its French and its English translation into one line): at least three
    function words of one other language, and more of them than English ones. Only for the model's and
    the gazetteer's readings: a rule's name ("Battle of X") carries its own evidence."""
    left = re.split(r"[.!?;]\s|\n", text[max(0, c.start - _AROUND):c.start])[-1]  # within its sentence
    right = re.split(r"[.!?;]\s|\n", text[c.end:c.end + _AROUND])[0]
    words = [w.lower() for w in _WORDS.findall(left) + _WORDS.findall(right)]
    if len(words) < 6:
        return False
    fw = lexicon()["function_words"]
    english = sum(w in set(fw["en"]) for w in words)
    best = max(sum(w in set(ws) for w in words) for lang, ws in fw.items() if lang != "en")
    return best >= 3 and best > english


# ---------------------------------------------------------------- the stage

_ONE_WORD = re.compile(r"[A-Z][a-z]+")


def _no_common_nouns(text: str, cands: list[Cand]) -> list[Cand]:
    """Drop a one-word name that only the statistical model read ("Medal", "Read", "Separation" heading
    a caption, a label or a sentence) when the document also writes the word in lower case in running
    text: the same word lower case is a common noun or verb of the text's language, and a capital alone
    (a heading, a sentence's first word, a field label) does not make it a name. Known places, given
    names and sovereigns' titles are names whatever their case elsewhere ("the tsar", "to venice")."""
    lower_words: dict[str, bool] = {}

    def lower_in_text(word: str) -> bool:
        if word not in lower_words:
            lower_words[word] = re.search(rf"(?<=[a-z,;]\s){re.escape(word.lower())}(?![\w/-])", text) is not None
        return lower_words[word]

    first_names, _ = given_names()
    out = []
    for c in cands:
        word = text[c.start:c.end]
        if c.tier <= MODEL and c.source in ("model", "gazetteer") and not c.role and not c.nested \
                and _ONE_WORD.fullmatch(word) and gazetteer.lookup(word) is None and word not in first_names \
                and _norm_tok(word) not in lexicon()["title_first"] and lower_in_text(word):
            continue
        out.append(c)
    return out


_ATTRIBUTIVE = re.compile(r"[ \t]+[^\W\d_]")


def _no_land_adjectives(text: str, cands: list[Cand]) -> list[Cand]:
    """Drop a people's adjective the model read as a name when it qualifies the next word ("the
    Montenegrin frontier", "Macedonian territory", "Serbian troops"): an adjective names no entity, the
    noun phrase it opens does. A people used as a noun ("the French took the town") stays."""
    return [c for c in cands
            if not (c.tier <= MODEL and c.source in ("model", "gazetteer") and not c.nested and not c.role
                    and _ONE_WORD.fullmatch(text[c.start:c.end]) and _ATTRIBUTIVE.match(text, c.end)
                    and gazetteer.land_adjective(text[c.start:c.end]) is not None)]


# A name run into what follows it when the text was extracted: the next word without its space ("John
# SmithOn the 17th", "Anna BrownActor" of a caption's line break) or a footnote number ("Smith393").
_GLUED = re.compile(r"(?<=[a-z]{4})(?=[A-Z][a-z])|(?<=[a-z]{2})(?=\d+$)")


# a noble name's tail after the given names: "von der Pahlen", "van den Bosch", "von Anhalt-Zerbst", "de la Gardie"
_PARTICLE_TAIL = re.compile(r"[ \t]+(?:von|van|zu|de|du)(?:[ \t]+(?:der|den|dem|la|le|und[ \t]+zu))?"
                            r"[ \t]+[A-Z][a-zà-ÿ’']+(?:-[A-Z][a-zà-ÿ]+)?(?![\w’'-])")


def _particle_tail(text: str, c: Cand) -> None:
    """A person's name goes on over its particle and family or house name ("Peter Ludwig von der Pahlen"):
    the model often stops at the particle, leaving the given names and a stray "der Pahlen"."""
    if c.label != "PER" or c.nested:
        return
    if (m := _PARTICLE_TAIL.match(text, c.end)) and text[c.start:c.end].split()[-1][:1].isupper():
        c.end = m.end()


@lru_cache(maxsize=1)
def _peerage_pattern() -> re.Pattern[str]:
    alt = "|".join(lexicon()["peerage_titles"])
    return re.compile(rf",[ \t]+(?:the[ \t]+)?(?:\d+(?:st|nd|rd|th)[ \t]+)?(?:{alt})(?:[ \t]+of(?:[ \t]+the)?)?"
                      rf"[ \t]+[A-Z][\w’'-]+(?![\w’'-])")


def _peerage_tail(text: str, c: Cand) -> Cand | None:
    """A person's name with its peerage in apposition ("John Smith, 3rd Earl of Blackmoor") is one mention,
    like a title before a name: the name inside it is no second mention."""
    if c.label == "PER" and not c.nested and not c.role and (m := _peerage_pattern().match(text, c.end)):
        c.title = m.group()[1:].strip()
        return Cand(c.start, m.end(), "PER", STRONG, "rule", nested=True, title=c.title)
    return None


def _unglue_person(text: str, c: Cand) -> None:
    """A person's name ends where the glued word or footnote number begins (a camel-cased join after a
    surname of five letters or more: "FitzGerald", "MacArthur", "DeWitt" keep their capital)."""
    if c.label != "PER":
        return
    span = text[c.start:c.end]
    words = span.split()
    if not words:
        return
    last = words[-1]
    m = _GLUED.search(last)
    if m and re.fullmatch(r"[A-Z][a-z]+", last[:m.start()]):
        c.end = c.start + span.rindex(last) + m.start()


def _outside_editorial_bracket(text: str, c: Cand) -> None:
    """A name an editor supplied in square brackets ("the King [Wilhelm I] writes", a link's text
    "[Mary Smith](#anchor)") ends before the closing bracket: the bracket is the editor's mark, not the
    name's. (A ']' inside a word is transcription damage for 'l' and stays.)"""
    span = text[c.start:c.end]
    if span.endswith("]") and "[" not in span and c.end - c.start > 2:
        line_start = text.rfind("\n", 0, c.start) + 1
        before = text[line_start:c.start]
        if before.rfind("[") > before.rfind("]"):
            c.end = c.start + len(span[:-1].rstrip())


def find_mentions(doc: Document, settings: Settings = DEFAULTS) -> Document:
    """Find every person, body, place, work and named event in the document, and group their names.

    Reads doc.text, doc.zones, doc.citation, doc.timexes; writes doc.mentions (with zone and a
    document-local entity_id) and doc.entities (document-local).
    """
    text = doc.text
    segments = _segments(text)
    cands = _model_cands(text, _blocks(text, context_words(load_model(settings))), settings)
    model_per = [(c.start, c.end) for c in cands if c.label == "PER"]
    for offset, line in segments:
        toks = _tokens(line)
        cased = _recase(line)
        cands += _cap_run_cands(offset, cased, _tokens(cased)) if cased != line else _cap_run_cands(offset, line, toks)
        cands += _title_cands(offset, line, toks, model_per)
        cands += _line_rule_cands(offset, line, model_per)
        cands += _given_name_cands(offset, line, toks)
    cands += _across_lines(text, model_per)
    cands += _block_rule_cands(text)
    cands += _group_cands(text)
    cands += _seed_cands(doc)
    cands += _area_cands(text)
    cands += _city_cands(text)
    cands += _event_cands(text)
    cands += _epithet_cands(text)
    cands += _kin_cands(text)
    cands += _possessive_given_cands(text)
    cands += _place_head_cands(text)
    cands += _dedication_cands(text)
    cands += _sacred_cands(text)
    cands += _platform_cands(text)
    cands += _sovereign_cands(text)
    majesty = _majesty_cands(text)  # the style holds the office: no title mention inside it
    cands = [c for c in cands if not any(m.start <= c.start and c.end <= m.end for m in majesty)] + majesty
    cands += _lower_title_cands(text)
    german = german_spans(text)
    if german:
        cands += german_cands(text, german)  # German nouns are capitalised: names from its lexicon
    cands = _drop_foreign(text, cands, german)
    cands += _exonym_cands(text, german)
    if _CYRILLIC.search(text):
        cands += cyrillic_cands(text)  # the English model reads no Russian: rules do
    for c in cands:  # mentions are written without a possessive 's
        if text[c.end - 2:c.end] in ("'s", "’s") and c.end - c.start > 2:
            c.end -= 2
        elif text[c.end - 2:c.end] in ("s'", "s’") and c.end - c.start > 3:  # "Prince Alexis’ illness"
            c.end -= 1
        _outside_editorial_bracket(text, c)
        _unglue_person(text, c)
        _particle_tail(text, c)
    cands += [p for c in list(cands) if (p := _peerage_tail(text, c)) is not None]
    _given_name_types(text, cands)
    kept = _settle(cands)
    _coordinate(text, kept)
    kept = sorted(kept + _coordinated_people(text, kept), key=lambda c: (c.start, -c.end))
    _person_shaped(text, kept)
    kept = _relabel_and_spread(doc, kept)
    _check_types(text, kept)
    _person_or_people(text, kept)
    _row_heads(text, kept)
    _offices_are_people(text, kept)
    kept = _settle(kept + _short_names(doc, kept) + _given_of_patronymic(text, kept))
    # after the short names: "the Congress" of a text that names "the Congress of Soviets" is that body
    kept = _settle(kept + _institution_cands(text))
    kept = _confirm_chrome(doc, kept)
    _founding_of_place(text, kept)
    kept = _not_a_date_or_phrase(doc, kept)
    kept = _no_land_adjectives(text, _no_common_nouns(text, kept))
    _with_place_prefix(text, kept)
    _with_article(text, kept)
    kept = _no_ship_names(text, _no_people_at_large(text, _no_lone_given_in_title(text, _no_name_in_address(kept))))
    mentions = []
    hints = []
    not_names = {n.lower() for n in lexicon()["not_names"]}
    epithets = set(lexicon()["epithets"])  # "Great" cut from "Peter the Great" by a name's end is no person
    for c in kept:
        # "Ague = Malaria" is a glossary's line; "Mar" of "Mar2011" a month: no names
        if c.label not in ("PER", "ORG", "LOC", "WORK", "EVENT") or text[c.start:c.end].lower() in not_names \
                or "=" in text[c.start:c.end] or text[c.start:c.end] in _MONTH_ABBREVIATIONS \
                or c.label == "PER" and text[c.start:c.end] in epithets:
            continue
        # a role without a name ("the Chairman") is marked: it names a person only through its holder
        source = "role" if c.role and not c.signer else c.source
        mentions.append(Mention(c.start, c.end, text[c.start:c.end], c.label, zone=doc.zone_at(c.start),
                                source=source))
        hints.append(c)
    mentions, hints = _with_edition(doc, mentions, hints)
    doc.mentions = mentions
    doc.entities = aliases.resolve_document(doc, hints, settings)
    _edition_authority(doc)
    return doc


EDITION_LABELS = {"person": "PER", "place": "LOC", "org": "ORG"}


def _with_edition(doc: Document, mentions: list[Mention], hints: list[Cand]) -> tuple[list[Mention], list[Cand]]:
    """A scholarly edition's own <persName>, <placeName>, <orgName> (kept by the TEI reader as marks): the
    editor's reading of a span wins over the model's, and names the model missed are added."""
    marks = [m for m in doc.marks if m.kind in EDITION_LABELS and m.end > m.start]
    if not marks:
        return mentions, hints
    pairs = [(m, h) for m, h in zip(mentions, hints) if not any(m.start < k.end and k.start < m.end for k in marks)]
    for k in marks:
        label = EDITION_LABELS[k.kind]
        pairs.append((Mention(k.start, k.end, doc.text[k.start:k.end], label, zone=doc.zone_at(k.start), source="edition"),
                      Cand(k.start, k.end, label, tier=0, source="edition")))
    pairs.sort(key=lambda p: (p[0].start, -p[0].end))
    return [m for m, _ in pairs], [h for _, h in pairs]


def _edition_authority(doc: Document) -> None:
    """The edition's @ref of a name (a Wikidata, GeoNames or VIAF address) becomes its entity's authority link."""
    refs = {(m.start, m.end): m.value for m in doc.marks if m.kind in EDITION_LABELS and m.value}
    if not refs:
        return
    by_id = {e.id: e for e in doc.entities}
    for m in doc.mentions:
        ref = refs.get((m.start, m.end))
        entity = by_id.get(m.entity_id or "")
        if not ref or entity is None:
            continue
        found = re.search(r"wikidata\.org/(?:entity|wiki)/(Q\d+)", ref) or re.fullmatch(r"(Q\d+)", ref.strip())
        if found:
            entity.authority.setdefault("wikidata", found.group(1))
        elif (geo := re.search(r"geonames\.org/(\d+)", ref)):
            entity.authority.setdefault("geonames", geo.group(1))
        else:
            entity.authority.setdefault("edition", ref.strip())


def link_entities(docs: list[Document], settings: Settings = DEFAULTS):
    """Cross-document linking of the documents' entities into global ones (see fontes.aliases.link_entities)."""
    return aliases.link_entities(docs, settings)
