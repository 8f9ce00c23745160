"""Every number each seed prints is a published quantity of its study or excluded with a reason.

The checks read the committed seed indexes (``data/raw/seeds/<prefix>.lines.json``: every line of the
seed that holds a digit, at its number, with the seed's SHA-256), so they run on any clone. Only
:func:`test_seed_index_matches_the_source_text` needs the source texts themselves (``../shared/seeds``,
present in CI and on the project machine); it skips, saying so, where they are absent. A study is wired in
through :data:`jkncost.compendium.coverage.REGISTRY` (seed prefix -> the function returning its published
quantities and its ``exclusions.csv``).
"""

from __future__ import annotations

import functools

import pandas as pd
import pytest

from jkncost.compendium import coverage as cv
from jkncost.core import paths
from jkncost.errors import InputError

SEEDS = cv.default_seeds_dir()


# What the checks below read, computed once per seed in a test run (published quantities cost about a second for
# Pasangkayu, and six checks read them). Every check gets the same objects and only reads them: the coverage
# functions return new frames, never change their arguments (test_the_shared_inputs_are_not_changed_by_the_checks).
@functools.cache
def _numbers(prefix):
    """The numbers the committed index of seed ``prefix`` prints (:func:`coverage.extract_numbers`)."""
    _, text = cv.read_seed(prefix)
    return text, tuple(cv.extract_numbers(text))


@functools.cache
def _published(prefix):
    return cv.published_quantities(prefix)


@functools.cache
def _exclusions(prefix):
    return cv.read_exclusions(cv.REGISTRY[prefix].exclusions)


@functools.cache
def _cited(prefix):
    return cv.read_cited(prefix)


@functools.cache
def _account(prefix):
    return cv.seed_account(prefix)


@functools.cache
def _uncovered(prefix):
    return cv.uncovered(list(_numbers(prefix)[1]), _published(prefix), _exclusions(prefix), _cited(prefix))


def _params():
    for prefix, entry in sorted(cv.REGISTRY.items()):
        marks = []
        if not entry.published:
            marks.append(pytest.mark.xfail(reason="filled by studies", strict=True, raises=NotImplementedError))
        yield pytest.param(prefix, id=f"{prefix}-{entry.study}", marks=marks)


@pytest.mark.slow  # a second or more: make test runs it, make test-fast leaves it
@pytest.mark.parametrize("prefix", list(_params()))
def test_every_number_of_the_seed_is_compared_or_excluded(prefix):
    account = _account(prefix)
    missing = account[account["covered_by"] == ""]
    shown = "\n".join(f"  line {r.line}, col {r.column}: {r.text!r} ({r.kind}) in '...{r.context}...'"
                      for r in missing.itertuples())
    assert missing.empty, (f"seed {prefix}: {len(missing)} of {len(account)} numbers are neither a published "
                           f"quantity nor excluded ({cv.REGISTRY[prefix].exclusions}):\n{shown}")


@pytest.mark.slow  # a second or more: make test runs it, make test-fast leaves it
@pytest.mark.parametrize("prefix", list(_params()))
def test_no_exclusion_is_stale(prefix):
    entry = cv.REGISTRY[prefix]
    unused = cv.unused_exclusions(list(_numbers(prefix)[1]), _published(prefix), _exclusions(prefix), _cited(prefix))
    assert unused.empty, f"{entry.exclusions}: exclusions that remove no number: {unused.to_dict('records')}"


def test_extraction_reads_indonesian_and_english_numbers():
    text = "Rp.1.190.94,- dan 75,4% (p=0,05) pada 2017; Tabel 4; Rp 1,236,793,-\n1.077 kelompok"
    found = cv.extract_numbers(text)
    assert [(n.text, n.line, n.kind) for n in found] == [
        ("1.190.94", 1, "rupiah"), ("75,4", 1, "percent"), ("0,05", 1, "plain"), ("2017", 1, "plain"),
        ("4", 1, "plain"), ("1,236,793", 1, "rupiah"), ("1.077", 2, "plain")]
    by_text = {n.text: n for n in found}
    assert by_text["1.190.94"].irregular and by_text["1.190.94"].readings == (119094.0, 1190.94)
    assert by_text["75,4"].readings == (75.4,)
    assert by_text["1,236,793"].readings == (1236793.0,)
    assert by_text["1.077"].readings == (1077.0, 1.077)  # both readings: 1.077 is ambiguous
    assert not by_text["1.077"].irregular


