"""INA-CBG code parsing and validation (jkncost.jkn.inacbg) and the ``jkncost inacbg`` command."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from jkncost.jkn import inacbg
from jkncost.cli.main import main
from jkncost.errors import InputError
from jkncost.jkn.inacbg import InacbgCode, InacbgCodeError, parse


def test_parse_caesarean_code():
    code = parse("O-6-10-I")
    assert code == InacbgCode("O", 6, 10, "I")
    assert (code.code, code.cbg, code.severity_level, code.setting) == ("O-6-10-I", "O-6-10", 1, "inpatient")
    assert str(code) == "O-6-10-I"


@pytest.mark.parametrize("text,level", [("O-6-10-I", 1), ("O-6-10-II", 2), ("O-6-10-III", 3)])
def test_caesarean_groups_severities(text, level):
    code = parse(text)
    assert code.severity_level == level
    assert inacbg.is_caesarean(code) and inacbg.is_caesarean(text)


def test_caesarean_groups_listed_in_order():
    assert [c.code for c in inacbg.caesarean_groups()] == ["O-6-10-I", "O-6-10-II", "O-6-10-III"]
    assert not inacbg.is_caesarean("O-6-13-I")  # vaginal delivery


def test_forgiving_case_and_spaces_only():
    assert parse("  o-6-10-ii ").code == "O-6-10-II"
    assert parse("K-4-17-I").cbg == "K-4-17"


def test_outpatient_code_has_severity_zero():
    assert parse("Q-5-44-0").setting == "outpatient"
    assert parse("Q-5-44-0").severity_level == 0


@pytest.mark.parametrize("text,fragment", [
    ("", "empty"),
    ("O-6-10", "expected four parts"),
    ("O-6-10-I-X", "expected four parts"),
    ("O6-10-I-I", "must be one or two letters"),
    ("ABC-6-10-I", "must be one or two letters"),
    ("R-6-10-I", "unknown case-mix main group 'R'"),
    ("O-X-10-I", "case type 'X' must be one digit"),
    ("O-6-1-I", "specific group '1' must be two digits"),
    ("O-6-100-I", "specific group '100' must be two digits"),
    ("O-6-10-IV", "severity 'IV' is not one of 0, I, II, III"),
    ("O-6-10-1", "severity '1' is not one of"),
    ("O-6-10-0", "case type 6 is inpatient, so severity must be I, II or III"),
    ("Q-5-44-I", "case type 5 is outpatient, so severity must be 0"),
    ("YY-1-01-I", "special CMG"),
])
def test_invalid_codes_name_the_part(text, fragment):
    with pytest.raises(InacbgCodeError, match=fragment.replace("(", r"\(").replace(")", r"\)")):
        parse(text)
    assert not inacbg.is_valid(text)


def test_non_text_is_refused():
    with pytest.raises(InacbgCodeError, match="must be text"):
        parse(610)


def test_tables_are_data_with_sources():
    for table in (inacbg.cmg_table(), inacbg.case_type_table(), inacbg.severity_table(), inacbg.group_table()):
        assert "source" in table.columns
        assert (table["source"].str.strip() != "").all()
    cmg = inacbg.cmg_table()
    assert cmg["cmg"].is_unique
    assert {"A", "K", "O", "Z", "QP", "X"} <= set(cmg["cmg"])
    assert list(inacbg.case_type_table()["case_type"]) == [str(i) for i in range(10)]


def test_describe_in_both_languages():
    assert parse("O-6-10-II").describe() == (
        "O-6-10-II: deliveries / inpatient obstetric / group 10 (caesarean section) / severity II (moderate)")
    assert parse("O-6-10-III").describe("id") == (
        "O-6-10-III: persalinan / rawat inap kebidanan / kelompok 10 (operasi sesar) / keparahan III (berat)")
    assert parse("A-4-12-I").describe().endswith("group 12 / severity I (mild)")  # group not named in data
    with pytest.raises(ValueError, match="lang"):
        parse("O-6-10-I").describe("fr")


def test_codes_sort_by_parts():
    codes = sorted(parse(t) for t in ("O-6-10-II", "K-4-17-I", "O-6-10-I"))
    assert [c.code for c in codes] == ["K-4-17-I", "O-6-10-I", "O-6-10-II"]


def test_command_describes_codes(capsys):
    assert main(["inacbg", "O-6-10-I", "k-4-17-i"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("O-6-10-I: deliveries / inpatient obstetric / group 10 (caesarean section)")
    assert out[1].startswith("K-4-17-I: digestive system")


def test_command_bad_code_exits_2_with_one_line(capsys):
    assert main(["inacbg", "O-6-10-IV"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "severity 'IV' is not one of 0, I, II, III" in err


def test_severity_levels_and_settings_are_read_from_the_data():
    table = inacbg.severity_table().set_index("severity")
    for text in ("O-6-10-I", "O-6-10-II", "O-6-10-III", "Q-5-44-0"):
        code = parse(text)
        assert code.severity_level == int(table.loc[code.severity, "level"])
        assert code.setting == table.loc[code.severity, "setting"]


def _copy_inacbg(tmp_path):
    dest = tmp_path / "inacbg"
    shutil.copytree(inacbg.tables_dir(), dest)
    return dest


@pytest.mark.parametrize("table, row, column, value, message", [
    ("severity", 1, "setting", "ambulatory", r"severity.csv:3: column 'setting': setting must be one of inpatient, "
                                             r"outpatient, got 'ambulatory'"),
    ("cmg", 3, "cmg", "A", r"cmg.csv:5: column 'cmg': cmg 'A' repeats row 2"),
    ("case_types", 0, "source", "", r"case_types.csv:2: column 'source': empty source"),
])
def test_broken_tables_are_refused_naming_file_row_and_column(tmp_path, table, row, column, value, message):
    folder = _copy_inacbg(tmp_path)
    df = pd.read_csv(folder / f"{table}.csv", dtype=str, keep_default_na=False)
    df.loc[row, column] = value
    df.to_csv(folder / f"{table}.csv", index=False)
    with pytest.raises(InputError, match=message):
        inacbg.load_table(table, folder)
