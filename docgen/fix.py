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
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .check import read_document
from .check.flow import Segment
from .check.locate import Located
from .check.reader import bad_values, read_package
from .check.report import GOI_Y
from .check.rules import run_checks
from .errors import DocgenError, Problem
from .extract import Extraction, para_lines, read_back, read_docx_file
from .fileio import atomic_write, check_target
from .i18n import N_, _, current_language
from .layout import LAYOUT, TWIPS_PER_MM
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
    """What ``docgen check`` found in the original, one line each (now set right)."""
    rewritten: list[tuple[str, str]] = field(default_factory=list)
    """(before, after) of lines whose words stayed but whose punctuation or capitals changed."""
    layout: list[str] = field(default_factory=list)
    """Margins and font sizes that changed, ``Lề trái: 25 → 30 mm``, within the decree or not."""

    def report_lines(self) -> list[str]:
        """What ``docgen sua`` prints: changes first, then what could not be carried."""
        lines = [_("Đã sửa: {deviation}").format(deviation=d) for d in self.deviations]
        lines += [_("Đã đổi: {change}").format(change=d) for d in self.layout]
        lines += [_("Đã sửa dấu câu, chữ hoa: «{before}» → «{after}»").format(before=a, after=b)
                  for a, b in self.rewritten]
        lines += self.extraction.report_lines()
        return lines


def _key(line: str) -> tuple[str, ...]:
    text = unicodedata.normalize("NFC", line).lower().replace("**", "").replace("*", "")
    return tuple(_WORD.findall(text))


def _lines(found: Located) -> list[str]:
    return [line for para in found.flow.paras for line in para_lines(para, markup=False)]


_MARGINS = {"top": N_("Lề trên: {before} mm → {after} mm"),
            "bottom": N_("Lề dưới: {before} mm → {after} mm"),
            "left": N_("Lề trái: {before} mm → {after} mm"),
            "right": N_("Lề phải: {before} mm → {after} mm")}


def _sizes(found: Located) -> dict[str, float]:
    """The font size of each element, where the document uses one size for it."""
    parts: dict[str, list[Segment | None]] = {
        "quoc_hieu": [found.quoc_hieu], "tieu_ngu": [found.tieu_ngu],
        "co_quan": list(found.co_quan), "so_ky_hieu": [found.so],
        "dia_danh_ngay": [found.date], "noi_dung": [s for p in found.body for s in p.segments],
        "chuc_vu": [found.chuc_vu], "ho_ten": [found.ho_ten]}
    out: dict[str, float] = {}
    for key, segments in parts.items():
        weights: Counter[float] = Counter()
        for segment in segments:
            for run in segment.visible_runs() if segment is not None else []:
                if run.size:
                    weights[run.size] += len(run.text)
        if weights:
            out[key] = weights.most_common(1)[0][0]
    return out


def _number(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def _layout_changes(before: Located, after: Located) -> list[str]:
    """Margins of the first page and sizes of the elements that differ between the two."""
    out: list[str] = []
    if before.flow.sections and after.flow.sections:
        old, new = before.flow.sections[0].margins, after.flow.sections[0].margins
        for key, change in _MARGINS.items():
            a, b = old.get(key, 0) / TWIPS_PER_MM, new.get(key, 0) / TWIPS_PER_MM
            if round(a) != round(b):
                out.append(_(change).format(before=round(a), after=round(b)))
    old_sizes, new_sizes = _sizes(before), _sizes(after)
    for key, size in old_sizes.items():
        if key in new_sizes and new_sizes[key] != size:
            out.append(_("Cỡ chữ {element}: {before} → {after}").format(
                element=LAYOUT[key].label, before=_number(size),
                after=_number(new_sizes[key])))
    return out


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


def fix_bytes(data: bytes, name: str | None = None) -> Fixed:
    """The conformant version of the .docx ``data`` (the input itself is not changed).

    Raises :class:`DocgenError` when the document lacks values a form needs (a blank template):
    the message names each one; ``docgen extract`` then writes a form to fill in.
    """
    name = name or _("văn bản")
    extraction = read_back(data, name)
    if extraction.van_ban is None:
        hint = _("Điền vào văn bản gốc rồi chạy lại, hoặc chạy docgen extract để có tệp biểu "
                 "mẫu rồi điền vào đó.")
        raise DocgenError(*[Problem(_("văn bản thiếu {problem}").format(problem=p.message),
                                    file=name, hint=hint)
                            for p in extraction.problems])
    new = render_docx(extraction.van_ban)
    before = read_document(read_package(data, name))
    after = read_document(read_package(new, name))
    with bad_values(name):
        findings = run_checks(before)
    lang = current_language()
    deviations = [_("(gợi ý) {finding}").format(finding=f.message(lang))
                  if f.severity == GOI_Y else f.message(lang) for f in findings]
    return Fixed(new, extraction, deviations, _rewritten(_lines(before), _lines(after)),
                 _layout_changes(before, after))


def fix_file(source: Path | str, output: Path | str, *, overwrite: bool = False,
             original: Path | str | None = None) -> Fixed:
    """Write the conformant version of ``source`` to ``output`` (atomically).

    ``output`` is never the source (nor ``original``, the file ``source`` was converted from),
    and an existing ``output`` is kept unless ``overwrite``.
    """
    source, output = Path(source), Path(output)
    originals = {source.resolve()} | ({Path(original).resolve()} if original else set())
    if output.resolve() in originals:
        raise DocgenError(Problem(_("tệp ghi ra trùng với tệp gốc; docgen không ghi đè văn "
                                    "bản gốc"), file=str(output),
                                  hint=_("Chọn tên khác, ví dụ -o {name}").format(
                                      name=f"{source.stem}-da-sua.docx")))
    check_target(output, overwrite=overwrite)  # "-o ." or "-o /" names a folder, not a file
    if output.suffix.lower() != ".docx":
        raise DocgenError(Problem(_("tệp ghi ra phải có đuôi .docx"), file=str(output),
                                  hint=_("Ví dụ: -o {name}").format(
                                      name=output.with_suffix(".docx"))))
    if output.exists() and not overwrite:
        raise DocgenError(Problem(_("tệp đã có, docgen không ghi đè"), file=str(output),
                                  hint=_("Chọn tên khác, hoặc thêm --overwrite để ghi đè.")))
    data = read_docx_file(source)
    fixed = fix_bytes(data, str(source))
    atomic_write(output, fixed.data, overwrite=overwrite)
    return fixed
