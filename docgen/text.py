"""Text hygiene for Vietnamese input: NFC, characters XML cannot carry, line folding."""

from __future__ import annotations

import re
import unicodedata

# XML 1.0 allows tab, newline, carriage return and everything from U+0020 except surrogates and
# U+FFFE/U+FFFF; a .docx holding anything else is refused by Word.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u3000]+")


def nfc(text: str) -> str:
    """Unicode NFC, the composed form TCVN 6909:2001 requires (R-03)."""
    return unicodedata.normalize("NFC", text)


def find_xml_illegal(text: str) -> str | None:
    """The first character of ``text`` that cannot appear in a .docx, or None."""
    m = _XML_ILLEGAL.search(text)
    return m.group() if m else None


def describe_char(ch: str) -> str:
    """``U+0007`` with its Unicode name when it has one, for error messages."""
    name = unicodedata.name(ch, "")
    return f"U+{ord(ch):04X}" + (f" ({name})" if name else "")


def one_line(text: str) -> str:
    """Collapse runs of spaces, tabs and line breaks into one space and strip the ends."""
    return _SPACES.sub(" ", " ".join(text.split("\n"))).strip().replace("\r", "")


def fold_spaces(text: str) -> str:
    """Collapse runs of horizontal white space inside one line."""
    return _SPACES.sub(" ", text).strip()


def ascii_fold(text: str) -> str:
    """Vietnamese letters folded to ASCII: ``Đắk Lắk`` → ``Dak Lak``."""
    text = text.replace("Đ", "D").replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def key_from_header(header: str) -> str:
    """A column header as an identifier: ``Tên thôn`` → ``ten_thon``."""
    folded = ascii_fold(nfc(header)).lower()
    return re.sub(r"[^a-z0-9]+", "_", folded).strip("_")
