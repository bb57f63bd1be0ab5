"""One row of the outgoing register (sổ đăng ký văn bản đi) and how it is printed.

An :class:`Entry` holds what the archive knows about an issued number: the facts the decree's
ten columns need (Phụ lục IV) plus what makes the archived file traceable (file names, SHA-256,
template, docgen version, time of issue). Entries imported from a hand-kept register have no
file and keep their columns as the clerk typed them.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

from ..i18n import N_, _
from ..kinds import KINDS
from ..models import LoaiVanBan, VanBan

SOURCE_ISSUED = "cap-so"
"""Numbered and rendered by docgen: the archive holds the file."""
SOURCE_IMPORTED = "nhap-tay"
"""Numbered by hand before the switch to docgen: only the register row exists."""

_NHU_TREN = "như trên"
TZ_ENV = "DOCGEN_TZ"
DEFAULT_TZ = "Asia/Ho_Chi_Minh"


def local_datetime(stamp: str, tz: str | None = None) -> datetime | None:
    """``2026-12-02T07:32:49+00:00`` in Vietnamese local time (14:32 on 02/12/2026).

    ``tz`` (an IANA name) defaults to ``$DOCGEN_TZ`` or Asia/Ho_Chi_Minh; None for text that
    is not a time.
    """
    try:
        when = datetime.fromisoformat(stamp)
    except ValueError:
        return None
    try:
        from zoneinfo import ZoneInfo

        zone: timezone | ZoneInfo = ZoneInfo(tz or os.environ.get(TZ_ENV) or DEFAULT_TZ)
    except (KeyError, ValueError, OSError):  # no tz database: Vietnam has no summer time
        zone = timezone(timedelta(hours=7))
    return when.astimezone(zone) if when.tzinfo is not None else when


def local_time(stamp: str, tz: str | None = None) -> str:
    """``2026-12-02T07:32:49+00:00`` → ``14:32 ngày 02/12/2026`` (Vietnamese local time, see
    :func:`local_datetime`), in the clerk's language; text that is not a time as it is.

    For messages; the printed register writes its own Vietnamese line
    (:func:`docgen.archive.register.chain_line`).
    """
    when = local_datetime(stamp, tz)
    if when is None:
        return stamp
    return _("{time} ngày {date}").format(time=f"{when:%H:%M}", date=f"{when:%d/%m/%Y}")


COPY_FORMS = {"SY": N_("Bản sao y"), "TrS": N_("Bản trích sao"), "SL": N_("Bản sao lục")}
"""The three kinds of copy (Phụ lục I, Phần II): each has its own number series per agency and
year, and its code opens the copy's ký hiệu (``01/SY-UBND``). The values are the register's
Vietnamese column 3 (:func:`kind_name`), marked so that messages can name them
(:func:`kind_label`)."""


def kind_name(loai: str | None) -> str | None:
    """``Công văn``, ``Thông báo``…: the kind as the register's column 3 names it."""
    if loai is None:
        return None
    if loai in COPY_FORMS:
        return COPY_FORMS[loai]
    try:
        title = LoaiVanBan(loai).title
    except ValueError:  # a kind this docgen does not know (a newer one wrote the row)
        return loai
    return "Công văn" if title is None else title.capitalize()


def kind_label(loai: str | None) -> str | None:
    """The kind of a register row for messages and the web desk, in the clerk's language
    (``Decision`` in English); :func:`kind_name` is what the exported register prints."""
    if loai is None:
        return None
    if loai in COPY_FORMS:
        return _(COPY_FORMS[loai])
    if loai in KINDS:
        return KINDS[loai].label
    return loai  # a kind this docgen does not know: its key is all there is to show


