"""``make lighthouse`` without Lighthouse: the gzip server, the pages measured, the report's reading.

Lighthouse itself is not run here (slow, and its scores depend on the machine's load); its report
is a fixture modelled on a real 12.8.2 report (``tests/fixtures/lighthouse/lhr-home.json``).
"""

from __future__ import annotations

import copy
import gzip
import http.client
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.model import Catalogue
from generator.site import lighthouse
from generator.site.lighthouse import (
    LighthouseError,
    Page,
    Run,
    accepts_gzip,
    checklist_ids,
    pages,
    read_run,
    render_table,
    serving,
)

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "lighthouse" / "lhr-home.json"
HTML = b"<!doctype html><title>Home</title>" + b"<p>text that compresses well</p>" * 200


@pytest.fixture
def lhr() -> dict[str, Any]:
    report: dict[str, Any] = json.loads(FIXTURE.read_text(encoding="utf-8"))
    return report


def _get(base: str, path: str, accept_encoding: str | None) -> tuple[http.client.HTTPResponse, bytes]:
    """A raw GET: http.client decodes nothing, so the bytes are those on the wire."""
    host, port = base.removeprefix("http://").rstrip("/").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    headers = {"Accept-Encoding": accept_encoding} if accept_encoding is not None else {}
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response, body


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """A small site served by the gzip server, once for the module (stopping a server takes 0.5 s)."""
    site = tmp_path_factory.mktemp("served") / "site"
    (site / "assets").mkdir(parents=True)
    (site / "index.html").write_bytes(HTML)
    (site / "assets" / "app.js").write_bytes(b"console.log('x');\n" * 100)
    (site / "search").mkdir()
    (site / "search" / "search_index.json").write_text(
        json.dumps({"docs": [{"text": "entry"}] * 200}), encoding="utf-8"
    )
    (site / "assets" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (site / "mapper").mkdir()
    (site / "mapper" / "index.html").write_bytes(HTML.replace(b"Home", b"Mapper"))
    with serving(site) as base:
        yield site, base


# --- The gzip server ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "file"),
    [
        ("/", "index.html"),
        ("/assets/app.js", "assets/app.js"),
        ("/search/search_index.json", "search/search_index.json"),
    ],
)
def test_text_is_sent_gzipped_and_decompresses_to_the_file(served: tuple[Path, str], path: str, file: str) -> None:
    site, base = served
    response, body = _get(base, path, "gzip, deflate, br")
    assert response.status == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert response.headers["Vary"] == "Accept-Encoding"
    assert int(response.headers["Content-Length"]) == len(body)
    assert len(body) < (site / file).stat().st_size
    assert gzip.decompress(body) == (site / file).read_bytes()


def test_a_folder_is_served_its_index_gzipped(served: tuple[Path, str]) -> None:
    site, base = served
    response, body = _get(base, "/mapper/", "gzip")
    assert response.headers["Content-Type"] == "text/html"
    assert gzip.decompress(body) == (site / "mapper" / "index.html").read_bytes()
    redirect, _ = _get(base, "/mapper", "gzip")
    assert (redirect.status, redirect.headers["Location"]) == (301, "/mapper/")


@pytest.mark.parametrize("accept_encoding", [None, "identity", "gzip;q=0", "br"])
def test_text_is_sent_as_it_is_when_gzip_is_not_accepted(served: tuple[Path, str], accept_encoding: str | None) -> None:
    site, base = served
    response, body = _get(base, "/", accept_encoding)
    assert response.headers["Content-Encoding"] is None
    assert body == (site / "index.html").read_bytes()


def test_images_are_not_gzipped_again(served: tuple[Path, str]) -> None:
    site, base = served
    response, body = _get(base, "/assets/logo.png", "gzip")
    assert response.headers["Content-Encoding"] is None
    assert body == (site / "assets" / "logo.png").read_bytes()


def test_a_missing_file_is_a_404(served: tuple[Path, str]) -> None:
    _, base = served
    response, _ = _get(base, "/no/such/page/", "gzip")
    assert response.status == 404


