"""Round 16: the lines after the last paragraph judged as one block by the line classifier
(invented pages, not corpus text): a run of a site's ads or teasers that no rule knows, the lines of
such a run that could be the text's own, and pages whose prose the rules did not find."""

from __future__ import annotations

from test_clean_unseen12 import _kinds
from test_clean_unseen13 import PROSE

from fontes.clean import _judge_tail_block, line_model, page_of

ADS = ["Book your room by the harbour", "See prices and dates", "Five tips for a winter trip", "Download the free app"]


def _page(tail: list[str], prose: str = PROSE) -> str:
    return "The Winter Siege\n\n" + prose + "\n" + "\n".join(tail) + "\n"


def _judged(text: str, chrome: float = 0.9) -> dict[str, tuple[str, str] | None]:
    """The rules' verdicts after the tail block is judged with every line ``chrome`` sure."""
    page = page_of(text)
    _judge_tail_block(page, [[1 - chrome, 0.0, chrome] for _ in page.lines], 0.5)
    return {line.text: kind for line, kind in zip(page.lines, page.kinds)}


def test_the_shipped_model_judges_the_tail_as_a_block():
    model = line_model()
    assert model is not None and not model["verdicts"] and model["block_threshold"] <= 0.6


def test_a_run_of_unknown_ads_after_the_text_is_chrome():
    kinds = _kinds(_page(ADS))
    assert all(kinds[line][0] == "boilerplate" for line in ADS)
    assert kinds["See prices and dates"][1].startswith("classifier_block")
    assert all(kinds[line][0] == "body" for line in PROSE.splitlines() if line)


def test_a_tail_the_model_finds_unlike_chrome_stays():
    kinds = _judged(_page(ADS), chrome=0.3)
    assert kinds["See prices and dates"] is None or not kinds["See prices and dates"][1].startswith("classifier")


def test_lines_of_the_text_in_the_tail_block_stay():
    """A year, a citation field and a long line are the text's or the citation's, whatever their block."""
    dated = "The harbour wall in 1702"
    field = "Source: Letters of a Harbour Master"
    long_line = "Harbour walls and river forts of the northern coast in the years of the long winter sieges"
    kinds = _judged(_page(ADS[:2] + [dated, field, long_line] + ADS[2:3]))
    assert kinds["See prices and dates"][1].startswith("classifier_block")
    for line in (dated, long_line):
        assert kinds[line] is None or not kinds[line][1].startswith("classifier")
    assert kinds[field] is None or kinds[field][0] != "boilerplate"


def test_no_block_where_the_open_tail_outweighs_the_prose():
    """Two lines of prose above a long run of open lines: the prose found is not the page's text."""
    prose = "The fort held out through the winter, and the siege was lifted in the spring.\n"
    tail = [f"The river fort and the {w} of the harbour town" for w in
            ("walls", "gates", "towers", "bridges", "markets", "churches", "quays")]
    kinds = _judged(_page(tail, prose))
    assert all(kinds[line] is None or not kinds[line][1].startswith("classifier") for line in tail)


def test_a_closing_and_its_signature_in_the_tail_block_stay():
    closing, signature = "With every good wish,", "Colonel A. N. Other"
    kinds = _judged(_page([closing, signature] + ADS))
    for line in (closing, signature):
        assert kinds[line] is None or not kinds[line][1].startswith("classifier")
    assert kinds["See prices and dates"][1].startswith("classifier_block")
