"""``make lighthouse``: Lighthouse's mobile scores of the built site, served with gzip as a web server would.

A measuring tool, like ``make bench``, not a test: the scores depend on how busy the machine is,
so nothing asserts them and a low score is reported, not failed. The pages measured are issue 24's:
the home page, the largest control page, every checklist page (``checklists/*.yml``) and the mapper.
Each is measured ``--runs`` times (3 by default) in rounds over all the pages, so a drift in the
machine's speed touches every page alike; the table gives medians, with the range where runs differ.

Lighthouse (pinned in ``tools/lighthouse/``) runs its default configuration (a simulated mid-range
phone, simulated throttling) in Debian's Chromium. The site is served from ``site/`` on 127.0.0.1
by :class:`GzipHandler`; a run that records a request to any other host fails, as the site must
never reach off-host. The command builds ``site/`` first when it is missing; ``make lighthouse``
always builds it (``make site``), so the figures are those of the checkout.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import io
import json
import os
import statistics
import subprocess
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import urlsplit

import yaml

ROOT = Path(__file__).resolve().parents[2]
LIGHTHOUSE = ROOT / "tools" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
# Debian's Chromium, never a downloaded browser; AMBIT_CHROMIUM points elsewhere, as in the tests.
CHROMIUM = Path(os.environ.get("AMBIT_CHROMIUM", "/usr/bin/chromium"))
CHROME_FLAGS = "--headless=new --no-sandbox"
HOST = "127.0.0.1"
RUN_TIMEOUT = 600
"""Seconds one Lighthouse run may take before it counts as a tool failure (a loaded machine is slow)."""

COMPRESSED_TYPES = frozenset(
    {"application/javascript", "application/json", "application/manifest+json", "application/xml", "image/svg+xml"}
)
"""Besides ``text/*``: the types a web server gzips. Images, fonts, PDFs and zips are compressed already."""


class LighthouseError(Exception):
    """A failure of the tool or of the setup (not a low score): the command exits non-zero."""


# --- The gzip server ----------------------------------------------------------------------------


def compressible(content_type: str) -> bool:
    """Whether a web server would send this type gzipped: text, scripts, JSON, SVG, XML."""
    kind = content_type.split(";", 1)[0].strip().lower()
    return kind.startswith("text/") or kind in COMPRESSED_TYPES


def accepts_gzip(accept_encoding: str | None) -> bool:
    """Whether an ``Accept-Encoding`` header allows gzip (``gzip`` or ``*``, not with ``q=0``)."""
    for part in (accept_encoding or "").split(","):
        name, _, params = part.partition(";")
        if name.strip().lower() not in ("gzip", "*"):
            continue
        q = params.strip().lower().removeprefix("q=")
        try:
            if q and float(q) == 0:
                continue
        except ValueError:
            continue
        return True
    return False


@functools.lru_cache(maxsize=512)
def _gzipped(path: str, mtime_ns: int) -> bytes:
    # Keyed by modification time, so a rebuilt file is compressed again; mtime=0 keeps bytes stable.
    return gzip.compress(Path(path).read_bytes(), compresslevel=6, mtime=0)


class GzipHandler(SimpleHTTPRequestHandler):
    """Serves a folder as a web server does: text responses gzipped when the request accepts it.

    Directories without a trailing slash, missing files and everything not compressible are left
    to :class:`SimpleHTTPRequestHandler`, which sends them as they are.
    """

    protocol_version = "HTTP/1.1"  # keep-alive, as a real server: every response has a length

    def send_head(self) -> io.BytesIO | BinaryIO | None:
        """Send the headers of a GET or HEAD and return the body to copy (``None`` when there is none)."""
        path = Path(self.translate_path(self.path))
        if path.is_dir() and urlsplit(self.path).path.endswith("/"):
            path = path / "index.html"
        content_type = self.guess_type(str(path))
        if not path.is_file() or not compressible(content_type) or not accepts_gzip(self.headers["Accept-Encoding"]):
            return super().send_head()
        body = _gzipped(str(path), path.stat().st_mtime_ns)
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the requests are in Lighthouse's report."""


@contextmanager
def serving(site: Path) -> Iterator[str]:
    """Serve ``site`` with :class:`GzipHandler` on 127.0.0.1 (a free port); yield its base URL."""
    server = ThreadingHTTPServer((HOST, 0), functools.partial(GzipHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{HOST}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


# --- The pages ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    """A page to measure: a label for the table and its path under the site's root ("" for home)."""

    label: str
    path: str


def checklist_ids(root: Path = ROOT) -> list[str]:
    """The ``id`` of every checklist in ``root/checklists/*.yml``, sorted."""
    ids = []
    for source in sorted((root / "checklists").glob("*.yml")):
        data = yaml.load(source.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        if not isinstance(data, dict) or not isinstance(data.get("id"), str):
            raise LighthouseError(f"{source.relative_to(root)}: no checklist id; run `ambit validate`")
        ids.append(data["id"])
    return sorted(ids)


def mapper_path() -> str:
    """The mapper page's path in the built site (from the page the generator writes)."""
    from generator.systemmap.mapper_page import PAGE

    return PAGE.removesuffix("index.md")


def largest_control(site: Path) -> str:
    """The ID of the largest control page of a built site (the control page most costly to load)."""
    pages = sorted((site / "controls").glob("*/index.html"), key=lambda p: (p.stat().st_size, p.parent.name))
    if not pages:
        raise LighthouseError(f"{site}: no control pages; build the site with `make site`")
    return pages[-1].parent.name


