"""``docgen sua``: make a document conformant — read it back, then write it again.

A document made in Word is read into the form contract (:func:`docgen.extract.read_back`) and
rendered by docgen, so every size, margin, line and punctuation mark follows the decree. What the
clerk needs to know is reported, in Vietnamese:

* what changed: each deviation ``docgen check`` found in the original (sizes, margins, fonts,
  order of blocks, punctuation…), all of which the new document gets right, and each line whose
  words stayed but whose punctuation or capitals changed;
* what could not be carried: the same warnings as ``docgen extract`` (images, footnotes,
  paragraphs outside any part of the form…).

The original file is only read, never written.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .check import check_package
from .check.flow import read_flow
from .check.reader import read_package
from .check.report import GOI_Y
from .errors import DocgenError, Problem
from .extract import Extraction, para_lines, read_back, read_docx_file
from .fileio import atomic_write
from .render import render_docx

__all__ = ["Fixed", "fix_bytes", "fix_file"]

_WORD = re.compile(r"\w+")


@dataclass
class Fixed:
    """The conformant document and what was done to get it."""

    data: bytes
    """The new .docx."""
    extraction: Extraction
    deviations: list[str] = field(default_factory=list)
    """What ``docgen check`` found in the original, one Vietnamese line each (now set right)."""
    rewritten: list[tuple[str, str]] = field(default_factory=list)
    """(before, after) of lines whose words stayed but whose punctuation or capitals changed."""

    def report_lines(self) -> list[str]:
        """What ``docgen sua`` prints: changes first, then what could not be carried."""
        lines = [f"Đã sửa: {d}" for d in self.deviations]
        lines += [f"Đã sửa dấu câu, chữ hoa: «{a}» → «{b}»" for a, b in self.rewritten]
        lines += self.extraction.report_lines()
        return lines


def _key(line: str) -> tuple[str, ...]:
    text = unicodedata.normalize("NFC", line).lower().replace("**", "").replace("*", "")
    return tuple(_WORD.findall(text))


def _lines(data: bytes, name: str) -> list[str]:
    flow = read_flow(read_package(data, name))
    return [line for para in flow.paras for line in para_lines(para, markup=False)]


def _rewritten(before: list[str], after: list[str]) -> list[tuple[str, str]]:
    """Lines of ``before`` that ``after`` holds with the same words but other punctuation."""
    exact = set(after)
    by_words: dict[tuple[str, ...], str] = {}
    for line in after:
        by_words.setdefault(_key(line), line)
    out: list[tuple[str, str]] = []
    for line in before:
        if line in exact:
            continue
        key = _key(line)
        match = by_words.get(key) if key else None
        if match is not None and match != line:
            out.append((line, match))
    return out


def fix_bytes(data: bytes, name: str = "văn bản") -> Fixed:
    """The conformant version of the .docx ``data`` (the input itself is not changed).

    Raises :class:`DocgenError` when the document lacks values a form needs (a blank template):
    the message names each one; ``docgen extract`` then writes a form to fill in.
    """
    extraction = read_back(data, name)
    if extraction.van_ban is None:
        raise DocgenError(*[Problem(f"văn bản thiếu {p.message}", file=name,
                                    hint="Điền vào văn bản gốc rồi chạy lại, hoặc chạy docgen "
                                         "extract để có tệp biểu mẫu rồi điền vào đó.")
                            for p in extraction.problems])
    new = render_docx(extraction.van_ban)
    report = check_package(read_package(data, name))
    deviations = [("(gợi ý) " if f.severity == GOI_Y else "") + f.message("vi")
                  for f in report.findings]
    return Fixed(new, extraction, deviations, _rewritten(_lines(data, name), _lines(new, name)))


def fix_file(source: Path | str, output: Path | str, *, overwrite: bool = False,
             original: Path | str | None = None) -> Fixed:
    """Write the conformant version of ``source`` to ``output`` (atomically).

    ``output`` is never the source (nor ``original``, the file ``source`` was converted from),
    and an existing ``output`` is kept unless ``overwrite``.
    """
    source, output = Path(source), Path(output)
    originals = {source.resolve()} | ({Path(original).resolve()} if original else set())
    if output.resolve() in originals:
        raise DocgenError(Problem("tệp ghi ra trùng với tệp gốc; docgen không ghi đè văn bản "
                                  "gốc", file=str(output),
                                  hint=f"Chọn tên khác, ví dụ -o {source.stem}-da-sua.docx"))
    if output.suffix.lower() != ".docx":
        raise DocgenError(Problem("tệp ghi ra phải có đuôi .docx", file=str(output),
                                  hint=f"Ví dụ: -o {output.with_suffix('.docx')}"))
    if output.exists() and not overwrite:
        raise DocgenError(Problem("tệp đã có, docgen không ghi đè", file=str(output),
                                  hint="Chọn tên khác, hoặc thêm --overwrite để ghi đè."))
    data = read_docx_file(source)
    fixed = fix_bytes(data, str(source))
    atomic_write(output, fixed.data, overwrite=overwrite)
    return fixed