def test_quote_covers_a_misprint_and_kinds_must_agree():
    numbers = cv.extract_numbers("tarif Rp.1.190.94,- per hari; 5 kamar; 5% dari gaji")
    published = pd.DataFrame({"figure": ["tariff", "rate"], "value": [1190948.0, 5.0], "unit": ["Rp", "Rp"],
                              "quote": ["Rp.1.190.94,-", ""], "group": ["", "rooms"]})
    account = cv.account(numbers, published, pd.DataFrame(columns=list(cv.EXCLUSION_COLUMNS)))
    assert list(account["covered_by"]) == ["published: tariff", "published: rate", ""]  # 5% is not Rp 5


def test_a_number_is_accounted_for_at_its_place_not_by_its_value():
    """A row number 6 is not covered by a 6.00% share printed elsewhere, nor by a quantity of value 6 that the
    source prints at another place: only the number at the quantity's place is covered."""
    text = "No Pusat Biaya Jumlah %\n6 IGD 315,757,918 6.00%\n7 ICU 100 2.25%\nteks: ICU 2.25%"
    numbers = cv.extract_numbers(text)
    published = pd.DataFrame({"figure": ["check: IGD Jumlah", "check: IGD %", "check: ICU Jumlah", "check: ICU %",
                                         "ICU share in the text"],
                              "value": [315757918, 6.0, 100, 2.25, 2.25], "unit": ["Rp", "%", "Rp", "%", "%"],
                              "group": ["row 6", "row 6", "row 7", "row 7", "text"], "one_line": True})
    account = cv.account(numbers, published, pd.DataFrame(columns=list(cv.EXCLUSION_COLUMNS)))
    got = dict(zip(zip(account["line"], account["text"]), account["covered_by"]))
    assert got[(2, "6")] == "" and got[(3, "7")] == ""  # the row numbers: nothing but an exclusion may cover them
    assert got[(2, "6.00")] == "check: IGD %"
    assert got[(3, "2.25")] == "check: ICU %" and got[(4, "2.25")] == "published: ICU share in the text"
    rows = pd.DataFrame({"text": ["6"], "context": ["6 IGD"], "locations": ["Tabel 1"], "reason": ["a row number"]})
    left = cv.uncovered(numbers, published, rows)
    assert list(zip(left["line"], left["text"])) == [(3, "7")]


def test_groups_are_found_in_order_and_a_place_is_taken_once():
    text = "Abstrak: Rp 420.000 dan Rp 300.000\nAbstract: Rp 420.000 and Rp 300.000\nTabel 5\n\t1\n\t420.000"
    numbers = cv.extract_numbers(text)
    published = pd.DataFrame({
        "figure": ["A VIP", "A I", "E VIP", "E I", "row", "T VIP"], "value": [420000, 300000, 420000, 300000, 1, 420000],
        "unit": "Rp", "group": ["Abstrak", "Abstrak", "Abstract", "Abstract", "T1", "T1"],
        "sequence": ["text", "text", "text", "text", "", ""], "anchor": [False, False, False, False, True, False],
        "text": ["", "", "", "", "1", ""]})
    account = cv.account(numbers, published, pd.DataFrame(columns=list(cv.EXCLUSION_COLUMNS)))
    assert list(account["covered_by"]) == ["published: A VIP", "published: A I", "published: E VIP",
                                           "published: E I", "", "", "published: T VIP"]
    assert cv.unplaced(numbers, published) == []


@pytest.mark.slow  # a second or more: make test runs it, make test-fast leaves it
@pytest.mark.parametrize("prefix", sorted(cv.REGISTRY))
def test_every_group_of_quantities_is_placed(prefix):
    """Every printed sequence a study declares (a table row, a paragraph) is found in its seed: a group that is
    not found covers nothing, and its quantities would be compared without a place."""
    assert cv.unplaced(list(_numbers(prefix)[1]), _published(prefix)) == []


ROW_NUMBER_EXCLUSIONS = [("002", "6", "6 IGD"), ("002", "11", "11 Poli"), ("004", "27", "\t27"), ("004", "3", "\t3")]


