"""The texts the page scripts (``static/*.js``) show, in the request's language.

The scripts hold no message: each page carries these texts as JSON (``<script
type="application/json" id="msgs">`` in ``base.html``) and ``docgen.t(key, values, count)`` in
``chung.js`` fills their ``{placeholders}``. A counted text is the pair of
:func:`docgen.i18n.plural_forms`; the script picks the form by its count.
"""

from __future__ import annotations

from typing import Any

from ..i18n import _, plural_forms


def script_messages() -> dict[str, Any]:
    """Every text of the page scripts, by key, in the current language."""
    return {
        # chung.js: errors and file fields of every page
        "loi-may-chu": _("Máy chủ trả lỗi {status}"),
        "thu-lai": _("Thử lại."),
        "loi-hang": _("Hàng {row}: {message}"),
        "loi-dong": _("Dòng {line}: {message}"),
        "chua-chon-tep": _("Chưa chọn tệp"),
        "chon-tep": _("Chọn tệp…"),
        "xem-trang": _("Xem trước trang {n}"),
        # soan.js
        "dong-cua": _("{label}, dòng {n}"),
        "xoa-dong": _("Xóa dòng {n} của {label}"),
        "xoa": _("Xóa"),
        "dang-cap-nhat": _("đang cập nhật…"),
        "chua-cap-nhat": _("chưa cập nhật được: sửa các lỗi bên trái"),
        "so-trang": plural_forms("{n} trang", "{n} trang"),
        "da-mo": _("Đã mở {name}."),
        "chua-tai": _("Chưa tải được: sửa các lỗi trong biểu mẫu."),
        "da-tai": _("Đã tải xuống."),
        "da-co-so": _("văn bản này đã có số {so}"),
        "da-co-so-cach-sua": _("Soạn văn bản khác thì bấm “Văn bản mới”; muốn văn thư cấp số "
                               "cho văn bản này thì xóa ô Số."),
        "chua-cap-so-da-co": _("Chưa cấp số: văn bản đã có số."),
        "chua-cap-so": _("Chưa cấp số được."),
        "da-cap-so": _("Đã cấp số {so_ky_hieu} ngày {ngay} và lưu vào sổ. Bấm “Văn bản mới” "
                       "để soạn văn bản khác."),
        # hang-loat.js
        "cot-danh-sach": plural_forms("{n} hàng; các cột và hàng đầu tiên:",
                                      "{n} hàng; các cột và hàng đầu tiên:"),
        "chon-ca-hai": _("Chọn cả biểu mẫu và danh sách."),
        "lo-cho": _("Đang chờ"),
        "lo-chay": _("Đang chạy"),
        "lo-xong": _("Xong"),
        "lo-loi": _("Không chạy được"),
        "lo-tien-do": plural_forms("{done}/{n} hàng", "{done}/{n} hàng"),
        "tai-zip": _("Tải các tệp (.zip)"),
        "tai-gop": _("Tải tệp gộp để in"),
        "tai-manifest": _("Tải danh sách kết quả (manifest.csv)"),
        # ho-so.js
        "da-luu-ho-so": _("Đã lưu hồ sơ cơ quan."),
        # kiem-tra.js
        "chon-tep-kiem-tra": _("Chọn tệp cần kiểm tra."),
        "dat": _("Đạt: không thấy sai lệch nào"),
        "ket-luan": _("{serious} chỗ trái Nghị định, {hints} gợi ý"),
        "nhom-khac": _("Khác"),
        "muc-goi-y": _("{rule} (gợi ý)"),
        "muc-nghi-dinh": _("{rule} (trái Nghị định)"),
        "dang-dung-trang": _("Đang dựng ảnh các trang…"),
        "mo-o-soan": _("Mở ở trang Soạn để điền"),
        "chua-soan-lai": _("Chưa soạn lại được: văn bản còn thiếu {missing}."),
        "tai-bieu-mau": _("Tải biểu mẫu {name}"),
        "tai-tep": _("Tải {name}"),
        "da-soan-lai": plural_forms("Đã soạn lại đúng thể thức (còn {n} phát hiện):",
                                    "Đã soạn lại đúng thể thức (còn {n} phát hiện):"),
        # so.js
        "so-trong": _("Chưa có văn bản nào trong sổ."),
        "o-ghi-tay": _("{column} của văn bản số {so_ky_hieu}"),
        "da-ghi": _("Đã ghi {column} cho số {so_ky_hieu}."),
        "mo-docx": _("Mở .docx"),
        "da-cap-so-tep": _("Đã cấp số {so_ky_hieu} ngày {ngay} cho {name}."),
        "da-xuat-so": _("Đã xuất sổ."),
        "luu-tru-nguyen-ven": _("Lưu trữ nguyên vẹn: {entries} văn bản, {files} tệp đã kiểm "
                                "tra."),
        "luu-tru-van-de": plural_forms("Có {n} vấn đề: {list}", "Có {n} vấn đề: {list}"),
    }
