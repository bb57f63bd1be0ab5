"""The body of a document (``noi_dung``, articles, appendices) as paragraphs and tables.

A clerk writes the body as lines of text: each non-empty line is a paragraph, a line starting
with ``- `` is a dash item, ``**bold**`` and ``*italic*`` mark emphasis. Consecutive lines that
start with ``|`` are a table (Markdown pipe rows): the first row is the header, an optional
``|---|---|`` line after it is skipped; ``<br>`` inside a cell starts a new line of that cell.
The body closes with ``./.`` (R-33).

Escapes: a backslash makes the next markup character literal, so a value taken from a roster or
a parameter prints exactly as typed — ``\\*`` an asterisk, ``\\|`` a vertical bar (also inside a
table cell), ``\\-`` a dash at the start of a line that is not a list item, ``\\<`` a ``<`` that
opens no ``<br>``, ``\\\\`` a backslash.
A backslash before any other character is kept as it is. :func:`escape_markup` writes these
escapes (the batch's Jinja filter uses it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Literal

from .text import fold_spaces

END_MARK = "./."

_EMPHASIS = re.compile(r"\*\*(?P<bold>[^*\n]+?)\*\*|\*(?P<italic>[^*\n]+?)\*")
_DASHES = ("- ", "– ", "— ", "+ ")

# Escaped characters travel through parsing as private-use code points, which the markup
# patterns never match, and are turned back into the characters when runs are built.
_ESCAPABLE = {"\\": "\ue000", "*": "\ue001", "|": "\ue002", "-": "\ue003", "+": "\ue004",
              "–": "\ue005", "—": "\ue006", "<": "\ue007"}
_UNESCAPE = str.maketrans({v: k for k, v in _ESCAPABLE.items()})
_ESCAPE_SEQ = re.compile(r"\\([\\*|+\-–—<])")
_CELL_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_NUMBER = re.compile(r"[+-]?[\d.,%\s]*[\d.,%]")
"""A cell of figures: digits with their separators and percent signs (R-35 right-aligns it)."""
_RULE_ROW = re.compile(r"\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?")


def escape_markup(text: str) -> str:
    """``text`` with every markup character escaped, so the body prints it literally."""
    out = text.replace("\\", "\\\\").replace("*", "\\*").replace("|", "\\|").replace("<", "\\<")
    return re.sub(r"(?m)^(\s*)([-+–—])", r"\1\\\2", out)


def _protect(text: str) -> str:
    return _ESCAPE_SEQ.sub(lambda m: _ESCAPABLE[m.group(1)], text)


@dataclass(frozen=True)
class Run:
    """A stretch of text with one emphasis."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Paragraph:
    """One body paragraph; a ``dash`` item keeps its leading dash in ``runs``."""

    runs: tuple[Run, ...]
    kind: Literal["text", "dash"] = "text"

    @property
    def text(self) -> str:
        """The paragraph's plain text, as a reader sees it."""
        return "".join(r.text for r in self.runs)


@dataclass(frozen=True)
class Cell:
    """One table cell: its lines (each a tuple of runs), and whether it holds a number
    (right-aligned, R-35)."""

    lines: tuple[tuple[Run, ...], ...]

    @cached_property
    def text(self) -> str:
        """The cell's plain text, its lines joined by line breaks."""
        return "\n".join("".join(r.text for r in line) for line in self.lines)

    @cached_property
    def numeric(self) -> bool:
        """A number, amount or percentage on one line: ``1.234``, ``25,7%``."""
        return "\n" not in self.text and bool(_NUMBER.fullmatch(self.text.strip()))


@dataclass(frozen=True)
class Table:
    """A body table (R-35); ``rows[0]`` is the header row. Rows are padded to equal length."""

    rows: tuple[tuple[Cell, ...], ...]

    @property
    def columns(self) -> int:
        """Number of columns."""
        return len(self.rows[0])

    @property
    def text(self) -> str:
        """The cells' text, row by row, for word comparisons."""
        return "\n".join(" | ".join(c.text for c in row) for row in self.rows)


Block = Paragraph | Table


