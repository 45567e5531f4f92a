"""Run the benchmarks: ``python -m benchmarks [name ...]`` (names without ``bench_``)."""

from __future__ import annotations

import importlib
import pkgutil
import sys
import traceback

import benchmarks
from benchmarks import Result


def main(argv: list[str]) -> int:
    names = sorted(
        m.name for m in pkgutil.iter_modules(benchmarks.__path__) if m.name.startswith("bench_")
    )
    if argv:
        names = [n for n in names if n.removeprefix("bench_") in argv]
    results: list[Result] = []
    failed = 0
    for name in names:
        print(f"== {name}", flush=True)
        try:
            module = importlib.import_module(f"benchmarks.{name}")
            got = module.run()
        except Exception:
            traceback.print_exc()
            failed += 1
            continue
        for r in got:
            print(f"   {r.name}: {r.value:.2f} {r.unit}", flush=True)
        results.extend(got)
    print("\n| benchmark | measured | target | met |\n|---|---|---|---|")
    for r in results:
        cmp = "≥" if r.higher_is_better else "≤"
        target = f"{cmp} {r.target:g} {r.unit}" if r.target is not None else "–"
        met = {True: "yes", False: "**no**", None: "–"}[r.ok]
        print(f"| {r.name} | {r.value:.2f} {r.unit} | {target} | {met} |")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
