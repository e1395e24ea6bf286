"""``make bench``: performance figures, measured rather than asserted (timed tests are flaky).

Generates a synthetic catalogue of 5,000 controls by cloning the real ones under new IDs and
times ``ambit validate`` on it in a child process, reporting wall time and peak memory. Other
packages contribute their own figures through a ``bench.run()`` function.
"""

from __future__ import annotations

import importlib
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PER_LAYER = 1000


def synthetic_project(dest: Path, per_layer: int = PER_LAYER, source: Path = REPO) -> Path:
    """Copy the project's content to ``dest`` and fill each layer with ``per_layer`` cloned controls."""
    for folder in ("content", "checklists"):
        shutil.copytree(source / folder, dest / folder, ignore=shutil.ignore_patterns("controls"))
    shutil.copy(source / "mkdocs.yml", dest / "mkdocs.yml")
    if (source / "site_overrides").exists():
        shutil.copytree(source / "site_overrides", dest / "site_overrides")
    for layer_dir in sorted((source / "content" / "controls").iterdir()):
        templates = sorted(layer_dir.glob("*.yml"))
        if not templates:
            continue
        out = dest / "content" / "controls" / layer_dir.name
        out.mkdir(parents=True)
        texts = [t.read_text(encoding="utf-8") for t in templates]
        prefix = templates[0].stem.split("-")[0]
        for n in range(1, per_layer + 1):
            template = texts[(n - 1) % len(texts)]
            original = templates[(n - 1) % len(templates)].stem
            new_id = f"{prefix}-{n:03d}"
            text = template.replace(f"id: {original}", f"id: {new_id}", 1)
            text = "\n".join(line for line in text.splitlines() if not line.startswith("superseded_by:")) + "\n"
            (out / f"{new_id}.yml").write_text(text, encoding="utf-8")
    # Incidents point at real control IDs that may not exist among the clones; keep the file valid.
    (dest / "content" / "incidents.yml").write_text(
        "# yaml-language-server: $schema=schema/incidents.schema.json\nincidents: []\n", encoding="utf-8"
    )
    return dest


def time_validate(root: Path) -> tuple[float, float]:
    """Seconds and peak MiB of ``ambit validate`` on ``root``, in a fresh child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(root), "validate"],
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if proc.returncode != 0:
        raise SystemExit(f"validate failed on the synthetic catalogue:\n{proc.stdout[-2000:]}{proc.stderr[-2000:]}")
    return elapsed, max(peak, before) / 1024


def run() -> list[tuple[str, str]]:
    """The validation benchmark: 5,000 synthetic controls."""
    with tempfile.TemporaryDirectory() as tmp:
        root = synthetic_project(Path(tmp) / "synthetic")
        count = sum(1 for _ in (root / "content" / "controls").rglob("*.yml"))
        seconds, mib = time_validate(root)
    return [(f"ambit validate, {count:,} synthetic controls", f"{seconds:.2f} s, peak {mib:.0f} MiB")]


def _cpu_ticks() -> tuple[int, int] | None:
    """(all, stolen) CPU ticks since boot from /proc/stat, where there is one (Linux)."""
    try:
        fields = [int(x) for x in Path("/proc/stat").read_text(encoding="ascii").split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return None
    return sum(fields), (fields[7] if len(fields) > 7 else 0)


def main() -> int:
    """Run every benchmark and print a table for the README, with how busy the machine was."""
    load, ticks, start = os.getloadavg()[0], _cpu_ticks(), time.perf_counter()
    rows = run()
    for module in ("generator.site.bench", "generator.downloads.bench"):
        try:
            rows += importlib.import_module(module).run()
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
    rows.append(("machine: 1-minute load average before the run", f"{load:.2f} on {os.cpu_count()} cores"))
    after = _cpu_ticks()
    if ticks and after and after[0] > ticks[0]:
        # On a shared virtual machine the host may run other guests on these cores: the share of
        # CPU time it took says how far the figures above are from a quiet machine's.
        stolen = (after[1] - ticks[1]) / (after[0] - ticks[0])
        rows.append(("machine: CPU time taken by the host (steal) during the run", f"{stolen:.0%}"))
    rows.append(("machine: wall time of the whole benchmark", f"{time.perf_counter() - start:.0f} s"))
    width = max(len(label) for label, _ in rows)
    print(f"{'benchmark'.ljust(width)}  result")
    for label, figure in rows:
        print(f"{label.ljust(width)}  {figure}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