@pytest.mark.parametrize(
    ("header", "accepted"),
    [
        ("gzip", True),
        ("gzip, deflate, br, zstd", True),
        ("br;q=1.0, GZIP;q=0.8", True),
        ("*", True),
        ("gzip;q=0", False),
        ("gzip;q=0.0, br", False),
        ("identity", False),
        ("", False),
        (None, False),
    ],
)
def test_accept_encoding_is_read_with_its_weights(header: str | None, accepted: bool) -> None:
    assert accepts_gzip(header) is accepted


# --- The pages ----------------------------------------------------------------------------------


def _fake_site(site: Path, checklists: list[str], controls: dict[str, int]) -> Path:
    for folder in ["", "mapper/", *(f"checklists/{c}/" for c in checklists)]:
        (site / folder).mkdir(parents=True, exist_ok=True)
        (site / folder / "index.html").write_text("<!doctype html>", encoding="utf-8")
    for control, size in controls.items():
        (site / "controls" / control).mkdir(parents=True)
        (site / "controls" / control / "index.html").write_text("x" * size, encoding="utf-8")
    return site


def test_pages_are_home_the_largest_control_every_checklist_and_the_mapper(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "checklists" / "examples").mkdir(parents=True)
    # The id, not the file name, is the page's folder; system-map examples are not checklists.
    (project / "checklists" / "retail.yml").write_text("id: shops\ntitle: Shops\n", encoding="utf-8")
    (project / "checklists" / "baseline.yml").write_text("id: baseline\ntitle: Baseline\n", encoding="utf-8")
    (project / "checklists" / "examples" / "map.yml").write_text("system: {}\n", encoding="utf-8")
    site = _fake_site(tmp_path / "site", ["baseline", "shops"], {"HST-001": 500, "PPL-016": 900, "IAM-002": 700})
    assert pages(site, project) == [
        Page("home", ""),
        Page("largest control, PPL-016", "controls/PPL-016/"),
        Page("checklist baseline", "checklists/baseline/"),
        Page("checklist shops", "checklists/shops/"),
        Page("mapper", "mapper/"),
    ]


def test_every_checklist_of_the_catalogue_is_measured(real_catalogue: Catalogue, tmp_path: Path) -> None:
    ids = [c.id for c in real_catalogue.checklists]
    site = _fake_site(tmp_path / "site", ids, {"END-001": 10})
    measured = {p.path for p in pages(site)}
    assert {f"checklists/{cid}/" for cid in ids} <= measured
    assert len(ids) >= 4 and sorted(ids) == checklist_ids()


def test_a_page_missing_from_the_built_site_is_an_error(tmp_path: Path) -> None:
    site = _fake_site(tmp_path / "site", [], {"END-001": 10})
    with pytest.raises(LighthouseError, match=r"pages not built: checklists/\w+/"):
        pages(site)


def test_a_site_without_control_pages_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(LighthouseError, match="no control pages"):
        pages(_fake_site(tmp_path / "site", checklist_ids(), {}))


# --- Reading Lighthouse's report ---------------------------------------------------------------


def test_a_report_is_read_into_scores_out_of_100_and_metrics(lhr: dict[str, Any]) -> None:
    assert read_run(lhr) == Run(
        performance=95,
        accessibility=100,
        best_practices=100,
        seo=92,
        lcp_ms=1069.794,
        tbt_ms=248.9999999999999,
        cls=0.0042,
        transferred=183211,
        benchmark_index=1213.5,
    )


def test_a_request_to_another_host_fails_the_run(lhr: dict[str, Any]) -> None:
    items = lhr["audits"]["network-requests"]["details"]["items"]
    items.append({**items[1], "url": "https://fonts.googleapis.com/css?family=Roboto"})
    with pytest.raises(LighthouseError, match=re.escape("requests to other hosts: https://fonts.googleapis.com/")):
        read_run(lhr)


def test_localhost_by_name_is_another_host(lhr: dict[str, Any]) -> None:
    # The server listens on 127.0.0.1 only; a page that names another host reaches beyond it.
    items = lhr["audits"]["network-requests"]["details"]["items"]
    items.append({**items[1], "url": "http://localhost:8000/x.js"})
    with pytest.raises(LighthouseError, match="localhost"):
        read_run(lhr)


