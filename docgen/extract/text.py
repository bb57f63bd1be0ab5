"""Lines of text as a reader sees them: soft breaks end a line, emphasis as form markup."""

from __future__ import annotations

import re

from ..check.flow import (
    FlowPara,
    Segment,
    clean_text,
)
from ..i18n import _

_ITEM_END = re.compile(r"[\s;,.]+$")


_DASH_ONLY = re.compile(r"^[-–—_‒−=.…\s]{3,}$")


_DASH = ("-", "–", "—", "+", "•", "‒", "−")


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _near(text: str) -> str:
    return _("gần đoạn «{text}»").format(text=_short(text, 40)) if text else ""


def _item(text: str) -> str:
    """A list item without its dash and end punctuation."""
    text = re.sub(r"^[-–—+•‒−]\s*", "", text.strip())
    return _ITEM_END.sub("", text).strip()


def _segment_lines(segments: list[Segment]) -> list[list[Segment]]:
    """Segments grouped by the line of their paragraph (soft breaks end a line)."""
    lines: dict[tuple[int, int], list[Segment]] = {}
    for s in segments:
        lines.setdefault((id(s.para), getattr(s, "line", 0)), []).append(s)
    return list(lines.values())


def _escape(text: str) -> str:
    """Document text as body markup that prints it as it is (as :func:`docgen.body.escape_markup`
    does, leaving a leading dash a list item, which is what it was in the document)."""
    return text.replace("\\", "\\\\").replace("*", "\\*").replace("|", "\\|").replace("<", "\\<")


def _marked(segments: list[Segment]) -> str:
    """Text of segments with bold and italic runs marked the way a form writes them (the text
    itself escaped, so an asterisk or a bar in the document stays one)."""
    out: list[str] = []
    for segment in segments:
        if out:
            out.append("\t")
        pending: list[tuple[str, str]] = []
        for run in segment.runs:
            mark = "**" if run.bold else "*" if run.italic else ""
            text = _escape(run.shown)
            if pending and pending[-1][0] == mark:
                pending[-1] = (mark, pending[-1][1] + text)
            else:
                pending.append((mark, text))
        for mark, text in pending:
            if not mark or not text.strip():
                out.append(text)
                continue
            for i, piece in enumerate(text.split("\n")):
                if i:
                    out.append("\n")
                if not piece.strip():
                    out.append(piece)
                    continue
                # Keep the spaces outside the marks, where the form syntax expects them.
                lead = piece[: len(piece) - len(piece.lstrip())]
                trail = piece[len(piece.rstrip()):]
                out.append(f"{lead}{mark}{piece.strip()}{mark}{trail}")
    return "".join(out)


def para_lines(para: FlowPara, *, markup: bool = True) -> list[str]:
    """The lines of a paragraph as a reader sees them: soft breaks end a line, tabs are spaces.

    With ``markup`` each line is body markup: bold and italic runs written ``**…**`` and
    ``*…*``, the characters markup uses escaped.
    """
    return [marked if markup else plain for marked, plain in marked_lines(para)]


def marked_lines(para: FlowPara) -> list[tuple[str, str]]:
    """(markup, plain text) of each line of a paragraph (see :func:`para_lines`)."""
    texts = [s for s in para.segments if s.runs]
    out: list[tuple[str, str]] = []
    for group in _segment_lines(texts):
        marked = _marked(group).split("\n")
        plain = "\t".join(s.shown for s in group).split("\n")
        for m, p in zip(marked, plain, strict=True):
            m, p = clean_text(m), clean_text(p)
            if p:
                out.append((m, p))
    return out


def _seg_lines(segment: Segment) -> list[str]:
    return [clean_text(x) for x in segment.shown.split("\n") if x.strip()]



