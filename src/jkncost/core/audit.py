"""Audit of a transcribed table: recompute its totals and percentages, list what disagrees.

Published costing tables print each row's components with a row total (``Jumlah``), a
percentage of the grand total, and a ``TOTAL`` row of column totals. Spreadsheets round what
they display, authors retype numbers, and so the printed totals often differ from the sums of
the printed parts. A reproduction must neither trust nor silently fix them: this module
recomputes every total and percentage of a wide table and returns one row per check with
``printed``, ``recomputed`` and ``difference = printed - recomputed``.

Checks
------
row total
    ``total_r`` printed vs ``sum_j part_rj`` for every body row (and the TOTAL row).
column total
    ``TOTAL_j`` printed vs ``sum_r part_rj`` over body rows, for every part and the total column.
percentage
    ``pct_r`` printed vs ``100 * total_r / G`` with ``G`` the printed grand total (the printed
    TOTAL row's total, or the sum of the row totals when the table has no TOTAL row); a
    discrepancy when the recomputed value rounded to the printed decimals differs from the print.
percentage sum
    printed TOTAL percentage vs the sum of the printed row percentages.

Amounts are compared exactly (``tolerance=0``) unless a tolerance is given; a discrepancy of
Rp 1 is then reported, not hidden. Use :func:`discrepancies` to keep only the failing checks.

Examples
--------
>>> import pandas as pd
>>> t = pd.DataFrame({"center": ["A", "B", "TOTAL"], "x": [10, 5, 15], "y": [1, 2, 4],
...                   "Jumlah": [11, 7, 19], "%": [61.11, 38.89, 100]})
>>> d = discrepancies(audit_table(t, ["x", "y"], "Jumlah", "%", label="center", table="T"))
>>> for r in d.itertuples():
...     print(r.location, r.printed, round(r.recomputed, 2), round(r.difference, 2))
T, baris TOTAL, kolom y (column total) 4.0 3.0 1.0
T, baris TOTAL, kolom Jumlah (column total) 19.0 18.0 1.0
T, baris A, kolom % (percentage) 61.11 57.89 3.22
T, baris B, kolom % (percentage) 38.89 36.84 2.05
"""

from __future__ import annotations

import math

import pandas as pd

from jkncost.errors import InputError, Problem

COLUMNS = ["table", "location", "row", "column", "check", "printed", "recomputed", "difference",
           "tolerance", "discrepancy"]

#: Float slack added to every tolerance (sums of rupiah in float64, percentages).
EPS = 1e-6


def _row(table, row, column, check, printed, recomputed, tolerance) -> dict:
    printed = float(printed)
    recomputed = float(recomputed)
    diff = printed - recomputed
    return {
        "table": table,
        "location": f"{table}, baris {row}, kolom {column} ({check})",
        "row": str(row),
        "column": str(column),
        "check": check,
        "printed": printed,
        "recomputed": recomputed,
        "difference": diff,
        "tolerance": float(tolerance),
        "discrepancy": bool(abs(diff) > tolerance + EPS),
    }


