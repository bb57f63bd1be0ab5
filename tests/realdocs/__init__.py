"""The labelled corpus: which decree rules each real document in ``shared/real-docs`` breaks.

Every label was decided by reading the file's XML and looking at its pages converted to PDF
(LibreOffice, ``pdftoppm -r 50``), against the decree's own text (Phụ lục I), not against
docgen's house values: only ``nghi-dinh`` violations are labelled. A finding of ``docgen check``
at that severity is *true* when its rule is labelled for the file; a labelled rule is *found*
when at least one such finding names it.

The ``cb_mau*`` files are a web copy of the decree's templates (Phụ lục III) set in Arial 10 pt
on Letter paper: their dotted blanks are a form still to be filled and are not judged, but their
paper, margins, font and sizes are. ``vbp_phuluc3_mau.docx`` is the whole of Phụ lục III in
one file (a table of abbreviations followed by every template), not one document: it is only
read for crashes and misreadings, never scored.
"""

from __future__ import annotations

import os
from pathlib import Path

_BESIDE_CHECKOUT = Path(__file__).resolve().parents[2].parent / "shared" / "real-docs"
REAL_DOCS = Path(os.environ.get("DOCGEN_REAL_DOCS") or (
    _BESIDE_CHECKOUT if _BESIDE_CHECKOUT.is_dir() else Path("/work/shared/real-docs")))
"""Where the real documents are: ``shared/real-docs`` beside the checkout (as CI lays it out),
else the project machine's ``/work/shared/real-docs``; ``DOCGEN_REAL_DOCS`` overrides both."""

# Rules every cb_mau* copy breaks: Letter paper, 25.4 mm margins, Arial,
# every element in 10 pt,
# the Tiêu ngữ underlined by a short typed "-----------" row, the place-date line
# pushed to the right of its cell, the Quốc hiệu wrapped onto two lines in its cell
# (R-60; all but Mẫu 1.7, whose right column is wider).
_CB = frozenset({"R-01", "R-02", "R-03", "R-10", "R-11", "R-12", "R-13", "R-14", "R-16",
                 "R-19", "R-21", "R-31", "R-40", "R-41", "R-43", "R-60"})

LABELS: dict[str, frozenset[str]] = {
    # 10 pt name "Họ và tên".
    # The lines of the giấy (Mẫu 1.10) in 10 pt are judged as the giấy's lines, not body.
    "cb_mau1-10_giay-nghi-phep.docx": (_CB - {"R-31"}) | {"R-37", "R-44"},
    # + authority line not bold, "QUYẾT NGHỊ:" in 10 pt (R-25: content size 13–14),
    # căn cứ in 10 pt, name 10 pt.
    "cb_mau1-1_nghi-quyet.docx": _CB | {"R-24", "R-25", "R-32", "R-44"},
    # + trích yếu 10 pt, R-24, "QUYẾT ĐỊNH:" 10 pt, R-32, R-44.
    "cb_mau1-2_qd-gian-tiep.docx": _CB | {"R-22", "R-24", "R-25", "R-32", "R-44"},
    "cb_mau1-3_qd-truc-tiep.docx": _CB | {"R-22", "R-24", "R-25", "R-32", "R-44"},
    "cb_mau1-4_co-ten-loai.docx": _CB | {"R-44"},
    # công văn: V/v in 10 pt, Kính gửi 10 pt and its last line ending ";",
    # Nơi nhận opening with "Như Điều" instead of "Như trên"; the name is a dotted blank.
    "cb_mau1-5_cong-van.docx": (_CB - {"R-21"}) | {"R-20", "R-30"},
    # + "…6… điện:" in 10 pt (R-27: content size 13–14); its recipients are dotted blanks.
    "cb_mau1-6_cong-dien.docx": _CB | {"R-27", "R-44"},
    # + the giấy mời's lines (thời gian, địa điểm…) in 10 pt.
    "cb_mau1-7_giay-moi.docx": (_CB - {"R-60"}) | {"R-36", "R-44"},
    # "- Lưu: VT" without the full stop (R-41; Mẫu 1.8 itself names no drafting unit).
    "cb_mau1-8_giay-gioi-thieu.docx": (_CB - {"R-31"}) | {"R-37", "R-44"},
    "cb_mau1-9_bien-ban.docx": _CB | {"R-44"},
    # Page number 12 pt; agency 14 pt with a rule a fifth of its line;
    # "Số:" 14 pt.
    "vbai_bc_hoi_2025.docx": frozenset({"R-04", "R-14", "R-15", "R-16"}),
    # Bottom margin 5 mm.
    "vbai_cv_BCA3980.docx": frozenset({"R-02"}),
    # "(đính kèm …" typed with combining accents, not NFC.
    "vbai_cv_giao427.docx": frozenset({"R-03"}),
    # Margins 12.7 / 28 mm, page number in the footer of pages 2–6, no V/v line
    # "- Chánh, PCVP UBND tỉnh (Đ/c Duệ)" without ";".
    "vbai_cv_kimthu.docx": frozenset({"R-02", "R-04", "R-20", "R-41"}),
    # Nothing against the decree (single Kính gửi without a full stop is allowed).
    "vbai_cv_quanvot.docx": frozenset(),
    # "Nơi nhận:" in 11 pt.
    "vbai_guq_truongson.docx": frozenset({"R-40"}),
    # Bottom margin 10 mm.
    "vbai_kh_kiemtra_cchc.docx": frozenset({"R-02"}),
    # Page number 12 pt.
    "vbai_qd_bcd_dulieu.docx": frozenset({"R-04"}),
    # The rule under the three-line trích yếu is under a third of the line.
    "vbai_qd_bongro.docx": frozenset({"R-22"}),
    # Combining accents, "Số:" 14 pt, trích yếu rule too short.
    "vbai_tb_ketluan_hoinghi.docx": frozenset({"R-03", "R-16", "R-22"}),
    # Page number 12 pt, governing body and agency 14 pt, "Số:" 14 pt
    #
    "vbai_ttr_bds.docx": frozenset({"R-04", "R-13", "R-14", "R-16"}),
}
"""File name → the decree rules (nghi-dinh) it really breaks."""

UNSCORED = frozenset({"vbp_phuluc3_mau.docx"})
"""Files read for crashes and misreadings only (not one document)."""

MIN_PRECISION = 0.95
MIN_RECALL = 0.90
