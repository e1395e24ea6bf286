"""Work that a build runs on the second core: a function in a forked child process.

``ambit build`` overlaps independent steps (the worked examples' files and the text downloads
while the engine renders pages; the offline zip while the links are checked). A forked child
inherits the catalogue instead of having it pickled, and starts in milliseconds. Where ``fork``
is unavailable the function runs in this process when :meth:`Forked.join` is called, so the
result is the same, only slower.

Fork only where no threads run: ``ambit build`` has none; the preview's live server does, so the
preview does not use this.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterator
from typing import Any

from generator.lifetime import die_with_parent


@contextlib.contextmanager
def _default_sigterm() -> Iterator[None]:
    """SIGTERM's default action while forking: ``cancel()`` must end a child at once, and the
    build's own handler (SIGTERM unwinds like Ctrl-C) would make it run on."""
    try:
        previous = signal.signal(signal.SIGTERM, signal.SIG_DFL)
    except ValueError:  # not the main thread: the handler cannot have been changed either
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


class ForkedStepFailed(Exception):
    """The forked step raised; the message names the step and the error."""


class Forked:
    """``action()`` running in a forked child process from construction until :meth:`join`."""

    def __init__(self, name: str, action: Callable[[], object]) -> None:
        self.name = name
        self.action = action
        self.process: Any = None
        if "fork" in multiprocessing.get_all_start_methods():
            self.parent = os.getpid()
            self.process = multiprocessing.get_context("fork").Process(target=self._run, daemon=True)
            with _default_sigterm():  # the child must not inherit the parent's handler, even briefly
                self.process.start()

    def _run(self) -> None:
        die_with_parent(self.parent)  # a build killed outright takes its children with it
        try:
            self.action()
        except Exception as exc:  # noqa: BLE001 - reported to the parent through the exit code
            print(f"{self.name}: {exc}", file=sys.stderr)
            sys.stderr.flush()
            os._exit(1)

    def join(self) -> None:
        """Wait for the step; raises :class:`ForkedStepFailed` if it failed."""
        if self.process is None:
            try:
                self.action()
            except Exception as exc:
                raise ForkedStepFailed(f"{self.name}: {exc}") from exc
            return
        self.process.join()
        if self.process.exitcode != 0:
            raise ForkedStepFailed(f"{self.name} failed (exit {self.process.exitcode}; the reason is printed above)")

    def cancel(self) -> None:
        """Stop the child of a build that failed (idempotent)."""
        if self.process is not None and self.process.is_alive():
            self.process.terminate()
            self.process.join()