def _frame(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame.from_records(rows, columns=COLUMNS)


def _split(df: pd.DataFrame, label: str, total_label: str | None):
    if label not in df.columns:
        raise InputError(Problem("audit", f"no label column {label!r}", column=label))
    is_total = df[label].astype(str).str.strip().str.upper() == str(total_label).upper() if total_label else \
        pd.Series(False, index=df.index)
    if is_total.sum() > 1:
        raise InputError(Problem("audit", f"more than one {total_label!r} row", column=label))
    body = df.loc[~is_total]
    total = df.loc[is_total].iloc[0] if is_total.any() else None
    return body, total


def _check_columns(df: pd.DataFrame, columns: list[str]) -> None:
    for c in columns:
        if c not in df.columns:
            raise InputError(Problem("audit", f"no column {c!r}", column=c))
        bad = pd.to_numeric(df[c], errors="coerce").isna()
        if bad.any():
            first = int(bad.to_numpy().nonzero()[0][0])
            raise InputError(Problem("audit", "not a number", row=first + 2, column=c))


def check_row_totals(df: pd.DataFrame, parts: list[str], total: str, *, label: str, table: str = "",
                     tolerance: float = 0.0) -> pd.DataFrame:
    """Printed row totals vs the sum of the printed parts, for every row (TOTAL row included).

    Formula: ``difference_r = total_r - sum_j part_rj``.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"c": ["A"], "x": [1], "y": [2], "t": [4]})
    >>> check_row_totals(t, ["x", "y"], "t", label="c", table="T")[["printed", "recomputed", "difference"]].values.tolist()
    [[4.0, 3.0, 1.0]]
    """
    _check_columns(df, [*parts, total])
    rows = []
    for _, r in df.iterrows():
        s = sum(float(r[p]) for p in parts)
        rows.append(_row(table, r[label], total, "row total", r[total], s, tolerance))
    return _frame(rows)


def check_column_totals(df: pd.DataFrame, columns: list[str], *, label: str, total_label: str = "TOTAL",
                        table: str = "", tolerance: float = 0.0) -> pd.DataFrame:
    """Printed TOTAL row vs the sum of the body rows, for every column in ``columns``.

    Formula: ``difference_j = TOTAL_j - sum_r x_rj`` over the rows that are not the TOTAL row.
    """
    _check_columns(df, columns)
    body, total = _split(df, label, total_label)
    if total is None:
        raise InputError(Problem("audit", f"no {total_label!r} row to check", column=label))
    rows = [_row(table, total[label], c, "column total", total[c], body[c].astype(float).sum(), tolerance)
            for c in columns]
    return _frame(rows)


def check_percentages(df: pd.DataFrame, amount: str, percent: str, *, label: str, total_label: str | None = "TOTAL",
                      decimals: int = 2, table: str = "") -> pd.DataFrame:
    """Printed percentages vs ``100 * amount / grand total``, and their printed sum vs the TOTAL row.

    The grand total is the printed TOTAL row's ``amount`` (the base the authors divided by), or
    the sum of the body amounts when there is no TOTAL row. A percentage is a discrepancy when it
    differs from the recomputed one by more than half a unit of its last printed decimal. The
    sum check has tolerance 0: rounded shares that do not add up to the printed 100% are reported
    (their size says it is rounding).
    """
    _check_columns(df, [amount, percent])
    body, total = _split(df, label, total_label)
    grand = float(total[amount]) if total is not None else float(body[amount].astype(float).sum())
    if grand <= 0:
        raise InputError(Problem("audit", "grand total must be > 0 to compute percentages", column=amount))
    half = 0.5 * 10.0 ** (-decimals)
    rows = [_row(table, r[label], percent, "percentage", r[percent], 100.0 * float(r[amount]) / grand, half)
            for _, r in body.iterrows()]
    if total is not None:
        rows.append(_row(table, total[label], percent, "percentage sum", total[percent],
                         body[percent].astype(float).sum(), 0.0))
    return _frame(rows)


def audit_table(df: pd.DataFrame, parts: list[str], total: str, percent: str | None = None, *, label: str,
                total_label: str = "TOTAL", table: str = "", decimals: int = 2,
                tolerance: float = 0.0) -> pd.DataFrame:
    """Every check of one wide table: row totals, column totals, percentages.

    Parameters
    ----------
    df : DataFrame
        One row per printed row, with a label column, the part columns, the row-total column,
        optionally a percentage column (numbers, e.g. ``2.64`` for "2.64%") and a TOTAL row.
    parts : list of str
        The component columns that add up to ``total``.
    total : str
        The row-total column (``Jumlah``).
    percent : str, optional
        The percentage column.
    label : str
        The column naming the rows; the TOTAL row has ``total_label`` there.
    table : str
        Name used in ``location`` (e.g. ``"Tabel 1"``).
    tolerance : float
        For amounts (default 0: every rupiah counts).

    Returns
    -------
    DataFrame with :data:`COLUMNS`, all checks (``discrepancy`` True for those that fail).
    """
    parts = list(parts)
    frames = [check_row_totals(df, parts, total, label=label, table=table, tolerance=tolerance),
              check_column_totals(df, [*parts, total], label=label, total_label=total_label, table=table,
                                  tolerance=tolerance)]
    if percent is not None:
        frames.append(check_percentages(df, total, percent, label=label, total_label=total_label,
                                        decimals=decimals, table=table))
    return pd.concat(frames, ignore_index=True)


def compare(location: str, printed: float, recomputed: float, *, check: str, table: str = "",
            tolerance: float = 0.0) -> dict:
    """One free-form check (text against table, text against text) as a row of :data:`COLUMNS`.

    Examples
    --------
    >>> r = compare("Kesimpulan, UC VIP", 428000, 428805, check="text vs table")
    >>> r["difference"], r["discrepancy"]
    (-805.0, True)
    """
    printed_f = float(printed) if printed is not None else math.nan
    recomputed_f = float(recomputed) if recomputed is not None else math.nan
    diff = printed_f - recomputed_f
    return {"table": table, "location": location, "row": "", "column": "", "check": check,
            "printed": printed_f, "recomputed": recomputed_f, "difference": diff,
            "tolerance": float(tolerance),
            "discrepancy": bool(math.isnan(diff) or abs(diff) > tolerance + EPS)}


def discrepancies(checks: pd.DataFrame) -> pd.DataFrame:
    """Only the failing checks, in their original order."""
    return checks.loc[checks["discrepancy"].astype(bool)].reset_index(drop=True)
