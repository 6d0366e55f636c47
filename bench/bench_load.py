"""Load test of the API on loopback: mixed reads for a fixed time while a build writes to the same database.

    python bench/bench_load.py                 # 120 s, 8 concurrent clients
    python bench/bench_load.py --seconds 60 --concurrency 4 --json

What it does, all on 127.0.0.1 and in a temporary folder: builds the example corpus into a fresh
SQLite database, starts ``fontes serve`` on a free port, then runs ``--concurrency`` asyncio
clients (aiohttp when installed, else httpx.AsyncClient) that send a seeded mix of reads (search,
chronology, entities, ask, documents) for ``--seconds`` (and at most ``--max-requests``), while a
``fontes build`` runs after another, each adding ``--batch`` of ``--build-docs`` more documents
(the examples with varied dated sentences) to the same database, so that builds write while the
clients read. It prints p50/p95/p99 latency per endpoint, requests/s and the error
rate (a transport error, a timeout or any status other than 200), for the whole run and for the
part of it while builds were running (after one untimed warm-up call per endpoint, which builds the search
index and loads the models), then stops the running build (if any) and the server. Exit
status 1 if the error rate is above ``--max-error-rate`` (default 1%).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Self

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "examples" / "seeds"
HOST = "127.0.0.1"  # loopback only: the test never sends a request anywhere else
NAMES = ["Krylenko", "Dukhonin", "Trotsky", "Kamenev", "Joffe", "Karakhan", "Bonch-Bruevich", "Sverdlov"]
PLACES = ["Petrograd", "Moscow", "Brest-Litovsk", "Mogilev", "Kiev", "Pskov"]
MONTHS = ["January", "February", "March", "November", "December"]
VERBS = ["ordered", "telegraphed", "appointed", "dismissed", "met", "arrested"]
SEARCHES = ["armistice", '"direct line"', "Dukhonin", "peace OR treaty", "negotiat*", "Lenin -Trotsky", "wireless",
            "Krylenko", "soldiers", "commissars"]
QUESTIONS = ["When was Dukhonin dismissed?", "Who ordered the armistice?", "Where did Krylenko go?",
             "When was the Decree on Peace adopted?", "Who was appointed commander-in-chief?"]
# endpoint name -> weight in the mix
MIX = {"search": 30, "chronology": 20, "entities": 15, "entity": 10, "ask": 10, "documents": 5, "document": 10}


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def make_documents(folder: Path, n: int, seed: int, batch: int) -> list[Path]:
    """n documents from the example corpus, each with one to three dated sentences of its own, in
    folders of ``batch`` documents (one build each)."""
    rng = random.Random(seed)
    seeds = sorted(SEEDS.glob("*.txt"))
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        paragraphs = seeds[i % len(seeds)].read_text("utf-8").split("\n\n")
        extra = [f"On {rng.randint(1, 28)} {rng.choice(MONTHS)} {rng.choice([1917, 1918])}, {rng.choice(NAMES)} "
                 f"{rng.choice(VERBS)} {rng.choice(NAMES)} at {rng.choice(PLACES)}." for _ in range(rng.randint(1, 3))]
        cut = rng.randint(len(paragraphs) // 2, len(paragraphs))
        part = folder / f"batch{i // batch:03d}"
        part.mkdir(exist_ok=True)
        (part / f"load{i:03d}.txt").write_text("\n\n".join(paragraphs[:cut] + extra + paragraphs[cut:]), "utf-8")
    return sorted(folder.iterdir())


def fontes(*args: str) -> list[str]:
    return [sys.executable, "-m", "fontes", *args]


@dataclass
class Sample:
    endpoint: str
    seconds: float
    ok: bool
    during_build: bool


@dataclass
class Run:
    samples: list[Sample] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)  # what went wrong -> count
    build_running: bool = False
    builds: list[str] = field(default_factory=list)  # each finished build's summary line and seconds
    build: subprocess.Popen | None = None  # the build running now


class Client:
    """GET on the local server with aiohttp (if installed) or httpx; returns the status code."""

    def __init__(self, base: str, kind: str, timeout: float) -> None:
        self.base, self.kind, self.timeout = base, kind, timeout

    async def __aenter__(self) -> Self:
        if self.kind == "aiohttp":
            import aiohttp

            self.session = aiohttp.ClientSession(base_url=self.base,
                                                 timeout=aiohttp.ClientTimeout(total=self.timeout))
        else:
            import httpx

            self.session = httpx.AsyncClient(base_url=self.base, timeout=self.timeout,
                                             limits=httpx.Limits(max_connections=64))
        return self

    async def __aexit__(self, *exc: object) -> None:
        await (self.session.close() if self.kind == "aiohttp" else self.session.aclose())

    async def get(self, path: str, params: dict[str, str | int]) -> int:
        if self.kind == "aiohttp":
            async with self.session.get(path, params=params) as resp:
                await resp.read()
                return resp.status
        resp = await self.session.get(path, params=params)
        return resp.status_code


def request_for(name: str, rng: random.Random, ids: dict[str, list[str]]) -> tuple[str, dict[str, str | int]]:
    if name == "search":
        return "/api/search", {"q": rng.choice(SEARCHES), "limit": 20}
    if name == "chronology":
        return "/api/chronology", {"limit": rng.choice([50, 200]), "offset": rng.choice([0, 0, 50]),
                                   "calendar": rng.choice(["gregorian", "julian"])}
    if name == "entities":
        return "/api/entities", {"limit": 100}
    if name == "entity":
        return f"/api/entities/{rng.choice(ids['entities'])}", {}
    if name == "ask":
        return "/api/ask", {"q": rng.choice(QUESTIONS)}
    if name == "documents":
        return "/api/documents", {}
    return f"/api/documents/{rng.choice(ids['documents'])}", {}


async def worker(n: int, client: Client, run: Run, ids: dict[str, list[str]], deadline: float, budget: list[int],
                 seed: int) -> None:
    rng = random.Random(seed * 1000 + n)
    names, weights = list(MIX), list(MIX.values())
    while time.monotonic() < deadline and budget[0] > 0:  # bounded in time and in count
        budget[0] -= 1
        name = rng.choices(names, weights)[0]
        path, params = request_for(name, rng, ids)
        during = run.build_running
        start = time.perf_counter()
        try:
            status = await client.get(path, params)
            ok = status == 200
            if not ok:
                run.errors[f"{name}: HTTP {status}"] = run.errors.get(f"{name}: HTTP {status}", 0) + 1
        except Exception as err:  # noqa: BLE001 - every failure is counted, none stops the run
            ok = False
            run.errors[f"{name}: {type(err).__name__}"] = run.errors.get(f"{name}: {type(err).__name__}", 0) + 1
        run.samples.append(Sample(name, time.perf_counter() - start, ok, during))


async def run_builds(batches: list[Path], db: str, run: Run, deadline: float) -> float:
    """One ``fontes build`` per batch, one after another until the deadline; the seconds they ran."""
    start = time.monotonic()
    for batch in batches:
        if time.monotonic() >= deadline:
            break
        began = time.monotonic()
        log = batch.parent / "build.log"
        with log.open("w") as errors:  # a file, not a pipe: nothing reads it while the build runs
            run.build = subprocess.Popen(  # noqa: ASYNC220 - Popen returns at once; the loop polls it
                fontes("build", str(batch), "--db", db, "-q", "--no-embed"), cwd=REPO,
                stdout=subprocess.PIPE, stderr=errors, text=True)
        run.build_running = True
        while run.build.poll() is None and time.monotonic() < deadline:
            await asyncio.sleep(0.2)
        if run.build.poll() is None:
            break  # still running at the deadline: main() stops it
        out = run.build.communicate()[0]
        summary = out.strip() or f"failed ({run.build.returncode}): {log.read_text()[-300:]}"
        run.builds.append(f"{time.monotonic() - began:5.1f} s  {summary}")
        run.build_running = False
    return time.monotonic() - start


def wait_ready(base: str, server: subprocess.Popen, timeout: float = 120) -> None:
    import httpx

    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if server.poll() is not None:
            raise SystemExit(f"fontes serve exited with status {server.returncode}")
        try:
            if httpx.get(f"{base}/api/stats", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"fontes serve did not answer on {base} within {timeout:.0f} s")


def stop(proc: subprocess.Popen, what: str) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)  # uvicorn and click stop cleanly on SIGINT
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            print(f"{what} did not stop on SIGINT; killing it", file=sys.stderr)
            proc.kill()
            proc.wait(timeout=15)


def percentile(sorted_values: list[float], p: float) -> float:
    if not sorted_values:
        return float("nan")
    k = max(0, min(len(sorted_values) - 1, round(p / 100 * len(sorted_values) + 0.5) - 1))
    return sorted_values[k]


def summarise(samples: list[Sample], seconds: float) -> list[dict]:
    rows = []
    for name in [*MIX, "all"]:
        got = [s for s in samples if name in ("all", s.endpoint)]
        if not got:
            continue
        times = sorted(s.seconds * 1000 for s in got)
        errors = sum(not s.ok for s in got)
        rows.append({"endpoint": name, "requests": len(got), "per_second": len(got) / seconds if seconds else 0.0,
                     "p50_ms": percentile(times, 50), "p95_ms": percentile(times, 95),
                     "p99_ms": percentile(times, 99), "max_ms": times[-1], "mean_ms": statistics.fmean(times),
                     "errors": errors, "error_rate": errors / len(got)})
    return rows


def print_table(title: str, rows: list[dict]) -> None:
    print(f"\n{title}")
    print(f"{'endpoint':<11} {'requests':>8} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8} "
          f"{'errors':>7} {'err %':>6}")
    for r in rows:
        print(f"{r['endpoint']:<11} {r['requests']:>8} {r['per_second']:>7.1f} {r['p50_ms']:>8.1f} {r['p95_ms']:>8.1f} "
              f"{r['p99_ms']:>8.1f} {r['max_ms']:>8.1f} {r['errors']:>7} {100 * r['error_rate']:>6.2f}")


async def load(base: str, args: argparse.Namespace, run: Run, batches: list[Path], db: str,
               ids: dict[str, list[str]], kind: str) -> tuple[float, float]:
    budget = [args.max_requests]
    start = time.monotonic()
    deadline = start + args.seconds
    async with Client(base, kind, args.timeout) as client:
        builder = asyncio.create_task(run_builds(batches, db, run, deadline))
        await asyncio.gather(*(worker(n, client, run, ids, deadline, budget, args.seed)
                               for n in range(args.concurrency)))
        build_seconds = await builder
    return time.monotonic() - start, build_seconds


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seconds", type=float, default=120.0, help="how long the clients send requests")
    ap.add_argument("--concurrency", type=int, default=8, help="concurrent clients")
    ap.add_argument("--max-requests", type=int, default=200_000, help="upper bound on requests, whatever the time")
    ap.add_argument("--build-docs", type=int, default=40, help="documents the builds add, at most")
    ap.add_argument("--batch", type=int, default=4, help="documents per build")
    ap.add_argument("--timeout", type=float, default=30.0, help="seconds before a request counts as failed")
    ap.add_argument("--client", choices=["auto", "httpx", "aiohttp"], default="auto")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--max-error-rate", type=float, default=0.01, help="exit 1 above this error rate")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON as well")
    args = ap.parse_args()
    kind = args.client
    if kind == "auto":
        try:
            import aiohttp  # noqa: F401
            kind = "aiohttp"
        except ImportError:
            kind = "httpx"

    with tempfile.TemporaryDirectory(prefix="fontes-load-") as tmp_dir:
        tmp = Path(tmp_dir)
        db = str(tmp / "load.db")
        print(f"building the example corpus into {db} ...", file=sys.stderr)
        subprocess.run(fontes("build", str(SEEDS), "--db", db, "-q", "--no-embed"), cwd=REPO, check=True,
                       stdout=subprocess.DEVNULL)
        batches = make_documents(tmp / "more", args.build_docs, args.seed, args.batch)
        port = free_port()
        base = f"http://{HOST}:{port}"
        env = {**os.environ}
        env.pop("FONTES_API_TOKEN", None)  # read-only server
        server = subprocess.Popen(fontes("serve", "--db", db, "--host", HOST, "--port", str(port)), cwd=REPO,
                                  env=env, stdout=subprocess.DEVNULL, stderr=open(tmp / "serve.log", "w"))  # noqa: SIM115
        run = Run()
        try:
            wait_ready(base, server)
            import httpx

            ids = {"entities": [e["id"] for e in httpx.get(f"{base}/api/entities", params={"limit": 50}).json()],
                   "documents": [d["id"] for d in httpx.get(f"{base}/api/documents").json()]}
            warm = random.Random(args.seed)
            for name in MIX:  # first calls build the search index and load the models: not what is measured
                path, params = request_for(name, warm, ids)
                httpx.get(f"{base}{path}", params=params, timeout=300)
            print(f"serving {db} on {base}; {args.concurrency} {kind} clients for {args.seconds:.0f} s while "
                  f"builds of {args.batch} documents run one after another ...", file=sys.stderr)
            seconds, build_seconds = asyncio.run(load(base, args, run, batches, db, ids, kind))
            stats = httpx.get(f"{base}/api/stats", timeout=60).json()
        finally:
            if run.build is not None:
                stop(run.build, "fontes build")
            stop(server, "fontes serve")

    during = [s for s in run.samples if s.during_build]
    build_note = f"{len(run.builds)} builds finished in {build_seconds:.1f} s" + (
        ", the one running at the end stopped" if run.build_running else "")
    held = ", ".join(f"{v} {k}" for k, v in stats.items() if isinstance(v, int) and not isinstance(v, bool))
    print(f"\nfontes serve on {base}, {args.concurrency} {kind} clients, {seconds:.1f} s; {build_note}; "
          f"the database held {held} at the end (the example corpus alone: 5 documents)")
    everything = summarise(run.samples, seconds)
    print_table(f"all requests ({len(run.samples)} in {seconds:.1f} s)", everything)
    during_seconds = build_seconds
    during_rows = summarise(during, during_seconds)
    if during and len(during) < len(run.samples):
        print_table(f"while builds ran ({len(during)} requests in {during_seconds:.1f} s)", during_rows)
    print("\nbuilds finished:\n" + ("\n".join(f"  {line}" for line in run.builds) or "  none (see the counts above)"))
    if run.errors:
        print("\nerrors: " + ", ".join(f"{k} x{v}" for k, v in sorted(run.errors.items())))
    if args.json:
        print(json.dumps({"seconds": seconds, "client": kind, "concurrency": args.concurrency,
                          "build_seconds": build_seconds, "builds": run.builds, "all": everything,
                          "during_build": during_rows, "errors": run.errors}, indent=2))
    rate = everything[-1]["error_rate"] if everything else 1.0
    if rate > args.max_error_rate:
        print(f"error rate {rate:.2%} is above --max-error-rate {args.max_error_rate:.2%}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