@dataclass(frozen=True)
class Entry:
    """A register row. ``(co_quan, nam, so)`` identifies it; it never changes once written."""

    co_quan: str
    """The issuing agency's abbreviation (``co_quan.viet_tat``): one number series each."""
    nam: int
    so: int
    ky_hieu: str
    ngay: date
    trich_yeu: str
    """As printed under the number: ``V/v …`` for a công văn; free text when imported."""
    loai: str | None = None
    """:class:`~docgen.models.LoaiVanBan` value; None when imported."""
    ten_co_quan: str | None = None
    nguoi_ky: str | None = None
    kinh_gui: tuple[str, ...] = ()
    noi_nhan: tuple[str, ...] = ()
    """Recipients of copies besides Kính gửi (``Như trên`` left out: it means Kính gửi)."""
    luu: tuple[str, ...] = ()
    so_ban: int | None = None
    do_khan: str | None = None
    tep: str | None = None
    """The .docx, relative to the archive folder (``2026/05-UBND-VHXH.docx``)."""
    sha256: str | None = None
    tep_bieu_mau: str | None = None
    """The exact resolved form (.yaml) beside the .docx."""
    sha256_bieu_mau: str | None = None
    mau: str | None = None
    """Template name and version (``gia-han@1``) when the form used one."""
    phien_ban: str | None = None
    """docgen version that rendered the file."""
    thoi_diem: str = ""
    """Time of issue (ISO 8601 with offset)."""
    nguon: str = SOURCE_ISSUED
    ngay_chuyen: str | None = None
    ky_nhan: str | None = None
    ghi_chu: str | None = None
    day_so: str = ""
    """The number series inside the agency's year: ``""`` (the common one, Điều 15), a kind
    with its own series (``quyet-dinh``) or a kind of copy (``SY``, ``TrS``, ``SL``)."""
    tep_pdf: str | None = None
    """The PDF kept beside the .docx when issued with ``pdf=True``."""
    sha256_pdf: str | None = None
    thu_tu: int | None = None
    """Position in the register's hash chain: 1, 2, 3… in the order rows were written."""
    bam_truoc: str | None = None
    """:attr:`bam` of the row before in the chain (64 zeros for the first)."""
    bam: str | None = None
    """SHA-256 over this row's :data:`CHAINED` fields and :attr:`bam_truoc`."""
    id: int | None = field(default=None, compare=False)

    @property
    def so_text(self) -> str:
        """The number as printed: ``05``."""
        return f"{self.so:02d}"

    @property
    def so_ky_hieu(self) -> str:
        """``05/UBND-VHXH``: register column 1."""
        return f"{self.so_text}/{self.ky_hieu}" if self.ky_hieu else self.so_text

    @property
    def ten_loai_trich_yeu(self) -> str:
        """Register column 3: the kind, then the trích yếu on the next line."""
        name = kind_name(self.loai)
        return f"{name}\n{self.trich_yeu}" if name else self.trich_yeu

    @property
    def nguoi_nhan(self) -> list[str]:
        """Everyone the document goes to: Kính gửi then Nơi nhận."""
        return [*self.kinh_gui, *self.noi_nhan]

    @property
    def nguoi_nhan_text(self) -> str:
        """Register column 5: one recipient as is, several as ``- X`` lines."""
        items = self.nguoi_nhan
        if len(items) == 1:
            return items[0]
        return "\n".join(f"- {item}" for item in items)

    @property
    def luu_text(self) -> str:
        """Register column 6: holders of the archive copy, ``VT, VHXH``."""
        return ", ".join(self.luu)

    def search_text(self) -> str:
        """What ``list --tim`` searches: the trích yếu and every recipient."""
        return "\n".join([self.trich_yeu, *self.nguoi_nhan])

    def files(self) -> list[tuple[str, str | None]]:
        """``(file, expected SHA-256)`` of every archived file of this row."""
        pairs = ((self.tep, self.sha256), (self.tep_bieu_mau, self.sha256_bieu_mau),
                 (self.tep_pdf, self.sha256_pdf))
        return [(rel, sha) for rel, sha in pairs if rel is not None]


GENESIS = "0" * 64
""":attr:`Entry.bam_truoc` of the first row of a register."""

CHAINED = (
    "thu_tu", "co_quan", "nam", "day_so", "so", "ky_hieu", "ngay", "loai", "trich_yeu",
    "ten_co_quan", "nguoi_ky", "kinh_gui", "noi_nhan", "luu", "so_ban", "do_khan", "tep",
    "sha256", "tep_bieu_mau", "sha256_bieu_mau", "tep_pdf", "sha256_pdf", "mau", "phien_ban",
    "thoi_diem", "nguon", "ngay_chuyen", "ky_nhan", "ghi_chu", "bam_truoc",
)
"""The fields the chain hash covers: every column of the row but its id and its own hash.

Fixed, in this order, as chain version 1: a field added to :class:`Entry` later is outside the
hash of rows written before it, and a new chain version has to say so.
"""


def chain_hash(entry: Entry) -> str:
    """The SHA-256 that links ``entry`` into the register's hash chain.

    Canonical JSON (keys in :data:`CHAINED` order, UTF-8, no spaces) of the row's fields, so
    the same row gives the same hash on SQLite and PostgreSQL, on any machine.
    """
    values = []
    for name in CHAINED:
        value = getattr(entry, name)
        if isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, tuple):
            value = list(value)
        values.append(value)
    text = json.dumps(values, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def entry_for(van_ban: VanBan, *, tep: str, sha256: str, tep_bieu_mau: str,
              sha256_bieu_mau: str, mau: str | None, phien_ban: str, thoi_diem: str) -> Entry:
    """The register row of ``van_ban``, which must already carry its number and date."""
    if van_ban.so is None or van_ban.ngay is None:
        raise ValueError("van_ban must be numbered and dated before it is registered")
    noi_nhan = tuple(i for i in van_ban.noi_nhan_items if i.lower() != _NHU_TREN)
    return Entry(
        co_quan=van_ban.co_quan.viet_tat,
        nam=van_ban.nam_van_ban,
        so=van_ban.so,
        ky_hieu=van_ban.ky_hieu_day_du,
        ngay=van_ban.ngay,
        trich_yeu=van_ban.trich_yeu_line,
        loai=van_ban.loai.value,
        ten_co_quan=van_ban.co_quan.ten_day_du,
        nguoi_ky=van_ban.nguoi_ky.ho_ten,
        kinh_gui=tuple(van_ban.kinh_gui),
        noi_nhan=noi_nhan,
        luu=tuple(van_ban.luu_items),
        so_ban=van_ban.so_ban,
        do_khan=van_ban.do_khan.value if van_ban.do_khan else None,
        tep=tep,
        sha256=sha256,
        tep_bieu_mau=tep_bieu_mau,
        sha256_bieu_mau=sha256_bieu_mau,
        mau=mau,
        phien_ban=phien_ban,
        thoi_diem=thoi_diem,
        nguon=SOURCE_ISSUED,
        ghi_chu=van_ban.do_khan.label.capitalize() if van_ban.do_khan else None,
    )
