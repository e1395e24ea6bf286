"""``scripts/check-fresh-install.py``: CI's fresh-machine check names the package that broke the install.

The installer messages are real: pip's is the one a fresh machine printed when a fonttools release
broke the locks (issue 18); uv's are produced here, offline, from locks broken on purpose.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[2]
UV = Path(sys.executable).parent / "uv"
PIP_EXTRA_NOT_PINNED = (
    "ERROR: In --require-hashes mode, all requirements must have their versions pinned with ==: "
    "fonttools[woff]>=4.59.2 (from weasyprint==70.0)"
)


@pytest.fixture(scope="module")
def script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_fresh_install", REPO / "scripts" / "check-fresh-install.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def _uv_install(lock: str, tmp_path: Path) -> str:
    """What uv says installing ``lock`` offline into an empty venv, as the Makefile runs it."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", venv], check=True)
    (tmp_path / "broken.lock").write_text(lock)
    python, lock_file = venv / "bin" / "python", tmp_path / "broken.lock"
    result = subprocess.run(
        [UV, "pip", "install", "--quiet", "--offline", "--python", python, "--require-hashes", "-r", lock_file],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    return result.stdout + result.stderr


def test_pips_message_names_the_package_and_what_required_it(script: ModuleType) -> None:
    assert script.culprit(PIP_EXTRA_NOT_PINNED) == "fonttools[woff]>=4.59.2 (required by weasyprint==70.0)"


def test_a_hash_mismatch_names_the_package(script: ModuleType, tmp_path: Path) -> None:
    output = _uv_install("pyyaml==6.0.3 \\\n    --hash=sha256:" + "0" * 64 + "\n", tmp_path)
    assert script.culprit(output) == "pyyaml==6.0.3"


def test_an_unpinned_extra_names_the_package(script: ModuleType, tmp_path: Path) -> None:
    output = _uv_install("fonttools[woff]>=4.59.2\n", tmp_path)
    assert script.culprit(output) == "fonttools[woff]>=4.59.2"


def test_the_summary_says_which_lock_failed_in_one_line(script: ModuleType, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    output = f"{venv}/bin/uv pip install --quiet --require-hashes -r requirements/site.lock\n{PIP_EXTRA_NOT_PINNED}\n"
    line = script.summary(script.STEPS[1], output, venv)
    package = "fonttools[woff]>=4.59.2 (required by weasyprint==70.0)"
    assert line == f"fresh install FAILED at requirements/site.lock: package {package}: {PIP_EXTRA_NOT_PINNED}"
    assert script.culprit("make: *** [Makefile:60] Error 2") is None


def test_the_steps_are_the_makefiles_own_install_commands(script: ModuleType, tmp_path: Path) -> None:
    venv = tmp_path / "never-made"
    dry = subprocess.run(
        ["make", "--no-print-directory", "-n", "-C", REPO, f"VENV={venv}", *(s.target for s in script.STEPS)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "-m venv " + str(venv) in dry
    assert "--require-hashes -r requirements/bootstrap.lock" in dry
    for lock in ("site", "dev"):
        assert (
            f"{venv}/bin/uv pip install --quiet --compile-bytecode --python {venv}/bin/python"
            f" --require-hashes -r requirements/{lock}.lock" in dry
        )
    assert not venv.exists()
