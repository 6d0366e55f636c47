"""Tests of the HIPE-2022 reader and NERC-coarse scorer (fontes.evaluation.hipe)."""

from __future__ import annotations

import pytest

from fontes.errors import InputError
from fontes.evaluation import hipe
from fontes.evaluation.hipe import Span

HEADER = "TOKEN\tNE-COARSE-LIT\tNE-COARSE-METO\tNE-FINE-LIT\tNE-FINE-METO\tNE-FINE-COMP\tNE-NESTED\tNEL-LIT\tNEL-METO\tMISC"


def _line(token: str, tag: str = "O", misc: str = "_") -> str:
    return f"{token}\t{tag}\tO\t_\t_\t_\t_\t_\t_\t{misc}"


TINY_TSV = "\n".join([
    HEADER,
    "# hipe2022:document_id = doc-a",
    "# hipe2022:date = 1860-06-28",
    _line("Mr", "B-pers", "NoSpaceAfter"),
    _line(".", "I-pers"),
    _line("Smith", "I-pers"),
    _line("went"),
    _line("to"),
    _line("New", "B-loc", "NoSpaceAfter"),
    _line("-", "I-loc", "NoSpaceAfter"),
    _line("York", "I-loc", "NoSpaceAfter"),
    _line(".", "O", "EndOfSentence"),
    "",
    "# hipe2022:document_id = doc-b",
    _line("#", "O", ""),  # an OCR token that is a literal '#', with an empty MISC field
    _line("theLondon", "I-LOC", "Partial-3:9"),  # I- without B-: opens a mention
    _line("Road", "B-STREET", ""),
    "",
])


def test_eval_hipe_reader_rebuilds_documents_text_and_mentions(tmp_path):
    path = tmp_path / "tiny.tsv"
    path.write_text(TINY_TSV, encoding="utf-8")
    docs = hipe.read_hipe(path)
    assert [d.id for d in docs] == ["doc-a", "doc-b"]
    assert docs[0].metadata["hipe2022:date"] == "1860-06-28"
    text, offsets = docs[0].text_with_offsets()
    assert text == "Mr. Smith went to New-York. "
    assert docs[0].mentions == [Span("PERS", 0, 2), Span("LOC", 5, 7)]
    pers = docs[0].mentions[0]
    assert text[offsets[pers.first][0]:offsets[pers.last][1]] == "Mr. Smith"
    assert docs[1].tokens[0] == "#"
    assert docs[1].mentions == [Span("LOC", 1, 1), Span("STREET", 2, 2)]


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        (["B-pers", "I-pers", "O", "I-loc", "I-loc", "B-loc", "I-org"],
         [Span("PERS", 0, 1), Span("LOC", 3, 4), Span("LOC", 5, 5), Span("ORG", 6, 6)]),
        (["S-loc", "B-org", "E-org", "O"], [Span("LOC", 0, 0), Span("ORG", 1, 2)]),
        (["O", "O"], []),
    ],
)
def test_eval_hipe_iob_spans_follow_scorer_rules(tags, expected):
    assert hipe.spans_from_iob(tags) == expected


def test_eval_hipe_char_mentions_project_onto_overlapping_tokens():
    offsets = [(0, 2), (2, 3), (4, 9), (10, 14)]  # "Mr. Smith went"
    assert hipe.spans_from_chars(offsets, [(4, 9, "pers"), (1, 7, "org"), (20, 25, "loc")]) == [
        Span("ORG", 0, 2), Span("PERS", 2, 2),
    ]


# Hand-checked case. Gold: G1 PERS 0-1, G2 LOC 3, G3 ORG 5-7, G4 LOC 9, G5 PERS 11.
GOLD = [Span("PERS", 0, 1), Span("LOC", 3, 3), Span("ORG", 5, 7), Span("LOC", 9, 9), Span("PERS", 11, 11)]
SYSTEM = [
    Span("PERS", 0, 1),  # = G1: correct in both regimes
    Span("ORG", 3, 3),  # G2's boundaries, wrong type: incorrect in both
    Span("ORG", 6, 7),  # overlaps G3, same type: strict incorrect, fuzzy correct
    Span("ORG", 7, 8),  # overlaps only G3, already claimed: spurious
    Span("PERS", 9, 10),  # overlaps G4, other type: incorrect in both
    Span("TIME", 13, 13),  # no gold there, type in the HIPE tagset: spurious
    Span("FOO", 2, 2),  # type neither in gold nor in the tagset: ignored
]
# G5 is never claimed: missed.
# strict: correct 1, incorrect 3, spurious 2, missed 1 → actual 6, possible 5, P 1/6, R 1/5, F1 2/11
# fuzzy:  correct 2, incorrect 2, spurious 2, missed 1 → actual 6, possible 5, P 2/6, R 2/5, F1 4/11


@pytest.mark.parametrize(
    ("regime", "counts", "tp_fp_fn", "prf"),
    [
        ("strict", (1, 3, 2, 1), (1, 5, 4), (1 / 6, 1 / 5, 2 / 11)),
        ("fuzzy", (2, 2, 2, 1), (2, 4, 3), (2 / 6, 2 / 5, 4 / 11)),
    ],
)
def test_eval_hipe_scorer_reproduces_hand_checked_case(regime, counts, tp_fp_fn, prf):
    result = hipe.score_nerc([GOLD], [SYSTEM])[regime]
    assert (result.correct, result.incorrect, result.spurious, result.missed) == counts
    assert (result.actual, result.possible) == (6, 5)
    assert (result.tp, result.fp, result.fn) == tp_fp_fn
    assert (result.precision, result.recall, result.f1) == pytest.approx(prf)


def test_eval_hipe_scorer_drops_types_outside_gold_without_tagset():
    result = hipe.score_nerc([GOLD], [SYSTEM], tagset=None)["fuzzy"]
    assert result.spurious == 1  # the TIME mention is now ignored too


def test_eval_hipe_scorer_refuses_misaligned_documents():
    with pytest.raises(ValueError, match="2 documents"):
        hipe.score_nerc([GOLD, GOLD], [SYSTEM])


def test_eval_hipe_reader_names_bad_file(tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("not a hipe file\n", encoding="utf-8")
    with pytest.raises(InputError, match="bad.tsv"):
        hipe.read_hipe(bad)
    with pytest.raises(InputError, match="FONTES_SHARED"):
        hipe.read_hipe(tmp_path / "absent.tsv")


@pytest.mark.parametrize(
    ("dataset", "docs", "tokens", "mentions"),
    [("hipe2020", 46, 16_634, 449), ("topres19th", 112, 43_270, 1_187)],
)
def test_eval_hipe_reader_matches_published_test_counts(dataset, docs, tokens, mentions):
    path = hipe.dataset_path(dataset, "test")
    if not path.exists():
        pytest.skip(f"HIPE-2022 data not found at {path}; set FONTES_SHARED")
    read = hipe.read_hipe(path)
    gold = [d.mentions for d in read]
    assert (len(read), sum(len(d.tokens) for d in read), sum(map(len, gold))) == (docs, tokens, mentions)
    perfect = hipe.score_nerc(gold, gold)
    assert perfect["strict"].f1 == perfect["fuzzy"].f1 == 1.0


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Market-street", "STREET"), ("King Street", "STREET"), ("the Golden Lion Inn", "BUILDING"),
     ("Town Hall", "BUILDING"), ("Manchester", "LOC"), ("Dorset", "LOC")],
)
def test_eval_hipe_place_type_reads_head_word(name, expected):
    assert hipe.place_type(name) == expected
