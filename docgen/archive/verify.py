"""What ``docgen archive verify`` proves: files, rows, the hash chain, the numbering.

Each register row carries the hash of the row written before it (:func:`.entry.chain_hash` over
its number, date, kind, trích yếu, signer, file hashes… and that previous hash), and the register
keeps the last hash as its chain head. Recomputing the chain therefore shows

- a row changed after it was written (its own hash no longer matches its content),
- a row removed or slipped in (the next row's link, or the positions 1, 2, 3…, break),
- rows removed from the end (the head names more rows, or another hash),
- a file changed together with the hash stored for it (the row's hash no longer matches),

even when someone with full access to the database removed the triggers first. What it cannot
show is a register rewritten from the altered row to the end with a new head: only a head noted
outside the database (the one printed on the exported register) exposes that.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..i18n import N_, _, ngettext
from .backend import ChainHead
from .entry import GENESIS, SOURCE_IMPORTED, Entry, chain_hash

_LINES = {
    "thieu": N_("THIẾU    {file}{where}: tệp không còn trong lưu trữ"),
    "sai": N_("BỊ SỬA   {file}{where}: nội dung khác với lúc cấp số (mã SHA-256 không khớp sổ)"),
    "ngoai-so": N_("NGOÀI SỔ {file}: tệp không có trong sổ đăng ký"),
    "sua-dong": N_("SỬA SỔ   dòng sổ{where} đã bị sửa sau khi ghi (mã chuỗi không khớp nội "
                   "dung){detail}"),
    "mat-dong": N_("MẤT DÒNG {detail}"),
    "chuoi-dut": N_("ĐỨT CHUỖI trước dòng{where}: {detail}"),
    "mat-cuoi": N_("MẤT CUỐI {detail}"),
    "khoang-trong": N_("BỎ SỐ   {detail}"),
    "trung-so": N_("TRÙNG SỐ {detail}"),
    "moc": N_("LỆCH MỐC {detail}"),
    "csdl": N_("CSDL     {detail}"),
}
"""The report line of each kind of finding: a tag in capitals, padded so the rest lines up."""


@dataclass(frozen=True)
class Finding:
    """One thing :meth:`Archive.verify` found wrong."""

    kind: str
    """``thieu`` (file missing), ``sai`` (file hash differs), ``ngoai-so`` (file not in the
    register), ``sua-dong`` (row changed), ``mat-dong`` (rows missing from the chain),
    ``chuoi-dut`` (a link broken), ``mat-cuoi`` (chain head does not match the last row),
    ``khoang-trong`` (a gap in a number series), ``trung-so`` (a number twice), ``moc`` (the
    chain differs from a head printed earlier) or ``csdl`` (the database's own check)."""
    file: str | None = None
    entry: Entry | None = None
    detail: str = ""
    """What exactly is wrong, in the language of the check (a message already translated)."""

    def _where(self) -> str:
        if self.entry is None:
            return ""
        return _(" (văn bản số {number}, năm {year})").format(number=self.entry.so_ky_hieu,
                                                             year=self.entry.nam)

    def __str__(self) -> str:
        """The report line, in the clerk's language (``detail`` was written in it)."""
        return _(_LINES[self.kind]).format(file=self.file, where=self._where(),
                                           detail=self.detail)


@dataclass(frozen=True)
class VerifyReport:
    """What :meth:`Archive.verify` checked and found."""

    entries: int
    files_checked: int
    findings: list[Finding] = field(default_factory=list)
    head: ChainHead = field(default_factory=lambda: ChainHead(0, GENESIS))
    """The chain head recomputed from the rows (compare with a printed register)."""

    @property
    def ok(self) -> bool:
        """Nothing missing, altered, unregistered, unchained or skipped."""
        return not self.findings


def _label(entry: Entry) -> str:
    return _("văn bản số {number} năm {year}").format(number=entry.so_ky_hieu, year=entry.nam)


def check_chain(rows: Sequence[Entry], head: ChainHead) -> tuple[list[Finding], ChainHead]:
    """Findings along the chain (``rows`` in chain order) and the head recomputed from them."""
    findings: list[Finding] = []
    previous: Entry | None = None
    for row in rows:
        expected_position = (previous.thu_tu or 0) + 1 if previous else 1
        if (row.thu_tu or 0) > expected_position:
            findings.append(Finding("mat-dong", entry=row, detail=_rows_removed(
                expected_position, (row.thu_tu or 0) - 1, previous, row)))
        elif row.bam_truoc != (previous.bam if previous else GENESIS):
            before = _label(previous) if previous else _("đầu sổ")
            findings.append(Finding("chuoi-dut", entry=row, detail=_(
                "mã của dòng trước ({before}) không còn như lúc ghi dòng này: dòng trước đã bị "
                "thay hoặc chèn").format(before=before)))
        if chain_hash(row) != row.bam:
            findings.append(Finding("sua-dong", entry=row))
        previous = row
    last = ChainHead(previous.thu_tu or 0, previous.bam or GENESIS) if previous else \
        ChainHead(0, GENESIS)
    if last.count < head.count:
        findings.append(Finding("mat-cuoi", detail=ngettext(
            "sổ ghi {recorded} dòng nhưng chỉ còn {left}: các dòng cuối đã bị xóa",
            "sổ ghi {recorded} dòng nhưng chỉ còn {left}: các dòng cuối đã bị xóa",
            head.count).format(recorded=head.count, left=last.count)))
    elif last != head:
        findings.append(Finding("mat-cuoi", detail=_(
            "đầu chuỗi của sổ ({head}) khác dòng cuối ({last}): sổ đã bị sửa").format(
                head=head, last=last)))
    return findings, last


def _rows_removed(first: int, last: int, previous: Entry | None, row: Entry) -> str:
    """What a gap in the chain positions ``first``–``last`` means, between two rows."""
    values = {"first": first, "last": last, "document": _label(row)}
    count = last - first + 1
    if previous is None:
        return ngettext("dòng thứ {first} của sổ đã bị xóa, trước {document}",
                        "các dòng thứ {first}–{last} của sổ đã bị xóa, trước {document}",
                        count).format(**values)
    return ngettext("dòng thứ {first} của sổ đã bị xóa (sau {previous}), trước {document}",
                    "các dòng thứ {first}–{last} của sổ đã bị xóa (sau {previous}), trước "
                    "{document}", count).format(**values, previous=_label(previous))


def check_anchors(rows: Sequence[Entry], anchors: dict[int, str]) -> list[Finding]:
    """Compare the chain with heads noted outside the database (``{position: hash}``, as printed
    under an exported register): a register rewritten behind docgen's back, or restored from an
    older backup, no longer holds them."""
    by_position = {row.thu_tu: row for row in rows}
    findings = []
    for position, expected in sorted(anchors.items()):
        row = by_position.get(position)
        if row is None:
            findings.append(Finding("moc", detail=_(
                "sổ không còn dòng thứ {position} mà bản in đã ghi (sổ bị cắt bớt hoặc khôi "
                "phục từ bản sao lưu cũ hơn)").format(position=position)))
        elif row.bam != expected.lower():
            findings.append(Finding("moc", entry=row, detail=_(
                "mã chuỗi ở dòng thứ {position} ({document}) khác mã đã in {printed}…: sổ đã bị "
                "viết lại từ đó trở về trước").format(position=position, document=_label(row),
                                                      printed=expected[:16])))
    return findings


def check_gaps(rows: Sequence[Entry]) -> list[Finding]:
    """Every number skipped in a series before a number docgen issued.

    docgen always issues one past the highest number, so a number missing below an issued
    one was there and is gone. Gaps below a number imported from a hand-kept register are the
    old register's own and are not reported.
    """
    series: dict[tuple[str, int, str], dict[int, Entry]] = defaultdict(dict)
    findings = []
    for row in rows:
        numbers = series[(row.co_quan, row.nam, row.day_so)]
        if row.so in numbers:
            # Only possible with the database's unique constraint removed.
            findings.append(Finding("trung-so", entry=row, detail=_(
                "số {number} năm {year} có hai dòng trong sổ (dòng thứ {first} và {second})"
            ).format(number=row.so_ky_hieu, year=row.nam, first=numbers[row.so].thu_tu,
                     second=row.thu_tu)))
        numbers.setdefault(row.so, row)
    for (co_quan, nam, day_so), numbers in sorted(series.items()):
        missing: list[int] = []
        for so in range(1, max(numbers) + 1):
            if so in numbers:
                if missing and numbers[so].nguon != SOURCE_IMPORTED:
                    findings.append(Finding("khoang-trong", entry=numbers[so], detail=_gap(
                        missing, co_quan, day_so, nam, numbers[so])))
                missing = []
            else:
                missing.append(so)
    return findings


def _gap(missing: list[int], co_quan: str, day_so: str, nam: int, before: Entry) -> str:
    """Numbers ``missing`` in a series, below ``before``."""
    values = {"first": f"{missing[0]:02d}", "last": f"{missing[-1]:02d}", "agency": co_quan,
              "series": day_so, "year": nam, "document": _label(before)}
    if day_so:
        text = ngettext("số {first} của {agency} dãy {series} năm {year} không có trong sổ "
                        "(trước {document})",
                        "các số {first}–{last} của {agency} dãy {series} năm {year} không có "
                        "trong sổ (trước {document})", len(missing))
    else:
        text = ngettext("số {first} của {agency} năm {year} không có trong sổ (trước {document})",
                        "các số {first}–{last} của {agency} năm {year} không có trong sổ (trước "
                        "{document})", len(missing))
    return text.format(**values)


def check_files(rows: Sequence[Entry], digests: dict[str, str]) -> tuple[list[Finding], int]:
    """Files missing, altered or not in the register; returns the findings and files checked."""
    findings: list[Finding] = []
    registered: set[str] = set()
    checked = 0
    for row in rows:
        for rel, expected in row.files():
            registered.add(rel)
            checked += 1
            actual = digests.get(rel)
            if actual is None:
                findings.append(Finding("thieu", rel, row))
            elif actual != expected:
                findings.append(Finding("sai", rel, row))
    findings += [Finding("ngoai-so", rel) for rel in sorted(digests) if rel not in registered]
    return findings, checked
