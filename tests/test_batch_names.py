"""Safe file names from hostile roster text."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from docgen.batch.names import MAX_STEM, NameAllocator, safe_name, safe_stem

# Hypothesis' per-example deadline is off: the first example pays for imports and caches, which
# a loaded CI machine can push past 200 ms.
SAFE = re.compile(r"[a-z0-9_][a-z0-9._-]*")
RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
            *(f"lpt{i}" for i in range(1, 10))}

# Text a spreadsheet can hold: every plane, combining marks, separators, controls.
hostile = st.text(st.characters(exclude_categories=["Cs"]), max_size=300) | st.sampled_from([
    "../../x", "..", ".", "/", "\\", "C:\\Windows\\win.ini", "/etc/passwd", "CON", "con.docx",
    "LPT1", "Thôn 3/4", "thôn\x00ẩn", "a" * 500, unicodedata.normalize("NFD", "Làng Đăk Wớt"),
    "\u202eexe.docx", " ", "", "..docx", "Ｔｈôｎ　１",
])


@settings(deadline=None)
@given(hostile)
def test_safe_stem_is_safe(text: str) -> None:
    stem = safe_stem(text)
    assert SAFE.fullmatch(stem), stem
    assert len(stem) <= MAX_STEM
    assert ".." not in stem
    assert not stem.endswith((".", "-", "_"))
    assert stem.split(".")[0] not in RESERVED
    assert safe_stem(text) == stem  # deterministic
    assert safe_stem(stem) == stem  # already safe stays as it is


@settings(deadline=None)
@given(hostile)
def test_nfc_and_nfd_give_the_same_name(text: str) -> None:
    assert safe_stem(unicodedata.normalize("NFD", text)) == \
        safe_stem(unicodedata.normalize("NFC", text))


@settings(deadline=None)
@given(st.lists(hostile, max_size=40))
def test_allocator_gives_distinct_deterministic_names(texts: list[str]) -> None:
    first = NameAllocator()
    names = [first.allocate(safe_stem(t)) for t in texts]
    assert len({n.casefold() for n in names}) == len(names)
    assert all(SAFE.fullmatch(n) and len(n) <= MAX_STEM for n in names)
    second = NameAllocator()
    assert [second.allocate(safe_stem(t)) for t in texts] == names


def test_examples() -> None:
    assert safe_stem("../../x") == "x"
    assert safe_stem("Thôn 3/4") == "thon-3-4"
    assert safe_stem("CON") == "_con"
    assert safe_stem("002-Làng Kà Bầy") == "002-lang-ka-bay"
    assert safe_stem(unicodedata.normalize("NFD", "Đắk Lắk")) == "dak-lak"
    assert safe_stem("漢字") == "van-ban"
    # Reserved name made safe by a prefix, then cut to length: must not end in ".".
    long_con = safe_stem("con." + "a" * 74 + ".b")
    assert long_con == "_con." + "a" * 74 and len(long_con) <= MAX_STEM
    allocator = NameAllocator(reserved=("tat-ca",))
    assert [allocator.allocate(s) for s in ("a", "a", "tat-ca", "a-2", "a")] == \
        ["a", "a-2", "tat-ca-2", "a-2-2", "a-3"]


WINDOWS_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]')


@settings(deadline=None)
@given(hostile)
def test_safe_name_keeps_vietnamese_and_is_safe(text: str) -> None:
    name = safe_name(text)
    assert not WINDOWS_FORBIDDEN.search(name), name
    assert name == unicodedata.normalize("NFC", name)
    assert len(name) <= MAX_STEM and len(name.encode()) <= 200
    assert ".." not in name and not name.startswith((".", "-", " ", "=", "+", "@"))
    assert not name.endswith((".", " "))
    assert name.split(".")[0].strip().casefold() not in RESERVED
    assert safe_name(name) == name  # already safe stays as it is


def test_safe_name_examples() -> None:
    assert safe_name("Đôn đốc thôn Tân Sang") == "Đôn đốc thôn Tân Sang"
    assert safe_name(unicodedata.normalize("NFD", "Làng Đăk Wớt")) == "Làng Đăk Wớt"
    assert safe_name("Thôn 3/4: ai?") == "Thôn 3-4- ai"
    assert safe_name("=HYPERLINK(1)") == "HYPERLINK(1)"
    assert safe_name("CON") == "_CON"
    assert safe_name("  ") == "van-ban"
