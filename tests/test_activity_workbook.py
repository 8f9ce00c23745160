"""The ABC audit workbook (jkncost.workbook.activity): every formula evaluated, equal to the engine.

No spreadsheet program is needed: the few formula forms the workbook writes (cell references, bounded
ranges, SUMIF, INDEX/MATCH, SUM, IF, OR, arithmetic and comparisons) are evaluated here by a small
interpreter, so the test checks the formulas an auditor sees, not a copy of them.
"""

from __future__ import annotations

import re

import openpyxl
import pytest

from jkncost.activity import read_activity_folder, run_activity
from jkncost.workbook.activity import write_activity_workbook

from .activity_folders import EXAMPLE, tables, write_folder

RANGE = re.compile(r"(\w+)!\$([A-Z]+)\$(\d+):\$([A-Z]+)\$(\d+)")
SHEET_CELL = re.compile(r"(\w+)!\$?([A-Z]+)\$?(\d+)")
CELL = re.compile(r"(?<![\w\"'])([A-Z]{1,2})(\d+)(?![\w(])")


class Blank:
    """An empty cell or ``""``: equal to ``""`` (and, as in Excel, a blank cell to 0); arithmetic on it gives
    it back, so the branch of an IF not taken evaluates without error (Python evaluates both)."""

    def __eq__(self, other):
        return isinstance(other, Blank) or other == "" or other == 0

    def __hash__(self):
        return 0

    def _same(self, *_):
        return self

    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = __truediv__ = __rtruediv__ = _same


BLANK = Blank()


class Book:
    """Values of a workbook whose formulas are evaluated on demand."""

    def __init__(self, path):
        self.wb = openpyxl.load_workbook(path)
        self.memo = {}

    def value(self, sheet, column, row):
        key = (sheet, column, row)
        if key not in self.memo:
            raw = self.wb[sheet][f"{column}{row}"].value
            self.memo[key] = self.evaluate(sheet, raw[1:]) if isinstance(raw, str) and raw.startswith("=") else (
                BLANK if raw is None else raw)
        return self.memo[key]

    def range(self, sheet, column, first, last):
        return [self.value(sheet, column, r) for r in range(first, last + 1)]

    def evaluate(self, sheet, formula):
        expr = RANGE.sub(lambda m: f'R("{m[1]}","{m[2]}",{m[3]},{m[5]})', formula)
        expr = SHEET_CELL.sub(lambda m: f'V("{m[1]}","{m[2]}",{m[3]})', expr)
        expr = CELL.sub(lambda m: f'V("{sheet}","{m[1]}",{m[2]})', expr)
        expr = re.sub(r"(?<![<>!=])=(?!=)", "==", expr).replace("<>", "!=").replace('""', "BLANK")
        env = {"R": self.range, "V": self.value, "BLANK": BLANK,
               "SUM": lambda xs: sum(x for x in xs if not isinstance(x, Blank)),
               "SUMIF": lambda rng, crit, sums: sum(s for r, s in zip(rng, sums)
                                                    if r == crit and not isinstance(s, Blank)),
               "INDEX": lambda rng, i: rng[i - 1], "MATCH": lambda x, rng, _: rng.index(x) + 1,
               "IF": lambda c, a, b: a if c else b, "OR": lambda *xs: any(xs)}
        return eval(expr, env)  # formulas this project wrote, in a test


@pytest.fixture(scope="module")
def book_and_engine(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("wb")
    folder = read_activity_folder(write_folder(EXAMPLE, tmp / "in"))
    path = write_activity_workbook(folder, tmp / "abc.xlsx", markup=0.25)
    return Book(path), run_activity(folder, markup=0.25)


def _column(book, sheet, letter, n):
    return [book.value(sheet, letter, r) for r in range(2, n + 2)]


def test_pool_rates_are_formulas_equal_to_the_engine(book_and_engine):
    book, engine = book_and_engine
    rates = engine.tables["activity_rates"]
    for letter, column in zip("CDEF", ["cost", "quantity", "rate", "unused_cost"]):
        got = _column(book, "activity_rates", letter, len(rates))
        assert got == pytest.approx(rates[column].tolist(), abs=1e-6), column
    assert book.wb["activity_rates"]["E2"].value.startswith("=SUMIF(activities!")


def test_costs_per_object_are_formulas_equal_to_the_engine(book_and_engine):
    book, engine = book_and_engine
    objects = engine.tables["cost_objects"]
    for letter, column in zip("BDFH", ["cost", "unit_cost", "abc_tariff", "difference"]):
        got = [float("nan") if isinstance(v, Blank) else v for v in _column(book, "cost_objects", letter, len(objects))]
        assert got == pytest.approx(objects[column].tolist(), abs=1e-6, nan_ok=True), column


def test_activity_costs_and_the_check_sheet(book_and_engine):
    book, engine = book_and_engine
    acts = engine.tables["activity_costs"]
    for letter, column in zip("EFHIK", ["resource_cost", "cost", "quantity", "rate", "unused_cost"]):
        assert _column(book, "activities", letter, len(acts)) == pytest.approx(acts[column].tolist(), abs=1e-6)
    assert book.value("check", "B", 2) == pytest.approx(book.value("check", "B", 3))
    assert book.value("check", "B", 5) == pytest.approx(0, abs=1e-6)


def test_over_applied_pool_and_no_stage_one(tmp_path):
    data = {k: v for k, v in tables().items() if k in ("activities", "cost_objects", "driver_quantities")}
    data["activities"][1][4][4] = 800
    folder = read_activity_folder(write_folder(data, tmp_path / "in"))
    book = Book(write_activity_workbook(folder, tmp_path / "abc.xlsx"))
    engine = run_activity(folder).tables["activity_rates"]
    assert _column(book, "activity_rates", "F", len(engine)) == pytest.approx(engine["unused_cost"].tolist())
    assert "resources" not in book.wb.sheetnames


def test_the_same_inputs_give_the_same_file(tmp_path):
    folder = read_activity_folder(write_folder(EXAMPLE, tmp_path / "in"))
    a = write_activity_workbook(folder, tmp_path / "a.xlsx").read_bytes()
    assert a == write_activity_workbook(folder, tmp_path / "b.xlsx").read_bytes()
