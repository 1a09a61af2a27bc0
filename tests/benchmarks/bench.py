"""Speed and memory benchmark: `make bench`.

Builds every example leaflet (every language, edition and default format) into a
temporary folder several times in one process and reports seconds per PDF and peak
memory. Exits with status 1 when a target below is missed. Targets are for a
2-core machine; they are kept here, never in the unit tests.
"""

from __future__ import annotations

import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

from leafprint.build import BuildOptions, Project, build

ROOT = Path(__file__).resolve().parents[2]
ROUNDS = 2
TARGET_SECONDS_PER_PDF = 1.25  # warm rounds, median
TARGET_PEAK_MIB = 400


def main() -> int:
    project = Project(ROOT)
    timings: list[float] = []
    count = 0
    with tempfile.TemporaryDirectory() as out:
        for round_number in range(ROUNDS):
            start = time.perf_counter()
            result = build(project, BuildOptions(out=Path(out) / str(round_number)))
            elapsed = time.perf_counter() - start
            if not result.ok:
                print("build failed:", *map(str, result.errors), sep="\n  ")
                return 1
            count = len(result.outputs)
            timings.append(elapsed / count)
            print(
                f"round {round_number + 1}: {count} PDFs in {elapsed:.1f} s "
                f"({elapsed / count:.3f} s per PDF)"
            )
    warm = statistics.median(timings[1:] or timings)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"median warm time per PDF: {warm:.3f} s (target ≤ {TARGET_SECONDS_PER_PDF} s)")
    print(f"peak memory: {peak_mib:.0f} MiB (target ≤ {TARGET_PEAK_MIB} MiB)")
    missed = warm > TARGET_SECONDS_PER_PDF or peak_mib > TARGET_PEAK_MIB
    print("FAILED: a target was missed" if missed else "all targets met")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
