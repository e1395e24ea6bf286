"""Safe YAML loading that keeps the position of every node.

The loader reads YAML as a stream of parser events (libyaml's C parser where present) and
builds plain Python values from them itself, so that it can refuse what content never needs
and what makes YAML dangerous: anchors and aliases (no alias bombs), explicit or custom tags
(no ``!!python/object``), duplicate keys, several documents in one file, tab indentation,
non-UTF-8 bytes, empty files and oversized files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.diagnostics import Diagnostic

try:  # libyaml is four times faster; the pure-Python parser gives the same events.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_FILE_BYTES = 1024 * 1024
"""Largest file the loader reads; registries are the biggest files and stay far below."""

MAX_DEPTH = 32
"""Deepest nesting of mappings and lists accepted; content needs four levels at most."""

MAX_DIGITS = 30
"""Longest plain number read as a number (a float's 15 significant digits, with room to spare)."""

JsonPath = tuple[str | int, ...]

# YAML 1.1 resolves these plain scalars to non-strings. Timestamps are deliberately absent:
# dates stay strings so that JSON Schema checks their format and output keeps their spelling.
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9_]*)$")
_FLOAT = re.compile(r"^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]+(?:[eE][-+]?[0-9]+)?$")
_YAML11_BOOL_WORDS = re.compile(r"^(?:yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|y|Y|n|N)$")


@dataclass(frozen=True)
class Mark:
    """Where a node starts (1-based line and column) and how a scalar was written."""

    line: int
    col: int
    style: str = ""


@dataclass
class YamlDocument:
    """A loaded YAML file: its data and the position of every value and mapping key."""

    path: Path
    rel: str
    data: Any
    marks: dict[JsonPath, Mark] = field(default_factory=dict)
    key_marks: dict[JsonPath, Mark] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)

    def mark(self, path: JsonPath) -> Mark:
        """Position of the value at ``path``, or of its nearest ancestor that has one."""
        probe = tuple(path)
        while probe:
            if probe in self.marks:
                return self.marks[probe]
            probe = probe[:-1]
        return self.marks.get((), Mark(1, 1))

    def key_mark(self, path: JsonPath) -> Mark:
        """Position of the mapping key that holds ``path`` (falls back to the value)."""
        return self.key_marks.get(tuple(path)) or self.mark(path)

    def error(self, path: JsonPath, code: str, message: str, hint: str = "") -> Diagnostic:
        """A diagnostic positioned at the value at ``path``."""
        m = self.mark(path)
        return Diagnostic(self.rel, m.line, m.col, code, message, hint)

    def text_position(self, path: JsonPath, text_line: int) -> tuple[int, int]:
        """File line and column of line ``text_line`` (0-based) inside the string at ``path``."""
        m = self.mark(path)
        if m.style not in ("|", ">"):
            return m.line, m.col
        line = m.line + 1 + text_line
        if 0 < line <= len(self.lines):
            content = self.lines[line - 1]
            return line, len(content) - len(content.lstrip(" ")) + 1
        return m.line, m.col

    def key_error(self, path: JsonPath, code: str, message: str, hint: str = "") -> Diagnostic:
        """A diagnostic positioned at the key that holds ``path``."""
        m = self.key_mark(path)
        return Diagnostic(self.rel, m.line, m.col, code, message, hint)


