"""Errors that point at the place in the input that is wrong.

Every problem with user input becomes one line ``file:row: column 'c': what is wrong``; the command
line prints it and exits with status 2 (:data:`EXIT_INPUT`), before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass

EXIT_INPUT = 2


def one_line(text: object, limit: int = 400) -> str:
    """``text`` on one line (runs of white space made one space), cut to ``limit`` characters with ``...``.

    What a row of a batch or sweep table says about a failure, so one failure stays one line of CSV.

    Examples
    --------
    >>> one_line("costs.csv:3:   column 'amount':   not a number ")
    "costs.csv:3: column 'amount': not a number"
    >>> len(one_line("x" * 500))
    400
    """
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[: limit - 3] + "..."


@dataclass(frozen=True)
class Problem:
    """One problem found in an input file.

    ``row`` is the row as a person sees it in a spreadsheet or text editor: the header is row 1,
    the first data row is row 2. ``None`` when the problem concerns the file as a whole.
    """

    file: str
    message: str
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        return self.in_lang("en")

    def in_lang(self, lang: str) -> str:
        """The line in ``lang`` (``en`` or ``id``): the words around file, row and column, and the message
        when it comes from the label catalogue (a :class:`jkncost.labels.Text`); other messages stay English.

        >>> from jkncost.labels import Text
        >>> p = Problem("costs.csv", Text("error.value_missing", hint=""), row=4, column="amount")
        >>> str(p), p.in_lang("id")
        ("costs.csv:4: column 'amount': value is missing", "costs.csv:4: kolom 'amount': nilai kosong")
        """
        from jkncost.labels import in_lang, label  # the catalogue sits beside this module, at the bottom

        where = self.file if self.row is None else f"{self.file}:{self.row}"
        col = f" {label('error.column', lang, column=self.column)}:" if self.column else ""
        return f"{where}:{col} {in_lang(self.message, lang)}"


class InputError(ValueError):
    """Bad user input; carries every :class:`Problem` found (the first is the headline)."""

    def __init__(self, problems: list[Problem] | Problem | str):
        if isinstance(problems, str):
            problems = [Problem(file="<input>", message=problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        if not problems:
            raise ValueError("InputError needs at least one problem")
        self.problems: list[Problem] = list(problems)
        super().__init__(self.in_lang("en"))

    def in_lang(self, lang: str) -> str:
        """The one line in ``lang``: the first problem (:meth:`Problem.in_lang`) and how many others there are."""
        from jkncost.labels import label

        more = f" {label('error.more_problems', lang, n=len(self.problems) - 1)}" if len(self.problems) > 1 else ""
        return f"{self.problems[0].in_lang(lang)}{more}"


def error_line(exc: BaseException, lang: str | None = None) -> str:
    """What the command line prints after ``jkncost CMD: error:`` (``kesalahan:``): ``exc`` in ``lang``.

    >>> error_line(InputError([Problem("a.csv", "x"), Problem("a.csv", "y")]), "id")
    'a.csv: x (dan 1 masalah lain)'
    """
    if isinstance(exc, InputError) and lang:
        return exc.in_lang(lang)
    return str(exc)
