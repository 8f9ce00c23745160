"""RS Bersalin Budi Luhur: every published quantity of the stored copy beside its reproduction.

One row per distinct published quantity (``published.csv`` reduced: a pool rate printed in Tahap I and
again in Tabel 4.6/4.7 is one quantity whose ``locations`` list every place). Reproduced values come
from the engine (:mod:`jkncost.activity`) run on the transcribed activity folder. Tolerances follow
the printed rounding: a rate is printed to the rupiah (0.5); a cost charged was computed by the study
from the rounded rate, so it carries that rounding times the quantity (0.5 x quantity); a cost per
patient-day adds its own rounding (0.5 + 0.5 x quantity / patient-days).
"""

from __future__ import annotations

import math

import pandas as pd

from jkncost.core.comparison import (BY_CONSTRUCTION, EXACT, NOT_REPRODUCIBLE, Comparison,
                                           classify)
from jkncost.core.comparison import table as comparison_table

from .model import charged, class_total, patient_days, pool_rates
from .readers import A03_POOL, CLASS, PRICE_POOLS, published, table_4_6, table_4_7

#: Rows of Tabel 4.6 whose pool is known only by its printed rate (A02).
_MATCHED_BY_RATE = ("Kebersihan", "Administrasi umum", "Penyusutan kamar rawat", "Penyusutan alat medis")

_A02 = "A02: the row's pool identified by its printed rate (the names of the extracted table are out of order)"
_A03 = ("A03: Subsidi makan karyawan divided by 5,304, the staff pools' total, instead of its printed 2,752 "
        "(the divisor the printed rate implies)")
_A05 = "A05: the three pools printed only in Tabel 4.6 priced at their printed rate"


def _where(source: str) -> str:
    """``budiluhur stored copy, Tabel 4.6, kolom 3, baris 1`` -> ``Tabel 4.6``; the Tahap I table -> ``Tahap I``."""
    where = source.replace("budiluhur stored copy, ", "").split(", baris")[0].split(", kolom")[0]
    return "Tahap I" if where.startswith("Analisis Tahap I") else where


def _rate_locations() -> dict[str, str]:
    """Every place a pool's rate is printed: Tahap I, Tabel 4.6, Tabel 4.7."""
    places: dict[str, list[str]] = {}
    p = published()
    for r in p[p["figure"] == "pool rate"].itertuples(index=False):
        places.setdefault(r.pool, []).append(_where(r.source))
    for name, t in (("Tabel 4.6", table_4_6()), ("Tabel 4.7", table_4_7())):
        for pool in t.loc[t["rate"].notna(), "pool"]:
            if name not in places.setdefault(pool, []):
                places[pool].append(name)
    return {k: "; ".join(v) for k, v in places.items()}


def quantities() -> pd.DataFrame:
    """``published.csv`` with one row per distinct quantity and its ``locations``.

    >>> q = quantities()
    >>> len(q), q["figure"].value_counts().to_dict()["pool rate"]
    (38, 12)
    """
    p = published()
    where = _rate_locations()
    p = p.assign(locations=[where.get(r.pool, _where(r.source)) if r.figure == "pool rate" else _where(r.source)
                            for r in p.itertuples(index=False)])
    return p.drop_duplicates(["figure", "cost_object", "pool"]).reset_index(drop=True)


