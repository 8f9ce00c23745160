"""``jkncost reproduce``: every study notebook, end to end, on the bundled data."""

from __future__ import annotations

import sys


def register(sub) -> None:
    p = sub.add_parser("reproduce", help="run every study notebook with its defaults (what `make reproduce` does)",
                       description="Execute every notebook in notebooks/ through papermill with its default "
                                   "parameters; executed notebooks and tidy outputs go to data/processed/<study>/.")
    p.add_argument("--only", nargs="+", metavar="STUDY", help="run only these notebooks (by stem, e.g. bone)")
    p.add_argument("--jobs", "-j", type=int, metavar="N",
                   help="notebooks run at once, each in its own process (default: one per core; 1: one after another)")
    p.add_argument("--lang", choices=("en", "id"), default=None,
                   help="labels of figures and tables in every notebook that takes lang, and of the report: "
                        "en (English) or id (Bahasa Indonesia); default: each notebook's own default")
    p.add_argument("--no-progress", action="store_true", help="no line per notebook as it finishes")
    p.set_defaults(handler=run)


def run(args) -> int:
    from jkncost.core import paths
    from jkncost.compendium.notebook import NotebookFailed
    from jkncost.compendium.reproduce import reproduce, study_notebooks

    if args.jobs is not None and args.jobs < 1:
        print(f"jkncost reproduce: error: --jobs must be >= 1, got {args.jobs}", file=sys.stderr)
        return 2

    notebooks = study_notebooks()
    if args.only:
        unknown = sorted(set(args.only) - {nb.stem for nb in notebooks})
        if unknown:
            print(f"jkncost reproduce: error: unknown study {', '.join(unknown)}; known: "
                  f"{', '.join(nb.stem for nb in notebooks)}", file=sys.stderr)
            return 2
        notebooks = [nb for nb in notebooks if nb.stem in args.only]
    try:
        records = reproduce(notebooks, progress=not args.no_progress, jobs=args.jobs, lang=args.lang)
    except NotebookFailed as exc:
        print(f"jkncost reproduce: error: {exc}\n  earlier outputs are intact; fix the cause and rerun "
              f"(`jkncost reproduce --only {exc.notebook.removesuffix('.ipynb')}`)", file=sys.stderr)
        return 1
    print(f"{len(records)} notebook(s) reproduced; outputs in {paths.relative(paths.processed())}/; report: "
          f"{paths.relative(paths.processed('report', 'index.html'))}; provenance: "
          f"{paths.relative(paths.processed('manifest.json'))}")
    return 0
