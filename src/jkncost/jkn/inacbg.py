"""INA-CBG codes: parse, validate and describe codes such as ``O-6-10-I``.

An INA-CBG code has four parts separated by hyphens, ``L-T-NN-S``:

``L``
    the case-mix main group (CMG), one or two capital letters (``O`` deliveries, ``K`` digestive ...);
``T``
    the case type, one digit (``1`` inpatient procedure, ``4`` inpatient without procedure,
    ``6`` inpatient obstetric, ``5`` outpatient without procedure ...);
``NN``
    the specific group within the CMG and case type, two digits (``10``);
``S``
    the severity level: ``0`` for outpatient groups, ``I`` mild, ``II`` moderate, ``III`` severe
    for inpatient groups.

The CMG letters, case types and severity levels are data shipped with the package
(``jkncost/jkn/data/inacbg/*.csv``, each row with its source), not code. A code is *valid* when its
parts have the right shape, the CMG and case type are known, and the severity fits the setting of
the case type (``0`` for outpatient case types, ``I``/``II``/``III`` for inpatient ones).
Special-CMG (top-up) codes such as ``YY-...`` use other formats and are refused with a message
saying so.

References
----------
Permenkes RI 27/2014, Petunjuk Teknis Sistem Indonesian Case Base Groups (INA-CBGs).
Permenkes RI 76/2016, Pedoman INA-CBG dalam Pelaksanaan Jaminan Kesehatan Nasional.

Examples
--------
>>> code = parse("O-6-10-I")
>>> code.cmg, code.case_type, code.group, code.severity, code.severity_level
('O', 6, 10, 'I', 1)
>>> code.cbg
'O-6-10'
>>> code.describe()
'O-6-10-I: deliveries / inpatient obstetric / group 10 (caesarean section) / severity I (mild)'
>>> [c.code for c in caesarean_groups()]
['O-6-10-I', 'O-6-10-II', 'O-6-10-III']
>>> parse("O-6-10-IV")
Traceback (most recent call last):
...
jkncost.jkn.inacbg.InacbgCodeError: INA-CBG code 'O-6-10-IV': severity 'IV' is not one of 0, I, II, III
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from jkncost.core import paths
from jkncost.errors import InputError, Problem
from jkncost.tables import read_frame

#: table -> (key column, other columns that must hold a value, {column: allowed values})
TABLES: dict[str, tuple[str, tuple[str, ...], dict[str, tuple[str, ...]]]] = {
    "cmg": ("cmg", ("kind", "name_en", "name_id", "source"),
            {"kind": ("main", "ambulatory", "subacute", "chronic", "special", "error")}),
    "case_types": ("case_type", ("setting", "name_en", "name_id", "source"),
                   {"setting": ("inpatient", "outpatient", "error")}),
    "severity": ("severity", ("level", "setting", "name_en", "name_id", "source"),
                 {"setting": ("inpatient", "outpatient")}),
    "groups": ("cbg", ("name_en", "name_id", "source"), {}),
}


class InacbgCodeError(ValueError):
    """A text that is not a valid INA-CBG code; the message says which part is wrong.

    Examples
    --------
    >>> try:
    ...     parse("XX-1-01-I")
    ... except InacbgCodeError as error:
    ...     print(str(error)[:59])
    INA-CBG code 'XX-1-01-I': unknown case-mix main group 'XX';
    """


def load_table(name: str, folder: str | Path | None = None) -> pd.DataFrame:
    """Read and check one table of :func:`tables_dir` (``cmg``, ``case_types``, ``severity``, ``groups``).

    Parameters
    ----------
    name : {'cmg', 'case_types', 'severity', 'groups'}
        The table.
    folder : path, optional
        A folder of tables instead of the bundled one.

    Returns
    -------
    DataFrame
        The table, every cell as text.

    Raises
    ------
    InputError
        Naming file, row and column for a missing column, an empty cell, a repeated key or a value outside
        the allowed ones.

    Examples
    --------
    >>> load_table("severity")["severity"].tolist()
    ['0', 'I', 'II', 'III']
    """
    return _load(name, str(Path(folder) if folder else tables_dir()))


def tables_dir() -> Path:
    """The folder of the INA-CBG tables, shipped with the package (``jkncost/jkn/data/inacbg``).

    Returns
    -------
    pathlib.Path
        The folder.

    Examples
    --------
    >>> tables_dir().name
    'inacbg'
    """
    return paths.package("jkn", "data", "inacbg")


@functools.lru_cache(maxsize=None)
def _load(name: str, folder: str) -> pd.DataFrame:
    key, required, choices = TABLES[name]
    path = Path(folder) / f"{name}.csv"
    shown = paths.relative(path)
    if not path.is_file():
        raise InputError(Problem(shown, "INA-CBG table not found"))
    df = read_frame(path, label=shown)
    missing = [c for c in (key, *required) if c not in df.columns]
    if missing:
        raise InputError(Problem(shown, f"missing column(s): {', '.join(missing)}"))
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for row, rec in zip(df.attrs["rows"], df.to_dict(orient="records")):
        for col in (key, *required):
            if not str(rec[col]).strip():
                problems.append(Problem(shown, f"empty {col}", row=row, column=col))
        for col, allowed in choices.items():
            if rec[col] and rec[col] not in allowed:
                problems.append(Problem(shown, f"{col} must be one of {', '.join(allowed)}, got {rec[col]!r}",
                                        row=row, column=col))
        if rec[key] in seen:
            problems.append(Problem(shown, f"{key} {rec[key]!r} repeats row {seen[rec[key]]}", row=row, column=key))
        seen.setdefault(rec[key], row)
    if problems:
        raise InputError(problems)
    return df


def _table(name: str) -> pd.DataFrame:
    return load_table(name)


def _severities(setting: str | None = None) -> list[str]:
    """The severity codes of ``severity.csv`` by level (only those of ``setting`` when given)."""
    df = _table("severity")
    if setting is not None:
        df = df[df["setting"] == setting]
    return list(df.sort_values("level", key=lambda c: c.astype(int))["severity"])


def _one_of(values: list[str]) -> str:
    return values[0] if len(values) == 1 else f"{', '.join(values[:-1])} or {values[-1]}"


def cmg_table() -> pd.DataFrame:
    """Case-mix main groups: ``cmg, kind, name_en, name_id, source`` (``jkn/data/inacbg/cmg.csv``).

    Returns
    -------
    DataFrame
        ``cmg, kind, name_en, name_id, source``, one row per entry with its source (a copy: changing it changes nothing).

    References
    ----------
    Permenkes RI 27/2014, Petunjuk Teknis Sistem INA-CBGs; Permenkes RI 76/2016, Pedoman INA-CBG dalam
    Pelaksanaan Jaminan Kesehatan Nasional.

    Examples
    --------
    >>> cmg_table().set_index("cmg").loc["O", "name_en"]
    'deliveries'
    """
    return _table("cmg").copy()


def case_type_table() -> pd.DataFrame:
    """Case types: ``case_type, setting, name_en, name_id, source``.

    Returns
    -------
    DataFrame
        ``case_type, setting, name_en, name_id, source``, one row per entry with its source (a copy: changing it changes nothing).

    References
    ----------
    Permenkes RI 27/2014, Petunjuk Teknis Sistem INA-CBGs; Permenkes RI 76/2016, Pedoman INA-CBG dalam
    Pelaksanaan Jaminan Kesehatan Nasional.

    Examples
    --------
    >>> case_type_table().set_index("case_type").loc["6", "setting"]
    'inpatient'
    """
    return _table("case_types").copy()


def severity_table() -> pd.DataFrame:
    """Severity levels: ``severity, level, setting, name_en, name_id, source``.

    Returns
    -------
    DataFrame
        ``severity, level, setting, name_en, name_id, source``, one row per entry with its source (a copy: changing it changes nothing).

    References
    ----------
    Permenkes RI 27/2014, Petunjuk Teknis Sistem INA-CBGs; Permenkes RI 76/2016, Pedoman INA-CBG dalam
    Pelaksanaan Jaminan Kesehatan Nasional.

    Examples
    --------
    >>> severity_table()["severity"].tolist()
    ['0', 'I', 'II', 'III']
    """
    return _table("severity").copy()


def group_table() -> pd.DataFrame:
    """The named groups the compendium uses (``cbg, name_en, name_id, source``).

    Returns
    -------
    DataFrame
        ``cbg, name_en, name_id, source``, one row per entry with its source (a copy: changing it changes nothing).

    References
    ----------
    Permenkes RI 27/2014, Petunjuk Teknis Sistem INA-CBGs; Permenkes RI 76/2016, Pedoman INA-CBG dalam
    Pelaksanaan Jaminan Kesehatan Nasional.

    Examples
    --------
    >>> group_table()["cbg"].tolist()[:3]
    ['O-6-10', 'O-6-13', 'K-4-17']
    """
    return _table("groups").copy()


def _row(table: str, key: str, value: str) -> dict[str, str] | None:
    df = _table(table)
    hit = df[df[key] == value]
    return None if hit.empty else hit.iloc[0].to_dict()


@dataclass(frozen=True, order=True)
class InacbgCode:
    """One parsed INA-CBG code (see :func:`parse`).

    Examples
    --------
    >>> InacbgCode("O", 6, 10, "II").code, InacbgCode("O", 6, 10, "II") < InacbgCode("O", 6, 10, "III")
    ('O-6-10-II', True)
    """

    cmg: str
    case_type: int
    group: int
    severity: str

    @property
    def code(self) -> str:
        """The canonical text, e.g. ``'O-6-10-I'``.

        Returns
        -------
        str
            The canonical code text.

        Examples
        --------
        >>> parse(" o-6-10-i ").code
        'O-6-10-I'
        """
        return f"{self.cbg}-{self.severity}"

    @property
    def cbg(self) -> str:
        """The group without its severity, e.g. ``'O-6-10'``.

        Returns
        -------
        str
            The CMG, case type and group, joined by hyphens.

        Examples
        --------
        >>> parse("O-6-10-II").cbg
        'O-6-10'
        """
        return f"{self.cmg}-{self.case_type}-{self.group:02d}"

    @property
    def severity_level(self) -> int:
        """0 (outpatient), 1 (mild), 2 (moderate) or 3 (severe): the ``level`` of ``severity.csv``.

        Returns
        -------
        int
            The severity level.

        Examples
        --------
        >>> parse("O-6-10-III").severity_level
        3
        """
        return int(_row("severity", "severity", self.severity)["level"])

    @property
    def setting(self) -> str:
        """``inpatient``, ``outpatient`` or ``error`` (from the case type).

        Returns
        -------
        str
            The setting of the case type.

        Examples
        --------
        >>> parse("O-6-10-I").setting
        'inpatient'
        """
        return _row("case_types", "case_type", str(self.case_type))["setting"]

    def describe(self, lang: str = "en") -> str:
        """One line naming every part, in English (``en``) or Indonesian (``id``).

        Parameters
        ----------
        lang : {'en', 'id'}, default 'en'
            The language.

        Returns
        -------
        str
            ``code: CMG / case type / group / severity``.

        Raises
        ------
        ValueError
            For another language.

        Examples
        --------
        >>> parse("O-6-10-I").describe("id")
        'O-6-10-I: persalinan / rawat inap kebidanan / kelompok 10 (operasi sesar) / keparahan I (ringan)'
        """
        if lang not in ("en", "id"):
            raise ValueError(f"lang must be 'en' or 'id', got {lang!r}")
        name = f"name_{lang}"
        cmg = _row("cmg", "cmg", self.cmg)[name]
        case = _row("case_types", "case_type", str(self.case_type))[name]
        sev = _row("severity", "severity", self.severity)[name]
        group = _row("groups", "cbg", self.cbg)
        word_group, word_sev = ("group", "severity") if lang == "en" else ("kelompok", "keparahan")
        group_text = f"{word_group} {self.group:02d}" + (f" ({group[name]})" if group else "")
        return f"{self.code}: {cmg} / {case} / {group_text} / {word_sev} {self.severity} ({sev})"

    def __str__(self) -> str:
        return self.code


def parse(text: object) -> InacbgCode:
    """Parse and validate an INA-CBG code.

    Case and surrounding spaces are forgiven (``' o-6-10-i '`` reads as ``O-6-10-I``); anything
    else that departs from ``L-T-NN-S`` is refused with a message naming the part.

    Parameters
    ----------
    text : str
        The code, e.g. ``"O-6-10-I"``.

    Returns
    -------
    InacbgCode
        The code's parts.

    Raises
    ------
    InacbgCodeError
        Wrong shape, unknown CMG or case type, a severity other than 0/I/II/III, a severity that
        does not fit the case type's setting, or a special-CMG (top-up) code.

    Examples
    --------
    >>> parse(" k-4-17-i ").code
    'K-4-17-I'
    >>> parse("Q-5-44-0").setting
    'outpatient'
    >>> parse("O-6-10")
    Traceback (most recent call last):
    ...
    jkncost.jkn.inacbg.InacbgCodeError: INA-CBG code 'O-6-10': expected four parts L-T-NN-S (e.g. 'O-6-10-I'), got 3
    """
    if not isinstance(text, str):
        raise InacbgCodeError(f"INA-CBG code must be text, got {type(text).__name__} {text!r}")
    raw = text
    text = text.strip().upper()
    where = f"INA-CBG code {raw.strip()!r}"
    if not text:
        raise InacbgCodeError("INA-CBG code is empty")
    parts = text.split("-")
    if len(parts) != 4:
        raise InacbgCodeError(f"{where}: expected four parts L-T-NN-S (e.g. 'O-6-10-I'), got {len(parts)}")
    cmg, case_type, group, severity = parts
    if not re.fullmatch(r"[A-Z]{1,2}", cmg):
        raise InacbgCodeError(f"{where}: case-mix main group {cmg!r} must be one or two letters")
    cmg_row = _row("cmg", "cmg", cmg)
    if cmg_row is None:
        known = ", ".join(_table("cmg")["cmg"])
        raise InacbgCodeError(f"{where}: unknown case-mix main group {cmg!r}; known: {known}")
    if cmg_row["kind"] == "special":
        raise InacbgCodeError(f"{where}: {cmg!r} is a special CMG (top-up); its codes are not parsed here")
    if not re.fullmatch(r"\d", case_type):
        raise InacbgCodeError(f"{where}: case type {case_type!r} must be one digit 0-9")
    if not re.fullmatch(r"\d{2}", group):
        raise InacbgCodeError(f"{where}: specific group {group!r} must be two digits (e.g. '10')")
    severity_row = _row("severity", "severity", severity)
    if severity_row is None:
        raise InacbgCodeError(f"{where}: severity {severity!r} is not one of {', '.join(_severities())}")
    setting = _row("case_types", "case_type", case_type)["setting"]
    if setting in ("inpatient", "outpatient") and severity_row["setting"] != setting:
        raise InacbgCodeError(f"{where}: case type {case_type} is {setting}, so severity must be "
                              f"{_one_of(_severities(setting))}, got {severity!r}")
    return InacbgCode(cmg=cmg, case_type=int(case_type), group=int(group), severity=severity)


def is_valid(text: object) -> bool:
    """``True`` when :func:`parse` accepts ``text``.

    Parameters
    ----------
    text : object
        The text to check.

    Returns
    -------
    bool
        Whether it is a valid INA-CBG code.

    References
    ----------
    Permenkes RI 27/2014, Petunjuk Teknis Sistem INA-CBGs; Permenkes RI 76/2016, Pedoman INA-CBG dalam
    Pelaksanaan Jaminan Kesehatan Nasional.

    Examples
    --------
    >>> is_valid("O-6-10-III"), is_valid("O-6-10-0")
    (True, False)
    """
    try:
        parse(text)
    except InacbgCodeError:
        return False
    return True


def caesarean_groups() -> list[InacbgCode]:
    """The caesarean-section groups ``O-6-10-I``, ``O-6-10-II``, ``O-6-10-III`` (the inpatient severities, mild to severe).

    Returns
    -------
    list of InacbgCode
        One code per inpatient severity, mild to severe.

    References
    ----------
    Permenkes RI 27/2014, Petunjuk Teknis Sistem INA-CBGs; Permenkes RI 76/2016, Pedoman INA-CBG dalam
    Pelaksanaan Jaminan Kesehatan Nasional.

    Examples
    --------
    >>> [c.code for c in caesarean_groups()]
    ['O-6-10-I', 'O-6-10-II', 'O-6-10-III']
    """
    return [parse(f"O-6-10-{s}") for s in _severities("inpatient")]


def is_caesarean(code: InacbgCode | str) -> bool:
    """``True`` for the caesarean-section group ``O-6-10`` at any inpatient severity.

    Parameters
    ----------
    code : InacbgCode or str
        A parsed code or its text.

    Returns
    -------
    bool
        Whether the code is in group ``O-6-10``.

    Raises
    ------
    InacbgCodeError
        When a text is not a valid code.

    Examples
    --------
    >>> is_caesarean("O-6-10-II"), is_caesarean("O-6-13-I")
    (True, False)
    """
    code = parse(code) if isinstance(code, str) else code
    return code.cbg == "O-6-10"
