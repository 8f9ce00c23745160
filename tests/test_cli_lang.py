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


def _broken_copy(tmp_path, edit) -> str:
    """A copy of the example hospital with ``costs.csv`` changed by ``edit`` (a function of its text)."""
    import shutil

    folder = tmp_path / "hospital"
    shutil.copytree(paths.raw("example_hospital"), folder)
    costs = folder / "costs.csv"
    costs.write_text(edit(costs.read_text(encoding="utf-8")), encoding="utf-8")
    return str(folder)


def test_bad_input_lines_are_indonesian_with_lang_id(tmp_path, capsys):
    """The one line of bad input speaks the language asked for: the words around file, row and column, and
    the common messages (a value missing, not a number, a column missing), from the label catalogue."""
    missing = _broken_copy(tmp_path / "a", lambda t: t.replace("120000000", "", 1))
    assert main(["validate", missing, "--lang", "id"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["costs.csv:2: kolom 'amount': nilai kosong", f"1 masalah di {missing}"]
    assert main(["validate", missing]) == 2  # English stays the default
    assert capsys.readouterr().err.splitlines()[0] == "costs.csv:2: column 'amount': value is missing"

    text = _broken_copy(tmp_path / "b", lambda t: t.replace("120000000", "banyak", 1))
    assert main(["unitcost", text, "--lang", "id", "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("jkncost unitcost: kesalahan: ")
    assert "costs.csv:2: kolom 'amount': bukan angka: 'banyak' (kolom 'amount' berisi jumlah)" in err
    assert not (tmp_path / "out").exists()

    renamed = _broken_copy(tmp_path / "c", lambda t: t.replace("amount", "amont", 1))
    assert main(["workbook", renamed, "--lang", "id", "--out", str(tmp_path / "audit.xlsx")]) == 2
    err = capsys.readouterr().err
    assert "kolom 'amount': kolom wajib tidak ada: diharapkan" in err and "mungkin maksudnya 'amont'?" in err
    assert "required column" not in err and "did you mean" not in err


def test_every_error_label_has_the_same_fields_in_both_languages_but_the_english_article():
    import string

    from jkncost.labels import catalogue

    for key, text in catalogue().items():
        if key.startswith("error."):
            fields = [{f for _, f, _, _ in string.Formatter().parse(text[lang]) if f} for lang in ("en", "id")]
            assert fields[1] <= fields[0] and fields[0] - fields[1] <= {"article", "negative"}, key
