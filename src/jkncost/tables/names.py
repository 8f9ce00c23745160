"""Names compared the loose way people type them: files, sheets and column headers, with their aliases.

``Cost Centers``, ``cost_centers`` and ``COST-CENTERS.csv`` are one name (:func:`normalize_name`);
``Pusat_Biaya`` and ``pusat biaya`` one column (:func:`compact_name`), also when a unit follows it
(``Jumlah Biaya (Rp)``: :func:`canonical`); a table may declare other names for a column
(``aliases``). :mod:`jkncost.tables.reading` finds the header and the sheets with them, and
:func:`closest` suggests the header a user probably meant.

Examples
--------
>>> canonical("Pusat Biaya", alias_lookup({"center": ("pusat biaya", "unit")}))
'center'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path


def normalize_name(text: object) -> str:
    """A sheet, file or column name compared loosely: case, spaces, ``_``, ``-`` and ``.csv`` ignored.

    >>> normalize_name(" Cost Centers "), normalize_name("ALLOCATION-BASES.csv"), normalize_name("Output_Unit")
    ('cost_centers', 'allocation_bases', 'output_unit')
    """
    name = str(text).strip().lower()
    name = re.sub(r"\.csv$", "", name)
    return re.sub(r"[\s_\-]+", "_", name).strip("_")


def folder_files(folder, names, key=normalize_name, aliases: Mapping[str, Sequence[str]] | None = None):
    """The CSV file of each table of ``names`` in ``folder``: the exact name first, else one file whose name
    matches loosely (``key`` of its stem equals ``key`` of the table's name, or of one of its ``aliases``).

    Returns ``(files, problems)``: table -> path, and one problem per table that several files could be.
    The hospital folder and the activity folder find their files with it.

    >>> import pathlib, tempfile
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "Cost Centers.CSV").write_text("center\\n")
    >>> folder_files(d, ["cost_centers", "costs"])[0] == {"cost_centers": d / "Cost Centers.CSV"}
    True
    """
    from jkncost.errors import Problem

    folder = Path(folder)
    candidates: dict[str, list[Path]] = {}
    for f in sorted(folder.iterdir()):
        if f.is_file() and f.suffix.lower() == ".csv":
            candidates.setdefault(key(f.stem), []).append(f)
    files: dict[str, Path] = {}
    problems = []
    for name in names:
        exact = folder / f"{name}.csv"
        found = candidates.get(key(name)) or [f for other in (aliases or {}).get(name, ())
                                               for f in candidates.get(key(other), [])]
        if exact.is_file():
            files[name] = exact
        elif len(found) == 1:
            files[name] = found[0]
        elif found:
            problems.append(Problem(f"{name}.csv", f"several files could be this table "
                                                  f"({', '.join(f.name for f in found)}); keep one"))
    return files, problems


Aliases = Mapping[str, Sequence[str]]  # canonical column name -> other names people type for it


def compact_name(text: object) -> str:
    """A column name compared loosely, ``_`` ignored too: ``Pusat_Biaya``, ``pusat biaya``, ``PUSAT-BIAYA``
    are ``pusatbiaya``.

    >>> compact_name(" Pusat_Biaya "), compact_name("jumlah-TT")
    ('pusatbiaya', 'jumlahtt')
    """
    return normalize_name(text).replace("_", "")


def alias_lookup(aliases: Aliases | None) -> dict[str, str]:
    """Compact name -> canonical column name, for every canonical name and every alias of ``aliases``."""
    lookup: dict[str, str] = {}
    for canonical, others in (aliases or {}).items():
        for name in (canonical, *others):
            lookup.setdefault(compact_name(name), normalize_name(canonical))
    return lookup


_UNIT_NOTE = re.compile(r"\s*(\([^)]*\)|\[[^]]*\]|\brp\.?)\s*", re.IGNORECASE)


def canonical(cell: object, lookup: Mapping[str, str]) -> str:
    """The column a header cell names: its canonical name when it is one of ``lookup`` (also once a unit in
    brackets or ``Rp`` is set aside: ``Jumlah Biaya (Rp)``, ``Bobot [m2]``), else the cell normalized.

    >>> canonical("Jumlah Biaya (Rp)", alias_lookup({"amount": ("jumlah biaya",)}))
    'amount'
    """
    if not lookup:
        return normalize_name(cell)
    found = lookup.get(compact_name(cell))
    if found is None:
        bare = _UNIT_NOTE.sub(" ", str(cell)).strip()
        found = lookup.get(compact_name(bare)) if bare else None
    return found or normalize_name(cell)


def closest(names: Iterable[str], candidates: Iterable[str]) -> str | None:
    """The one of ``candidates`` (headers as typed) nearest to any of ``names``, compared loosely; None when
    none is near (:func:`difflib.get_close_matches`, cutoff 0.6).

    >>> closest(["amount", "jumlah", "biaya"], ["pusat biaya", "Jumlh", "Kategori"])
    'Jumlh'
    """
    import difflib

    by_compact: dict[str, str] = {}
    for c in candidates:
        by_compact.setdefault(compact_name(c), c)
    best: tuple[float, str] | None = None
    for n in names:
        for match in difflib.get_close_matches(compact_name(n), list(by_compact), n=1, cutoff=0.6):
            score = difflib.SequenceMatcher(None, compact_name(n), match).ratio()
            if best is None or score > best[0]:
                best = (score, by_compact[match])
    return best[1] if best else None
