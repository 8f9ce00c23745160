"""RS Bersalin Budi Luhur: the stored copy checked against itself (:func:`source_audit`).

Never a correction: every check recomputes a printed figure from other printed figures of the same
copy and records both. Kinds of check:

- ``table arithmetic``: a rate is its pool's cost over its printed driver total (Tahap I); a row's cost
  charged is quantity x rate, its cost per patient-day that cost over the class's patient-days, the
  total the sum of the rows (Tabel 4.6);
- ``driver use``: the quantities two classes draw from a pool against the pool's printed total (a pool
  charged more than its total driver is over-applied);
- ``structure``: names against rows of figures, and names against rates, in the extracted tables.
"""

from __future__ import annotations

import pandas as pd

from jkncost.core.audit import compare

from .readers import A03_DIVISOR, A03_POOL, CLASSES, table_4_6, table_4_7, tahap1

AUDIT_OUTPUT_COLUMNS = ["kind", "table", "location", "check", "printed", "recomputed", "difference",
                        "tolerance", "unit", "discrepancy", "note"]
_T1 = "Tahap I"
_T46 = "Tabel 4.6"


def _row(kind: str, unit: str, note: str = "", **check) -> dict:
    r = compare(**check)
    return {"kind": kind, "table": r["table"], "location": r["location"], "check": r["check"], "printed": r["printed"],
            "recomputed": r["recomputed"], "difference": r["difference"], "tolerance": r["tolerance"], "unit": unit,
            "discrepancy": r["discrepancy"], "note": note if r["discrepancy"] else ""}


def _tahap1() -> list[dict]:
    t = tahap1()
    rows = []
    for r in t[t["rate"].notna()].itertuples(index=False):
        recomputed = r.cost / r.driver_total
        note = ""
        if r.printed_name == A03_POOL:
            note = (f"the printed rate is the cost over {A03_DIVISOR:,.0f} (the staff pools' total): "
                    f"{r.cost / A03_DIVISOR:,.2f}; at that rate the printed total recovers only "
                    f"Rp {r.rate * r.driver_total:,.0f} of its Rp {r.cost:,.0f}")
        rows.append(_row("table arithmetic", "Rp per driver unit", note, table=_T1, tolerance=0.5,
                         location=f"{_T1}, baris {r.printed_position}: {r.printed_name}",
                         check="rate = cost / driver total", printed=r.rate, recomputed=recomputed))
    named = len(t)
    with_figures = int(t["rate"].notna().sum())
    rows.append(_row("structure", "rows", "a name without figures (Penyusutan inventaris): its figures are not in "
                     "the stored copy", table=_T1, location=f"{_T1}, stored rows", check="names vs rows of figures",
                     printed=named, recomputed=with_figures))
    return rows


def _table_4_6() -> list[dict]:
    t = table_4_6()
    body = t[t["rate"].notna()]
    days = CLASSES["Kelas I A"]
    rows = []
    for r in body.itertuples(index=False):
        where = f"{_T46}, baris {r.printed_row}: {r.printed_name}"
        rows.append(_row("table arithmetic", "Rp", table=_T46, location=where, check="cost = quantity x rate",
                         printed=r.total, recomputed=r.quantity * r.rate))
        rows.append(_row("table arithmetic", "Rp per patient-day",
                         f"the table's own cost over {days} patient-days is {r.total / days:,.1f}; printed "
                         f"{r.per_day:,.0f}",
                         table=_T46, location=where, check=f"per day = cost / {days}, rounded", tolerance=0.5,
                         printed=r.per_day, recomputed=r.total / days))
    rows_sum = float(body["total"].sum())
    rows.append(_row("table arithmetic", "Rp", "the printed total is not the sum of the 12 rows of figures", table=_T46,
                     location=f"{_T46}, baris Total, kolom 3", check="total = sum of the rows",
                     printed=8651629, recomputed=rows_sum))
    rows.append(_row("table arithmetic", "Rp per patient-day", table=_T46, tolerance=0.5,
                     location=f"{_T46}, baris Total, kolom 4", check="per-day total = sum of the per-day rows",
                     printed=36859, recomputed=float(body["per_day"].sum())))
    rows.append(_row("table arithmetic", "Rp per patient-day",
                     f"the per-day total follows the rows (sum {rows_sum:,.0f} / {days}), not the printed total"
                     , table=_T46, tolerance=0.5, location=f"{_T46}, baris Total, kolom 4",
                     check=f"per-day total = printed total / {days}", printed=36859, recomputed=8651629 / days))
    rows.append(_row("structure", "rows", "from row 8 on the names do not follow the figures (A02)", table=_T46,
                     location=f"{_T46}, rows", check="names vs rows of figures", printed=len(t), recomputed=len(body)))
    pools = tahap1().set_index("printed_name")
    adm = body[body["printed_name"] == "Administrasi dan umum"].iloc[0]
    rows.append(_row("structure", "Rp per driver unit",
                     "the row printed under 'Administrasi dan umum' has another rate than Tahap I's Administrasi "
                     "umum; the rate 2,425 is printed two rows lower (A02)", table=_T46,
                     location=f"{_T46}, baris {adm.printed_row}: {adm.printed_name}",
                     check="rate vs Tahap I rate of the pool named", printed=adm.rate,
                     recomputed=float(pools.loc["Administrasi umum", "rate"])))
    return rows


def _driver_use() -> list[dict]:
    pools = tahap1()
    pools = pools[pools["rate"].notna()].set_index("printed_name")
    use = pd.concat([table_4_6(), table_4_7()])
    use = use[use["pool"].isin(pools.index)].groupby("pool", sort=False)["quantity"].sum()
    rows = []
    for pool, q in use.items():
        total = float(pools.loc[pool, "driver_total"])
        over = q > total
        note = (f"Kelas I A and I B alone use {q:,.0f} against a printed total of {total:,.0f}: the pool is charged "
                f"{q / total:.0%} of its cost by two classes" if over else "")
        r = _row("driver use", "driver units", note, table=f"{_T1}; {_T46}; Tabel 4.7", location=f"pool {pool}",
                 check="Kelas I A + I B quantity <= printed driver total", printed=total, recomputed=q)
        r["discrepancy"] = bool(over)
        r["note"] = note
        rows.append(r)
    return rows


def source_checks() -> pd.DataFrame:
    """Every check of the stored copy against itself, passing or not (columns :data:`AUDIT_OUTPUT_COLUMNS`).

    >>> c = source_checks()
    >>> c.groupby("kind")["discrepancy"].agg(["size", "sum"]).to_dict("index")["driver use"]
    {'size': 9, 'sum': 2}
    """
    rows = _tahap1() + _table_4_6() + _driver_use()
    return pd.DataFrame(rows, columns=AUDIT_OUTPUT_COLUMNS)


def source_audit() -> pd.DataFrame:
    """Only the contradictions of the source, one row each (what ``source_audit.csv`` holds).

    >>> a = source_audit()
    >>> a[["kind", "location"]].head(3).values.tolist()
    [['table arithmetic', 'Tahap I, baris 5: Subsidi makan karyawan'], ['structure', 'Tahap I, stored rows'], ['table arithmetic', 'Tabel 4.6, baris 4: Dana Astek']]
    >>> len(a)
    10
    """
    c = source_checks()
    return c[c["discrepancy"].astype(bool)].reset_index(drop=True)
