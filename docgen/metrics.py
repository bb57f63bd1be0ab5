"""Text widths in Times New Roman, for rules that must be exactly as long as a line (R-12, R-15).

Widths come from Liberation Serif 2, metric-compatible with Times New Roman (see
``scripts/make_metrics.py``); a letter the table lacks is measured by its base letter, which is how
Vietnamese precomposed letters are built.
"""

from __future__ import annotations

import json
import unicodedata
from functools import cache, lru_cache
from pathlib import Path

from .ooxml import MM_PER_INCH, PT_PER_INCH

_METRICS_FILE = Path(__file__).with_name("font_metrics.json")


@cache
def _table() -> dict[str, dict]:
    return json.loads(_METRICS_FILE.read_text("utf-8"))


def _style(bold: bool, italic: bool) -> str:
    return ("bold" if bold else "") + ("italic" if italic else "") or "regular"


def text_width_pt(text: str, size_pt: float, *, bold: bool = False, italic: bool = False) -> float:
    """Advance width of ``text`` set in Times New Roman at ``size_pt``, in points."""
    style = _table()[_style(bold, italic)]
    widths: dict[str, int] = style["widths"]
    default = widths.get("n", 500)
    units = 0
    for ch in text:
        w = widths.get(ch)
        if w is None:
            base = unicodedata.normalize("NFD", ch)[:1]
            w = widths.get(base, 0 if unicodedata.combining(ch) else default)
        units += w
    return units * size_pt / style["units_per_em"]


def text_width_mm(text: str, size_pt: float, *, bold: bool = False, italic: bool = False) -> float:
    """Advance width of ``text`` in millimetres."""
    return text_width_pt(text, size_pt, bold=bold, italic=italic) * MM_PER_INCH / PT_PER_INCH


@lru_cache(maxsize=8192)
def word_width_pt(word: str, size_pt: float, bold: bool = False) -> float:
    """:func:`text_width_pt` of one word, remembered: table cells repeat the same words and
    numbers row after row."""
    return text_width_pt(word, size_pt, bold=bold)