def pages(site: Path, root: Path = ROOT) -> list[Page]:
    """Issue 24's pages: home, the largest control, every checklist, the mapper; each must be built."""
    control = largest_control(site)
    found = [Page("home", ""), Page(f"largest control, {control}", f"controls/{control}/")]
    found += [Page(f"checklist {cid}", f"checklists/{cid}/") for cid in checklist_ids(root)]
    found.append(Page("mapper", mapper_path()))
    missing = [p.path for p in found if not (site / p.path / "index.html").is_file()]
    if missing:
        raise LighthouseError(f"{site}: pages not built: {', '.join(missing)}; rebuild with `make site`")
    return found


# --- Running Lighthouse and reading its report -------------------------------------------------


@dataclass(frozen=True)
class Run:
    """The figures of one Lighthouse run (an LHR): category scores out of 100 and the metrics."""

    performance: int
    accessibility: int
    best_practices: int
    seo: int
    lcp_ms: float
    tbt_ms: float
    cls: float
    transferred: int
    benchmark_index: float


def offsite_requests(lhr: dict[str, Any]) -> list[str]:
    """The URLs of the requests Lighthouse recorded to a host other than 127.0.0.1."""
    audit = lhr.get("audits", {}).get("network-requests", {})
    items = (audit.get("details") or {}).get("items")
    if not isinstance(items, list):
        raise LighthouseError("the report has no network-requests audit: off-host requests cannot be ruled out")
    return [str(item["url"]) for item in items if urlsplit(str(item["url"])).hostname not in (None, HOST)]


def _score(lhr: dict[str, Any], category: str) -> int:
    score = lhr["categories"][category]["score"]
    if score is None:  # Lighthouse gives no score when an audit the category needs errored
        raise LighthouseError(f"{lhr.get('finalDisplayedUrl')}: no {category} score")
    return round(float(score) * 100)


def _metric(lhr: dict[str, Any], audit: str) -> float:
    value = lhr["audits"][audit].get("numericValue")
    if value is None:
        raise LighthouseError(f"{lhr.get('finalDisplayedUrl')}: no value for {audit}")
    return float(value)


def read_run(lhr: dict[str, Any]) -> Run:
    """The figures of one report; a report of a failed load or with off-host requests is an error."""
    error = lhr.get("runtimeError")
    if error:
        raise LighthouseError(f"{lhr.get('requestedUrl')}: {error.get('code')}: {error.get('message')}")
    offsite = offsite_requests(lhr)
    if offsite:
        raise LighthouseError(f"{lhr.get('requestedUrl')}: requests to other hosts: {', '.join(offsite)}")
    return Run(
        performance=_score(lhr, "performance"),
        accessibility=_score(lhr, "accessibility"),
        best_practices=_score(lhr, "best-practices"),
        seo=_score(lhr, "seo"),
        lcp_ms=_metric(lhr, "largest-contentful-paint"),
        tbt_ms=_metric(lhr, "total-blocking-time"),
        cls=_metric(lhr, "cumulative-layout-shift"),
        transferred=round(_metric(lhr, "total-byte-weight")),
        benchmark_index=float(lhr.get("environment", {}).get("benchmarkIndex") or 0),
    )


def versions(lhr: dict[str, Any]) -> str:
    """Which Lighthouse and which browser made a report: ``Lighthouse 12.8.2, HeadlessChrome/156.0.0.0``."""
    agent = str(lhr.get("environment", {}).get("hostUserAgent", ""))
    browser = next((word for word in agent.split() if "Chrom" in word), "an unknown browser")
    return f"Lighthouse {lhr.get('lighthouseVersion', '?')}, {browser}"