def test_a_report_without_its_requests_cannot_vouch_for_the_page(lhr: dict[str, Any]) -> None:
    del lhr["audits"]["network-requests"]["details"]
    with pytest.raises(LighthouseError, match="off-host requests cannot be ruled out"):
        read_run(lhr)


def test_a_failed_load_or_a_missing_score_is_a_tool_failure(lhr: dict[str, Any]) -> None:
    failed = copy.deepcopy(lhr)
    failed["runtimeError"] = {"code": "NO_FCP", "message": "The page did not paint any content."}
    with pytest.raises(LighthouseError, match="NO_FCP"):
        read_run(failed)
    lhr["categories"]["performance"]["score"] = None
    with pytest.raises(LighthouseError, match="no performance score"):
        read_run(lhr)


def _runs(lhr: dict[str, Any], performance: list[float], lcp: list[float]) -> list[Run]:
    runs = []
    for score, value in zip(performance, lcp, strict=True):
        report = copy.deepcopy(lhr)
        report["categories"]["performance"]["score"] = score
        report["audits"]["largest-contentful-paint"]["numericValue"] = value
        runs.append(read_run(report))
    return runs


def test_the_table_gives_medians_and_the_range_where_runs_differ(lhr: dict[str, Any]) -> None:
    table = render_table(
        [
            (Page("home", ""), _runs(lhr, [0.99, 0.95, 0.97], [900, 1500, 1069.794])),
            (Page("mapper", "mapper/"), _runs(lhr, [1.0], [2450])),
        ]
    )
    assert table.splitlines() == [
        "| Page | Performance | Accessibility | Best practices | SEO | LCP | TBT | CLS | Transferred |",
        "|---|---|---|---|---|---|---|---|---|",
        "| home (`/`) | 97 (95 to 99) | 100 | 100 | 92 | 1.1 s | 249 ms | 0.004 | 179 KB |",
        "| mapper (`/mapper/`) | 100 | 100 | 100 | 92 | 2.5 s | 249 ms | 0.004 | 179 KB |",
    ]


# --- The command --------------------------------------------------------------------------------


@pytest.fixture
def tools(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Stand-ins for the Lighthouse and Chromium executables, so ``main`` finds both."""
    for name in ("lighthouse", "chromium"):
        (tmp_path / name).touch()
    monkeypatch.setattr(lighthouse, "LIGHTHOUSE", tmp_path / "lighthouse")
    monkeypatch.setattr(lighthouse, "CHROMIUM", tmp_path / "chromium")
    return tmp_path


def test_a_low_score_is_reported_not_failed(
    lhr: dict[str, Any], tools: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    site = _fake_site(tools / "site", checklist_ids(), {"END-001": 10})
    lhr["categories"]["performance"]["score"] = 0.42
    urls: list[str] = []

    def fake_run(url: str) -> dict[str, Any]:
        urls.append(url)
        return lhr

    monkeypatch.setattr(lighthouse, "run_lighthouse", fake_run)
    assert lighthouse.main(["--site", str(site), "--runs", "2", "--page", "/", "--page", "mapper"]) == 0
    out = capsys.readouterr().out
    assert "| home (`/`) | 42 |" in out and "| mapper (`/mapper/`) | 42 |" in out
    assert "Lighthouse 12.8.2, HeadlessChrome/156.0.0.0: mobile" in out
    assert "1-minute load average" in out
    # Two rounds over the two pages, each page once a round, on the local server.
    assert [u.split("/", 3)[3] for u in urls] == ["", "mapper/", "", "mapper/"]
    assert all(u.startswith("http://127.0.0.1:") for u in urls)


def test_a_tool_failure_exits_1_with_a_message(tools: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tools / "lighthouse").unlink()
    assert lighthouse.main(["--site", str(tools)]) == 1
    assert "make lighthouse" in capsys.readouterr().err


def test_an_unknown_page_is_refused(tools: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = _fake_site(tools / "site", checklist_ids(), {"END-001": 10})
    assert lighthouse.main(["--site", str(site), "--page", "/about/"]) == 1
    assert "not a measured page: /about/" in capsys.readouterr().err
