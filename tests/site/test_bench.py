"""The bench's arithmetic: ratios within pairs, and the growth exponent fitted on logarithms."""

from __future__ import annotations

import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor

import pytest

from generator.site.bench import Pair, Timing, _timed, growth_exponent


def test_ratios_are_taken_within_each_pair_then_the_median() -> None:
    # The machine slows down threefold between the pairs: each pair still says 2x.
    pair = Pair([Timing(2, 2), Timing(6, 6), Timing(4, 4)], [Timing(1, 1), Timing(3, 3), Timing(2, 2)])
    assert pair.ratio("wall") == pytest.approx(2.0)
    assert pair.median(0, "cpu") == 4


def test_growth_exponent_recovers_the_power_law() -> None:
    sizes = [300, 600, 1200, 2400]
    assert growth_exponent(sizes, [0.01 * n for n in sizes]) == pytest.approx(1.0)
    assert growth_exponent(sizes, [1e-5 * n**1.5 for n in sizes]) == pytest.approx(1.5)


def _spin(seconds: float) -> None:
    end = time.process_time() + seconds
    while time.process_time() < end:
        pass


def _in_forkserver_workers() -> None:
    with ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context("forkserver")) as pool:
        list(pool.map(_spin, [0.3, 0.3]))


def test_cpu_counts_the_pdf_workers_forked_from_the_forkserver() -> None:
    # The build lays out PDFs in workers that are the forkserver's children, not the bench's.
    timing = _timed(_in_forkserver_workers)
    assert timing.cpu >= 0.55
