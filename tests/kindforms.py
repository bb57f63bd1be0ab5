"""One small form per kind of Phụ lục III, as data, for the rendering and kind tests."""

from __future__ import annotations

import copy
from typing import Any

from docgen.models import VanBan

BASE: dict[str, Any] = {
    "co_quan": {"ten": ["ỦY BAN NHÂN DÂN", "XÃ SA THẦY"], "viet_tat": "UBND"},
    "dia_danh": "Sa Thầy", "so": 12, "ngay": "05/12/2025", "luu": ["VT", "VHXH"],
    "nguoi_ky": {"chuc_vu": "CHỦ TỊCH", "ho_ten": "Trần Minh Hải"},
}
MEMBERS = "\n".join(f"| {i} | Nguyễn Văn Thành Viên {i} | Công chức | {i * 125}.000 |"
                    for i in range(1, 31))
"""Thirty table rows: a three-page quyết định."""

FORMS: dict[str, dict[str, Any]] = {
    "quyet-dinh": {
        "loai": "quyet-dinh",
        "trich_yeu": "Về việc thành lập Tổ công tác chuyển đổi số xã Sa Thầy",
        "tham_quyen": "Chủ tịch Ủy ban nhân dân xã Sa Thầy",
        "can_cu": ["Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025",
                   "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ"],
        "theo_de_nghi": "Công chức Văn hóa - Xã hội xã",
        "dieu": [
            "Thành lập Tổ công tác (danh sách tại Phụ lục I kèm theo) gồm:\n"
            "| STT | Họ và tên | Chức vụ | Phụ cấp (đồng) |\n|---|---|---|---|\n" + MEMBERS,
            {"tieu_de": "Nhiệm vụ của Tổ công tác",
             "noi_dung": "1. Tham mưu Chủ tịch UBND xã.\na) Đúng hạn;\nb) Đầy đủ."},
            "Quyết định này có hiệu lực kể từ ngày ký.",
        ],
        "noi_nhan": ["Như Điều 3", "TT Đảng ủy xã"],
        "phu_luc": [
            {"tieu_de": "Danh sách thành viên", "ngang": True,
             "noi_dung": "| STT | Họ và tên | Chức vụ | Đơn vị | Nhiệm vụ | Điện thoại |\n"
                         "| 1 | Người Một | Tổ trưởng | Văn phòng | Theo dõi | 0905 123 451 |"},
            {"tieu_de": "Lịch làm việc", "noi_dung": "Họp mỗi tháng một lần."},
        ],
        "dia_chi": ["Thôn 1, xã Sa Thầy; Điện thoại: 0260 3820 123"],
        "luu_hanh": "Lưu hành nội bộ",
    },
    "nghi-quyet": {
        "loai": "nghi-quyet", "trich_yeu": "Về kế hoạch chuyển đổi số năm 2026",
        "tham_quyen": "Ủy ban nhân dân xã Sa Thầy",
        "can_cu": ["Luật Tổ chức chính quyền địa phương"],
        "dieu": ["Thông qua kế hoạch.", "Giao Chủ tịch tổ chức thực hiện."],
        "nguoi_ky": {"thay_mat": "ỦY BAN NHÂN DÂN", "chuc_vu": "CHỦ TỊCH",
                     "ho_ten": "Trần Minh Hải"},
    },
    "giay-moi": {
        "loai": "giay-moi", "trich_yeu": "Họp triển khai kế hoạch chuyển đổi số năm 2026",
        "kinh_moi": ["Trưởng các thôn, làng", "Công chức Văn hóa - Xã hội"],
        "toi_du": "cuộc họp triển khai kế hoạch chuyển đổi số năm 2026 của xã",
        "chu_tri": "Đồng chí Võ Thị Kim Dung, Phó Chủ tịch UBND xã",
        "thoi_gian": "08:00 05/12/2025", "dia_diem": "Hội trường Ủy ban nhân dân xã Sa Thầy",
        "noi_dung": "Đề nghị đại biểu đến đúng giờ.", "noi_nhan": ["Như thành phần mời"],
    },
    "bien-ban": {
        "loai": "bien-ban", "trich_yeu": "Họp triển khai kế hoạch chuyển đổi số năm 2026",
        "luu": [],
        "bien_ban": {"bat_dau": "08:00 05/12/2025", "dia_diem": "Hội trường UBND xã",
                     "thanh_phan": ["Ông Trần Minh Hải - Chủ tịch UBND xã",
                                    "Các công chức chuyên môn"],
                     "chu_tri": "Ông Trần Minh Hải - Chủ tịch UBND xã",
                     "thu_ky": "Bà Nguyễn Thị Lan - Công chức Văn phòng - Thống kê",
                     "ket_thuc": "11:30 05/12/2025"},
        "noi_dung": "Ông Trần Minh Hải quán triệt kế hoạch.\nCác thôn thống nhất thực hiện.",
        "thu_ky_ky": {"ho_ten": "nguyễn thị lan"}, "nguoi_ky": {"ho_ten": "Trần Minh Hải"},
        "noi_nhan": ["Các thành viên dự họp"],
    },
    "cong-dien": {
        "loai": "cong-dien", "trich_yeu": "Về việc chủ động ứng phó với bão số 15",
        "tham_quyen": "Chủ tịch Ủy ban nhân dân xã Sa Thầy",
        "kinh_gui": ["Trưởng các thôn, làng", "Các cơ quan, đơn vị thuộc UBND xã"],
        "noi_dung": "Bão số 15 đang tiến vào đất liền.\nĐề nghị các đơn vị chủ động ứng phó.",
    },
    "giay-gioi-thieu": {
        "loai": "giay-gioi-thieu",
        "gioi_thieu": {"ho_ten": "Nguyễn Văn An", "chuc_vu": "Công chức Văn phòng - Thống kê",
                       "duoc_cu_den": "Sở Nội vụ tỉnh Quảng Ngãi",
                       "ve_viec": "Liên hệ công tác chuyển đổi số", "gia_tri_den": "31/12/2025"},
    },
    "giay-nghi-phep": {
        "loai": "giay-nghi-phep",
        "nghi_phep": {"ngay_don": "01/12/2025", "ho_ten": "Nguyễn Văn An",
                      "chuc_vu": "Công chức Văn phòng - Thống kê xã", "tu_ngay": "08/12/2025",
                      "den_ngay": "12/12/2025", "noi_nghi": "xã Sa Thầy, tỉnh Quảng Ngãi",
                      "tinh_vao": "nghỉ hằng năm có hưởng lương"},
        "noi_nhan": ["Ông Nguyễn Văn An"],
    },
    "to-trinh": {
        "loai": "to-trinh", "ky_hieu": "TTr-UBND(VHXH)",
        "trich_yeu": "Đề nghị phê duyệt kế hoạch", "kinh_gui": ["Ủy ban nhân dân tỉnh Quảng Ngãi"],
        "noi_dung": "Ủy ban nhân dân xã kính trình.",
        "nguoi_ky": {"thua_lenh": "CHỦ TỊCH", "ky_thay": "CHÁNH VĂN PHÒNG",
                     "chuc_vu": "PHÓ CHÁNH VĂN PHÒNG", "ho_ten": "lê văn bình"},
    },
}


def form(kind: str, **changes: Any) -> dict[str, Any]:
    """The form of ``kind`` (a deep copy) with ``changes`` applied at the top level."""
    data = {**copy.deepcopy(BASE), **copy.deepcopy(FORMS[kind])}
    data.update(changes)
    return data


def document(kind: str, **changes: Any) -> VanBan:
    """The validated document of ``kind``."""
    return VanBan.model_validate(form(kind, **changes))
