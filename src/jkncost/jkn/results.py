"""What a JKN rule command returns and prints: an itemised result with its rule, source and notes.

:class:`RuleResult` is the base of the contribution, late-payment and upgrade results
(:mod:`jkncost.jkn.contributions`, :mod:`~jkncost.jkn.penalties`, :mod:`~jkncost.jkn.upgrade`);
:func:`render` draws any result as a plain-text table; the command-line helpers below are shared by
``jkncost contribution``, ``late-penalty`` and ``upgrade``. The rule tables themselves, and which rule
was in force on a date, are :mod:`jkncost.jkn.rules` and :mod:`jkncost.jkn.lookup`.

Examples
--------
>>> from jkncost.jkn.amounts import LineItem
>>> print(render("Example", [("segment", "pbpu")], [LineItem("iuran", "member", 42000, "class 3")], ["a note"]))
Example
=======
segment : pbpu
<BLANKLINE>
item   payer      amount  formula
-----  ------  ---------  -------
iuran  member  Rp 42.000  class 3
<BLANKLINE>
note: a note
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from typing import ClassVar

from jkncost.errors import InputError, Problem
from jkncost.jkn.amounts import ROUNDING, LineItem
from jkncost.money import format_rupiah


@dataclass(kw_only=True)
class RuleResult:
    """What every itemised result of a rule carries: the rule, its source and dates, rounding and notes.

    Subclasses add their own fields, set :attr:`TITLE` and give the header rows in :meth:`_fields`
    (and any extra notes in :meth:`_notes`); :meth:`to_text` and :meth:`to_dict` do the rest. The
    citation fields are filled from :meth:`Rule.citation`.
    """

    TITLE: ClassVar[str] = "JKN rule"

    rule: str
    source: str
    effective: str
    verified: bool
    evidence: str
    transcribed_from: str
    rounding: str = ROUNDING
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        """Plain JSON-ready data (line items as dicts): the result's own fields, then the citation."""
        data = asdict(self)
        common = [f.name for f in fields(RuleResult)]
        return {**{k: v for k, v in data.items() if k not in common}, **{k: data[k] for k in common}}

    def _fields(self) -> list[tuple[str, object]]:
        return []

    def _notes(self) -> list[str]:
        return []

    def to_text(self) -> str:
        """A readable table: the result's header rows, the rule and its source, the items, the notes."""
        citation = [("rule", self.rule), ("source", self.source), ("in force", self.effective),
                    ("verified", "yes" if self.verified else "no"), ("evidence", self.evidence)]
        return render(self.TITLE, [*self._fields(), *citation], getattr(self, "items", []),
                      [*self._notes(), *self.notes, self.rounding])


def result_dict(obj) -> dict[str, object]:
    """A dataclass result as plain JSON-ready data (line items as dicts)."""
    return obj.to_dict() if isinstance(obj, RuleResult) else asdict(obj)


def render(title: str, fields: list[tuple[str, object]], items: list[LineItem], notes: list[str]) -> str:
    """A readable plain-text table of a result: header fields, the items, then the notes.

    Field values are printed as given (format money with :func:`jkncost.money.format_rupiah` first);
    item amounts are formatted as rupiah.
    """
    lines = [title, "=" * len(title)]
    width = max(len(k) for k, _ in fields) if fields else 0
    for key, value in fields:
        lines.append(f"{key.ljust(width)} : {value}")
    if items:
        lines.append("")
        w_item = max(len("item"), *(len(i.item) for i in items))
        w_payer = max(len("payer"), *(len(i.payer) for i in items))
        amounts = [format_rupiah(i.amount) for i in items]
        w_amount = max(len("amount"), *(len(a) for a in amounts))
        lines.append(f"{'item'.ljust(w_item)}  {'payer'.ljust(w_payer)}  {'amount'.rjust(w_amount)}  formula")
        lines.append(f"{'-' * w_item}  {'-' * w_payer}  {'-' * w_amount}  -------")
        for i, a in zip(items, amounts):
            lines.append(f"{i.item.ljust(w_item)}  {i.payer.ljust(w_payer)}  {a.rjust(w_amount)}  {i.formula}")
    if notes:
        lines.append("")
        lines.extend(f"note: {n}" for n in notes)
    return "\n".join(lines)



# --- command-line helpers shared by ``jkncost contribution``, ``late-penalty`` and ``upgrade`` ---------


def add_command(subparsers, name: str, help: str, description: str, options: list[tuple[str, dict]], handler):
    """Add sub-command ``name`` with ``options`` (flag, keyword arguments of ``add_argument``) and ``--json``."""
    parser = subparsers.add_parser(name, help=help, description=description)
    for flag, kwargs in options:
        parser.add_argument(flag, **kwargs)
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.set_defaults(handler=handler)
    return parser


def require(args, *names: str, hint: str = "") -> None:
    """Refuse a missing option: ``--name: is required`` (plus ``hint``, e.g. ``' (or use --list-segments)'``)."""
    for name in names:
        if getattr(args, name) in (None, ""):
            raise InputError(Problem("--" + name.replace("_", "-"), f"is required{hint}"))


def print_result(result: RuleResult, as_json: bool) -> int:
    """Print a result as JSON or as its text table; exit status 0."""
    print(json.dumps(result.to_dict(), indent=2, ensure_ascii=False) if as_json else result.to_text())
    return 0
