"""The body of a document (``noi_dung``) as paragraphs of styled runs.

A clerk writes the body as lines of text: each non-empty line is a paragraph, a line starting
with ``- `` is a dash item, ``**bold**`` and ``*italic*`` mark emphasis. The body closes with
``./.`` (R-33).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from .text import fold_spaces

END_MARK = "./."

_EMPHASIS = re.compile(r"\*\*(?P<bold>[^*\n]+?)\*\*|\*(?P<italic>[^*\n]+?)\*")
_DASHES = ("- ", "– ", "— ", "+ ")


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


def parse_inline(line: str) -> tuple[Run, ...]:
    """Split ``line`` into runs by ``**bold**`` and ``*italic*`` marks.

    An asterisk that opens no pair is kept as text, so ``5 * 3`` survives.
    """
    runs: list[Run] = []
    pos = 0
    for m in _EMPHASIS.finditer(line):
        if m.start() > pos:
            runs.append(Run(line[pos : m.start()]))
        if m.group("bold") is not None:
            runs.append(Run(m.group("bold"), bold=True))
        else:
            runs.append(Run(m.group("italic"), italic=True))
        pos = m.end()
    if pos < len(line):
        runs.append(Run(line[pos:]))
    return tuple(runs)


def with_end_mark(text: str) -> str:
    """``text`` closed with ``./.``: ``thực hiện.`` → ``thực hiện./.``, never doubled."""
    text = text.rstrip()
    if text.endswith(END_MARK):
        return text
    if text.endswith("."):
        return text + "/."
    return text.rstrip(";,:") + END_MARK


def parse_body(noi_dung: str) -> list[Paragraph]:
    """The paragraphs of ``noi_dung``, the last one closed with ``./.``."""
    lines = [fold_spaces(line) for line in noi_dung.splitlines()]
    lines = [line for line in lines if line]
    if not lines:
        return []
    lines[-1] = with_end_mark(lines[-1])
    paragraphs = []
    for line in lines:
        kind: Literal["text", "dash"] = "text"
        if line.startswith(_DASHES) and len(line) > 2:
            kind = "dash"
            if line[0] in "–—":  # an en or em dash typed by Word's autocorrect
                line = "-" + line[1:]
        paragraphs.append(Paragraph(parse_inline(line), kind))
    return paragraphs


def strip_end_mark(text: str) -> str:
    """Inverse of :func:`with_end_mark` for text read back from a document."""
    text = text.rstrip()
    if text.endswith(END_MARK):
        # Keep the full stop: with_end_mark("x;.") gives back "x;./." exactly.
        return text[:-2]
    return text
