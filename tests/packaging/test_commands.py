"""Every ``ambit`` sub-command, end to end, from the installed wheel.

The commands that only read the catalogue run in an empty folder with ``pip install ambit``'s
environment (no site engine) and must give the checkout's own answers, byte for byte. The others
run in a copy of a checkout (the test project, under git), with ``ambit[site]`` for ``build`` and
``serve``; outside a checkout each says in one line that it needs one. No command may end in an
internal error (exit 70), and a last test checks that every sub-command the parser knows ran here.
"""

from __future__ import annotations

import json
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest

from generator.catalogue import load_catalogue
from generator.cli import build_parser, command_names
from generator.cli import main as ambit_in_process
from generator.downloads.formats import render
from generator.systemmap.cover import with_cover
from generator.systemmap.diagram import render_svg
from generator.systemmap.load import load_map
from generator.systemmap.select import build_map_checklist
from tests.conftest import FIXTURES, make_buildable
from tests.frameworks.test_atlas import ATLAS
from tests.frameworks.test_oscal import SP800_53
from tests.packaging.conftest import REPO, Env, run

EXAMPLE = REPO / "checklists" / "examples" / "saas-content-tool.yml"
COMPONENT = "public-api"
NEEDS_CHECKOUT = "needs a checkout of the Ambit repository: run it inside one, or pass --catalogue DIR"


@dataclass(frozen=True)
class Ran:
    """One command as run: its arguments, exit code, output and the folder it ran in."""

    args: tuple[str, ...]
    code: int
    out: str
    err: str
    cwd: Path


class Runs:
    """The commands run so far, by label, so each test can look at the one it is about."""

    def __init__(self, env: Env) -> None:
        self.env = env
        self.by_label: dict[str, Ran] = {}

    def __call__(self, label: str, *args: str | Path, cwd: Path) -> Ran:
        result = self.env.ambit(*args, cwd=cwd)
        ran = Ran(tuple(str(a) for a in args), result.returncode, result.stdout, result.stderr, cwd)
        self.by_label[label] = ran
        return ran

    def __getitem__(self, label: str) -> Ran:
        return self.by_label[label]


def _fill_status(workbook: Path, target: Path, control_row: int, status: str, notes: str) -> str:
    """Fill in one control's status and notes as a user would (notes typed as text); return its ID."""
    book = openpyxl.load_workbook(workbook)
    sheet = book["Checklist"]
    header = {cell.value: cell.column for cell in sheet[1]}
    control = str(sheet.cell(control_row, header["ID"]).value)
    sheet.cell(control_row, header["Status"]).value = status
    sheet.cell(control_row, header["Notes"]).value = notes
    sheet.cell(control_row, header["Notes"]).data_type = "s"  # '=... typed in a spreadsheet: text, not a formula
    book.save(target)
    return control


@pytest.fixture(scope="module")
def anywhere(core_env: Env, tmp_path_factory: pytest.TempPathFactory) -> Runs:
    """The read-only commands and the checkout-only ones, run in an empty folder by the default install."""
    work = tmp_path_factory.mktemp("anywhere")
    shutil.copy(EXAMPLE, work / "my.yml")
    runs = Runs(core_env)
    runs("validate", "validate", cwd=work)
    runs("checklist csv", "checklist", "--checklist", "baseline", "--format", "csv", "-o", "baseline.csv", cwd=work)
    runs("checklist xlsx", "checklist", "--checklist", "baseline", "--format", "xlsx", "-o", "baseline.xlsx", cwd=work)
    runs("map", "map", "my.yml", "-o", "out", cwd=work)
    runs("review", "review", "my.yml", "--component", COMPONENT, "-o", "out", cwd=work)
    runs("export oscal", "export", "oscal", "--map", "my.yml", "-o", "oscal", cwd=work)
    runs("export ciso-assistant", "export", "ciso-assistant", "-o", "ciso", cwd=work)
    _fill_status(work / "baseline.xlsx", work / "filled.xlsx", 2, "implemented", '=HYPERLINK("x")')
    runs("progress from-xlsx", "progress", "from-xlsx", "filled.xlsx", "-o", "progress.json", cwd=work)
    runs(
        "progress merge",
        *("progress", "merge", "progress.json", "-o", "merged.json", "--report", "changes.md"),
        cwd=work,
    )
    for args in CHECKOUT_ONLY:
        runs("outside: " + " ".join(args), *args, cwd=work)
    return runs


