"""Class upgrade (naik kelas), Permenkes 3/2023: seed 003's worked example, the cap, refusals."""

from __future__ import annotations

import json

import shutil

import pandas as pd
import pytest

from jkncost.cli.main import main
from jkncost.errors import InputError
from jkncost.jkn.rules import rules_dir
from jkncost.jkn.upgrade import UpgradeRefused, copayment_curve, upgrade_copayment

SEED003 = dict(inacbg_class1=2_335_200, inacbg_class2=2_045_500, hospital_tariff=4_500_000)
DAY = "2025-01-01"


def test_seed003_class_2_to_1():
    r = upgrade_copayment(2, "1", DAY, **SEED003)
    assert r.copayment == 289_700 and r.rule == "UP-2023-2-1" and "Permenkes 3/2023" in r.source
    assert r.bpjs_pays == 2_045_500


def test_seed003_class_1_to_vip_cap_binds():
    r = upgrade_copayment(1, "vip", DAY, **SEED003)
    assert r.copayment == 1_751_400
    assert r.above_class1_uncapped == 2_164_800 and r.cap == 1_751_400 and r.cap_binds


def test_seed003_class_2_to_vip_both_parts():
    r = upgrade_copayment(2, "vip", DAY, **SEED003)
    assert (r.class_difference, r.above_class1, r.copayment) == (289_700, 1_751_400, 2_041_100)


def test_without_hospital_tariff_the_maximum_is_shown():
    r = upgrade_copayment(1, "vip", DAY, inacbg_class1=2_335_200)
    assert r.copayment == 1_751_400 and any("maximum" in n for n in r.notes)


def test_below_the_cap_the_hospital_difference_is_paid():
    r = upgrade_copayment(1, "vip", DAY, inacbg_class1=2_335_200, hospital_tariff=3_000_000)
    assert r.copayment == 664_800 and not r.cap_binds
    assert upgrade_copayment(1, "vip", DAY, inacbg_class1=2_335_200, hospital_tariff=2_000_000).copayment == 0


def test_executive_outpatient_at_most_400_000():
    assert upgrade_copayment(1, "executive", DAY).copayment == 400_000
    r = upgrade_copayment(2, "executive", DAY, hospital_tariff=500_000, inacbg_outpatient=250_000)
    assert r.copayment == 250_000
    assert upgrade_copayment(2, "executive", DAY, hospital_tariff=900_000, inacbg_outpatient=250_000).copayment == 400_000


@pytest.mark.parametrize("entitled, to, segment, rule", [
    (3, "1", None, "UP-2023-NO-3"),
    (3, "vip", None, "UP-2023-NO-3"),
    (3, "executive", None, "UP-2023-NO-3"),
    (2, "1", "pbi", "UP-2023-NO-PBI"),
    (2, "vip", "pemda", "UP-2023-NO-PEMDA"),
    (1, "vip", "ppu_laid_off", "UP-2023-NO-PHK"),
])
def test_refusals_state_the_rule(entitled, to, segment, rule):
    with pytest.raises(UpgradeRefused) as err:
        upgrade_copayment(entitled, to, DAY, segment=segment, **SEED003)
    assert rule in str(err.value) and "Permenkes 3/2023" in str(err.value) and "not allowed" in str(err.value)


def test_the_class_iii_refusal_says_which_rule_why_and_how_sure():
    """Not a bare "class upgrade: not allowed": the upgrade asked for, the rule, its legal source and start,
    the rule's text (class III members may not upgrade) and that the transcription is not verified."""
    with pytest.raises(UpgradeRefused) as err:
        upgrade_copayment(3, "vip", DAY, **SEED003)
    line = str(err.value)
    assert line.startswith("class upgrade from class 3 to vip: not allowed (entitled class 3): rule UP-2023-NO-3, "
                           "Permenkes 3/2023, Art. 48")
    assert "in force from 2023-01-09" in line and "class III" in line and "general (non-JKN) patient" in line
    assert "not verified against the regulation text" in line


@pytest.mark.parametrize("args, kwargs, message", [
    ((4, "1", DAY), SEED003, "entitled class must be 1, 2 or 3"),
    ((2, "suite", DAY), SEED003, "target class must be one of"),
    ((1, "1", DAY), SEED003, "that is not an upgrade"),
    ((2, "1", DAY), dict(inacbg_class1=2_000_000), "needs the INA-CBG tariffs"),
    ((2, "1", DAY), dict(inacbg_class1=1_000_000, inacbg_class2=2_000_000), "below the class 2 tariff"),
    ((2, "1", DAY), dict(inacbg_class1=-5, inacbg_class2=1), "must not be negative"),
    ((2, "1", "2022-06-01"), SEED003, "earlier upgrade rules"),
    ((2, "1", "2013-06-01"), SEED003, "before JKN began"),
    ((2, "1", DAY), dict(SEED003, segment="nobody"), "unknown segment"),
])
def test_impossible_input_is_refused(args, kwargs, message):
    with pytest.raises(InputError, match=message):
        upgrade_copayment(*args, **kwargs)


