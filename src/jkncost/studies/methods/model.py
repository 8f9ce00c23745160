"""The hospitals of the methods study (``methods.ipynb``): costs, tariffs per patient-day, ATP/WTP and a sensitivity model.

:func:`load` turns one notebook parameter (``"pasangkayu"`` or a hospital folder or workbook) into
everything the teaching notebook needs, with a caption saying what each rests on:

- **Pasangkayu** (seed 002): the study's hospital with patient-days back-solved from Tabel 4
  (assumption A17), its Perda tariffs per day (A16) and the INA-CBG tariffs of Tabel 5 turned into
  a tariff per day with an *assumed* length of stay, ATP and WTP of Tabel 4;
- **any other hospital**: read with :func:`jkncost.costing.read_hospital`, its tariffs from a
  ``hospital, center, tariff, value, unit`` table (``unit`` ``Rp/day`` or ``Rp/case``), no ATP/WTP.

Either way FC is annualized through an *illustrative* asset register back-solved from the printed FC
(:func:`jkncost.sensitivity.register_from_fc`), so that the inflation rate and useful lives can be
moved in the sensitivity analyses.

Examples
--------
>>> from jkncost.core import paths
>>> from jkncost.sensitivity import read_asset_assumptions
>>> from jkncost.tables import infer_numbers, read_frame
>>> h = load("data/raw/example_hospital", assets=read_asset_assumptions(
...     paths.raw("methods", "asset_assumptions_illustrative.csv")),
...     tariffs=infer_numbers(read_frame(paths.raw("methods", "example_tariffs.csv"))))
>>> h.key, h.classes[-1], h.tariff is not None
('example_hospital', 'Kelas III', True)
>>> print(h.caption("id"))
Rumah sakit contoh untuk pengajaran (RS Contoh): bukan data nyata; tarif dikarang.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from jkncost.core import paths
from jkncost.costing.breakeven import per_day
from jkncost.costing import read_hospital
from jkncost.costing.hospital import Hospital
from jkncost.costing.tariff import RULES
from jkncost.labels import label
from jkncost.sensitivity import Model, register_from_fc
from jkncost.studies import pasangkayu as pk

TARIFF_COLUMNS = ["center", "tariff_name", "tariff", "per_case"]


@dataclass
class TeachingHospital:
    """One hospital of the methods notebook.

    ``tariffs``: ``center, tariff_name, tariff`` (Rp per patient-day), ``per_case`` (Rp per case where
    the tariff is paid per case, else NaN); ``tariff``: the rational-tariff specification of
    :func:`jkncost.sensitivity.tornado` (None when the rule needs ATP/WTP the hospital lacks).
    """

    key: str
    hospital: Hospital
    kind: str  # "pasangkayu", "example" or "hospital": which caption applies
    classes: list[str]
    tariffs: pd.DataFrame
    model: Model
    tariff: dict | None
    results: dict = field(default_factory=dict)  # what the notebook computes along the way

    def caption(self, lang: str = "en") -> str:
        """What the figures of this hospital rest on, in ``lang``."""
        if self.kind in ("pasangkayu", "example"):
            return label(f"teaching.caption_{self.kind}", lang)
        return label("teaching.caption_hospital", lang, name=self.hospital.name)


def load(spec: str, *, assets: pd.DataFrame, tariffs: pd.DataFrame | None = None, method: str = "double",
         fc_method: str = "inflation", rate: float = 0.036, los_days: float = 5.0,
         tariff_rule: str = "fraction_of_uc", tariff_fraction: float = 0.95) -> TeachingHospital:
    """One hospital with its tariffs (per patient-day), ATP/WTP and sensitivity model.

    Parameters
    ----------
    spec : str
        ``"pasangkayu"`` (the study's loader) or a hospital folder or workbook (relative paths from
        the repository root); a folder holding Pasangkayu's transcription is recognised as such.
    assets : DataFrame
        :func:`jkncost.sensitivity.read_asset_assumptions`, for the illustrative register.
    tariffs : DataFrame, optional
        ``hospital, center, tariff, value, unit`` rows of hospitals other than Pasangkayu.
    method, fc_method, rate : as for :meth:`jkncost.sensitivity.Model.from_hospital`.
    los_days : float
        Assumed length of stay turning a tariff per case into one per day.
    tariff_rule, tariff_fraction : the rational-tariff rule (:mod:`jkncost.costing.tariff`).
    """
    if tariff_rule not in RULES:
        raise ValueError(f"tariff_rule must be one of {', '.join(RULES)}, got {tariff_rule!r}")
    if los_days <= 0:
        raise ValueError(f"los_days must be > 0, got {los_days}")
    if spec == "pasangkayu" or pk.is_pasangkayu(paths.resolve(spec)):
        # the split of the caption (A01: four support centers), on which the notebook's teaching is built;
        # the study notebook itself defaults to the paper's method paragraph (A02)
        h, key, kind, classes = pk.load_hospital(split="convention"), "pasangkayu", "pasangkayu", list(pk.CLASSES)
        rows = [{"center": c, "tariff_name": "Perda", "per_case": np.nan,
                 "tariff": pk.published_value("Perda tariff", c, source=pk.PERDA_MAIN)} for c in classes]
        for c in classes[1:]:  # INA-CBG does not pay VIP
            case = pk.published_value("INA-CBG tariff", c, source="Tabel 5")
            rows.append({"center": c, "tariff_name": "INA-CBG", "tariff": per_day(case, los_days), "per_case": case})
        t4 = pk.table4()
        atp, wtp = t4["ATP"].to_dict(), t4["WTP"].to_dict()
    else:
        src = paths.resolve(spec)
        h = read_hospital(src, method=method)
        key = h.name
        kind = "example" if src.resolve() == paths.raw("example_hospital").resolve() else "hospital"
        classes = pk.inpatient_classes(h)
        given = tariffs if tariffs is not None else pd.DataFrame(columns=["hospital", "center", "tariff", "value",
                                                                           "unit"])
        rows = []
        for r in given[given["hospital"] == key].itertuples():
            per_case = r.unit == "Rp/case"
            rows.append({"center": r.center, "tariff_name": r.tariff,
                         "tariff": per_day(r.value, los_days) if per_case else float(r.value),
                         "per_case": float(r.value) if per_case else np.nan})
        atp = wtp = None
    register = register_from_fc(h, assets, fc_method=fc_method, rate=rate)
    model = Model.from_hospital(h, method, assets=register, fc_method=fc_method, rate=rate)
    spec_tariff = {"rule": tariff_rule, "fraction": tariff_fraction, "centers": classes, "level": 3}
    if atp is not None:
        spec_tariff.update(atp=atp, wtp=wtp)
    elif set(RULES[tariff_rule].needs) - {"uc"}:
        spec_tariff = None  # the rule needs ATP/WTP, which this hospital does not have
    return TeachingHospital(key=key, hospital=h, kind=kind, classes=classes,
                            tariffs=pd.DataFrame(rows, columns=TARIFF_COLUMNS), model=model, tariff=spec_tariff)
