"""Property: random mutations of valid files end in diagnostics, never in a traceback."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.catalogue import load_catalogue

FIXTURE = Path(__file__).parent / "fixtures" / "minimal"
FILES = sorted(p.relative_to(FIXTURE).as_posix() for p in FIXTURE.rglob("*.yml"))
YAMLISH = st.text(alphabet=list(" \t\n:-[]{}&*!|>'\"#%@`,?\\é\x00\x85") + list("abcXYZ019"), max_size=12)


@st.composite
def mutation(draw: st.DrawFn) -> tuple[str, bytes]:
    """A fixture file and its mutated bytes: spliced text, dropped or repeated lines, or bad bytes."""
    rel = draw(st.sampled_from(FILES))
    data = (FIXTURE / rel).read_bytes()
    kind = draw(st.sampled_from(["splice", "drop-line", "repeat-line", "indent", "bytes", "truncate"]))
    lines = data.split(b"\n")
    if kind == "splice":
        at = draw(st.integers(0, len(data)))
        cut = draw(st.integers(0, 8))
        data = data[:at] + draw(YAMLISH).encode("utf-8", "surrogatepass") + data[at + cut :]
    elif kind == "drop-line":
        del lines[draw(st.integers(0, len(lines) - 1))]
        data = b"\n".join(lines)
    elif kind == "repeat-line":
        i = draw(st.integers(0, len(lines) - 1))
        lines.insert(i, lines[i])
        data = b"\n".join(lines)
    elif kind == "indent":
        i = draw(st.integers(0, len(lines) - 1))
        lines[i] = b" " * draw(st.integers(1, 5)) + lines[i]
        data = b"\n".join(lines)
    elif kind == "bytes":
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(min_size=1, max_size=4)) + data[at:]
    else:
        data = data[: draw(st.integers(0, len(data)))]
    return rel, data


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutation())
def test_mutated_content_never_crashes_the_validator(change: tuple[str, bytes]) -> None:
    rel, data = change
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "p"
        shutil.copytree(FIXTURE, root)
        (root / rel).write_bytes(data)
        result = load_catalogue(root)  # must not raise
        for d in result.diagnostics:
            assert d.line >= 1 and d.col >= 1
            assert d.message and d.code and d.hint, d
            assert (root / d.path).exists() or d.code == "missing-file"