def headline_comparison(printed_run, a03_run) -> pd.DataFrame:
    """Every published quantity beside the engine's value, with an honest status.

    ``printed_run`` and ``a03_run``: :func:`jkncost.studies.budiluhur.model.run` with ``"printed"`` and
    ``"A03"``. Columns of :data:`jkncost.core.comparison.COLUMNS`.
    """
    rates_printed = pool_rates(printed_run)
    rates_a03 = pool_rates(a03_run)
    rows_a03 = charged(a03_run).set_index("pool")
    days = patient_days(CLASS)
    out: list[Comparison] = []
    for q in quantities().itertuples(index=False):
        kw = {"unit": q.unit, "source": q.source, "locations": q.locations}
        name = ", ".join(x for x in (q.figure, q.cost_object, q.pool) if x)
        if q.figure == "pool rate":
            if q.pool in PRICE_POOLS:
                out.append(Comparison(name, q.value, None, NOT_REPRODUCIBLE, **kw,
                                      note="its pool's cost and driver total are in the part of Tahap I the stored "
                                           "copy does not show; used as given (A05)"))
            elif q.pool == A03_POOL:
                out.append(Comparison(name, q.value, float(rates_a03[q.pool]), BY_CONSTRUCTION, **kw,
                                      note=f"{_A03}; the divisor was picked to match this rate, so agreement tests "
                                           f"only the arithmetic; with the printed 2,752 the engine gives "
                                           f"{rates_printed[q.pool]:,.2f} (source audit)"))
            else:
                rep = float(rates_printed[q.pool])
                st = classify(q.value, rep, tolerance=0.5)
                out.append(Comparison(name, q.value, rep, st, **kw,
                                      note="engine: printed cost / printed driver total (capacity, A01), printed to "
                                           "the rupiah" + ("" if st == EXACT else "; outside the rounding")))
            continue
        if q.figure in ("cost charged", "cost per patient-day"):
            r = rows_a03.loc[q.pool]
            per_day = q.figure == "cost per patient-day"
            rep = float(r["per_day"] if per_day else r["cost"])
            tol = 0.5 * r["quantity"] / days + 0.5 if per_day else 0.5 * r["quantity"]
            if q.pool in PRICE_POOLS:
                out.append(Comparison(name, q.value, rep, BY_CONSTRUCTION, **kw,
                                      note=f"restatement check: printed quantity x printed rate, both inputs ({_A05})"))
                continue
            assumed = [a for a, used in ((_A03, q.pool == A03_POOL), (_A02, q.pool in _MATCHED_BY_RATE)) if used]
            st = classify(q.value, rep, tolerance=tol, assumed=bool(assumed))
            how = (f"engine rate x printed quantity{' / ' + format(days, '.0f') + ' patient-days' if per_day else ''}, "
                   f"within the printed rounding (Rp {tol:,.2f})")
            if st == NOT_REPRODUCIBLE:
                how = (f"engine rate x printed quantity / {days:.0f} is outside the printed rounding "
                       f"(Rp {tol:,.2f}); the table's own cost / {days:.0f} also differs (source audit)")
            out.append(Comparison(name, q.value, rep, st, **kw, note="; ".join([how, *assumed])))
            continue
        total = class_total(a03_run)
        if q.figure == "total cost":
            out.append(Comparison(name, q.value, total, NOT_REPRODUCIBLE, **kw,
                                  note=f"the printed total is not the sum of its rows (Rp 9,730,310, source audit); "
                                       f"the engine's total of the same rows is Rp {total:,.0f} ({_A02}; {_A03}; {_A05})"))
        elif q.figure == "total cost per patient-day":
            n = len(rows_a03)
            tol = 0.5 * n + 0.5 * float(rows_a03["quantity"].sum()) / days
            rep = total / days
            st = classify(q.value, rep, tolerance=tol, assumed=True)
            out.append(Comparison(name, q.value, rep, st, **kw,
                                  note=f"engine total / {days:.0f}; the printed figure is the sum of {n} rounded rows "
                                       f"(tolerance Rp {tol:,.2f}); includes {_A05}; {_A02}; {_A03}"))
        else:  # pragma: no cover - every figure of published.csv is handled above
            raise KeyError(f"no comparison rule for published figure {q.figure!r}")
    return comparison_table(out)


def summary(comparison: pd.DataFrame, audit: pd.DataFrame, printed_run, a03_run) -> dict:
    """Key numbers for ``summary.json``: counts per status, source discrepancies, Kelas I A's cost per day."""
    from jkncost.core.comparison import summary_counts

    out = dict(summary_counts(comparison))
    out["n_source_discrepancies"] = int(len(audit))
    out["kelas_IA_cost_per_day_A03"] = round(class_total(a03_run) / patient_days(CLASS), 2)
    out["kelas_IA_cost_per_day_printed"] = round(class_total(printed_run) / patient_days(CLASS), 2)
    out["over_applied_pools"] = sum("over-applied" in w for w in printed_run.warnings)
    return {k: (v if not isinstance(v, float) or math.isfinite(v) else None) for k, v in sorted(out.items())}
