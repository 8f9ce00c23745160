"""Reading and validating hospital folders: every bad input gets one clear line, nothing is written."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from jkncost.cli.main import main
from jkncost.errors import InputError
from jkncost.costing import read_hospital, validate_hospital

from .conftest import write_hospital


def _edit(folder, name, fn):
    path = folder / f"{name}.csv"
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    df = fn(df)
    df.to_csv(path, index=False)


def test_example_hospital_reads(example_dir):
    h = read_hospital(example_dir)
    assert len(h.names) == 11
    assert h.support_centers == ["Kantor", "Instalasi Gizi", "Laundry", "Farmasi"]
    assert h.total_cost() == pytest.approx(5_377_000_000)
    W = h.weight_matrix()
    assert W[h.names.index("Kantor"), h.names.index("Kantor")] == 25  # self weight kept, ignored by the engine


def test_indonesian_amount_text_is_parsed(tmp_path):
    folder = write_hospital(
        tmp_path / "h",
        "center,kind,output\nA,penunjang,\nB,produksi,10",
        'center,category,component,amount\nA,SVC,gaji,"Rp 1.234.567,-"\nB,VC,BHP,"1.000,50"\nB,FC,AIC,"2,000,000"',
        "support_center,basis,center,weight\nA,staff,B,3",
    )
    h = read_hospital(folder)
    assert h.direct_costs().loc["A", "SVC"] == 1234567
    assert h.direct_costs().loc["B", "VC"] == 1000.5
    assert h.direct_costs().loc["B", "FC"] == 2_000_000
    assert list(h.centers["kind"]) == ["support", "production"]


BAD_CASES = [
    # (description, file, edit, expected file label, row, column, words in message)
    ("unknown center in costs", "costs",
     lambda d: pd.concat([d, pd.DataFrame([{"center": "Kamar Jenazah", "category": "VC", "component": "x",
                                            "amount": "5"}])], ignore_index=True),
     "costs.csv", 69, "center", "unknown center 'Kamar Jenazah'"),
    ("duplicate center", "cost_centers",
     lambda d: pd.concat([d, d.iloc[[4]]], ignore_index=True),
     "cost_centers.csv", 13, "center", "duplicate center 'IGD' (first at row 6)"),
    ("negative amount", "costs",
     lambda d: d.assign(amount=d["amount"].where(d.index != 9, "-5000000")),
     "costs.csv", 11, "amount", "negative amount"),
    ("unknown category", "costs",
     lambda d: d.assign(category=d["category"].where(d.index != 2, "OPEX")),
     "costs.csv", 4, "category", "unknown category 'OPEX'"),
    ("ambiguous amount", "costs",
     lambda d: d.assign(amount=d["amount"].where(d.index != 0, "1.234")),
     "costs.csv", 2, "amount", "ambiguous amount '1.234'"),
    ("support center with no production receiver", "allocation_bases",
     lambda d: d[~((d["support_center"] == "Farmasi"))],
     "cost_centers.csv", 5, "center", "support center 'Farmasi' has no weight to any eligible receiver"),
    ("unknown kind", "cost_centers",
     lambda d: d.assign(kind=d["kind"].where(d.index != 1, "overhead")),
     "cost_centers.csv", 3, "kind", "unknown kind 'overhead'"),
    ("negative weight", "allocation_bases",
     lambda d: d.assign(weight=d["weight"].where(d.index != 3, "-2")),
     "allocation_bases.csv", 5, "weight", "negative weight"),
    ("weights from a production center", "allocation_bases",
     lambda d: d.assign(support_center=d["support_center"].where(d.index != 0, "IGD")),
     "allocation_bases.csv", 2, "support_center", "'IGD' is a production center"),
    ("missing column", "costs",
     lambda d: d.drop(columns=["category"]),
     "costs.csv", 1, "category", "required column is missing"),
]


@pytest.mark.parametrize("case", BAD_CASES, ids=[c[0] for c in BAD_CASES])
def test_bad_input_is_named_precisely(hospital_copy, case):
    _, name, edit, label, row, column, words = case
    _edit(hospital_copy, name, edit)
    problems = validate_hospital(hospital_copy)
    assert problems, "the bad input was not caught"
    line = str(problems[0])
    assert line.startswith(f"{label}:{row}:"), line
    assert f"column '{column}'" in line
    assert words in line
    with pytest.raises(InputError) as err:
        read_hospital(hospital_copy)
    assert "\n" not in str(err.value)


@pytest.mark.parametrize("case", BAD_CASES, ids=[c[0] for c in BAD_CASES])
def test_bad_input_cli_exits_2_and_writes_nothing(hospital_copy, tmp_path, capsys, case):
    _, name, edit, label, row, column, words = case
    _edit(hospital_copy, name, edit)
    out = tmp_path / "out"
    status = main(["unitcost", str(hospital_copy), "--method", "double", "--out", str(out)])
    err = capsys.readouterr().err.strip().splitlines()
    assert status == 2
    assert len(err) == 1 and f"{label}:{row}:" in err[0] and words in err[0]
    assert not out.exists()


def test_missing_required_file(hospital_copy):
    (hospital_copy / "costs.csv").unlink()
    assert str(validate_hospital(hospital_copy)[0]) == "costs.csv: required file is missing"


def test_missing_bases_file_with_support_centers(hospital_copy):
    (hospital_copy / "allocation_bases.csv").unlink()
    assert any("allocation_bases.csv: required when there are support or shared centers" in str(p)
               for p in validate_hospital(hospital_copy))


def test_validate_reports_every_problem(hospital_copy, capsys):
    _edit(hospital_copy, "costs", lambda d: d.assign(
        amount=d["amount"].where(d.index != 0, "-1"), category=d["category"].where(d.index != 5, "X")))
    status = main(["validate", str(hospital_copy)])
    err = capsys.readouterr().err.splitlines()
    assert status == 2
    assert any("costs.csv:2:" in line for line in err) and any("costs.csv:7:" in line for line in err)
    assert err[-1].startswith("2 problem(s)")


def test_validate_ok(example_dir, capsys):
    assert main(["validate", str(example_dir)]) == 0
    assert "OK" in capsys.readouterr().out


def test_missing_folder_is_an_error(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "nowhere")]) == 2
    assert "no such hospital folder" in capsys.readouterr().err


def test_stepdown_order_partially_given(hospital_copy):
    _edit(hospital_copy, "cost_centers", lambda d: d.assign(order=d["order"].where(d.index != 1, "")))
    assert "has no step-down order while others have one" in str(validate_hospital(hospital_copy)[0])


def test_support_serving_only_support_is_fine_for_stepdown(tmp_path):
    folder = write_hospital(
        tmp_path / "h",
        "center,kind,output,order\nA,support,,1\nB,support,,2\nC,production,5,",
        "center,category,component,amount\nA,SVC,gaji,100\nB,SVC,gaji,50\nC,VC,x,10",
        "support_center,basis,center,weight\nA,staff,B,1\nB,staff,C,1",
    )
    assert validate_hospital(folder, method="stepdown") == []
    assert validate_hospital(folder, method="reciprocal") == []
    assert "no weight to any eligible receiver under 'double'" in str(validate_hospital(folder, method="double")[0])


def test_row_order_does_not_matter(hospital_copy, example_dir):
    from jkncost.costing.unitcost import unit_cost

    for name in ("costs", "allocation_bases", "cost_centers"):
        _edit(hospital_copy, name, lambda d: d.iloc[::-1])
    for method in ("direct", "stepdown", "double", "reciprocal"):
        a = unit_cost(read_hospital(example_dir), method).unit_cost.set_index("center").sort_index()
        b = unit_cost(read_hospital(hospital_copy), method).unit_cost.set_index("center").sort_index()
        pd.testing.assert_frame_equal(a, b, check_exact=False, rtol=1e-12)


def test_xlsx_workbook_equals_folder(example_dir, tmp_path):
    book = _workbook(example_dir, tmp_path / "rs.xlsx")
    a, b = read_hospital(example_dir), read_hospital(book)
    np.testing.assert_allclose(a.direct_costs().to_numpy(), b.direct_costs().to_numpy())
    np.testing.assert_allclose(a.weight_matrix(), b.weight_matrix())


def _workbook(example_dir, book, edit_costs=None):
    """The example hospital as one workbook, its costs sheet optionally edited."""
    with pd.ExcelWriter(book) as xl:
        for name in ("cost_centers", "costs", "allocation_bases"):
            df = pd.read_csv(example_dir / f"{name}.csv")
            if name == "costs" and edit_costs is not None:
                df = edit_costs(df)
            df.to_excel(xl, sheet_name=name, index=False)
    return book


def _negative_fourth_amount(df):
    df.loc[3, "amount"] = -1
    return df


def _negative_after_an_empty_row(df):
    """An empty row (as people leave them in spreadsheets) before the bad one: it still counts."""
    df = _negative_fourth_amount(df)
    return pd.concat([df.iloc[:2], pd.DataFrame([dict.fromkeys(df.columns)]), df.iloc[2:]])


@pytest.mark.parametrize("edit, row", [(_negative_fourth_amount, 5), (_negative_after_an_empty_row, 6)],
                         ids=["plain", "after an empty row"])
def test_xlsx_error_names_the_sheet_and_row(example_dir, tmp_path, edit, row):
    book = _workbook(example_dir, tmp_path / "rs.xlsx", edit)
    assert str(validate_hospital(book)[0]).startswith(f"rs.xlsx[costs]:{row}: column 'amount': negative amount")


def test_raw_data_is_never_modified(example_dir, tmp_path):
    before = {p.name: p.read_bytes() for p in example_dir.iterdir()}
    main(["unitcost", str(example_dir), "--method", "reciprocal", "--bor", "0.8", "--out", str(tmp_path / "o")])
    assert {p.name: p.read_bytes() for p in example_dir.iterdir()} == before


def test_rows_keep_their_line_numbers_across_blank_lines(hospital_copy, example_dir):
    """A blank line and a separator-only line (as spreadsheets export) are skipped but still counted."""
    lines = (hospital_copy / "costs.csv").read_text().splitlines()
    lines.insert(3, "")
    lines.insert(5, ",,,")
    lines[7] = lines[7].replace(",FC,", ",OPEX,").replace(",SVC,", ",OPEX,").replace(",VC,", ",OPEX,")
    lines = ["", ",,,", *lines]  # and two empty lines before the header
    (hospital_copy / "costs.csv").write_text("\n".join(lines) + "\n")
    problems = validate_hospital(hospital_copy)
    assert [str(p).split(" column")[0] for p in problems] == ["costs.csv:10:"]
    lines[9] = (example_dir / "costs.csv").read_text().splitlines()[5]
    (hospital_copy / "costs.csv").write_text("\n".join(lines) + "\n")
    np.testing.assert_allclose(read_hospital(hospital_copy).direct_costs().to_numpy(),
                               read_hospital(example_dir).direct_costs().to_numpy())


@pytest.mark.parametrize("method, centers, bases, row, words", [
    # B closes second, and its only receiver A has already closed
    ("stepdown", "center,kind,output,order\nA,support,,1\nB,support,,2\nP,production,5,",
     "support_center,basis,center,weight\nA,staff,B,1\nA,staff,P,1\nB,staff,A,1",
     3, "support center 'B' has no weight to any eligible receiver (step-down: centers not yet closed) under"),
    # A and B serve only each other: the reciprocal system has no solution
    ("reciprocal", "center,kind,output,order\nA,support,,\nB,support,,\nP,production,5,",
     "support_center,basis,center,weight\nA,staff,B,1\nB,staff,A,1",
     2, "support center 'A' serves only support centers that never reach a production center"),
])
def test_method_specific_dead_ends_are_input_errors(tmp_path, capsys, method, centers, bases, row, words):
    folder = write_hospital(tmp_path / "h", centers,
                            "center,category,component,amount\nA,SVC,gaji,100\nB,SVC,gaji,50\nP,VC,x,10", bases)
    problems = validate_hospital(folder, method=method)
    assert [(p.file, p.row, p.column) for p in problems] == [("cost_centers.csv", row, "center")]
    assert words in str(problems[0])
    out = tmp_path / "out"
    assert main(["unitcost", str(folder), "--method", method, "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and f"cost_centers.csv:{row}: column 'center': " in err[0]
    assert not out.exists()


@pytest.mark.parametrize("column, value", [("output", "0"), ("beds", "0")])
def test_zero_output_or_beds_is_refused(hospital_copy, column, value):
    """Zero would make a unit cost or a normative output undefined; a blank cell means 'none'."""
    _edit(hospital_copy, "cost_centers", lambda d: d.assign(**{column: d[column].where(d["center"] != "Kelas III",
                                                                                        value)}))
    problems = validate_hospital(hospital_copy)
    assert problems[0].column == column and "must be > 0" in problems[0].message
    assert all(p.row == problems[0].row for p in problems)


def test_header_only_assets_file_is_no_register(hospital_copy, example_dir):
    """The template writes assets.csv with a header only; FC must then still come from costs.csv."""
    (hospital_copy / "assets.csv").write_text("center,asset,group,purchase_value,years_in_use,useful_life\n")
    h = read_hospital(hospital_copy)
    assert h.assets is None and h.total_cost() == read_hospital(example_dir).total_cost()
    assert not any("assets.csv" in note for note in h.notes)


def test_default_step_order_does_not_depend_on_row_order(tmp_path):
    """Two support centers that tie on every criterion: the order comes from their names, not the rows."""
    from jkncost.sensitivity import Model
    from jkncost.costing.unitcost import unit_cost

    rows = ["Laundry,support,,", "Dapur,support,,"]
    costs = "center,category,component,amount\nLaundry,SVC,x,100\nDapur,SVC,x,300\nP,VC,x,1\nQ,VC,x,1"
    bases = ("support_center,basis,center,weight\nLaundry,kg,Dapur,1\nLaundry,kg,P,1\nLaundry,kg,Q,3\n"
             "Dapur,meals,Laundry,1\nDapur,meals,P,3\nDapur,meals,Q,1")
    results = []
    for order in (rows, rows[::-1]):
        centers = "\n".join(["center,kind,output,order", *order, "P,production,10,", "Q,production,10,"])
        folder = write_hospital(tmp_path / "-".join(r.split(",")[0] for r in order), centers, costs, bases)
        hospital = read_hospital(folder, "stepdown")
        results.append(unit_cost(hospital, "stepdown").unit_cost.set_index("center"))
        # the batched path of the sensitivity analyses closes the centers in the same order
        _, uc = Model.from_hospital(hospital, "stepdown").run()
        np.testing.assert_allclose(uc[0, 0], results[-1].loc[["P", "Q"], "UC1"].to_numpy(), rtol=1e-12)
    pd.testing.assert_frame_equal(results[0], results[1], check_exact=False, rtol=1e-12)
    # Dapur sorts first, closes first: its 300 goes 1:3:1 to Laundry, P, Q; Laundry's 100 + 60 go 1:3 to P, Q
    assert results[0].loc["P", "UC1"] == pytest.approx((1 + 180 + 160 / 4) / 10)


def test_validate_checks_cost_centers_rows_even_when_another_file_lacks_a_column(hospital_copy):
    _edit(hospital_copy, "costs", lambda d: d.rename(columns={"category": "katagori"}))
    _edit(hospital_copy, "cost_centers", lambda d: pd.concat([d, d.iloc[[4]]], ignore_index=True))
    lines = [str(p) for p in validate_hospital(hospital_copy)]
    assert lines[0].startswith("costs.csv:1: column 'category': required column is missing")
    assert lines[0].endswith("did you mean 'katagori'?")
    assert any(line.startswith("cost_centers.csv:13: column 'center': duplicate center 'IGD'") for line in lines)


def test_missing_column_names_the_header_row_after_empty_lines(hospital_copy):
    text = (hospital_copy / "costs.csv").read_text().replace("category", "katagori", 1)
    (hospital_copy / "costs.csv").write_text("\n,,,\n" + text)
    assert str(validate_hospital(hospital_copy)[0]).startswith("costs.csv:3: column 'category': required column")


# ---- format version 2 ------------------------------------------------------------------------

V2 = {
    "cost_centers": "center,kind,output,output_unit,beds,order\n"
                    "Gedung,bersama,,,,\n"
                    "Kantor,support,,,,1\n"
                    "Laundry,support,,,,2\n"
                    "Rawat Inap,production,3650,patient-day,10,\n"
                    "IGD,production,2000,visit,,\n"
                    "ICU,production,,,,\n",
    "costs": "center,category,component,amount\n"
             "Gedung,FC,AIC gedung,1000\n"
             "Kantor,SVC,gaji,600\n"
             "Kantor,VC,listrik,60\n"
             "Laundry,VC,deterjen,90\n"
             "Rawat Inap,VC,BHP,500\n"
             "IGD,VC,BHP,300\n"
             "ICU,VC,BHP,200\n",
    "allocation_bases": "support_center,category,component,basis,center,weight\n"
                        "Gedung,,,floor area m2,Kantor,1\n"
                        "Gedung,,,floor area m2,Laundry,1\n"
                        "Gedung,,,floor area m2,Rawat Inap,6\n"
                        "Gedung,,,floor area m2,IGD,1\n"
                        "Gedung,,,floor area m2,ICU,1\n"
                        "Kantor,,,staff,Laundry,1\n"
                        "Kantor,,,staff,Rawat Inap,2\n"
                        "Kantor,,,staff,IGD,1\n"
                        "Kantor,VC,listrik,kWh,Rawat Inap,3\n"
                        "Kantor,VC,listrik,kWh,IGD,1\n"
                        "Laundry,,,linen kg,Rawat Inap,4\n"
                        "Laundry,,,linen kg,ICU,1\n",
    "tariffs": "center,tariff,source\nRawat Inap,250000,Perbup 12/2023\nIGD,\"Rp 75.000,-\",\n",
}


def v2_folder(tmp_path, edit: dict[str, tuple[str, str]] | None = None):
    """The v2 hospital above, with ``edit[name] = (old, new)`` replaced once in a file."""
    folder = tmp_path / "v2"
    folder.mkdir(exist_ok=True)
    for name, text in V2.items():
        if edit and name in edit:
            old, new = edit[name]
            assert old in text, old
            text = text.replace(old, new, 1)
        (folder / f"{name}.csv").write_text(text)
    return folder


def test_v2_folder_reads_into_the_contract(tmp_path):
    h = read_hospital(v2_folder(tmp_path))
    assert h.centers["kind"].tolist() == ["shared", "support", "support", "production", "production", "production"]
    assert np.isnan(h.centers.loc[5, "output"]) and h.centers.loc[3, "beds"] == 10
    assert list(h.bases.columns) == ["support_center", "category", "component", "basis", "center", "weight"]
    listrik = h.bases[h.bases["component"] == "listrik"]
    assert listrik["category"].tolist() == ["VC", "VC"] and listrik["weight"].tolist() == [3.0, 1.0]
    assert (h.bases.loc[h.bases["component"] == "", "category"] == "").all()
    assert h.tariffs.to_dict("list") == {"center": ["Rawat Inap", "IGD"], "tariff": [250000.0, 75000.0],
                                         "source": ["Perbup 12/2023", ""], "tariff_set": ["tariff", "tariff"]}
    assert any("ICU" in note and "no unit cost" in note for note in h.notes)


def test_v1_folder_has_empty_rule_columns_and_no_tariffs(example_dir):
    h = read_hospital(example_dir)
    assert (h.bases["category"] == "").all() and (h.bases["component"] == "").all() and h.tariffs is None


def test_the_same_pair_under_different_rules_is_no_duplicate(tmp_path):
    """Kantor -> Rawat Inap appears under 'every category' and under VC/listrik: two rules, not a duplicate."""
    assert validate_hospital(v2_folder(tmp_path)) == []


V2_BAD = [
    # (description, file, (old, new), expected file label, row, column, words)
    ("duplicate rule at the same specificity", "allocation_bases",
     ("Kantor,VC,listrik,kWh,IGD,1\n", "Kantor,VC,listrik,kWh,IGD,1\nKantor,VC,listrik,kWh meter 2,IGD,2\n"),
     "allocation_bases.csv", 12, "center", "duplicate rule: the same support_center, category, component and center "
                                           "(first at row 11)"),
    ("rule naming an unknown category", "allocation_bases", ("Kantor,VC,listrik,kWh,IGD", "Kantor,OPEX,listrik,kWh,IGD"),
     "allocation_bases.csv", 11, "category", "unknown category 'OPEX'"),
    ("rule naming a component not in costs", "allocation_bases", ("Kantor,VC,listrik,kWh,IGD", "Kantor,VC,air,kWh,IGD"),
     "allocation_bases.csv", 11, "component", "component 'air' is not in costs.csv"),
    ("shared center with output", "cost_centers", ("Gedung,bersama,,", "Gedung,bersama,12,"),
     "cost_centers.csv", 2, "output", "shared center 'Gedung' has an output"),
    ("shared center with order", "cost_centers", ("Gedung,bersama,,,,", "Gedung,bersama,,,,3"),
     "cost_centers.csv", 2, "order", "shared center 'Gedung' has a step-down order"),
    ("shared center sending to another shared center", "cost_centers", ("Laundry,support,,,,2", "Laundry,shared,,,,"),
     "allocation_bases.csv", 3, "center", "shared center 'Gedung' sends to shared center 'Laundry'"),
    ("tariff for an unknown center", "tariffs", ("IGD,\"Rp", "UGD,\"Rp"),
     "tariffs.csv", 3, "center", "unknown center 'UGD'"),
    ("tariff for a support center", "tariffs", ("IGD,\"Rp", "Laundry,\"Rp"),
     "tariffs.csv", 3, "center", "tariff for support center 'Laundry'"),
    ("negative tariff", "tariffs", ("250000", "-250000"), "tariffs.csv", 2, "tariff", "negative tariff '-250000'"),
    ("zero tariff", "tariffs", ("250000", "0"), "tariffs.csv", 2, "tariff", "tariff '0': must be > 0"),
]


@pytest.mark.parametrize("case", V2_BAD, ids=[c[0] for c in V2_BAD])
def test_v2_bad_input_one_line_exit_2_nothing_written(tmp_path, capsys, case):
    _, name, edit, label, row, column, words = case
    folder = v2_folder(tmp_path, {name: edit})
    problems = validate_hospital(folder)
    assert len(problems) == 1, [str(p) for p in problems]
    assert (problems[0].file, problems[0].row, problems[0].column) == (label, row, column)
    assert words in problems[0].message
    out = tmp_path / "out"
    assert main(["unitcost", str(folder), "--method", "double", "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and f"{label}:{row}: column '{column}': " in err[0] and words in err[0]
    assert not out.exists()


def test_method_problems_come_from_the_hospital_and_name_the_center_row(tmp_path, monkeypatch):
    """Feasibility is the engine's word (Hospital.method_problems), asked once the folder is otherwise clean."""
    from jkncost.costing.hospital import Hospital

    calls = []

    def fake(self, method):
        calls.append(method)
        return [("Laundry", f"support center 'Laundry' cannot close under {method!r}")]

    monkeypatch.setattr(Hospital, "method_problems", fake)
    folder = v2_folder(tmp_path)
    assert [str(p) for p in validate_hospital(folder, "stepdown")] == [
        "cost_centers.csv:4: column 'center': support center 'Laundry' cannot close under 'stepdown'"]
    bad = v2_folder(tmp_path, {"tariffs": ("250000", "-1")})
    assert len(validate_hospital(bad, "direct")) == 1 and calls == ["stepdown"]  # not asked of a folder with problems


def test_validate_reads_and_checks_once(example_dir, monkeypatch, capsys):
    import jkncost.costing.folder as folder

    reads = []
    original = folder.read_folder
    monkeypatch.setattr(folder, "read_folder", lambda path: reads.append(path) or original(path))
    import jkncost.costing.reader as reader

    monkeypatch.setattr(reader, "read_folder", folder.read_folder)
    assert main(["validate", str(example_dir)]) == 0
    assert len(reads) == 1
