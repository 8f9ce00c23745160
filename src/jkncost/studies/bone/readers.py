"""Seed 004 (RSUD Tenriawaru, Bone): the transcription in ``data/raw/bone`` read and checked."""

from __future__ import annotations

import math
import os
from pathlib import Path

import numpy as np
import pandas as pd

from jkncost.core import paths
from jkncost.errors import InputError, Problem
from jkncost.tables import read_frame

STUDY = "bone"
SEED = "004_98ec5204a984cc6d.txt"
UNITS = ("radiologi", "fisioterapi", "hemodialisa", "nicu")
UNIT_TABLE = {"radiologi": 1, "fisioterapi": 2, "hemodialisa": 3, "nicu": 4}
#: Cost-center names of the results text for each procedure unit (for the UC bound check).
UNIT_COST_CENTER = {"radiologi": "Radiologi", "fisioterapi": "Fisioterapi", "hemodialisa": "Hemodialisa",
                    "nicu": "Perina (NICU)"}
CLASSES = ("Kelas VIP Utama", "Kelas VIP", "Kelas I", "Kelas II", "Kelas III")

_FILES = {
    "unit_costs": ("procedure_unit_costs.csv", ["unit", "no", "procedure", "unit_cost", "source"], ["no", "unit_cost"]),
    "published_procedures": ("published_procedures.csv",
                             ["unit", "no", "procedure", "asumsi_tarif", "usulan_tarif", "source"],
                             ["no", "asumsi_tarif", "usulan_tarif"]),
    "class_unit_costs": ("class_unit_costs.csv", ["no", "class", "unit_cost", "source"], ["no", "unit_cost"]),
    "published_classes": ("published_classes.csv",
                          ["no", "class", "bor_aktual", "bor_normatif_80", "tarif_rasional", "source"],
                          ["no", "bor_aktual", "bor_normatif_80", "tarif_rasional"]),
    "text": ("published_text.csv",
             ["figure", "section", "quantity", "scope", "subject", "extreme", "procedures", "value", "share_pct",
              "source"], ["value"]),
    "assumptions": ("assumptions.csv", ["name", "value", "unit", "applies_to", "rationale", "source"], []),
}


#: Columns every ratio of the study divides by (published / unit cost, proposal / assumed tariff): a value that
#: is not positive is refused when read, so no ratio meets a zero or a negative (issue 26, item 5).
_POSITIVE = {"unit_costs": ("unit_cost",), "published_procedures": ("asumsi_tarif",),
             "class_unit_costs": ("unit_cost",)}


def label(key: str, lang: str = "en", **fmt) -> str:
    """A display label in English (``en``) or Indonesian (``id``): catalogue entry ``bone.<key>``.

    >>> label("unit_cost", "id")
    'Biaya satuan'
    """
    from jkncost import labels

    try:
        labels.check_lang(lang)
    except ValueError as exc:
        raise InputError(Problem("<bone>", str(exc), column="lang")) from None
    return labels.label(f"bone.{key}", lang, **fmt)


# --------------------------------------------------------------------------------------------- loading

def _read(folder: Path, key: str) -> pd.DataFrame:
    name, columns, numeric = _FILES[key]
    path = folder / name
    shown = paths.relative(path)
    if not path.is_file():
        raise InputError(Problem(shown, "file not found"))
    df = read_frame(path, label=shown)  # the one reader: a data_dir of the user's may be saved by Excel
    rows = df.attrs["rows"]
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise InputError(Problem(shown, f"missing column(s): {', '.join(missing)}", row=1))
    problems = []
    for col in numeric:
        values = []
        for i, text in enumerate(df[col]):
            try:
                number = float(text)
                if not math.isfinite(number):
                    raise ValueError(text)
                values.append(number)
            except ValueError:
                values.append(math.nan)
                problems.append(Problem(shown, f"not a number: {text!r}", row=rows[i], column=col))
        df[col] = values
    for col in _POSITIVE.get(key, ()):
        for i, value in enumerate(df[col]):
            if math.isfinite(value) and value <= 0:
                problems.append(Problem(shown, f"{col} must be > 0 (the study divides by it), got {df.at[i, col]:g}",
                                        row=rows[i], column=col))
    for i, text in enumerate(df["source"]):
        if not str(text).startswith(SEED) and key != "assumptions":
            problems.append(Problem(shown, f"source must name the seed file {SEED}", row=rows[i], column="source"))
    if problems:
        raise InputError(problems)
    return df


