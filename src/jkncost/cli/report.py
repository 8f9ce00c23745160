"""``jkncost report``: the static HTML report, rebuilt from the runs already in data/processed/."""

from __future__ import annotations

import sys


def register(sub) -> None:
    p = sub.add_parser("report", help="rebuild the HTML report from the executed notebooks in data/processed/",
                       description="Rebuild data/processed/report/ (index and one reader's page per executed "
                                   "notebook) without running anything, the cards in the order of `jkncost "
                                   "reproduce`. The index and the pages' controls are in --lang (default: the "
                                   "language the notebooks ran in); the notebooks' own figures and tables are as "
                                   "they were executed: for a report fully in Indonesian run `jkncost reproduce "
                                   "--lang id`.")
    p.add_argument("--lang", choices=("en", "id"), default=None,
                   help="language of the index: en (English) or id (Bahasa Indonesia); "
                        "default: the language the runs were made in (most of them), else en")
    p.add_argument("--processed", metavar="DIR", default=None,
                   help="the processed folder to report on (default data/processed)")
    p.set_defaults(handler=run)


def run(args) -> int:
    from pathlib import Path

    from jkncost.core import paths
    from jkncost.compendium.report import build_report, report_language, runs_language, study_folders
    from jkncost.compendium.reproduce import report_order

    processed = Path(args.processed) if args.processed else paths.processed()
    if not processed.is_dir():
        print(f"jkncost report: error: {processed} is not a folder; run `jkncost reproduce` first",
              file=sys.stderr)
        return 2
    studies = report_order(study_folders(processed))  # the cards in reproduce's order
    if not studies:
        print(f"jkncost report: error: no study folder in {paths.relative(processed)}/; "
              f"run `jkncost reproduce` first", file=sys.stderr)
        return 2
    # the language of the runs; when no run takes one, the report's own
    lang = args.lang or runs_language(processed, studies) or report_language(processed) or "en"
    index = build_report(processed, studies=studies, lang=lang)
    pages = sum((processed / s / f"{s}.ipynb").is_file() for s in studies)
    print(f"report ({lang}): {len(studies)} studies, {pages} with a reader's page: {paths.relative(index)}")
    return 0
