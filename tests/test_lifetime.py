"""Processes end with the command that started them: SIGTERM unwinds like Ctrl-C, and children of
a command killed outright (SIGKILL) go with it instead of holding its memory and output pipe."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

FORKED_CHILD = """
import os, sys, time
from generator.forked import Forked
step = Forked("sleeper", lambda: time.sleep(120))
print(step.process.pid, flush=True)
time.sleep(120)
"""

POOL_WORKER = """
import multiprocessing, os, sys, time
from concurrent.futures import ProcessPoolExecutor
from generator.lifetime import watch_process
context = multiprocessing.get_context("forkserver")
pool = ProcessPoolExecutor(max_workers=1, mp_context=context, initializer=watch_process, initargs=(os.getpid(),))
print(pool.submit(os.getpid).result(), flush=True)
time.sleep(120)
"""

SIGTERMED = """
import time
from generator.lifetime import sigterm_as_interrupt
sigterm_as_interrupt()
try:
    # "ready" inside the try: a SIGTERM sent the moment it is read must land in the handler's scope.
    print("ready", flush=True)
    time.sleep(120)
except KeyboardInterrupt:
    print("unwound", flush=True)
"""


def _start(code: str) -> tuple[subprocess.Popen[str], int | str]:
    process = subprocess.Popen(
        [sys.executable, "-c", code], cwd=REPO, stdout=subprocess.PIPE, text=True, start_new_session=True
    )
    assert process.stdout is not None
    first = process.stdout.readline().strip()
    return process, int(first) if first.isdigit() else first


def _gone(pid: int, seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        # A dead child not yet reaped by init still answers kill(0): check its state.
        try:
            if Path(f"/proc/{pid}/stat").read_text().split(")")[1].split()[0] == "Z":
                return True
        except OSError:
            return True
        time.sleep(0.1)
    return False


def test_a_forked_step_dies_with_a_killed_parent() -> None:
    parent, child = _start(FORKED_CHILD)
    assert isinstance(child, int)
    parent.kill()
    parent.wait()
    assert _gone(child), f"forked child {child} outlived its killed parent"


def test_a_pdf_worker_dies_with_a_killed_build() -> None:
    parent, worker = _start(POOL_WORKER)
    assert isinstance(worker, int)
    parent.kill()
    parent.wait()
    assert _gone(worker), f"pool worker {worker} outlived the killed build"


def test_sigterm_unwinds_like_ctrl_c() -> None:
    process, first = _start(SIGTERMED)
    assert first == "ready"
    process.send_signal(signal.SIGTERM)
    out, _ = process.communicate(timeout=10)
    assert out.strip() == "unwound"
