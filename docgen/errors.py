"""Errors a clerk reads: what is wrong, where (file, line, field or row) and how to fix it.

An error is data (:class:`Problem`); :class:`DocgenError` carries one or more of them so that the
CLI can print every problem in a form file at once, and tests can assert on fields rather than
on wording.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from pathlib import Path

from .i18n import _, current_language, language


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, located as precisely as docgen knows."""

    message: str
    """What is wrong, in the clerk's language (a message of the catalog)."""
    file: Path | str | None = None
    line: int | None = None
    field: str | None = None
    """Dotted path of the form field (``nguoi_ky.chuc_vu``) or a roster column."""
    hint: str | None = None
    """How to fix it, in the clerk's language."""
    row: int | None = None
    """Row number in a roster (as the spreadsheet shows it)."""
    column: int | None = None
    """Column (1-based character position) on ``line``, when it matters (a stray Tab)."""
    option: str | None = None
    """A command-line option (``--host``) or argument (``NAME``) at fault, as the clerk
    typed it; said "tùy chọn --host" / "đối số NAME", never as a form field."""
    lang: str = dataclass_field(default_factory=current_language, compare=False)
    """The language ``message`` and ``hint`` were given in (the one current when the problem
    was made): its location is said in the same language, wherever it is printed."""

    def location(self) -> str:
        """``tệp.yaml, dòng 12, trường nguoi_ky.chuc_vu`` — the parts that are known, in the
        problem's own language."""
        with language(self.lang):
            return self._location()

    def _location(self) -> str:
        parts = []
        if self.file is not None:
            parts.append(str(self.file))
        if self.row is not None:
            parts.append(_("hàng {row}").format(row=self.row))
        if self.line is not None:
            parts.append(_("dòng {line}").format(line=self.line))
        if self.column is not None:
            parts.append(_("cột {column}").format(column=self.column))
        if self.field:
            label = _("trường {field}") if self.row is None else _("cột {field}")
            parts.append(label.format(field=self.field))
        if self.option:
            # An option starts with a dash (--host); an argument is a bare name (NAME).
            label = _("tùy chọn {option}") if self.option.startswith("-") else _("đối số {option}")
            parts.append(label.format(option=self.option))
        return ", ".join(parts)

    def __str__(self) -> str:
        with language(self.lang):
            where = self._location()
            text = (_("{where}: {message}").format(where=where, message=self.message) if where
                    else self.message)
            if self.hint:
                text = _("{problem}\n    → {hint}").format(problem=text, hint=self.hint)
            return text


class DocgenError(Exception):
    """Bad input or an impossible request; nothing has been written.

    API callers catch this one class; the subclasses say which input was at fault.
    """

    problems: list[Problem]

    def __init__(self, *problems: Problem | str) -> None:
        self.problems = [p if isinstance(p, Problem) else Problem(p) for p in problems]
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)

    def located(self, **where: object) -> DocgenError:
        """A copy whose problems get ``where`` (file, row, …) where they lack it."""
        out = []
        for p in self.problems:
            values = {k: v for k, v in where.items() if getattr(p, k) is None}
            out.append(Problem(**{**p.__dict__, **values}))
        return type(self)(*out)


class FormError(DocgenError):
    """A form file, its profile (``dung_chung``) or its template (``mau``) is wrong."""


class RosterError(DocgenError):
    """A roster (.xlsx, .csv) cannot be read as one."""


class UnreadableDocument(DocgenError):
    """A file given as a document (.docx) is not one docgen can read safely."""


class ArchiveError(DocgenError):
    """The archive (register and stored files) refuses the request or is damaged."""


class OutputError(DocgenError):
    """A result cannot be written where it was asked to go (folder, permissions, disk)."""