def load(data_dir: str | os.PathLike[str] | None = None) -> dict[str, pd.DataFrame]:
    """Read and check the transcription; ``data_dir`` defaults to ``data/raw/bone``.

    Returns
    -------
    dict
        ``procedures`` (Tabel 1-4 with ``unit_cost``, ``asumsi_tarif``, ``usulan_tarif``),
        ``classes`` (Tabel 5), ``text``, ``assumptions``.

    Raises
    ------
    InputError
        A missing file or column, a value that is not a number, an unknown unit, a procedure in
        one file but not the other, or a repeated row.
    """
    folder = paths.resolve(data_dir) if data_dir is not None else paths.raw(STUDY)
    raw = {key: _read(folder, key) for key in _FILES}
    uc, pub = raw["unit_costs"], raw["published_procedures"]
    problems = []
    for key, df in (("unit_costs", uc), ("published_procedures", pub)):
        shown = paths.relative(folder / _FILES[key][0])
        for i, unit in enumerate(df["unit"]):
            if unit not in UNITS:
                problems.append(Problem(shown, f"unknown unit {unit!r}; expected one of {', '.join(UNITS)}",
                                        row=i + 2, column="unit"))
        dup = df.duplicated(["unit", "no"], keep="first")
        for i in np.flatnonzero(dup.to_numpy()):
            problems.append(Problem(shown, f"repeated row for {df['unit'].iloc[i]} no {df['no'].iloc[i]:g}",
                                    row=int(i) + 2, column="no"))
    if problems:
        raise InputError(problems)
    merged = uc.drop(columns="source").merge(pub.drop(columns="source"), on=["unit", "no"], how="outer",
                                             suffixes=("", "_pub"), indicator=True)
    lonely = merged[merged["_merge"] != "both"]
    if len(lonely):
        r = lonely.iloc[0]
        raise InputError(Problem(paths.relative(folder / _FILES["published_procedures"][0]),
                                 f"{r['unit']} no {r['no']:g} is in only one of procedure_unit_costs.csv "
                                 f"and published_procedures.csv"))
    clash = merged[merged["procedure"] != merged["procedure_pub"]]
    if len(clash):
        r = clash.iloc[0]
        raise InputError(Problem(paths.relative(folder / _FILES["published_procedures"][0]),
                                 f"{r['unit']} no {r['no']:g}: procedure {r['procedure_pub']!r} does not match "
                                 f"{r['procedure']!r} in procedure_unit_costs.csv", column="procedure"))
    order = {u: k for k, u in enumerate(UNITS)}
    procedures = merged.drop(columns=["_merge", "procedure_pub"])
    procedures = procedures.assign(_o=procedures["unit"].map(order)).sort_values(["_o", "no"]).drop(columns="_o")
    procedures["no"] = procedures["no"].astype(int)
    procedures["table"] = procedures["unit"].map(UNIT_TABLE)
    classes = raw["class_unit_costs"].drop(columns="source").merge(
        raw["published_classes"].drop(columns="source"), on=["no", "class"], how="outer", indicator=True)
    if (classes["_merge"] != "both").any():
        raise InputError(Problem(paths.relative(folder / "published_classes.csv"),
                                 "class rows differ between class_unit_costs.csv and published_classes.csv"))
    classes = classes.drop(columns="_merge").sort_values("no").reset_index(drop=True)
    classes["no"] = classes["no"].astype(int)
    return {"procedures": procedures.reset_index(drop=True), "classes": classes, "text": raw["text"],
            "assumptions": raw["assumptions"]}


def assumption(data: dict[str, pd.DataFrame], name: str) -> str:
    """The ``value`` of one row of ``assumptions.csv``."""
    a = data["assumptions"]
    hit = a[a["name"] == name]
    if hit.empty:
        raise InputError(Problem("assumptions.csv", f"no assumption named {name!r}", column="name"))
    return str(hit["value"].iloc[0])


