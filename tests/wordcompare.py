"""Comparing the words of two .docx files: what a round trip (extract → render) lost.

Words are compared as a reader would: case, punctuation and the old tone placement (``hoà``,
``uỷ``) do not matter; a word counts as kept when the other document has it as often.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections import Counter

from lxml import etree

from docgen.ooxml import W as W_URI

W = f"{{{W_URI}}}"
_VARIANTS = {"oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa", "uỷ": "ủy",
             "uý": "úy", "uỳ": "ùy", "uỹ": "ũy", "uỵ": "ụy", "oè": "òe", "oé": "óe",
             "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe"}
_WORD = re.compile(r"\w+", re.UNICODE)


def fold(word: str) -> str:
    """A word as compared: NFC, lower case, the decree's tone placement."""
    word = unicodedata.normalize("NFC", word).lower()
    for old, new in _VARIANTS.items():
        word = word.replace(old, new)
    return word


def words_of_text(text: str) -> Counter[str]:
    """The folded words of ``text``."""
    text = unicodedata.normalize("NFC", text)
    return Counter(fold(m) for m in _WORD.findall(text))


def docx_text(data: bytes) -> str:
    """All text of the main document part, paragraphs on their own lines."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        root = etree.fromstring(zf.read("word/document.xml"))
    lines = []
    for p in root.iter(W + "p"):
        # Soft breaks and tabs separate words as spaces do.
        lines.append("".join(el.text or "" if el.tag == W + "t" else " " for el in p.iter(
            W + "t", W + "br", W + "cr", W + "tab")))
    return "\n".join(lines)


def lost_words(original: bytes, again: bytes, named: str = "") -> Counter[str]:
    """Words of ``original`` missing from ``again`` and not found in ``named`` (the warnings)."""
    missing = words_of_text(docx_text(original)) - words_of_text(docx_text(again))
    allowed = set(words_of_text(named))
    return Counter({w: n for w, n in missing.items() if w not in allowed})