def test_curve_cap_binds_from_175_percent_of_class1():
    c1 = 2_335_200
    df = copayment_curve(1, c1, 2_045_500, [c1, 1.5 * c1, 1.75 * c1, 2 * c1])
    assert list(df.copayment) == [0, 1_167_600, 1_751_400, 1_751_400]
    assert list(df.cap_binds) == [False, False, False, True]


def test_cli_json(capsys):
    argv = ["upgrade", "--entitled", "2", "--to", "vip", "--inacbg-class1", "2335200", "--inacbg-class2",
            "Rp 2.045.500", "--hospital-tariff", "4500000", "--date", DAY, "--json"]
    assert main(argv) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["copayment"] == 2_041_100 and out["rule"] == "UP-2023-2-VIP" and "Permenkes 3/2023" in out["source"]


def test_cli_table(capsys):
    assert main(["upgrade", "--entitled", "2", "--to", "1", "--inacbg-class1", "2335200", "--inacbg-class2",
                 "2045500", "--date", DAY]) == 0
    assert "Rp 289.700" in capsys.readouterr().out


@pytest.mark.parametrize("argv, message", [
    (["--entitled", "3", "--to", "1", "--inacbg-class1", "2", "--inacbg-class2", "1"], "not allowed"),
    (["--entitled", "2", "--to", "1", "--inacbg-class1", "2", "--inacbg-class2", "1", "--segment", "pbi"],
     "PBI members"),
    (["--entitled", "5", "--to", "1"], "entitled class must be 1, 2 or 3"),
    (["--entitled", "2", "--to", "1", "--inacbg-class1", "-2", "--inacbg-class2", "1"], "must not be negative"),
    (["--to", "1"], "--entitled: is required"),
])
def test_cli_errors_exit_2_with_one_line(capsys, argv, message):
    assert main(["upgrade", *argv, "--date", DAY]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("jkncost upgrade: error: ") and message in err


def test_roman_entitled_class():
    assert upgrade_copayment("II", "1", DAY, **SEED003).copayment == 289_700


def _rules_with(tmp_path, *rows):
    folder = tmp_path / "rules"
    shutil.copytree(rules_dir(), folder)
    df = pd.read_csv(folder / "class_upgrade.csv", dtype=str, keep_default_na=False)
    base = df[df.rule_id == "UP-2023-2-1"].iloc[0]
    extra = [base.copy() for _ in rows]
    for new, values in zip(extra, rows):
        for column, value in values.items():
            new[column] = value
    pd.concat([df, pd.DataFrame(extra)], ignore_index=True).to_csv(folder / "class_upgrade.csv", index=False)
    return folder


def test_two_copayment_rules_for_one_upgrade_are_refused_not_picked(tmp_path):
    folder = _rules_with(tmp_path, dict(rule_id="UP-TEST-2-1", entitled_class="*", effective_from="2024-01-01"))
    with pytest.raises(InputError, match=r"several class-upgrade co-payment rules apply on 2025-01-01: "
                                         r"UP-2023-2-1 \(row 6\), UP-TEST-2-1 \(row 10\)"):
        upgrade_copayment(2, "1", DAY, folder=folder, **SEED003)
    assert upgrade_copayment(2, "1", "2023-06-01", folder=folder, **SEED003).rule == "UP-2023-2-1"


def test_copayment_rule_for_one_segment_applies_only_to_it(tmp_path):
    folder = _rules_with(tmp_path, dict(rule_id="UP-TEST-PPU", segment="ppu_private", class_difference="no",
                                        cap_share_of_inacbg_class1="0.5", to_class="vip", entitled_class="1"))
    df = pd.read_csv(folder / "class_upgrade.csv", dtype=str, keep_default_na=False)
    df.loc[df.rule_id == "UP-2023-1-VIP", "segment"] = "pbpu"
    df.to_csv(folder / "class_upgrade.csv", index=False)
    assert upgrade_copayment(1, "vip", DAY, segment="ppu_private", folder=folder, **SEED003).copayment == 1_167_600
    assert upgrade_copayment(1, "vip", DAY, segment="pbpu", folder=folder, **SEED003).copayment == 1_751_400
