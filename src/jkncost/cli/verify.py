"""``jkncost verify``: which outputs are stale (an input changed since they were computed)."""

from __future__ import annotations

import sys


def register(sub) -> None:
    p = sub.add_parser("verify", help="recompute input hashes of data/processed/manifest.json; list stale outputs",
                       description="Compare the SHA-256 of every input recorded in data/processed/manifest.json "
                                   "with the files now; a run whose inputs changed is stale; the report is stale "
                                   "when a run is newer than it, or missing. Exit 1 when any run or the report "
                                   "is stale, missing or its outputs changed.")
    p.set_defaults(handler=run)


def run(args) -> int:
    from jkncost.core import paths
    from jkncost.compendium import manifest

    if not (paths.processed() / manifest.MANIFEST).exists():
        print("jkncost verify: no manifest yet; run `make reproduce` first", file=sys.stderr)
        return 1
    rows = manifest.verify()
    report = manifest.verify_report()  # the report: missing, or older than its runs
    if report is not None:
        rows.append(report)
    bad = 0
    for r in rows:
        print(f"{r['study']:<12} {r['status']:<16} commit {r['git_commit'][:12]}")
        for item in r["inputs_changed"]:
            print(f"    {item}" if r["study"] == "report" else f"    input changed: {item}")
        for item in r["outputs_changed"]:
            print(f"    output changed: {item}")
        bad += r["status"] != "fresh"
    print(f"{len(rows) - bad} fresh, {bad} stale or changed" + ("; rerun `make reproduce`" if bad else ""))
    return 1 if bad else 0