def run_lighthouse(url: str, lighthouse: Path = LIGHTHOUSE, chromium: Path = CHROMIUM) -> dict[str, Any]:
    """One Lighthouse run of ``url`` (default mobile configuration); its report (LHR) as a dict."""
    command = [
        str(lighthouse),
        url,
        "--output=json",
        "--output-path=stdout",
        "--quiet",
        f"--chrome-flags={CHROME_FLAGS}",
        "--no-enable-error-reporting",  # never ask, never send a crash report
    ]
    try:
        proc = subprocess.run(
            command,
            capture_output=True,
            text=True,
            env={**os.environ, "CHROME_PATH": str(chromium)},
            timeout=RUN_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise LighthouseError(f"{url}: Lighthouse took more than {RUN_TIMEOUT} s") from exc
    if proc.returncode != 0:
        raise LighthouseError(f"{url}: Lighthouse exited with {proc.returncode}:\n{proc.stderr[-2000:]}")
    try:
        report: dict[str, Any] = json.loads(proc.stdout)
    except json.JSONDecodeError as exc:
        raise LighthouseError(f"{url}: Lighthouse wrote no JSON report: {exc}") from exc
    return report


# --- The table ----------------------------------------------------------------------------------


def _spread(values: Sequence[float], fmt: str = "{:.0f}") -> str:
    """The median, with the range in brackets when the runs differ: ``98 (95 to 99)``."""
    median, low, high = statistics.median(values), min(values), max(values)
    text = fmt.format(median)
    return text if low == high else f"{text} ({fmt.format(low)} to {fmt.format(high)})"


def render_table(results: Sequence[tuple[Page, Sequence[Run]]]) -> str:
    """A Markdown table of medians: the four category scores, LCP, TBT, CLS and bytes transferred."""
    lines = [
        "| Page | Performance | Accessibility | Best practices | SEO | LCP | TBT | CLS | Transferred |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for page, runs in results:
        median = statistics.median
        cells = [
            f"{page.label} (`/{page.path}`)",
            _spread([r.performance for r in runs]),
            _spread([r.accessibility for r in runs]),
            _spread([r.best_practices for r in runs]),
            _spread([r.seo for r in runs]),
            f"{median(r.lcp_ms for r in runs) / 1000:.1f} s",
            f"{median(r.tbt_ms for r in runs):.0f} ms",
            f"{median(r.cls for r in runs):.3f}",
            f"{median(r.transferred for r in runs) / 1024:.0f} KB",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _machine(before: tuple[float, float, float], after: tuple[float, float, float], runs: list[Run]) -> str:
    index = statistics.median(r.benchmark_index for r in runs) if runs else 0.0
    return (
        f"Machine: 1-minute load average {before[0]:.2f} before, {after[0]:.2f} after, on {os.cpu_count()} cores;"
        f" Lighthouse's benchmark index {index:.0f} (median of the runs; higher is a faster CPU)."
    )


# --- The command --------------------------------------------------------------------------------


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m generator.site.lighthouse", description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per page; the table gives medians (default 3)")
    parser.add_argument(
        "--page",
        action="append",
        default=[],
        metavar="PATH",
        help="measure only this page (its path: /, /mapper/, /checklists/saas/); repeatable",
    )
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="the built site (default site/)")
    return parser.parse_args(argv)


def _selected(found: list[Page], wanted: list[str]) -> list[Page]:
    if not wanted:
        return found
    paths = {p.strip("/") + "/" if p.strip("/") else "" for p in wanted}
    chosen = [p for p in found if p.path in paths]
    unknown = sorted(paths - {p.path for p in chosen})
    if unknown:
        raise LighthouseError(f"not a measured page: {', '.join('/' + u for u in unknown)}")
    return chosen


def measure(site: Path, chosen: Sequence[Page], runs: int) -> tuple[list[tuple[Page, list[Run]]], str]:
    """``runs`` Lighthouse runs of each page, in rounds over the pages, against a gzip server of ``site``.

    Returns the runs of each page and the versions of Lighthouse and the browser (:func:`versions`).
    """
    results: list[tuple[Page, list[Run]]] = [(page, []) for page in chosen]
    tools = ""
    with serving(site) as base:
        for round_number in range(1, runs + 1):
            for page, page_runs in results:
                print(f"run {round_number}/{runs}: /{page.path}", file=sys.stderr, flush=True)
                lhr = run_lighthouse(base + page.path)
                for warning in lhr.get("runWarnings") or []:  # e.g. a page that loaded too slowly
                    print(f"  Lighthouse warns: {warning}", file=sys.stderr, flush=True)
                page_runs.append(read_run(lhr))
                tools = tools or versions(lhr)
    return results, tools


def main(argv: Sequence[str] | None = None) -> int:
    """Measure the pages and print the table; exit 1 on a tool failure, never on a low score."""
    args = _arguments(argv)
    try:
        if args.runs < 1:
            raise LighthouseError("--runs must be at least 1")
        for tool, hint in ((LIGHTHOUSE, "run `make lighthouse`, which installs it"), (CHROMIUM, "install chromium")):
            if not tool.exists():
                raise LighthouseError(f"{tool} not found: {hint}")
        site: Path = args.site
        if not site.is_dir():
            from generator.build import build_site

            print(f"{site} is missing: building it", file=sys.stderr, flush=True)
            if build_site(ROOT, site) != 0:
                raise LighthouseError("the site did not build")
        chosen = _selected(pages(site), args.page)
        before = os.getloadavg()
        results, tools = measure(site, chosen, args.runs)
        after = os.getloadavg()
    except LighthouseError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"{tools}: mobile (default configuration, simulated throttling), {args.runs} run(s) a page, medians:\n")
    print(render_table(results))
    print()
    print(_machine(before, after, [run for _, page_runs in results for run in page_runs]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
