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

from .backend import ChainHead
from .entry import GENESIS, SOURCE_IMPORTED, Entry, chain_hash


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

    def _where(self) -> str:
        if self.entry is None:
            return ""
        return f" (văn bản số {self.entry.so_ky_hieu}, năm {self.entry.nam})"

    def __str__(self) -> str:
        where = self._where()
        messages = {
            "thieu": f"THIẾU    {self.file}{where}: tệp không còn trong lưu trữ",
            "sai": f"BỊ SỬA   {self.file}{where}: nội dung khác với lúc cấp số (mã SHA-256 không "
                   "khớp sổ)",
            "ngoai-so": f"NGOÀI SỔ {self.file}: tệp không có trong sổ đăng ký",
            "sua-dong": f"SỬA SỔ   dòng sổ{where} đã bị sửa sau khi ghi (mã chuỗi không khớp nội "
                        f"dung){self.detail}",
            "mat-dong": f"MẤT DÒNG {self.detail}",
            "chuoi-dut": f"ĐỨT CHUỖI trước dòng{where}: {self.detail}",
            "mat-cuoi": f"MẤT CUỐI {self.detail}",
            "khoang-trong": f"BỎ SỐ   {self.detail}",
            "trung-so": f"TRÙNG SỐ {self.detail}",
            "moc": f"LỆCH MỐC {self.detail}",
            "csdl": f"CSDL     {self.detail}",
        }
        return messages[self.kind]


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
    return f"văn bản số {entry.so_ky_hieu} năm {entry.nam}"


def check_chain(rows: Sequence[Entry], head: ChainHead) -> tuple[list[Finding], ChainHead]:
    """Findings along the chain (``rows`` in chain order) and the head recomputed from them."""
    findings: list[Finding] = []
    previous: Entry | None = None
    for row in rows:
        expected_position = (previous.thu_tu or 0) + 1 if previous else 1
        if (row.thu_tu or 0) > expected_position:
            first, last = expected_position, (row.thu_tu or 0) - 1
            span = f"dòng thứ {first}" if first == last else f"các dòng thứ {first}–{last}"
            after = f" (sau {_label(previous)})" if previous else ""
            findings.append(Finding("mat-dong", entry=row, detail=(
                f"{span} của sổ đã bị xóa{after}, trước {_label(row)}")))
        elif row.bam_truoc != (previous.bam if previous else GENESIS):
            before = _label(previous) if previous else "đầu sổ"
            findings.append(Finding("chuoi-dut", entry=row, detail=(
                f"mã của dòng trước ({before}) không còn như lúc ghi dòng này: dòng trước đã bị "
                "thay hoặc chèn")))
        if chain_hash(row) != row.bam:
            findings.append(Finding("sua-dong", entry=row))
        previous = row
    last = ChainHead(previous.thu_tu or 0, previous.bam or GENESIS) if previous else \
        ChainHead(0, GENESIS)
    if last.count < head.count:
        findings.append(Finding("mat-cuoi", detail=(
            f"sổ ghi {head.count} dòng nhưng chỉ còn {last.count}: các dòng cuối đã bị xóa")))
    elif last != head:
        findings.append(Finding("mat-cuoi", detail=(
            f"đầu chuỗi của sổ ({head}) khác dòng cuối ({last}): sổ đã bị sửa")))
    return findings, last


def check_anchors(rows: Sequence[Entry], anchors: dict[int, str]) -> list[Finding]:
    """Compare the chain with heads noted outside the database (``{position: hash}``, as printed
    under an exported register): a register rewritten behind docgen's back, or restored from an
    older backup, no longer holds them."""
    by_position = {row.thu_tu: row for row in rows}
    findings = []
    for position, expected in sorted(anchors.items()):
        row = by_position.get(position)
        if row is None:
            findings.append(Finding("moc", detail=(
                f"sổ không còn dòng thứ {position} mà bản in đã ghi (sổ bị cắt bớt hoặc khôi "
                "phục từ bản sao lưu cũ hơn)")))
        elif row.bam != expected.lower():
            findings.append(Finding("moc", entry=row, detail=(
                f"mã chuỗi ở dòng thứ {position} ({_label(row)}) khác mã đã in "
                f"{expected[:16]}…: sổ đã bị viết lại từ đó trở về trước")))
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
            findings.append(Finding("trung-so", entry=row, detail=(
                f"số {row.so_ky_hieu} năm {row.nam} có hai dòng trong sổ (dòng thứ "
                f"{numbers[row.so].thu_tu} và {row.thu_tu})")))
        numbers.setdefault(row.so, row)
    for (co_quan, nam, day_so), numbers in sorted(series.items()):
        missing: list[int] = []
        for so in range(1, max(numbers) + 1):
            if so in numbers:
                if missing and numbers[so].nguon != SOURCE_IMPORTED:
                    span = f"số {missing[0]:02d}" if len(missing) == 1 else \
                        f"các số {missing[0]:02d}–{missing[-1]:02d}"
                    name = f" dãy {day_so}" if day_so else ""
                    findings.append(Finding("khoang-trong", entry=numbers[so], detail=(
                        f"{span} của {co_quan}{name} năm {nam} không có trong sổ (trước "
                        f"{_label(numbers[so])})")))
                missing = []
            else:
                missing.append(so)
    return findings


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
