"""One judge for the tests asserting "English output has no Vietnamese outside quoted values".

docgen's English messages quote what comes from the documents and forms (a trích yếu, a name,
a cell of a roster, a line of the decree) exactly as it is, so those values stay Vietnamese;
every other word must be English. The tests check it mechanically:

- :data:`VIETNAMESE` is a letter English does not write;
- :func:`unquoted` takes out the quoted values («…», “…”, "…", '…') and the given exact values;
- :func:`vietnamese_left` / :func:`vietnamese_words` list what still holds such a letter;
- :func:`assert_english` asserts there is none, showing the offending lines and words.

An apostrophe inside or after a word (``agency's``, ``the clerks'``) opens no quote, so it
cannot pair with a later quote and hide the words between them. Quotes may nest
(``«Điều 1 “Sa Thầy”»``): the innermost span goes first, then the one around it.

``quotes=False`` spares nothing but the given values, for output that quotes no value of its
own (a web page whose values are marked ``lang="vi"``, a message with no value in it).

The module lives in ``tests/`` next to ``realdocs`` and ``checkcorpus``: pytest puts that folder
on ``sys.path`` (rootdir insertion, no ``__init__.py``), so tests import it as ``vietnamese``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

__all__ = ["QUOTED", "VIETNAMESE", "assert_english", "unquoted", "vietnamese_left",
           "vietnamese_words"]

VIETNAMESE = re.compile(r"[^\W\d_A-Za-z]")
"""A letter outside ASCII: every Vietnamese letter with a mark (ă, ơ, ệ, Đ…) and, to be safe,
any other accented or foreign letter (or number sign such as ²) — English output has none.
Text is NFC-normalized first, so a letter written as base + combining mark is caught too."""

QUOTED = re.compile(
    r"«[^«»\n]*»"                           # what the document says: «Điều 1. …»
    r"|“[^“”\n]*”"                          # a value or a decree line: “Sa Thầy”
    r'|"[^"\n]*"'                           # what to type: --tu "Điều 2"
    r"|(?<!\w)'(?:[^'\n]|(?<=\w)'(?=\w))*'(?!\w)"  # a value: 'Tên thôn' (not agency's)
)
"""One innermost quoted span: «…», “…”, "…" (an example to type) or '…'. ``'`` opens a quote
only where no letter or digit precedes it and closes one only where none follows, so
``agency's`` and ``clerks'`` are apostrophes; an apostrophe between two letters may sit inside
a quoted value ('the agency's name')."""


def _nfc(text: object) -> str:
    return unicodedata.normalize("NFC", str(text))


def unquoted(text: str, values: Iterable[object] = (), *, quotes: bool = True) -> str:
    """``text`` without the given exact ``values`` (file names, document values; longest first,
    so a value holding another goes whole) and, unless ``quotes`` is false, without every span
    quoted in «…», “…”, "…" or '…' (innermost first, so nested quotes go whole).

    Each taken-out span leaves a space, so the words around it stay apart."""
    text = _nfc(text)
    for value in sorted({_nfc(v) for v in values} - {""}, key=len, reverse=True):
        text = text.replace(value, " ")
    found = quotes
    while found:  # an outer quote matches only once the inner ones are gone
        text, found = QUOTED.subn(" ", text)
    return text


def vietnamese_left(text: str, values: Iterable[object] = (), *,
                    quotes: bool = True) -> list[str]:
    """The lines of ``text`` (as they are) that still hold a :data:`VIETNAMESE` letter once
    :func:`unquoted` took out the ``values`` and the quoted spans. ``[]`` means English."""
    values = tuple(values)
    return [line for line in text.splitlines()
            if VIETNAMESE.search(unquoted(line, values, quotes=quotes))]


def vietnamese_words(text: str, values: Iterable[object] = (), *,
                     quotes: bool = True) -> list[str]:
    """The words (split at spaces) of ``text`` holding a :data:`VIETNAMESE` letter once
    :func:`unquoted` took out the ``values`` and the quoted spans."""
    values = tuple(values)
    return [word for line in text.splitlines()
            for word in unquoted(line, values, quotes=quotes).split()
            if VIETNAMESE.search(word)]


def assert_english(text: str, values: Iterable[object] = (), *, quotes: bool = True) -> None:
    """Assert that ``text`` has no Vietnamese outside its quoted spans and ``values``.

    The failure names each offending line with its Vietnamese words, then the whole text, so a
    message left untranslated (or a value quoted the wrong way) is found at once."""
    values = tuple(values)
    left = vietnamese_left(text, values, quotes=quotes)
    if left:
        report = "\n".join(f"  {line!r}\n    words: {vietnamese_words(line, values, quotes=quotes)}"
                           for line in left)
        raise AssertionError(f"Vietnamese outside quoted values in {len(left)} line(s):\n"
                             f"{report}\n--- whole text:\n{text}")
