"""Steps on the second core: a forked step's files appear by ``join``, and its failure is reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.forked import Forked, ForkedStepFailed


def test_a_forked_step_has_done_its_work_when_joined(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    step = Forked("writing", lambda: target.write_text("done", encoding="utf-8"))
    step.join()
    assert target.read_text(encoding="utf-8") == "done"


def test_a_failed_step_names_itself(capfd: pytest.CaptureFixture[str]) -> None:
    def fail() -> None:
        raise ValueError("no such map")

    step = Forked("the worked examples", fail)
    with pytest.raises(ForkedStepFailed, match="the worked examples"):
        step.join()
    assert "the worked examples: no such map" in capfd.readouterr().err


def test_cancel_stops_a_step_and_can_be_repeated() -> None:
    import time

    step = Forked("sleeping", lambda: time.sleep(60))
    step.cancel()
    step.cancel()
    assert step.process is not None and not step.process.is_alive()
    assert step.process.exitcode is not None and step.process.exitcode < 0  # terminated, not finished
