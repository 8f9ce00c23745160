"""Tables for readers: one helper that every notebook calls to show a table, in English or Indonesian.

:func:`show` returns a pandas ``Styler``: it renders as an HTML table in the notebook and in the
report (the plain-text print of the same numbers stays in a ``# NBVAL_CHECK_OUTPUT`` cell tagged
``report-remove`` for nbval). Rupiah columns read ``Rp 1.234.567`` in Indonesian and ``Rp 1,234,567``
in English, percent columns ``12,5%`` / ``12.5%``; headers come from the label catalogue
(:mod:`jkncost.labels`) when a column is mapped to a key, else stay as they are (data names).

Examples
--------
>>> df = pd.DataFrame({"center": ["VIP", "Kelas III"], "UC3": [428805.2, 41388.46], "CRR": [87.456, 120.0]})
>>> html = show(df, lang="id", rupiah=["UC3"], percent=["CRR"], headers={"center": "center"}).to_html()
>>> "Rp 428.805" in html and "87,5%" in html and "pusat biaya" in html
True
>>> "Rp 428,805" in show(df, rupiah=["UC3"]).to_html()
True
"""

from __future__ import annotations

import hashlib
import math

import pandas as pd
from pandas.io.formats.style import Styler

from jkncost.labels import check_lang, data_text, label
from jkncost.money import format_rupiah


def rupiah(value, lang: str = "en", decimals: int = 0) -> str:
    """``Rp 1.234.567`` (id) or ``Rp 1,234,567`` (en); empty for a missing value.

    >>> rupiah(1234567.4, "id"), rupiah(1234567.4, "en"), rupiah(float("nan"))
    ('Rp 1.234.567', 'Rp 1,234,567', '')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if check_lang(lang) == "id":
        return format_rupiah(float(value), decimals=decimals)
    sign = "-" if value < 0 else ""
    return f"{sign}Rp {abs(float(value)):,.{decimals}f}"


_rupiah = rupiah  # show() takes a parameter of the same name


def number(value, lang: str = "en", decimals: int = 0, suffix: str = "") -> str:
    """A number with the thousands and decimal marks of ``lang`` (``1.234,5`` in Indonesian)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if math.isinf(value):  # no break-even output: infinity, not the word "inf"
        return ("-" if value < 0 else "") + "\u221e" + suffix
    text = f"{float(value):,.{decimals}f}"
    if check_lang(lang) == "id":
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return text + suffix


class ReaderTable(Styler):
    """A ``Styler`` whose plain-text form is the formatted table, not an object address.

    Jupyter stores a ``text/plain`` form beside the HTML of every output; pandas' default names the
    object's memory address, which changes at every run and made executed notebooks differ.
    """

    def __repr__(self) -> str:
        return self.to_string(delimiter="  ")


def show(df: pd.DataFrame, *, lang: str = "en", rupiah: list[str] | tuple = (), percent: list[str] | tuple = (),
         numbers: dict[str, int] | None = None, headers: dict[str, str] | None = None, caption: str | None = None,
         percent_decimals: int = 1):
    """A ``Styler`` of ``df`` for readers: formatted numbers, headers in ``lang``, no index.

    Parameters
    ----------
    df : DataFrame
    lang : {'en', 'id'}
    rupiah : columns shown as rupiah (whole rupiah).
    percent : columns already in percent (``12.5`` -> ``12.5%``).
    numbers : ``{column: decimals}`` for other numeric columns (thousands marks of ``lang``).
    headers : ``{column: catalogue key}``; the header becomes the label in ``lang``.
    caption : shown above the table (say here what the table rests on: assumptions, synthetic data).

    Notes
    -----
    In a language other than English every text cell is looked up in the catalogue of data texts
    (:func:`jkncost.labels.data_text`): an assumption's rationale, a figure's name or a note from a data
    file reads in Indonesian when the catalogue has it.
    """
    check_lang(lang)
    if lang != "en":  # texts that come from data files (names of figures, notes, reasons) in the reader's language
        texts = [c for c in df.columns if df[c].dtype == object or pd.api.types.is_string_dtype(df[c])]
        if texts:
            df = df.copy()
            for c in texts:
                df[c] = df[c].map(lambda v: data_text(v, lang))
    fmt = {c: (lambda v, _l=lang: _rupiah(v, _l)) for c in rupiah}
    fmt.update({c: (lambda v, _l=lang, _d=percent_decimals: number(v, _l, _d, "%")) for c in percent})
    fmt.update({c: (lambda v, _l=lang, _d=d: number(v, _l, _d)) for c, d in (numbers or {}).items()})
    # The table's HTML id comes from its content, not pandas' random default, so an executed notebook is
    # byte-stable; no per-cell ids (nothing styles single cells, and they triple the HTML).
    digest = hashlib.sha1(f"{lang}|{caption}|{list(df.columns)}|{df.to_csv()}".encode()).hexdigest()[:10]
    styler = ReaderTable(df, uuid=f"jk{digest}", cell_ids=False).format(fmt, na_rep="").hide(axis="index")
    styler = styler.set_table_attributes('class="jk-table"')
    # text reads from the left, numbers line up on the right (Jupyter's stylesheet right-aligns every cell)
    # and an amount never breaks between "Rp" and its digits
    text_columns = [c for c in df.columns if c not in fmt and not pd.api.types.is_numeric_dtype(df[c])]
    left = [{"selector": "td, th", "props": "text-align: left"}]
    whole = [{"selector": "td", "props": "white-space: nowrap"}]
    styles = {**{c: left for c in text_columns}, **{c: whole for c in fmt if c in df.columns}}
    if styles:
        styler = styler.set_table_styles(styles, overwrite=False)
    if headers:
        styler = styler.relabel_index([label(headers[c], lang) if c in headers else str(c) for c in df.columns],
                                      axis="columns")
    if caption:
        styler = styler.set_caption(caption)
    return styler