def _runs(line: str) -> tuple[Run, ...]:
    """Runs of an already protected line, escapes turned back into their characters."""
    runs: list[Run] = []
    pos = 0
    for m in _EMPHASIS.finditer(line):
        if m.start() > pos:
            runs.append(Run(line[pos : m.start()].translate(_UNESCAPE)))
        if m.group("bold") is not None:
            runs.append(Run(m.group("bold").translate(_UNESCAPE), bold=True))
        else:
            runs.append(Run(m.group("italic").translate(_UNESCAPE), italic=True))
        pos = m.end()
    if pos < len(line):
        runs.append(Run(line[pos:].translate(_UNESCAPE)))
    return tuple(runs)


def parse_inline(line: str) -> tuple[Run, ...]:
    """Split ``line`` into runs by ``**bold**`` and ``*italic*`` marks.

    An asterisk that opens no pair is kept as text, so ``5 * 3`` survives; ``\\*`` is always
    an asterisk.
    """
    return _runs(_protect(line))


def with_end_mark(text: str) -> str:
    """``text`` closed with ``./.``: ``thực hiện.`` → ``thực hiện./.``, never doubled."""
    text = text.rstrip()
    if text.endswith(END_MARK):
        return text
    if text.endswith("."):
        return text + "/."
    return text.rstrip(";,:") + END_MARK


def _table(lines: list[str]) -> Table:
    rows: list[list[Cell]] = []
    for i, line in enumerate(lines):
        if i == 1 and _RULE_ROW.fullmatch(line):
            continue
        inner = line.strip()
        inner = inner[1:] if inner.startswith("|") else inner
        inner = inner[:-1] if inner.endswith("|") else inner
        rows.append([Cell(tuple(_runs(fold_spaces(part)) for part in _CELL_BREAK.split(cell)))
                     for cell in inner.split("|")])
    width = max(len(row) for row in rows)
    return Table(tuple(tuple(row + [Cell(((),))] * (width - len(row))) for row in rows))


def parse_blocks(text: str, *, end_mark: bool = True) -> list[Block]:
    """The paragraphs and tables of ``text``; with ``end_mark`` the last paragraph is closed
    with ``./.`` (a body that ends with a table gets a ``./.`` paragraph after it)."""
    return list(_parse_blocks(text, end_mark))


@lru_cache(maxsize=256)
def _parse_blocks(text: str, end_mark: bool) -> tuple[Block, ...]:
    # Blocks are immutable; a document rendered again (or checked after rendering) reuses them.
    lines = [_protect(fold_spaces(line)) for line in text.splitlines()]
    lines = [line for line in lines if line]
    blocks: list[Block] = []
    table: list[str] = []
    for line in lines:
        if line.startswith("|"):
            table.append(line)
            continue
        if table:
            blocks.append(_table(table))
            table = []
        kind: Literal["text", "dash"] = "text"
        if line.startswith(_DASHES) and len(line) > 2:
            kind = "dash"
            if line[0] in "–—":  # an en or em dash typed by Word's autocorrect
                line = "-" + line[1:]
        blocks.append(Paragraph(_runs(line), kind))
    if table:
        blocks.append(_table(table))
    if end_mark and blocks:
        last = blocks[-1]
        if isinstance(last, Table):
            blocks.append(Paragraph((Run(END_MARK),)))
        else:
            blocks[-1] = close_paragraph(last)
    return tuple(blocks)


def close_paragraph(para: Paragraph) -> Paragraph:
    """``para`` with ``./.`` at its end (R-33), on its last run."""
    if not para.runs:
        return Paragraph((Run(END_MARK),), para.kind)
    *head, tail = para.runs
    closed = with_end_mark(tail.text)
    if tail.bold or tail.italic:  # the mark itself is not emphasised
        kept = tail.text.rstrip(";,: ")
        return Paragraph((*head, Run(kept, tail.bold, tail.italic), Run(closed[len(kept):])),
                         para.kind)
    return Paragraph((*head, Run(closed, tail.bold, tail.italic)), para.kind)


def parse_body(noi_dung: str) -> list[Paragraph]:
    """The paragraphs of ``noi_dung`` (tables left out), the last one closed with ``./.``."""
    return [b for b in parse_blocks(noi_dung) if isinstance(b, Paragraph)]


def strip_end_mark(text: str) -> str:
    """Inverse of :func:`with_end_mark` for text read back from a document."""
    text = text.rstrip()
    if text.endswith(END_MARK):
        # Keep the full stop: with_end_mark("x;.") gives back "x;./." exactly.
        return text[:-2]
    return text
