"""Safe, deterministic file names for batch outputs.

A name comes from roster data a clerk (or anyone who sent the spreadsheet) typed, so it is
treated as hostile: it must not leave the output folder, must not be a name Windows refuses, and
must survive every file system and zip tool. :func:`safe_name` keeps Vietnamese letters (NFC)
and drops what Windows forbids; :func:`safe_stem` folds to a short ASCII slug (``--ten-ascii``);
:class:`NameAllocator` makes the names of one batch distinct, numbering collisions in row order.
"""

from __future__ import annotations

import re
import unicodedata

from ..text import ascii_fold, nfc

__all__ = ["MAX_STEM", "NameAllocator", "safe_name", "safe_stem"]

MAX_STEM = 80
"""Longest stem in characters (all ASCII): leaves room for ``-1234.docx`` under Windows' 255
per name and keeps full paths short for archive tools."""

FALLBACK = "van-ban"

# Names Windows reserves whatever the extension (CON.docx is still the console).
_RESERVED = frozenset(
    ["con", "prn", "aux", "nul", "conin$", "conout$"]
    + [f"com{i}" for i in range(1, 10)] + [f"lpt{i}" for i in range(1, 10)]
)
_NOT_SAFE = re.compile(r"[^a-z0-9._-]+")
_DASHES = re.compile(r"[-_]*-[-_]*")


MAX_STEM_BYTES = 200
"""Longest stem in UTF-8 bytes (ext4 and NTFS allow 255 per name, with the suffix)."""

_FORBIDDEN = re.compile("[<>:\"/\\\\|?*\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e"
                        "\u2066-\u2069\ufeff]+")
"""Characters Windows forbids in names, controls, and invisible or direction-changing marks
(``\u202e`` would show ``exe.docx`` as ``xcod.exe``)."""
_EDGES = " .-_=+@'"


def safe_name(text: str, *, max_len: int = MAX_STEM, fallback: str = FALLBACK) -> str:
    r"""``001 - Thôn 3/4`` → ``001 - Thôn 3-4``: a file name stem that keeps Vietnamese letters.

    NFC; any character Windows forbids (``<>:"/\|?*``), a control or an invisible mark becomes
    ``-``; runs of spaces become one; no ``..``; no leading or trailing space, dot, dash or
    formula sign; not a reserved Windows device name; at most ``max_len`` characters and
    :data:`MAX_STEM_BYTES` bytes. An empty result is ``fallback``.
    """
    name = _FORBIDDEN.sub("-", nfc(unicodedata.normalize("NFKC", text)))
    name = re.sub(r"\s+", " ", name)
    name = re.sub(r"\.{2,}", ".", name)
    name = re.sub(r"-{2,}", "-", name).strip(_EDGES)
    name = name[:max_len]
    while len(name.encode("utf-8")) > MAX_STEM_BYTES:
        name = name[:-1]
    name = name.strip(_EDGES)
    if not name:
        return fallback
    if name.split(".", 1)[0].strip().casefold() in _RESERVED:
        name = f"_{name}"[:max_len].rstrip(_EDGES)
    return name


def safe_stem(text: str, *, max_len: int = MAX_STEM, fallback: str = FALLBACK) -> str:
    """``001 - Thôn 3/4`` → ``001-thon-3-4``: a file name stem that is safe everywhere.

    Vietnamese letters are folded to ASCII (``Đắk`` → ``dak``), any other character becomes
    ``-``; the result is lower case (no collisions hidden by case-insensitive file systems), has
    no path separator, no ``..``, does not start or end with ``.``, ``-`` or ``_``, is not a
    reserved Windows device name and is at most ``max_len`` characters. An empty result is
    ``fallback``.
    """
    # NFKC first so compatibility forms (full-width digits, ligatures) fold to plain letters.
    folded = ascii_fold(unicodedata.normalize("NFKC", text)).lower()
    slug = _DASHES.sub("-", _NOT_SAFE.sub("-", folded))
    # Dots only between word parts: no "..", no leading dot (hidden file), no "-." pairs.
    slug = ".".join(part for part in (p.strip("-_") for p in slug.split(".")) if part)
    slug = slug[:max_len].strip(".-_")
    if not slug:
        return fallback
    if slug.split(".", 1)[0] in _RESERVED:
        # The prefix can push a "." to the end of the cut: strip again.
        slug = f"_{slug}"[:max_len].rstrip(".-_")
    return slug


class NameAllocator:
    """Hands out distinct stems in call order: ``a``, ``a-2``, ``a-3`` …

    Comparison ignores case, so two names never collide on Windows or macOS either. The same
    sequence of requests always gives the same names.
    """

    def __init__(self, reserved: tuple[str, ...] = ()) -> None:
        self._used: set[str] = {name.casefold() for name in reserved}
        self._next: dict[str, int] = {}

    def allocate(self, stem: str) -> str:
        """A stem not handed out before, ``stem`` itself when free."""
        key = stem.casefold()
        if key not in self._used:
            self._used.add(key)
            return stem
        n = self._next.get(key, 2)
        while True:
            suffix = f"-{n}"
            candidate = stem[: MAX_STEM - len(suffix)].rstrip(_EDGES) + suffix
            while len(candidate.encode("utf-8")) > MAX_STEM_BYTES + len(suffix):
                candidate = candidate[:-len(suffix) - 1].rstrip(_EDGES) + suffix
            n += 1
            if candidate.casefold() not in self._used:
                self._next[key] = n
                self._used.add(candidate.casefold())
                return candidate
