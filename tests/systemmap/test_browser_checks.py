"""The browser's map loader and checks report exactly what ``ambit map`` reports, on hundreds of broken maps.

``site_overrides/assets/mapper/yamlmap.js`` and ``checks.js`` run in Debian's Chromium over maps
broken from the worked examples and the test maps with a fixed seed (lines deleted, repeated,
re-indented, cut short, keys misspelt, values garbled) and over the hand-written broken maps.
Each file's diagnostics must equal the Python loader's: path, line, column, code, message and
hint. YAML syntax errors are the one exception: PyYAML and js-yaml word them and place the
column differently, so for those the code and the line must agree.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.model import Catalogue
from generator.systemmap.browser import render_mapper_data
from generator.systemmap.load import load_map
from tests.systemmap.conftest import EXAMPLES, REPO, script_page

ASSETS = REPO / "site_overrides" / "assets"
SCRIPTS = [ASSETS / "vendor" / "js-yaml.min.js", ASSETS / "mapper" / "yamlmap.js", ASSETS / "mapper" / "checks.js"]
SCHEMA = REPO / "content" / "schema" / "system-map.schema.json"
SOURCES = [*sorted(EXAMPLES.glob("*.yml")), *sorted((Path(__file__).parent / "maps").glob("*.yml"))]
BAD = sorted((Path(__file__).parent / "bad_maps").glob("*.yml"))


def broken_maps(count: int, seed: int = 20261202) -> dict[str, str]:
    """``{file name: text}``: valid maps with one to three random line edits each."""
    rng = random.Random(seed)
    texts = [p.read_text("utf-8") for p in SOURCES]
    out = {}
    for n in range(count):
        lines = rng.choice(texts).split("\n")
        for _ in range(rng.randint(1, 3)):
            i = rng.randrange(len(lines))
            line = lines[i]
            key, colon, value = line.partition(":")
            op = rng.randrange(8)
            if op == 0:
                del lines[i]
            elif op == 1:
                lines.insert(i, line)  # duplicate keys and duplicate entries
            elif op == 2 and colon:
                lines[i] = (
                    key + ":" + value[: len(value) // 2] + rng.choice(["x", "-", "_", " yes", " 3", "", " [a]", " {}"])
                )
            elif op == 3:
                lines[i] = " " + line
            elif op == 4 and line.strip():
                lines[i] = line.replace(rng.choice(line.strip()), rng.choice("abz-:&*!"), 1)
            elif op == 5 and colon:
                lines[i] = key + "s:" + value  # misspelt field
            elif op == 6:
                lines[i] = line.replace("- ", "-  ", 1)
            elif op == 7 and colon:
                lines[i] = key + ":"
        out[f"broken-{n:03}.yml"] = "\n".join(lines)
    return out


JS_READ = """([data, schema, files]) => files.map(([name, text]) =>
  AmbitChecks.readMap(data, schema, new TextEncoder().encode(text), name).diagnostics
    .map(d => [d.path, d.line, d.col, d.code, d.message, d.hint]))"""


@pytest.fixture(scope="module")
def page(browser: Any) -> Iterator[Any]:
    with script_page(browser, "checks", *SCRIPTS) as page:
        yield page


def _compare(page: Any, cat: Catalogue, files: dict[str, str], tmp_path: Path) -> dict[str, Any]:
    data = json.loads(render_mapper_data(cat))
    schema = json.loads(SCHEMA.read_text("utf-8"))
    shown = page.evaluate(JS_READ, [data, schema, list(files.items())])
    mismatches = {}
    for (name, text), js in zip(files.items(), shown, strict=True):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        py = [[d.path, d.line, d.col, d.code, d.message, d.hint] for d in load_map(path, name, cat).diagnostics]
        if py and py[0][3] == "yaml-syntax":
            py, js = [d[1:2] + d[3:4] for d in py], [d[1:2] + d[3:4] for d in js]
        if py != js:
            mismatches[name] = {"python": py, "browser": js}
    return mismatches


def test_valid_and_hand_written_broken_maps(page: Any, catalogue: Catalogue, tmp_path: Path) -> None:
    files = {p.name: p.read_text("utf-8") for p in [*SOURCES, *BAD]}
    assert _compare(page, catalogue, files, tmp_path) == {}


def test_generated_broken_maps(page: Any, catalogue: Catalogue, tmp_path: Path) -> None:
    files = broken_maps(300)
    mismatches = _compare(page, catalogue, files, tmp_path)
    assert not mismatches, json.dumps(mismatches, indent=1)[:4000]


def test_did_you_mean_is_difflib(page: Any) -> None:
    import difflib

    words = ["shared-login", "logins-shared", "SHARED-LOGINS", "sharedlogins", "x", "", "storag", "trainin", "zzz"]
    pool = ["shared-logins", "secrets-in-files", "storage", "training", "inference", "Storage", "loginss"]
    js = page.evaluate("([w, p]) => w.map(x => AmbitChecks.didYouMean(x, p))", [words, pool])
    from generator.diagnostics import did_you_mean

    assert js == [did_you_mean(w, pool) for w in words]
    pairs = [("abcd", "bcde"), ("route-history", "route-histroy"), ("a", "a"), ("", "")]
    ratios = page.evaluate("ps => ps.map(([a, b]) => AmbitChecks.ratio(Array.from(a), Array.from(b)))", pairs)
    assert ratios == [difflib.SequenceMatcher(None, a, b).ratio() for a, b in pairs]


def test_written_yaml_reads_back_the_same_in_python(page: Any, tmp_path: Path) -> None:
    """The YAML download keeps every string a string, whatever it looks like."""
    from generator.diagnostics import Diagnostic
    from generator.loader import load_yaml_bytes

    awkward = ["-.5", ".5", "yes", "No", "on", "1_000", "0x1F", "null", "~", "", "2026-01-01", "True", "3", "1e3"]
    awkward += ["#x", "a: b", "- x", "&a", "*a", "!x", "'q'", '"dq"', "two\nlines", " lead", "trail ", "é ✓", "{x}"]
    smap = {
        "system": "Awkward",
        "components": [{"id": "db", "type": "mdm", "exposure": "internal", "data": awkward}],
        "intake": {"shared-logins": True, "secrets-in-files": False},
    }
    text = page.evaluate("m => AmbitYaml.dump(m)", smap)
    loaded = load_yaml_bytes(text.encode("utf-8"), tmp_path / "m.yml", "m.yml")
    assert not isinstance(loaded, Diagnostic), loaded
    assert loaded.data == smap, text
