"""In-process time to render one document (after imports): target under 10 ms — for the
reference công văn and for a three-page quyết định with a 30-row table and a landscape appendix.

Run: python benchmarks/render.py
"""

from __future__ import annotations

import platform
import statistics
import time
from pathlib import Path

from docgen import load_form, render_docx
from docgen.forms import read_form
from docgen.models import VanBan

FORM = Path(__file__).resolve().parent.parent / "data/forms/gia-han-ky-nang-so.yaml"


def best_of(func, repeat: int = 5, number: int = 200) -> float:
    """Median over ``repeat`` runs of the mean time of ``number`` calls, in ms."""
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            func()
        runs.append((time.perf_counter() - start) / number * 1000)
    return statistics.median(runs)


def quyet_dinh() -> VanBan:
    """A quyết định of about three pages: căn cứ, three articles, a 30-row member table, and a
    landscape appendix with a six-column table."""
    rows = "\n".join(f"| {i} | Nguyễn Văn Thành Viên {i} | Công chức chuyên môn | "
                     f"{i * 125}.000 |" for i in range(1, 31))
    wide = "\n".join(f"| {i} | Người {i} | Thành viên | Văn phòng | Theo dõi | 0905 123 {i:03d} |"
                     for i in range(1, 16))
    return VanBan.model_validate({
        "loai": "quyet-dinh", "so": 12, "ngay": "05/12/2025", "dia_danh": "Sa Thầy",
        "co_quan": {"ten": ["ỦY BAN NHÂN DÂN", "XÃ SA THẦY"], "viet_tat": "UBND"},
        "trich_yeu": "Về việc thành lập Tổ công tác chuyển đổi số xã Sa Thầy",
        "tham_quyen": "Chủ tịch Ủy ban nhân dân xã Sa Thầy",
        "can_cu": ["Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025",
                   "Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ"],
        "theo_de_nghi": "Công chức Văn hóa - Xã hội xã",
        "dieu": ["Thành lập Tổ công tác (nhiệm vụ tại Phụ lục kèm theo) gồm:\n"
                 "| STT | Họ và tên | Chức vụ | Phụ cấp (đồng) |\n|---|---|---|---|\n" + rows,
                 {"tieu_de": "Nhiệm vụ", "noi_dung": "Tham mưu Chủ tịch UBND xã.\n" * 8},
                 "Quyết định này có hiệu lực kể từ ngày ký."],
        "noi_nhan": ["Như Điều 3"], "luu": ["VT", "VHXH"],
        "nguoi_ky": {"chuc_vu": "CHỦ TỊCH", "ho_ten": "Trần Minh Hải"},
        "phu_luc": [{"tieu_de": "Phân công nhiệm vụ", "ngang": True,
                     "noi_dung": "| STT | Họ và tên | Chức vụ | Đơn vị | Nhiệm vụ | Điện thoại |\n"
                                 + wide}],
    })


def main() -> None:
    vb = load_form(FORM)
    render_docx(vb)  # warm caches (static parts, metrics)
    spec = read_form(FORM)
    print(f"machine: {platform.processor() or platform.machine()}, "
          f"python {platform.python_version()}")
    print(f"render_docx (model -> .docx bytes):      {best_of(lambda: render_docx(vb)):.2f} ms")
    print(f"build + render (form read once, batch):  "
          f"{best_of(lambda: render_docx(spec.build())):.2f} ms")
    print(f"load_form + render (whole form file):    "
          f"{best_of(lambda: render_docx(load_form(FORM)), number=50):.2f} ms")
    qd = quyet_dinh()
    render_docx(qd)
    print(f"render_docx, 3-page quyết định (30-row table, landscape appendix): "
          f"{best_of(lambda: render_docx(qd), number=50):.2f} ms")
    print("target: under 10 ms per document")


if __name__ == "__main__":
    main()
