"""The one catalogue of labels: complete in both languages, one key each, and used for statuses and units."""

from __future__ import annotations

import csv
from importlib import resources

import pytest

from jkncost import labels, plots
from jkncost.core.comparison import STATUSES
from jkncost.labels import status_label


def rows():
    for entry in sorted(resources.files("jkncost.labels").iterdir(), key=lambda p: p.name):
        if entry.name.endswith(".csv"):
            with entry.open(encoding="utf-8", newline="") as f:
                yield from ((entry.name, r) for r in csv.DictReader(f))


def test_every_label_has_both_languages_and_one_key():
    seen = {}
    for name, r in rows():
        assert r["en"].strip() and r["id"].strip(), (name, r)
        assert r["key"] not in seen, (r["key"], name, seen.get(r["key"]))
        seen[r["key"]] = name
    assert len(labels.catalogue()) == len(seen)


def test_fields_are_the_same_in_both_languages():
    import string

    for name, r in rows():
        fields = [{f for _, f, _, _ in string.Formatter().parse(r[lang]) if f} for lang in ("en", "id")]
        assert fields[0] == fields[1], (name, r["key"])


def test_status_words_in_indonesian():
    assert [status_label(s, "id") for s in STATUSES] == [
        "tepat", "direproduksi dengan asumsi", "berdasarkan konstruksi", "tidak dapat direproduksi"]
    assert [status_label(s, "en") for s in STATUSES] == list(STATUSES)


def test_plots_label_keeps_the_old_keys():
    # studies call plots.label with the keys of the former plots.LABELS table
    for key in ("FC", "SVC", "VC", "center", "million", "from", "to", "uc", "composition", "flows", "methods"):
        assert plots.label(key, "id") != plots.label(key, "en")
    assert plots.label("million", "id") == "juta Rp"
    assert plots.method_label("double", "id") == "distribusi ganda"
    assert plots.stage_label("step 2", "id") == "langkah 2"


def test_unknown_language_and_key_are_refused():
    with pytest.raises(ValueError, match="lang must be one of en, id"):
        labels.label("center", "fr")
    with pytest.raises(KeyError, match="no label 'nope'"):
        labels.label("nope")


def test_indonesian_side_has_no_english_status_or_axis_words():
    # a cheap guard against copying the English text into the id column
    import re

    loanwords = {"parameter"}  # spelled alike in both languages
    words = {k: re.sub(r"\{[a-z_]+\}", "", v["en"]) for k, v in labels.catalogue().items()}
    same = [k for k, v in labels.catalogue().items() if v["en"] == v["id"] and v["en"] not in loanwords
            and len(re.sub(r"[^a-z]", "", words[k])) > 8]
    assert same == [], same


def test_a_note_from_the_catalogue_is_english_text_and_translates():
    import pickle

    from jkncost.labels import Text, in_lang

    note = Text("costing.note.no_output", centers="ICU")
    assert note == "production center(s) without output: ICU; they get TC1-3 but no unit cost"
    assert "without output" in note  # what the engine and the command line look for
    assert in_lang(note, "id") == "pusat biaya produksi tanpa luaran: ICU; mendapat TC1-3 tetapi tanpa biaya satuan"
    again = pickle.loads(pickle.dumps(note))  # to a worker process and back
    assert again == note and in_lang(again, "id") == in_lang(note, "id")
    assert in_lang("any other note", "id") == "any other note"
