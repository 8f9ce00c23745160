"""Reader's tables (:func:`jkncost.display.show`): formats in both languages, byte-stable HTML."""

from __future__ import annotations

import pandas as pd

from jkncost.display import number, rupiah, show


def _frame() -> pd.DataFrame:
    return pd.DataFrame({"center": ["VIP", "Kelas III"], "UC3": [428805.2, 41388.46], "CRR": [87.456, 120.0]})


def test_the_same_table_gives_the_same_html_twice():
    # pandas gives every Styler a random id by default, which made each re-executed notebook differ
    first = show(_frame(), lang="id", rupiah=["UC3"], percent=["CRR"]).to_html()
    second = show(_frame(), lang="id", rupiah=["UC3"], percent=["CRR"]).to_html()
    assert first == second


def test_different_tables_get_different_ids():
    other = _frame().assign(UC3=[1.0, 2.0])
    a = show(_frame(), rupiah=["UC3"]).to_html()
    b = show(other, rupiah=["UC3"]).to_html()
    id_a = a.split('<table id="')[1].split('"')[0]
    id_b = b.split('<table id="')[1].split('"')[0]
    assert id_a != id_b


def test_rupiah_and_percent_follow_the_language():
    html_id = show(_frame(), lang="id", rupiah=["UC3"], percent=["CRR"], headers={"center": "center"}).to_html()
    html_en = show(_frame(), lang="en", rupiah=["UC3"], percent=["CRR"], headers={"center": "center"}).to_html()
    assert "Rp 428.805" in html_id and "87,5%" in html_id and "pusat biaya" in html_id
    assert "Rp 428,805" in html_en and "87.5%" in html_en
    assert rupiah(-1234567.0, "id") == "-Rp 1.234.567" and rupiah(-1234567.0, "en") == "-Rp 1,234,567"
    assert number(1234.5, "id", 1) == "1.234,5" and number(1234.5, "en", 1) == "1,234.5"


def test_missing_values_are_blank_not_nan():
    df = pd.DataFrame({"UC3": [float("nan"), 5.0]})
    html = show(df, rupiah=["UC3"]).to_html()
    assert "nan" not in html.lower().replace("jk-table", "")


def test_plain_text_form_is_the_table_not_an_address():
    table = show(_frame(), lang="id", rupiah=["UC3"], percent=["CRR"])
    text = repr(table)
    assert "0x" not in text and "Rp 428.805" in text and "87,5%" in text
    assert text == repr(show(_frame(), lang="id", rupiah=["UC3"], percent=["CRR"]))


def test_text_columns_are_left_aligned_and_numbers_are_not():
    html = show(_frame(), rupiah=["UC3"], percent=["CRR"]).to_html()
    style = html.split("</style>")[0]
    assert "td.col0 {\n  text-align: left;" in style
    assert "td.col1 {\n  white-space: nowrap;" in style and "td.col1 {\n  text-align" not in style  # "Rp 1.234" on one line


def test_show_gives_data_texts_in_the_readers_language():
    import pandas as pd

    from jkncost.display import show

    df = pd.DataFrame({"id": ["A15"], "status": ["assumed"], "value": [0.95]})
    assert "diasumsikan" in show(df, lang="id").to_html() and "assumed" not in show(df, lang="id").to_html()
    assert "assumed" in show(df).to_html()
    assert df["status"].tolist() == ["assumed"]  # the caller's table is not changed