@pytest.mark.slow  # a second or more: make test runs it, make test-fast leaves it
@pytest.mark.parametrize("prefix, text, context", ROW_NUMBER_EXCLUSIONS)
def test_deleting_one_row_number_exclusion_leaves_its_numbers_unaccounted(prefix, text, context):
    """The coverage test depends on each row-number exclusion: delete one and the row numbers it removed are
    unaccounted, whatever quantity happens to have the same value."""
    numbers = list(_numbers(prefix)[1])
    exclusions = _exclusions(prefix)
    row = exclusions[(exclusions["text"] == text) & (exclusions["context"] == context)]
    assert len(row) == 1 and "row number" in row["reason"].iloc[0]
    quantities = _published(prefix)
    cited = _cited(prefix)
    assert _uncovered(prefix).empty  # cv.uncovered(numbers, quantities, exclusions, cited), once per seed
    left = cv.uncovered(numbers, quantities, exclusions.drop(index=row.index), cited)
    assert not left.empty and set(left["text"]) == {text}


@pytest.mark.slow  # a second or more: make test runs it, make test-fast leaves it
@pytest.mark.parametrize("prefix", sorted(cv.REGISTRY))
def test_exclusions_are_identifiers_and_cited_numbers_are_apart(prefix):
    """An exclusion removes only an identifier (a year, a date, a regulation, table, row or page number, an
    affiliation or endnote mark, part of a name); a quantity that is not the study's (a figure quoted from another
    study, a condition the package does not model) is listed in the seed's cited file and reported as cited."""
    entry = cv.REGISTRY[prefix]
    exclusions = _exclusions(prefix)
    quantities = exclusions[~exclusions["reason"].str.contains(cv.IDENTIFIER)]
    assert quantities.empty, f"{entry.exclusions}: exclusions that are not identifiers: {quantities.to_dict('records')}"
    account = _account(prefix)
    cited = _cited(prefix)
    if cited is not None and len(cited):
        assert account["covered_by"].str.startswith("cited: ").sum() >= len(cited)


def test_cited_numbers_are_accounted_apart_from_exclusions():
    numbers = cv.extract_numbers("Nomor 40 Tahun 2004; WHO menganjurkan 5,0% dari anggaran")
    exclusions = pd.DataFrame({"text": ["40", "2004"], "context": ["Nomor 40", ""], "locations": "",
                               "reason": ["a law's number", "a year"]})
    cited = pd.DataFrame({"text": ["5,0"], "context": ["menganjurkan 5,0%"], "locations": [""],
                          "reason": ["WHO's recommendation, quoted: not about this hospital"]})
    account = cv.account(numbers, pd.DataFrame(columns=["figure", "value", "unit"]), exclusions, cited)
    assert account["covered_by"].str.split(":").str[0].tolist() == ["excluded", "excluded", "cited"]
    assert not cv.IDENTIFIER.search(cited["reason"].iloc[0]) and cv.IDENTIFIER.search("a year")


def test_the_shared_inputs_are_not_changed_by_the_checks():
    """The checks above share one copy per seed of its numbers, quantities, exclusions and cited rows (module
    caches): the coverage functions only read their arguments."""
    text = "No Pusat Biaya Jumlah %\n6 IGD 315,757,918 6.00%\n7 ICU 100 2.25%\nteks: pada 2017 ICU 2.25%"
    numbers = cv.extract_numbers(text)
    published = pd.DataFrame({"figure": ["check: IGD Jumlah", "check: IGD %", "ICU share"], "value": [315757918, 6.0, 2.25],
                              "unit": ["Rp", "%", "%"], "group": ["row 6", "row 6", "text"], "one_line": True,
                              "quote": ["", "", "ICU 2.25%"]})
    exclusions = pd.DataFrame({"text": ["6", "2017", "9"], "context": ["6 IGD", "", "9 X"], "locations": "",
                               "reason": ["a row number", "a year", "a row number"]})
    cited = pd.DataFrame({"text": ["100"], "context": ["ICU 100"], "locations": [""], "reason": ["quoted"]})
    before = [f.copy(deep=True) for f in (published, exclusions, cited)], list(numbers)
    assert not cv.account(numbers, published, exclusions, cited).empty
    assert list(cv.uncovered(numbers, published, exclusions, cited)["text"]) == ["7"]  # the row number
    assert len(cv.unused_exclusions(numbers, published, exclusions, cited)) == 1
    cv.unplaced(numbers, published)
    for frame, copy in zip((published, exclusions, cited), before[0]):
        pd.testing.assert_frame_equal(frame, copy)
    assert numbers == before[1]


