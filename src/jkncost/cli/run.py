"""``jkncost run NOTEBOOK -p name value ... | -f params.yaml``: run one notebook with checked parameters."""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from jkncost.errors import InputError, Problem
from jkncost.labels import LANGS


def register(sub) -> None:
    p = sub.add_parser("run", help="run one notebook through papermill with checked parameters",
                       description="Execute NOTEBOOK with parameters (checked against its 'parameters' cell: an "
                                   "unknown name, a wrong type, a value outside the declared choices or range, "
                                   "or an output folder inside data/raw/ or another study's folder is an error "
                                   "before any kernel starts). The run writes into a staging folder and moves its "
                                   "files into the output folder when it succeeds (replacing only files this "
                                   "notebook's runs wrote; others are never touched); a failed or interrupted "
                                   "run leaves the earlier outputs whole, and a failed one keeps its partly "
                                   "executed notebook beside them as <stem>.FAILED.ipynb (the error names it; "
                                   "the next good run removes it).")
    p.add_argument("notebook", type=Path, help="e.g. notebooks/unit_cost.ipynb")
    p.add_argument("-p", "--parameter", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"),
                   help="a parameter; VALUE is read as YAML (0.8 is a number, double a string)")
    p.add_argument("-f", "--parameters-file", type=Path, help="YAML file of parameters")
    p.add_argument("--out", type=Path, help="executed notebook (default data/processed/<stem>/<stem>.ipynb)")
    p.add_argument("--list", action="store_true", help="list the notebook's parameters and exit")
    p.add_argument("--lang", choices=LANGS, default=None,
                   help="language of the run: sets the notebook's parameter lang (id gives Indonesian words and "
                        "numbers, Rp 1.234.567, in its tables and figures) and of this command's own lines "
                        "(default: the notebook's own, en)")
    p.add_argument("--force", action="store_true",
                   help="overwrite files in the output folder that this notebook's runs did not write (never an "
                        "input, never data/raw/); other files are never touched")
    p.set_defaults(handler=run)


def parse_parameters(pairs, file: Path | None) -> dict:
    params = {}
    if file is not None:
        loaded = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
        if not isinstance(loaded, dict):
            raise InputError(Problem(str(file), "must be a mapping of parameter names to values"))
        params.update(loaded)
    for name, value in pairs:
        params[name] = yaml.safe_load(value) if value != "" else ""
    return params


def lang_parameter(args, params: dict) -> None:
    """``--lang`` sets the notebook's parameter ``lang``; a notebook without one is run as it is, and told."""
    from jkncost.compendium.notebook import declared_parameters
    from jkncost.labels import Text, label

    if args.lang is None:
        return
    if "lang" not in declared_parameters(args.notebook):
        print(f"{label('run.warning', args.lang)}: "
              f"{label('run.lang_not_declared', args.lang, notebook=args.notebook.name, value=args.lang)}",
              file=sys.stderr)
        return
    if params.get("lang", args.lang) != args.lang:
        raise InputError(Problem("--lang", Text("run.lang_conflict", value=args.lang, given=params["lang"])))
    params["lang"] = args.lang


def run(args) -> int:
    from jkncost.core import paths
    from jkncost.compendium.notebook import declared_parameters, preflight

    if not args.notebook.exists():
        raise FileNotFoundError(f"{args.notebook}: no such notebook")
    if args.list:
        for name, info in declared_parameters(args.notebook).items():
            print(f"{name}: {info['type']} = {info['default']}  # {info['help'] or ''}")
        return 0
    params = parse_parameters(args.parameter, args.parameters_file)
    lang_parameter(args, params)
    out = args.out or paths.processed(args.notebook.stem, args.notebook.name)
    out_dir = preflight(args.notebook, out, params)  # bad values and output places: refused before anything heavy loads
    import contextlib
    import os

    from jkncost.core.outputs import processed_lock
    from jkncost.compendium.reproduce import utc_now

    start = utc_now()
    processed = os.path.abspath(paths.processed())
    writes_processed = any(os.path.abspath(p).startswith(processed + os.sep) for p in [out, out_dir] if p is not None)
    # into data/processed: not while a reproduce (or another run there) writes the same folders
    with processed_lock("run") if writes_processed else contextlib.nullcontext():
        return _run_and_record(args, out, params, start)


def _run_and_record(args, out, params, start) -> int:
    from jkncost.compendium import manifest as provenance
    from jkncost.core import paths
    from jkncost.compendium.notebook import NotebookFailed, run_notebook
    from jkncost.compendium.reproduce import rebuild_report, utc_now, writes_study_outputs
    from jkncost.labels import label

    lang = args.lang or "en"
    try:
        result = run_notebook(args.notebook, out, params, progress_bar=sys.stderr.isatty(), cwd=args.notebook.parent,
                              force=args.force)
    except NotebookFailed as exc:
        print(f"jkncost run: {label('error.prefix', lang)}: {label('run.failed', lang, error=exc)}", file=sys.stderr)
        return 1
    if result.output_dir:
        print(label("run.wrote_folder", lang, path=paths.relative(out), folder=paths.relative(result.output_dir)))
    else:
        print(label("run.wrote", lang, path=paths.relative(out)))
    if writes_study_outputs(args.notebook, out, params):
        # the study's outputs now come from these parameters: the manifest and the report say so
        stem = args.notebook.stem
        provenance.record(stem, provenance.run_entry(args.notebook, out, params, result.output_dir, start,
                                                     utc_now(), files=result.files))
        rebuild_report()
        names = label("run.manifest_params", lang, names=", ".join(sorted(params))) if params else ""
        print(label("run.manifest", lang, stem=stem, params=names))
    return 0