CHECKOUT_ONLY = (
    ("build",),
    ("serve",),
    ("new", "control", "--layer", "hosting"),
    ("new", "checklist", "retail"),
    ("diff", "HEAD"),
    ("contrib", "issue-forms", "--check"),
    ("frameworks", "check"),
    ("frameworks", "import", "atlas", "ATLAS.yaml"),
    ("frameworks", "import", "oscal", "catalog.json", "--key", "nist-sp-800-53-r5"),
)


def _checkout(root: Path) -> Path:
    """A copy of the test project, buildable and committed to git, as a contributor's clone."""
    shutil.copytree(FIXTURES / "minimal", root)
    make_buildable(root)
    git = ("git", "-c", "user.name=Test", "-c", "user.email=test@example.invalid")
    for command in (("git", "init", "--quiet"), ("git", "add", "."), (*git, "commit", "--quiet", "-m", "base")):
        assert run(*command, cwd=root).returncode == 0
    return root


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _serve(env: Env, root: Path, runs: Runs) -> Iterator[str]:
    """Start ``ambit serve``, yield the preview's home page once it answers, then stop it with Ctrl+C."""
    port = _free_port()
    args = ("serve", "--dev-addr", f"127.0.0.1:{port}")
    proc = subprocess.Popen(
        [env.bin / "ambit", *args], cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    page = ""
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and proc.poll() is None and not page:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/ambit/", timeout=5) as response:
                    page = response.read().decode("utf-8")
            except OSError:
                time.sleep(1)
        yield page
    finally:
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
        runs.by_label["serve"] = Ran(args, proc.returncode, out, err, root)


@pytest.fixture(scope="module")
def in_checkout(core_env: Env, site_env: Env, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Runs]:
    """The checkout-only commands, run in copies of a checkout by ``ambit[site]``."""
    base = tmp_path_factory.mktemp("checkouts")
    runs = Runs(site_env)
    # The default install in a checkout: the engine is what is missing, and it says which extra.
    lean = Runs(core_env)
    site = _checkout(base / "site")
    runs.by_label["build without the extra"] = lean("build", "build", cwd=site)
    runs.by_label["serve without the extra"] = lean("serve", "serve", cwd=site)
    runs("build", "build", cwd=site)
    contrib = _checkout(base / "contrib")
    runs("frameworks check", "frameworks", "check", cwd=contrib / "content")
    (base / "ATLAS.yaml").write_text(ATLAS, encoding="utf-8")
    (base / "catalog.json").write_text(json.dumps(SP800_53), encoding="utf-8")
    imports = ("frameworks", "import")
    runs("import atlas", *imports, "atlas", base / "ATLAS.yaml", "--retrieved", "2026-11-25", cwd=contrib)
    oscal = ("oscal", base / "catalog.json", "--key", "nist-sp-800-53-r5", "--retrieved", "2026-11-25")
    runs("import oscal", *imports, *oscal, cwd=contrib)
    runs("new control", "new", "control", "--layer", "hosting", cwd=contrib)
    runs("new checklist", "new", "checklist", "retail-pharmacy", cwd=contrib / "checklists")
    runs("diff", "diff", "HEAD", cwd=contrib)
    runs("issue-forms", "contrib", "issue-forms", "--output-dir", "forms", cwd=contrib)
    runs("issue-forms --check", "contrib", "issue-forms", "--output-dir", "forms", "--check", cwd=contrib)
    for page in _serve(site_env, site, runs):
        runs.by_label["served page"] = Ran((), 0, page, "", site)
    yield runs


def _in_process(*args: str, capsys: pytest.CaptureFixture[str]) -> str:
    """What the checkout's own ``ambit`` prints for ``args`` (the reference the installed one must match)."""
    assert ambit_in_process(["--catalogue", str(REPO), *args]) == 0
    return capsys.readouterr().out


def test_validate_reads_the_catalogue_installed_with_the_wheel(anywhere: Runs, core_env: Env) -> None:
    ran = anywhere["validate"]
    controls = len(list((REPO / "content" / "controls").rglob("*.yml")))
    assert ran.code == 0, ran.err
    assert ran.out.startswith(f"ok: {controls} controls, ")
    assert ran.err.startswith(f"ambit: reading the catalogue installed with ambit ({core_env.bin.parent}/")
    assert not (ran.cwd / "content").exists()  # read where it is installed, nothing unpacked into the folder


def test_checklist_gives_the_checkouts_bytes(anywhere: Runs, capsys: pytest.CaptureFixture[str]) -> None:
    ran = anywhere["checklist csv"]
    assert ran.code == 0, ran.err
    expected = _in_process("checklist", "--checklist", "baseline", "--format", "csv", "-o", "-", capsys=capsys)
    assert (ran.cwd / "baseline.csv").read_bytes().decode("utf-8") == expected
    assert expected.startswith("id,title,layer,layer_name,priority,")
    assert (ran.cwd / "baseline.xlsx").read_bytes()[:2] == b"PK"


def test_map_and_review_write_every_file(anywhere: Runs) -> None:
    mapped, reviewed = anywhere["map"], anywhere["review"]
    assert (mapped.code, reviewed.code) == (0, 0), mapped.err + reviewed.err
    out = mapped.cwd / "out"
    for name in ("checklist.pdf", "checklist.xlsx", "checklist.csv", "checklist.md", "checklist.json", "diagram.svg"):
        assert (out / name).stat().st_size > 0, name
    assert (out / "checklist.pdf").read_bytes().startswith(b"%PDF")
    # The checkout's answer, computed in this process as `ambit map` computes it (without the PDFs).
    cat = load_catalogue(REPO).catalogue
    smap = load_map(EXAMPLE, "my.yml", cat).map
    assert smap is not None
    diagram = render_svg(cat, smap)
    checklist = with_cover(cat, smap, build_map_checklist(cat, smap), diagram)
    assert (out / "checklist.json").read_bytes() == render(checklist, "json", frameworks=cat.frameworks)
    assert (out / "diagram.svg").read_text(encoding="utf-8") == diagram
    review = json.loads((out / f"review-{COMPONENT}.json").read_text(encoding="utf-8"))
    assert review["component"]["id"] == COMPONENT and review["steps"]
    assert COMPONENT in (out / f"review-{COMPONENT}.md").read_text(encoding="utf-8")


def test_progress_reads_a_filled_workbook_and_merges_it(anywhere: Runs) -> None:
    read, merged = anywhere["progress from-xlsx"], anywhere["progress merge"]
    assert read.code == 0, read.err
    progress = json.loads((read.cwd / "progress.json").read_text(encoding="utf-8"))
    assert progress["checklist"] == "baseline"
    ((control, answer),) = progress["items"].items()
    assert answer == {"status": "implemented", "notes": '=HYPERLINK("x")'}  # text typed with "=" stays text
    assert merged.code == 0, merged.err
    assert json.loads((merged.cwd / "merged.json").read_text(encoding="utf-8"))["items"] == {control: answer}
    assert "Nothing changed in the answered controls." in (merged.cwd / "changes.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("args", CHECKOUT_ONLY, ids=" ".join)
def test_outside_a_checkout_a_checkout_command_says_so_in_one_line(anywhere: Runs, args: tuple[str, ...]) -> None:
    ran = anywhere["outside: " + " ".join(args)]
    command = next(n for n in command_names(build_parser()) if args[: len(n.split())] == tuple(n.split()))
    assert (ran.code, ran.out, ran.err) == (2, "", f"ambit {command}: error: {NEEDS_CHECKOUT}\n")


def test_without_the_site_extra_build_and_serve_name_it(in_checkout: Runs) -> None:
    for label in ("build without the extra", "serve without the extra"):
        ran = in_checkout[label]
        assert (ran.code, ran.out) == (2, ""), ran.err
        assert ran.err.count("\n") == 1 and "pip install 'ambit[site]'" in ran.err


def test_build_writes_the_site(in_checkout: Runs) -> None:
    ran = in_checkout["build"]
    assert ran.code == 0, ran.err
    site = ran.cwd / "site"
    assert b"IAM-001" in (site / "controls" / "IAM-001" / "index.html").read_bytes()
    assert (site / "downloads" / "baseline.pdf").read_bytes().startswith(b"%PDF")
    assert (site / "downloads" / "ambit-site.zip").read_bytes()[:2] == b"PK"


def test_serve_previews_the_site_and_stops_on_ctrl_c(in_checkout: Runs) -> None:
    assert "<title>" in in_checkout["served page"].out and "Ambit" in in_checkout["served page"].out
    ran = in_checkout["serve"]
    assert ran.code == 0, ran.err
    assert "serving the preview at http://127.0.0.1:" in ran.out


def test_frameworks_check_and_imports_work_on_the_checkout(in_checkout: Runs) -> None:
    checked = in_checkout["frameworks check"]
    assert checked.code == 0, checked.err
    assert checked.out.startswith("all ") and checked.out.endswith(" framework references are current\n")
    root = in_checkout["import atlas"].cwd
    for label, key, items in (("import atlas", "mitre-atlas", "6 items"), ("import oscal", "nist-sp-800-53-r5", "")):
        ran = in_checkout[label]
        assert ran.code == 0, ran.out + ran.err
        registry = root / "content" / "frameworks" / f"{key}.yml"
        assert ran.out.startswith(f"wrote {registry}: {items}")
        assert '\nretrieved: "2026-11-25"\n' in registry.read_text(encoding="utf-8")


def test_new_diff_and_issue_forms_work_on_the_checkout(in_checkout: Runs) -> None:
    control, checklist = in_checkout["new control"], in_checkout["new checklist"]
    root = control.cwd
    assert (control.code, checklist.code) == (0, 0), control.err + checklist.err
    assert control.out.startswith("created content/controls/hosting/HST-002.yml\n")
    assert (root / "content" / "controls" / "hosting" / "HST-002.yml").read_text().startswith("#")
    assert (root / "checklists" / "retail-pharmacy.yml").is_file()
    diff = in_checkout["diff"]
    assert diff.code == 0, diff.err
    assert diff.out.startswith("## Ambit review: `HEAD` → `working tree`")
    assert "| HST-002 | hosting |" in diff.out
    forms, check = in_checkout["issue-forms"], in_checkout["issue-forms --check"]
    assert (forms.code, check.code) == (0, 0), forms.err + check.out
    written = sorted((root / "forms").iterdir())
    assert written and all(f.suffix == ".yml" and f.read_text().strip() for f in written)


def test_the_installed_map_checklist_is_a_tracker_with_its_scripts(anywhere: Runs) -> None:
    ran = anywhere["map"]
    assert ran.code == 0, ran.err
    # checklist.html loads its scripts from files beside it, which the wheel carries.
    for name in ("xlsx.js", "progress_merge.js", "progress.js", "filters.js"):
        written = ran.cwd / "out" / "checklist-files" / name
        assert written.read_bytes() == (REPO / "site_overrides" / "assets" / name).read_bytes(), name
    assert 'src="checklist-files/progress.js"' in (ran.cwd / "out" / "checklist.html").read_text(encoding="utf-8")


def test_export_writes_oscal_and_a_ciso_assistant_library_from_the_installed_catalogue(anywhere: Runs) -> None:
    oscal, ciso = anywhere["export oscal"], anywhere["export ciso-assistant"]
    assert (oscal.code, ciso.code) == (0, 0), oscal.err + ciso.err
    catalog = json.loads((oscal.cwd / "oscal" / "ambit-oscal-catalog.json").read_text(encoding="utf-8"))
    controls = [c for group in catalog["catalog"]["groups"] for c in group["controls"]]
    assert {"iam-001", "hst-001"} <= {c["id"] for c in controls}
    profiles = sorted(p.name for p in (oscal.cwd / "oscal").glob("*profile*.json"))
    assert len(profiles) >= 5, profiles  # four sector checklists and the map given with --map
    library = (ciso.cwd / "ciso" / "ambit-ciso-assistant.yaml").read_text(encoding="utf-8")
    assert "urn:" in library and "IAM-001" in library


def test_every_sub_command_ran_and_none_ended_in_an_internal_error(anywhere: Runs, in_checkout: Runs) -> None:
    names = command_names(build_parser())
    ran = [r for runs in (anywhere, in_checkout) for r in runs.by_label.values() if r.args]
    covered = {n for r in ran for n in names if r.args[: len(n.split())] == tuple(n.split())}
    assert covered == set(names)
    assert [r.args for r in ran if r.code == 70 or "internal error" in r.err] == []
