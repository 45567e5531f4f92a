"""Virtual filtering (lọc ảo) at national scale: the fast engine, the verifier, memory, rounds.

The 2025 national run had ~850 000 candidates and ~7.6 million preferences (DOMAIN §4.4) and
took 10 rounds over several days. Targets from the issue: one filtering run ≤ 3 s, the verifier
≤ 1 s, peak memory ≤ 1 GiB, on the 2-core reference machine.

Memory is measured with ``tracemalloc``: NumPy reports its array buffers to it, so the traced
peak during one call is the engine's own working memory (every temporary array), excluding the
instance it reads (reported separately). ``ru_maxrss`` is also reported, but only as the whole
process's high-water mark — it includes the synthetic generator, which peaks higher than the
engine, so a before/after delta of it would say nothing about the engine.
"""

from __future__ import annotations

import resource
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable

import numpy as np

from benchmarks import Result, p95, timed_ms
from ministry_mock.admissions import (
    Instance,
    fill_quotas,
    filter_candidates,
    reference_filter,
    run_rounds,
    synthetic_instance,
    verify,
)

CANDIDATES = 850_000
PROGRAMMES = 20_000
MEAN_PREFS = 9.0  # gives ~7.6 million preferences
SEED = 2025
REPEAT = 5
MIB = 2**20


def _instance_mib(instance: Instance) -> float:
    prefs, progs = instance.preferences, instance.programmes
    arrays = (
        prefs.offsets,
        prefs.programme,
        prefs.score,
        prefs.eligible,
        prefs.tiebreak,
        progs.quota,
        progs.floor,
        progs.tie_policy,
    )
    return sum(a.nbytes for a in arrays) / MIB


def _traced_peak_mib(fn: Callable[[], object]) -> float:
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        fn()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / MIB


def _max_rss_mib() -> float:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / MIB if sys.platform == "darwin" else rss / 1024  # bytes on macOS, KiB on Linux


def run() -> list[Result]:
    t0 = time.perf_counter()
    national = synthetic_instance(CANDIDATES, PROGRAMMES, mean_prefs=MEAN_PREFS, seed=SEED)
    build_ms = (time.perf_counter() - t0) * 1000
    print(
        f"   national instance: {national.n_candidates:,} candidates, "
        f"{national.n_preferences:,} preferences, {national.n_programmes:,} programmes, "
        f"quota {int(national.quota.sum()):,} (built in {build_ms:.0f} ms)",
        flush=True,
    )

    result = filter_candidates(national)  # warm-up, and the result the verifier checks
    filter_samples = timed_ms(lambda: filter_candidates(national), REPEAT)
    report = verify(national, result)
    if not report.ok:
        raise AssertionError(f"verifier found violations on the national run: {report.counts}")
    verify_samples = timed_ms(lambda: verify(national, result), REPEAT)
    filter_peak = _traced_peak_mib(lambda: filter_candidates(national))
    verify_peak = _traced_peak_mib(lambda: verify(national, result))
    print(
        f"   admitted {result.n_admitted:,}; {int(result.full.sum()):,} programmes full; "
        f"{result.iterations} proposal rounds; filtering median "
        f"{statistics.median(filter_samples):.0f} ms, verifier median "
        f"{statistics.median(verify_samples):.0f} ms",
        flush=True,
    )

    t0 = time.perf_counter()
    outcomes = run_rounds(national, rounds=10, adjust=fill_quotas())
    cycle_ms = (time.perf_counter() - t0) * 1000
    assert all(o.report.ok for o in outcomes)

    small = synthetic_instance(50_000, 1_200, mean_prefs=MEAN_PREFS, seed=SEED)
    reference_ms = timed_ms(lambda: reference_filter(small), 1)[0]
    fast_small_ms = p95(timed_ms(lambda: filter_candidates(small), REPEAT))
    same = np.array_equal(
        reference_filter(small).assigned_pref, filter_candidates(small).assigned_pref
    )
    if not same:
        raise AssertionError("fast and reference engines disagree on the 50k instance")

    return [
        Result("lọc ảo national (850k candidates, 7.6M NV) p95", p95(filter_samples), "ms", 3000),
        Result("verifier national p95", p95(verify_samples), "ms", 1000),
        Result("lọc ảo peak memory (tracemalloc)", filter_peak, "MiB", 1024),
        Result("verifier peak memory (tracemalloc)", verify_peak, "MiB"),
        Result("national instance arrays", _instance_mib(national), "MiB"),
        Result("national 10-round cycle (filter + verify + adjust)", cycle_ms, "ms"),
        Result("reference engine, 50k candidates", reference_ms, "ms"),
        Result("fast engine, 50k candidates p95", fast_small_ms, "ms"),
        Result("process peak RSS (incl. generator)", _max_rss_mib(), "MiB"),
    ]
