"""Processes end with the command that started them, however it ends.

``ambit build`` runs work in forked children and in a pool of PDF workers (forked from a
``forkserver``). Ctrl-C (SIGINT) unwinds the build, which stops them; SIGTERM, what a supervisor
or a CI runner sends, is made to do the same. A build killed outright (SIGKILL, the OOM killer)
cannot clean up, so each child watches for it: a forked child asks the kernel to kill it with its
parent (``PR_SET_PDEATHSIG``), and a PDF worker, whose parent is the fork server, checks that the
build's process is still there. Without this, each killed build left about 470 MB of workers
running, holding the build's output pipe open.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import threading
import time
from types import FrameType

PR_SET_PDEATHSIG = 1
WATCH_SECONDS = 0.5


def sigterm_as_interrupt() -> None:
    """Make SIGTERM raise :class:`KeyboardInterrupt` in the main thread, as Ctrl-C does."""
    if threading.current_thread() is not threading.main_thread():
        return

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)


def die_with_parent(parent: int) -> None:
    """In a child of ``parent``: be killed when it dies (Linux); exit now if it is already gone."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def watch_process(pid: int) -> None:
    """In a worker: exit as soon as process ``pid`` (the build) no longer exists.

    A pool initializer: the worker's parent is the fork server, not the build, so the kernel's
    parent-death signal cannot say when the build is gone.
    """

    def watch() -> None:
        while True:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                os._exit(1)
            except PermissionError:
                pass  # exists, owned by someone else: cannot be ours, but keep waiting harmlessly
            time.sleep(WATCH_SECONDS)

    threading.Thread(target=watch, name="ambit-watch-build", daemon=True).start()