class _Refused(Exception):
    def __init__(self, line: int, col: int, code: str, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.line, self.col, self.code, self.message, self.hint = line, col, code, message, hint


def _at(mark: Any) -> tuple[int, int]:
    return mark.line + 1, mark.column + 1


def load_yaml(path: Path, rel: str, max_bytes: int = MAX_FILE_BYTES) -> YamlDocument | Diagnostic:
    """Load one YAML file; return the document or the first problem that stops reading it."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return Diagnostic(
                rel,
                1,
                1,
                "file-too-large",
                f"file is {size:,} bytes; the limit is {max_bytes:,}",
                "split the content into smaller files",
            )
        raw = path.read_bytes()
    except OSError as exc:
        return Diagnostic(
            rel, 1, 1, "unreadable", f"cannot read file: {exc.strerror}", "check that it is a readable file"
        )
    return load_yaml_bytes(raw, path, rel)


def load_yaml_bytes(raw: bytes, path: Path, rel: str) -> YamlDocument | Diagnostic:
    """Load YAML from bytes already read (used by tests and by ``ambit diff`` on git blobs)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return Diagnostic(
            rel,
            line,
            col,
            "encoding",
            f"byte 0x{raw[exc.start]:02x} is not valid UTF-8",
            "save the file as UTF-8",
        )
    if text.startswith("\ufeff"):
        text = text[1:]
    tab = _find_tab_indent(text)
    if tab:
        return Diagnostic(
            rel,
            tab[0],
            tab[1],
            "tab",
            "tab character in indentation",
            "indent YAML with spaces only",
        )
    if not _has_content(text):
        return Diagnostic(rel, 1, 1, "empty-file", "file is empty", "add the fields its schema requires")
    doc = YamlDocument(path=path, rel=rel, data=None, lines=text.split("\n"))
    try:
        doc.data = _Builder(doc).build(yaml.parse(text, Loader=_Loader))
    except _Refused as refusal:
        return Diagnostic(rel, refusal.line, refusal.col, refusal.code, refusal.message, refusal.hint)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = _at(mark) if mark else (1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        return Diagnostic(
            rel,
            line,
            col,
            "yaml-syntax",
            f"YAML syntax error: {problem}",
            "check indentation, quoting and the colon after each key",
        )
    except yaml.YAMLError as exc:  # reader errors such as control characters
        return Diagnostic(rel, 1, 1, "yaml-syntax", f"YAML error: {exc}", "remove control characters and save as UTF-8")
    return doc


def _find_tab_indent(text: str) -> tuple[int, int] | None:
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.lstrip(" ")
        if stripped.startswith("\t"):
            return number, len(line) - len(stripped) + 1
    return None


def _has_content(text: str) -> bool:
    for line in text.splitlines():
        s = line.strip()
        if s and not s.startswith("#") and s not in ("---", "..."):
            return True
    return False


class _Builder:
    """Turns parser events into dicts, lists and scalars, recording marks as it goes."""

    def __init__(self, doc: YamlDocument) -> None:
        self.doc = doc

    def build(self, events: Any) -> Any:
        it = iter(events)
        result: Any = None
        documents = 0
        for event in it:
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise _Refused(
                        *_at(event.start_mark),
                        "multiple-documents",
                        "a file holds one YAML document",
                        "remove the extra '---'",
                    )
                result = self._node(next(it), it, ())
        return result

    def _node(self, event: Any, it: Any, path: JsonPath) -> Any:
        line, col = _at(event.start_mark)
        if len(path) > MAX_DEPTH:
            raise _Refused(
                line,
                col,
                "too-deep",
                f"values are nested more than {MAX_DEPTH} levels deep",
                "content files need only a few levels of nesting; check the brackets and indentation",
            )
        if isinstance(event, yaml.AliasEvent):
            raise _Refused(
                line,
                col,
                "alias",
                f"alias '*{event.anchor}' is not allowed",
                "write the value out in full; anchors and aliases are refused",
            )
        if getattr(event, "anchor", None):
            raise _Refused(
                line,
                col,
                "anchor",
                f"anchor '&{event.anchor}' is not allowed",
                "write the value out in full; anchors and aliases are refused",
            )
        tag = getattr(event, "tag", None)
        if tag is not None and not (isinstance(event, yaml.ScalarEvent) and tag == "!"):
            raise _Refused(
                line, col, "tag", f"tag '{tag}' is not allowed", "remove the tag; content is plain YAML without types"
            )
        if isinstance(event, yaml.ScalarEvent):
            self.doc.marks[path] = Mark(line, col, event.style or "")
            return _scalar(event)
        self.doc.marks[path] = Mark(line, col)
        if isinstance(event, yaml.SequenceStartEvent):
            items: list[Any] = []
            for child in it:
                if isinstance(child, yaml.SequenceEndEvent):
                    return items
                items.append(self._node(child, it, (*path, len(items))))
        if isinstance(event, yaml.MappingStartEvent):
            mapping: dict[str, Any] = {}
            for key_event in it:
                if isinstance(key_event, yaml.MappingEndEvent):
                    return mapping
                kline, kcol = _at(key_event.start_mark)
                if not isinstance(key_event, yaml.ScalarEvent) or key_event.tag is not None:
                    raise _Refused(
                        kline, kcol, "key", "mapping keys must be plain text", "use a simple word as the key"
                    )
                if key_event.anchor:
                    raise _Refused(
                        kline, kcol, "anchor", f"anchor '&{key_event.anchor}' is not allowed", "remove the anchor"
                    )
                key = key_event.value
                if key in mapping:
                    first = self.doc.key_marks[(*path, key)]
                    raise _Refused(
                        kline,
                        kcol,
                        "duplicate-key",
                        f"duplicate key '{key}' (first defined at line {first.line})",
                        "keep one of the two entries",
                    )
                self.doc.key_marks[(*path, key)] = Mark(kline, kcol)
                mapping[key] = self._node(next(it), it, (*path, key))
        raise _Refused(line, col, "yaml-syntax", "unexpected YAML structure")  # pragma: no cover


def _scalar(event: Any) -> Any:
    value: str = event.value
    if event.style or not event.implicit[0]:
        return value
    if _NULL.match(value):
        return None
    if _BOOL.match(value):
        return value.lower() == "true"
    if _INT.match(value):
        if len(value) > MAX_DIGITS:
            # Python refuses to read integers of more than 4,300 digits; no field needs 20.
            line, col = _at(event.start_mark)
            raise _Refused(
                line,
                col,
                "number-too-large",
                f"the number has {len(value):,} digits; the limit is {MAX_DIGITS}",
                'write a smaller number, or put text in quotes ("...")',
            )
        return int(value.replace("_", ""))
    if _FLOAT.match(value):
        return float(value.replace("_", ""))  # never an error: a huge float reads as inf
    if _YAML11_BOOL_WORDS.match(value):
        # YAML 1.1 readers would turn these into booleans; keep the text, never guess.
        return value
    return value
