"""The Content-Security-Policy every built page carries: computed from the page, so the build's own
inline scripts run, and nothing else does."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

from generator.site import csp
from generator.site.html_fixes import fix_site

PAGE = """<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>t</title>
    <script>var a = 1;</script>
    <script id="__config" type="application/json">{"x": 1}</script>
    <script src="assets/x.js"></script>
    <script type="module">import "./m.js";</script>
  </head>
  <body><script>var a = 1;</script></body>
</html>
"""


def _sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_every_inline_script_a_browser_runs_is_hashed_once_and_data_is_not() -> None:
    assert csp.inline_script_hashes(PAGE) == [_sha("var a = 1;"), _sha('import "./m.js";')]


def test_the_policy_sits_after_the_charset_before_any_script() -> None:
    html = csp.add_policy(PAGE)
    head = html.split("<title>")[0]
    assert head.index('<meta charset="utf-8">') < head.index("Content-Security-Policy")
    policy = html.split('http-equiv="Content-Security-Policy" content="')[1].split('"')[0]
    module = _sha('import "./m.js";')
    assert policy == (
        f"default-src 'self'; script-src 'self' {_sha('var a = 1;')} {module}; "
        "img-src 'self' data:; style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'self'; "
        "form-action 'self'"
    )


def test_adding_the_policy_twice_changes_nothing_and_follows_a_changed_script() -> None:
    once = csp.add_policy(PAGE)
    assert csp.add_policy(once) == once
    changed = csp.add_policy(once.replace("var a = 1;", "var a = 2;"))
    assert changed.count("Content-Security-Policy") == 1
    assert _sha("var a = 2;") in changed and _sha("var a = 1;") not in changed


def test_a_page_with_a_stricter_policy_of_its_own_keeps_it() -> None:
    strict = PAGE.replace(
        '<meta charset="utf-8">',
        '<meta charset="utf-8">\n<meta http-equiv="Content-Security-Policy" content="default-src \'none\'">',
    )
    assert csp.add_policy(strict) == strict


def test_fix_site_gives_every_page_its_policy(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "404.html").write_text(PAGE.replace("var a = 1;", "var b;"), encoding="utf-8")
    fix_site(tmp_path)
    for rel, script in (("a/index.html", "var a = 1;"), ("404.html", "var b;")):
        html = (tmp_path / rel).read_text(encoding="utf-8")
        assert f"script-src 'self' {_sha(script)} " in html, rel
    fix_site(tmp_path, csp=False)  # the preview: its server adds a reload script no hash can know
    assert (tmp_path / "404.html").read_text(encoding="utf-8").count("Content-Security-Policy") == 1
