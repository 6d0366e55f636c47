"""Round 17: the lines above the page's title judged as one block by the line classifier (invented
pages, not corpus text): a site's head of blog tools or teasers no rule knows goes, the title, the
lines below it and the lines of the head that could be the text's or its citation's stay."""

from __future__ import annotations

from test_clean_unseen13 import PROSE

from fontes.clean import _judge_head_block, _page_title, page_of

HEAD = ["Edit this post Follow this blog", "Start your own page", "Sign in"]
TITLE = "The Winter Siege of the Harbour Fort"


def _page(head: list[str], below: list[str] = (), prose: str = PROSE) -> str:
    return "\n".join(head) + "\n" + TITLE + "\n" + "\n".join(below) + "\n\n" + prose


def _judged(text: str, chrome: float = 0.9) -> dict[str, tuple[str, str] | None]:
    """The rules' verdicts after the head block is judged with every line ``chrome`` sure."""
    page = page_of(text)
    _judge_head_block(page, [[1 - chrome, 0.0, chrome] for _ in page.lines], 0.5)
    return {line.text: kind for line, kind in zip(page.lines, page.kinds)}


def _classifier(kind: tuple[str, str] | None) -> bool:
    return kind is not None and kind[1].startswith("classifier")


def test_the_lines_above_the_title_go_as_a_block():
    kinds = _judged(_page(HEAD))
    assert kinds["Start your own page"] == ("boilerplate", kinds["Start your own page"][1])
    assert kinds["Start your own page"][1].startswith("classifier_head_block")
    assert not _classifier(kinds[TITLE])
    assert all(not _classifier(kinds[line]) for line in PROSE.splitlines() if line)


def test_the_title_is_the_heading_above_the_first_paragraph_past_a_date_and_a_salutation():
    """A date line and a letter's salutation sit between the title and the text; the title is above them."""
    text = _page(HEAD, ["12 March 2019", "Dear readers,"])
    page = page_of(text)
    title = _page_title(page, next(i for i, r in enumerate(page.running) if r))
    assert page.lines[title].text == TITLE
    kinds = _judged(text)
    assert not _classifier(kinds["12 March 2019"]) and not _classifier(kinds["Dear readers,"])
    assert kinds["Sign in"] is not None and kinds["Sign in"][0] == "boilerplate"


def test_a_head_the_model_finds_unlike_chrome_stays():
    kinds = _judged(_page(HEAD), chrome=0.3)
    assert not any(_classifier(kinds[line]) for line in HEAD)


def test_lines_of_the_citation_in_the_head_block_stay():
    """A year, a citation field and a long line above the title are the citation's or the text's."""
    dated = "Harbour Letters 1702"
    field = "Author: Anna Example"
    long_line = "Harbour walls and river forts of the northern coast in the years of the long winter sieges"
    kinds = _judged(_page(HEAD[:1] + [dated, field, long_line]))
    assert _classifier(kinds[HEAD[0]])
    for line in (dated, field, long_line):
        assert not _classifier(kinds[line])


def test_no_head_block_without_a_title_shaped_line():
    """A page whose first paragraph has no heading above it (only a date): nothing is judged."""
    text = "Edit this post\nSign in\n3 May 1702\n\n" + PROSE
    kinds = _judged(text)
    assert not _classifier(kinds["Edit this post"])


def test_an_author_and_a_heading_of_the_text_above_the_title_stay():
    """A name above the title (a forum's or a blog's author) and a line on the text's topic (its real
    title, where a lower line was taken for it) are the citation's, not the site's head."""
    author, heading = "Anna Example", "= The Siege of the River Fort ="
    kinds = _judged(_page([heading, author] + HEAD))
    for line in (author, heading):
        assert not _classifier(kinds[line])
    assert _classifier(kinds["Start your own page"])


def test_a_byline_under_the_title_is_not_taken_for_it():
    """Title, author and date above the text: the title is the line above the byline, so the title
    is not judged as the site's head."""
    text = "THE SURRENDER\nAnna Example\n3 March 1905\n\n" + PROSE
    page = page_of(text)
    assert page.lines[_page_title(page, next(i for i, r in enumerate(page.running) if r))].text == "THE SURRENDER"
    assert not _classifier(_judged(text)["THE SURRENDER"])