def test_an_exclusion_without_context_is_a_year():
    numbers = cv.extract_numbers("pada 2017, 6 pasien")
    exclusions = pd.DataFrame({"text": ["2017", "6"], "context": ["", ""], "locations": ["", ""],
                               "reason": ["a year", "a count"]})
    left = cv.uncovered(numbers, pd.DataFrame(columns=["figure", "value", "unit"]), exclusions)
    assert list(left["text"]) == ["6"]


def test_exclusion_context_scopes_the_occurrence():
    numbers = cv.extract_numbers("Nomor 40 Tahun 2004 tentang SJSN; 40 pasien")
    exclusions = pd.DataFrame({"text": ["40", "2004"], "context": ["Nomor 40", ""], "locations": ["", ""],
                               "reason": ["a law's number", "a year"]})
    left = cv.uncovered(numbers, pd.DataFrame(columns=["figure", "value", "unit"]), exclusions)
    assert list(left["text"]) == ["40"] and "pasien" in left.loc[0, "context"]


def test_exclusions_file_needs_reasons(tmp_path):
    bad = tmp_path / "exclusions.csv"
    bad.write_text("text,context,locations,reason\n2017,,abstract,\n", encoding="utf-8")
    with pytest.raises(InputError, match="exclusions.csv:2: column 'reason': an exclusion needs a reason"):
        cv.read_exclusions(bad)


def test_registry_points_at_files_that_exist():
    for prefix, entry in cv.REGISTRY.items():
        if entry.published:
            assert paths.resolve(entry.exclusions).is_file(), f"seed {prefix}: {entry.exclusions} is missing"


@pytest.mark.slow  # a second or more: make test runs it, make test-fast leaves it
@pytest.mark.parametrize("prefix", list(_params()))
def test_every_quote_is_printed_in_the_seed(prefix):
    """A published quantity's quote is the text as printed: one that the seed does not contain is mistyped
    (or silently corrected) and would cover nothing."""
    text = _numbers(prefix)[0]
    quantities = _published(prefix)
    missing = [(r["figure"], q) for r in quantities.to_dict("records")
               for q in str(r.get("quote") or "").split(" | ") if q.strip() and q.strip() not in text]
    assert not missing, f"seed {prefix}: quotes not found in the seed text: {missing}"


@pytest.mark.parametrize("prefix", sorted(cv.REGISTRY))
def test_seed_index_matches_the_source_text(prefix):
    """The committed index is what :func:`coverage.build_seed_index` derives from the seed as it is now (same
    file name, SHA-256, lines and places): a changed seed or a hand-edited index fails here."""
    if not SEEDS.is_dir():
        pytest.skip(f"the source texts ({SEEDS}) are not beside this clone; the committed index is checked "
                    f"against them in CI")
    built = cv.build_seed_index(prefix, SEEDS)
    committed = cv.read_seed_index(prefix)
    assert (committed["seed"], committed["sha256"]) == (built["seed"], built["sha256"]), (
        f"seed {prefix} changed: rebuild the index with 'python -m jkncost.compendium.coverage {SEEDS}'")
    assert committed == built
    path, text = cv.read_seed(prefix, SEEDS)
    from_index = cv.read_seed(prefix)[1]
    assert [(n.text, n.line, n.column, n.kind) for n in cv.extract_numbers(from_index)] == [
        (n.text, n.line, n.column, n.kind) for n in cv.extract_numbers(text)]


@pytest.mark.parametrize("prefix", sorted(cv.REGISTRY))
def test_seed_index_is_committed_and_well_formed(prefix):
    """Runs everywhere: the index exists, names its seed, and keeps only lines with a digit, in order."""
    index = cv.read_seed_index(prefix)
    assert index["seed"].startswith(f"{prefix}_") and len(index["sha256"]) == 64
    numbers = [n for n, _ in index["lines"]]
    assert numbers == sorted(set(numbers)) and all(1 <= n <= index["n_lines"] for n in numbers)
    assert all(any(c in "0123456789" for c in text) for _, text in index["lines"])
    assert cv.dump_seed_index(index) == cv.seed_index_path(prefix).read_text(encoding="utf-8")
