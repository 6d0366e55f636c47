"""Tests of the ingest stage: sources, encodings, HTML, and clear errors for bad input."""

from __future__ import annotations

import codecs
import hashlib
import json
import os
from pathlib import Path

import pytest

from fontes.errors import InputError
from fontes.ingest import decode_bytes, iter_sources, read_document, visible_lines
from fontes.settings import DEFAULTS

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "examples" / "seeds"
GOLD = Path(os.environ.get("FONTES_SHARED") or REPO.parent / "shared") / "gold" / "seeds"

TEXT = "Déclaration signée à Genève — “le 12 mars 1920”, naïve résumé.\nSecond line.\n"


def test_ingest_iter_sources_is_recursive_sorted_and_skips_hidden(tmp_path):
    for name in ("b.txt", "a.md", "sub/c.html", ".hidden.txt", ".git/config.txt", "sub/.cache/d.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("Some text.", encoding="utf-8")
    single = tmp_path / "b.txt"
    found = list(iter_sources([tmp_path, single]))
    assert [p.relative_to(tmp_path).as_posix() for p in found] == ["a.md", "b.txt", "sub/c.html", "b.txt"]


def test_ingest_id_is_the_sha256_of_the_bytes_and_stable(tmp_path):
    path = tmp_path / "doc.txt"
    path.write_bytes(TEXT.encode("utf-8"))
    first, second = read_document(path), read_document(path)
    assert first.id == second.id == hashlib.sha256(path.read_bytes()).hexdigest()
    path.write_bytes((TEXT + "Changed.").encode("utf-8"))
    assert read_document(path).id != first.id


@pytest.mark.parametrize(
    "data,encoding",
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("utf-16"), "utf-16"),  # with BOM (native order)
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
        (TEXT.encode("utf-16-le"), "utf-16"),  # no BOM: recognised by its NUL bytes
        (TEXT.encode("cp1252"), "cp1252"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-bom", "utf-16-be-bom", "utf-16-le-no-bom", "cp1252"],
)
def test_ingest_decodes_common_encodings(tmp_path, data, encoding):
    path = tmp_path / "doc.txt"
    path.write_bytes(data)
    doc = read_document(path)
    assert doc.text == TEXT
    assert doc.encoding == encoding


def test_ingest_decodes_latin1_and_cyrillic_single_byte_files():
    latin = "Grüße aus München: café, naïve, Ærøskøbing.\n"
    assert decode_bytes(latin.encode("latin-1"))[0] == latin
    russian = "Правительство пало. Письмо из Москвы, 1917 год.\n"
    assert decode_bytes(russian.encode("cp1251"))[0] == russian


def test_ingest_normalises_newlines_only(tmp_path):
    path = tmp_path / "doc.txt"
    path.write_bytes(b"One.\r\nTwo.\rThree.\n\tIndented  twice.  \n")
    assert read_document(path).text == "One.\nTwo.\nThree.\n\tIndented  twice.  \n"


@pytest.mark.parametrize(
    "name,data,problem",
    [
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary file"),
        ("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "damaged or truncated image"),  # a scan fontes reads, cut short
        ("empty.txt", b"", "empty file"),
        ("blank.md", b" \n\t\r\n  \n", "empty file"),
        ("broken.txt", "Zürich and Genève.".encode() + b" then \xff\xfe here", "not valid UTF-8 at byte 26"),
        ("junk.txt", b"Plain words \xff\xfe more words", "not valid UTF-8 at byte 12"),
        ("notes.pdf", b"%PDF-like text without NULs", "damaged PDF"),  # starts like a PDF: read as one, and refused
    ],
)
def test_ingest_rejects_bad_input_naming_the_file(tmp_path, name, data, problem):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError) as err:
        read_document(path)
    message = str(err.value)
    assert str(path) in message and problem in message
    assert "\n" not in message and ";" in message  # one line: the file, the problem, what to do


def test_ingest_rejects_files_over_max_file_bytes(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("A sentence of text. " * 100, encoding="utf-8")
    with pytest.raises(InputError, match=r"big\.txt: file is 2,000 bytes, more than max_file_bytes=1,000"):
        read_document(path, DEFAULTS.with_(max_file_bytes=1000))
    assert read_document(path, DEFAULTS.with_(max_file_bytes=2000)).text.startswith("A sentence")


HTML = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>The Harbour Strike of 1889 | Northport History</title>
<meta name="author" content="Eleanor Whitcombe">
<meta property="og:site_name" content="Northport History">
<meta property="og:url" content="https://history.example.org/harbour-strike">
<meta name="date" content="2019-05-04">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/archive">Archive</a></li></ul></nav>
<article><h1>The Harbour Strike of 1889</h1>
<p>In August 1889 the dockers of the port walked out over a wage of sixpence an hour, and within a week
more than a hundred thousand workers had joined them in the largest strike the city had seen.</p>
<p>The strike committee met daily at a public house near the river, and donations arrived from as far
away as Australia, which kept the strikers and their families fed through September.</p>
</article><footer>Copyright 2019 Northport History. All rights reserved.</footer></body></html>"""


def test_ingest_html_keeps_main_text_and_page_metadata(tmp_path):
    path = tmp_path / "strike.html"
    path.write_text(HTML, encoding="utf-8")
    doc = read_document(path)
    assert doc.media_type == "text/html"
    assert "dockers of the port walked out" in doc.text and "donations arrived" in doc.text
    # every visible line stays in the text; what the main-text extractor left out is named as chrome
    assert "Copyright 2019 Northport History. All rights reserved." in doc.text.splitlines()
    assert doc.main_spans and all(doc.text[a:b] in doc.text for a, b in doc.main_spans)
    from fontes.clean import clean, removed

    cleaned = clean(doc)
    chrome = dict(removed(cleaned))
    assert {"Home", "Archive"} <= set(chrome) and "All rights reserved" not in cleaned.clean_text
    assert "dockers of the port walked out" in cleaned.clean_text
    assert doc.html_meta["author"] == "Eleanor Whitcombe"
    assert doc.html_meta["url"] == "https://history.example.org/harbour-strike"
    assert doc.html_meta["sitename"] == "Northport History"
    assert doc.html_meta["date"] == "2019-05-04"
    assert "Harbour Strike" in doc.html_meta["title"]
    assert doc.html_meta["page_title"] == "The Harbour Strike of 1889 | Northport History"  # as the tab shows it


@pytest.mark.parametrize("html,title", [
    ("<html><head><title>\n  Treaty &amp; Peace\n</title></head><body><p>Text of the page.</p></body></html>",
     "Treaty & Peace"),
    ("<html><head><title>Unclosed title<body><p>Text of the page here.</p></body></html>", "Unclosed title"),
    ("<html><body><p>No title at all on this page.</p></body></html>", None),
])
def test_ingest_html_keeps_the_page_title_as_written(tmp_path, html, title):
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    assert read_document(path).html_meta.get("page_title") == title


@pytest.mark.parametrize(
    "html",
    [
        "<html><body><div><p>Unclosed <b>bold<p>A second paragraph that runs on and on.</div><table><tr><td>cell",
        "<p>Fragment without html or body, but with enough words to count as text here.</p></i></b></p>",
        "<<<>>> <p>broken < angle > brackets & entities &amp;&bogus; in a paragraph of text</p",
    ],
)
def test_ingest_malformed_html_gives_text_not_a_crash(tmp_path, html):
    path = tmp_path / "page.htm"
    path.write_text(html, encoding="utf-8")
    doc = read_document(path)
    assert doc.text.strip() and "<p>" not in doc.text


def test_ingest_html_without_text_is_an_input_error(tmp_path):
    path = tmp_path / "empty.html"
    path.write_text("<html><head><script>var x = 1;</script></head><body></body></html>", encoding="utf-8")
    with pytest.raises(InputError, match="empty.html: no readable text"):
        read_document(path)


@pytest.mark.skipif(not GOLD.is_dir(), reason=f"gold annotations not found at {GOLD}")
@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name)
def test_ingest_offsets_line_up_with_the_gold(path):
    doc = read_document(path)
    gold = json.loads((GOLD / f"{path.name}.json").read_text("utf-8"))
    timexes = [t for t in gold["timexes"] if "offset" in t]
    assert timexes
    for t in timexes:
        assert doc.text[t["offset"]:t["offset"] + len(t["text"])] == t["text"]


# ------------------------------------------------------------------ every path gets an answer (issue 11, item 4)


def _in_thread(fn, timeout=20):
    """fn() run in a daemon thread; fails the test instead of hanging when fn blocks (a FIFO opened)."""
    import threading

    out: dict = {}

    def target():
        try:
            out["value"] = fn()
        except BaseException as err:  # noqa: BLE001 - handed back to the test
            out["error"] = err

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(timeout)
    assert not thread.is_alive(), f"{fn} still blocked after {timeout} s"
    if "error" in out:
        raise out["error"]
    return out["value"]


def test_ingest_refuses_a_fifo_without_opening_it(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(InputError) as err:
        _in_thread(lambda: read_document(fifo))
    assert str(fifo) in str(err.value) and "FIFO" in str(err.value) and "\n" not in str(err.value)


def test_ingest_find_sources_reports_every_path_that_gives_no_file(tmp_path):
    import socket

    from fontes.ingest import find_sources

    folder = tmp_path / "corpus"
    (folder / "sub").mkdir(parents=True)
    (folder / "good.txt").write_text("Some text.", encoding="utf-8")
    (folder / "sub" / "deep.md").write_text("More text.", encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")
    (folder / "dangling.txt").symlink_to(folder / "gone.txt")
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    (folder / "linked.txt").symlink_to(folder / "good.txt")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(folder / "sock"))
    try:
        files, errors = _in_thread(lambda: find_sources([folder, tmp_path / "missing.txt"]))
    finally:
        sock.close()
    assert [p.relative_to(folder).as_posix() for p in files] == ["good.txt", "linked.txt", "sub/deep.md"]
    messages = {Path(e.path).name: str(e) for e in errors}
    assert set(messages) == {"pipe.txt", "dangling.txt", "loop.txt", "sock", "missing.txt"}
    assert "FIFO" in messages["pipe.txt"] and "socket" in messages["sock"]
    assert "broken symbolic link" in messages["dangling.txt"] and "loop" in messages["loop.txt"]
    assert "no such file" in messages["missing.txt"]
    assert all("\n" not in m and m.startswith(str(tmp_path)) for m in messages.values())


def _as_nobody(fn):
    """fn() in a forked child that gave up root (root reads every folder), its result sent back as JSON."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            os.setgroups([])
            os.setgid(65534)
            os.setuid(65534)
            os.write(write, json.dumps(fn()).encode())
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read) as pipe:
        out = pipe.read()
    os.waitpid(pid, 0)
    return json.loads(out)


def test_ingest_find_sources_reports_a_folder_it_cannot_read(tmp_path):
    import shutil
    import tempfile

    from fontes.ingest import find_sources

    # As root every folder is readable, so the scan then runs as 'nobody' over a world-readable tree.
    root = Path(tempfile.mkdtemp(prefix="fontes-perm-"))
    try:
        root.chmod(0o755)
        (root / "open").mkdir(mode=0o755)
        (root / "open" / "a.txt").write_text("Some text.", encoding="utf-8")
        (root / "open" / "a.txt").chmod(0o644)
        (root / "closed").mkdir()
        (root / "closed" / "b.txt").write_text("Hidden from us.", encoding="utf-8")
        (root / "closed").chmod(0o000)

        def scan():
            files, errors = find_sources([root])
            return [str(f) for f in files], [str(e) for e in errors]

        files, errors = _as_nobody(scan) if os.geteuid() == 0 else scan()
        assert files == [str(root / "open" / "a.txt")]
        assert len(errors) == 1 and errors[0].startswith(f"{root / 'closed'}: folder cannot be read")
    finally:
        (root / "closed").chmod(0o755)
        shutil.rmtree(root)


def test_ingest_refuses_a_device_without_reading_it():
    with pytest.raises(InputError, match=r"^/dev/zero: a device, not a regular file"):
        _in_thread(lambda: read_document("/dev/zero"))  # read_bytes() on it would never end


def test_ingest_html_keeps_every_visible_line_when_the_extractor_disagrees():
    """Where trafilatura's text cannot be laid on the page's lines, no line of the page is dropped:
    the clean stage's rules decide (issue 10: nothing of the body lost at ingest)."""
    from fontes.ingest import page_lines

    html = ("<html><body><nav><a>Home</a></nav><p>The first paragraph of the page.</p>"
            "<ul><li>A short list item the extractor dropped.</li></ul><p>The last paragraph.</p></body></html>")
    text, spans = page_lines(html, "Something the extractor made of it that is on no line")
    assert text.splitlines() == ["Home", "The first paragraph of the page.", "A short list item the extractor dropped.",
                                 "The last paragraph."]
    assert spans is None


def test_html_lines_of_links_only_are_marked_as_chrome(tmp_path):
    paragraph = "The congress closed its sessions, and the delegates signed the treaty that redrew the map. " * 2
    html = ("<html><head><title>The Treaty | Example Site</title></head><body>"
            "<nav><ul><li><a href='/'>Home</a></li><li><a href='/e'>Events</a></li></ul></nav><main>"
            "<h1><a href='/treaty'>The Treaty</a></h1><div class='share'><a>Facebook</a><a>Twitter</a></div>"
            f"<p>{paragraph}</p><p>See the <a href='/map'>map of the new borders</a> drawn after it.</p>"
            f"<p>{paragraph}</p></main></body></html>")
    path = tmp_path / "treaty.html"
    path.write_text(html, encoding="utf-8")
    doc = read_document(path)
    chrome = {doc.text[m.start:m.end] for m in doc.marks if m.kind == "chrome"}
    assert chrome == {"Home", "Events", "FacebookTwitter"}  # not the linked heading, not a sentence with a link
    assert visible_lines(html)[:3] == ["Home", "Events", "The Treaty"]
