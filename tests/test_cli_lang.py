"""`--lang id` on unitcost and validate: Indonesian words and numbers on the console; CSV column names in
Indonesian only with `--headers id` (the default files keep the contract's names); a long unit-cost
table is summarized on the console with the path of the whole table (issue 26, items 4 and 8)."""

from __future__ import annotations

import pandas as pd

from jkncost.cli.main import main
from jkncost.core import paths


def test_unitcost_lang_id_prints_indonesian_numbers_and_keeps_english_files(tmp_path, capsys):
    folder = paths.template_example()
    assert main(["unitcost", str(folder), "--lang", "id", "--out", str(tmp_path / "id")]) == 0
    out, err = capsys.readouterr()
    total = pd.read_csv(tmp_path / "id" / "unit_cost.csv")["TC1"].sum()
    first = out.splitlines()[0]
    assert first.endswith("total biaya Rp " + f"{total:,.0f}".replace(",", "."))
    assert "metode double" in first and "pusat biaya penunjang" in first
    assert "Rp 4,675" not in out and "ditulis:" in out
    assert "catatan: pusat biaya produksi tanpa luaran: ICU" in err
    # the files are those of the contract, whatever the console's language
    assert main(["unitcost", str(folder), "--out", str(tmp_path / "en")]) == 0
    for name in ("unit_cost.csv", "allocation.csv", "crr.csv"):
        assert (tmp_path / "id" / name).read_bytes() == (tmp_path / "en" / name).read_bytes()
    assert pd.read_csv(tmp_path / "en" / "unit_cost.csv").columns[0] == "center"


def test_headers_id_writes_indonesian_column_names_with_the_same_numbers(tmp_path):
    folder = paths.template_example()
    assert main(["unitcost", str(folder), "--headers", "id", "--out", str(tmp_path / "id")]) == 0
    assert main(["unitcost", str(folder), "--out", str(tmp_path / "en")]) == 0
    uc_id = pd.read_csv(tmp_path / "id" / "unit_cost.csv")
    uc_en = pd.read_csv(tmp_path / "en" / "unit_cost.csv")
    assert list(uc_id.columns[:3]) == ["pusat_biaya", "luaran", "TC1"] and "tarif" in uc_id.columns
    assert uc_id.to_numpy().tolist() == uc_en.to_numpy().tolist() or \
        uc_id.fillna(0).to_numpy().tolist() == uc_en.fillna(0).to_numpy().tolist()
    flows = pd.read_csv(tmp_path / "id" / "allocation.csv")
    assert list(flows.columns) == ["dari", "ke", "kategori", "komponen", "tahap", "jumlah"]
    crr = pd.read_csv(tmp_path / "id" / "crr.csv")
    assert list(crr.columns[:3]) == ["pusat_biaya", "kelompok_tarif", "tarif"]


def test_validate_lang_id_summary(capsys):
    assert main(["validate", str(paths.template_example()), "--lang", "id"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("OK: ") and "memiliki 8 pusat biaya" in out and "total Rp 4.675.000.000" in out


def test_a_long_unit_cost_table_is_summarized_with_its_path(tmp_path, capsys):
    folder = tmp_path / "rs"
    folder.mkdir()
    n = 60
    (folder / "cost_centers.csv").write_text("center,kind,output\n" + "".join(f"P{i:02d},production,{i + 1}\n"
                                                                              for i in range(n)))
    (folder / "costs.csv").write_text("center,category,component,amount\n" + "".join(f"P{i:02d},VC,BHP,1000\n"
                                                                                   for i in range(n)))
    assert main(["unitcost", str(folder), "--out", str(tmp_path / "o")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "60 production centers: the 20 with the highest UC1 are shown; every row is in" in lines[1]
    assert str(tmp_path / "o" / "unit_cost.csv") in lines[1]
    assert len(lines) == 2 + 1 + 20 + 1  # summary, note, header, 20 rows, wrote
    assert lines[3].split()[0] == "P00"  # the highest UC1: 1000 over an output of 1
