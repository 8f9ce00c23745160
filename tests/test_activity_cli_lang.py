"""``jkncost abc --lang id`` and ``--headers id`` (issue 26, item 4), as ``jkncost unitcost`` has them: Indonesian
words and numbers on the console, Indonesian bad-input lines, Indonesian CSV column names only when asked; the
default run (English) writes the same bytes as before."""

from __future__ import annotations

import pandas as pd
import pytest

from jkncost.activity import hospital_unit_costs
from jkncost.activity.run import COLUMNS, run_activity
from jkncost.cli.main import main
from jkncost.core import paths
from jkncost.labels import catalogue

from .activity_folders import tables, write_folder


def run(*argv):
    return main(["abc", *map(str, argv)])


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    """The example activity folder with a hospital (every table written), in English and with ``--headers id``."""
    base = tmp_path_factory.mktemp("abclang")
    common = [paths.raw("activity_example"), "--hospital", paths.raw("example_hospital")]
    assert run(*common, "--out", base / "en") == 0
    assert run(*common, "--lang", "id", "--out", base / "lang_id") == 0
    assert run(*common, "--headers", "id", "--out", base / "headers_id") == 0
    return base


def test_lang_id_prints_indonesian_numbers_and_words_and_keeps_the_english_files(outputs, tmp_path, capsys):
    common = [paths.raw("activity_example"), "--hospital", paths.raw("example_hospital")]
    assert run(*common, "--lang", "id", "--out", tmp_path / "id") == 0
    out, err = capsys.readouterr()
    objects = pd.read_csv(outputs / "en" / "cost_objects.csv")
    cost = objects["cost"].iloc[0]  # IGD: 1,102,476,143.70 in English
    indonesian = f"{cost:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
    assert indonesian == "1.102.476.143,70" and indonesian in out and f"{cost:,.2f}" not in out
    assert "objek_biaya" in out and "biaya_satuan" in out and "alur_klinis" in out
    assert out.splitlines()[-1].startswith("ditulis: activity_rates.csv, cost_objects.csv")
    assert err.startswith("peringatan: practical_share tidak diberikan untuk 3 sumber daya") and "warning" not in err
    assert "diasumsikan 0,8 dari menit teoretis" in err
    assert ("peringatan: sumber daya 'Perawat kamar operasi' dipakai melebihi kapasitas praktisnya: 113.400 menit dari "
            "108.000 (105%); menit dan biaya tidak terpakainya negatif (Rp 10.800.000 waktu") in err
    # the console's language changes no file
    for name in sorted(p.name for p in (outputs / "en").glob("*.csv")):
        assert (tmp_path / "id" / name).read_bytes() == (outputs / "en" / name).read_bytes(), name


def test_english_stays_the_default(outputs, capsys):
    assert run(paths.raw("activity_example"), "--hospital", paths.raw("example_hospital"), "--check") == 0
    out, err = capsys.readouterr()
    assert out.startswith("OK: activity_example: abc, tdabc, pathway; ") and err.startswith("warning: practical_share")
    assert pd.read_csv(outputs / "en" / "cost_objects.csv").columns[0] == "cost_object"
    assert (outputs / "lang_id" / "cost_objects.csv").read_bytes() == (outputs / "en" / "cost_objects.csv").read_bytes()


def test_headers_id_writes_indonesian_column_names_with_the_same_numbers(outputs):
    objects = pd.read_csv(outputs / "headers_id" / "cost_objects.csv")
    assert list(objects.columns) == ["objek_biaya", "biaya", "luaran", "biaya_satuan", "markup", "tarif_abc", "tarif",
                                     "selisih"]
    case = pd.read_csv(outputs / "headers_id" / "cost_per_case.csv")
    assert list(case.columns) == ["alur_klinis", "kode_inacbg", "biaya", "tarif", "selisih", "CRR", "tarif_rs"]
    for path in sorted((outputs / "en").glob("*.csv")):
        en, id_ = pd.read_csv(path), pd.read_csv(outputs / "headers_id" / path.name)
        assert len(set(id_.columns)) == len(id_.columns), path.name
        if path.name != "assumptions.csv":  # the assumption's words are Indonesian too
            assert id_.fillna(0).to_numpy().tolist() == en.fillna(0).to_numpy().tolist(), path.name
    assumption = pd.read_csv(outputs / "headers_id" / "assumptions.csv")["asumsi"].iloc[0]
    assert assumption.startswith("practical_share tidak diberikan untuk 3 sumber daya")


def test_every_output_column_has_an_indonesian_name(outputs):
    """A column added to an output without a label ``activity.column.NAME`` fails here, named."""
    result = run_activity(paths.raw("activity_example"),
                          hospital_unit_costs=hospital_unit_costs(paths.raw("example_hospital")))
    assert len(result.tables) == 12  # every table a run can write
    columns = {c for frame in result.tables.values() for c in frame.columns}
    columns |= {c for names in COLUMNS.values() for c in names}
    missing = sorted(c for c in columns if f"activity.column.{c}" not in catalogue())
    assert missing == [], f"output columns without an Indonesian name (labels/activity.csv): {missing}"
    for path in (outputs / "headers_id").glob("*.csv"):
        assert not set(pd.read_csv(path).columns) & {"cost_object", "unit_cost", "pathway", "resource"}, path.name


def test_bad_input_line_is_indonesian_with_lang_id(tmp_path, capsys):
    data = tables()
    data["driver_quantities"][1][4][2] = "dua ratus"
    folder = write_folder(data, tmp_path / "in")
    assert run(folder, "--lang", "id", "--out", tmp_path / "out") == 2
    err = capsys.readouterr().err.splitlines()
    assert err == ["jkncost abc: kesalahan: driver_quantities.csv:6: kolom 'quantity': bukan angka: 'dua ratus' "
                   "(kolom 'quantity' berisi kuantitas)"]
    assert not (tmp_path / "out").exists()
    assert run(folder, "--lang", "id") == 2
    assert capsys.readouterr().err.strip() == ("jkncost abc: kesalahan: --out DIR wajib (atau --check untuk hanya "
                                              "memeriksa folder)")
