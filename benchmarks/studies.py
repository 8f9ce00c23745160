"""The study code the notebooks call most: Pasangkayu's source audit and the reading of the transcriptions.

Each study notebook runs at least three times per ``make test`` (reproduce in English and in Indonesian, nbval);
these measure what its library calls cost: a first call in a fresh process (every table read and typed) and
the calls after it (the same files: frames kept per process, :func:`jkncost.tables.read_frame`).
"""

from __future__ import annotations

import subprocess
import sys

from common import best_of

from jkncost.core import paths
from jkncost.studies import pasangkayu as pk
from jkncost.tables import read_numbers


def study_benchmarks():
    rows = []
    code = ("import time; from jkncost.studies import pasangkayu as pk; t = time.perf_counter(); pk.source_audit(); "
            "print(time.perf_counter() - t)")
    t_first = min(float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                       check=True).stdout) for _ in range(3))
    rows.append(("Pasangkayu source_audit, first call in a fresh process", t_first, "every table read and typed"))
    rows.append(("Pasangkayu source_audit, again (same transcription)", best_of(pk.source_audit),
                 "checks kept per process"))
    published = paths.raw("pasangkayu", "published.csv")
    read_numbers(published, keep=("year",))
    rows.append(("published.csv (274 rows) read and typed, again", best_of(lambda: read_numbers(published, keep=("year",))),
                 "a copy of the frame kept by the file's bytes"))
    return rows


if __name__ == "__main__":
    from common import print_table

    print_table(study_benchmarks())
