"""Starter form files with a Vietnamese comment on every field (``docgen new``)."""

from __future__ import annotations

import json

from .forms import Template, find_template, load_template

_HEAD = """\
# Biểu mẫu văn bản cho docgen. Sửa giá trị sau dấu hai chấm; dòng bắt đầu bằng # là chú thích.
# Soạn văn bản: docgen render <tệp này> -o van-ban.docx
loai: cong-van                        # cong-van | thong-bao | ke-hoach | bao-cao | to-trinh ...
co_quan:
  chu_quan: null                      # cơ quan chủ quản (nếu có), ví dụ: UBND HUYỆN SA THẦY
  ten: [ỦY BAN NHÂN DÂN, XÃ SA THẦY]   # tên cơ quan ban hành, mỗi phần tử một dòng
  viet_tat: UBND                      # chữ viết tắt dùng trong ký hiệu
don_vi_soan_thao: VHXH                # đơn vị soạn thảo → ký hiệu UBND-VHXH
so: null                              # null: để trống cho văn thư ghi số; 5 → Số: 05/UBND-VHXH
dia_danh: Sa Thầy                     # địa danh ghi trước ngày tháng
ngay: null                            # null: để trống ngày tháng; hoặc 20/11/2025
nam: null                            # năm in khi để trống ngày (null: năm nay)
do_khan: null                         # null | khan | thuong-khan | hoa-toc
"""

_BODY = """\
trich_yeu: nội dung trích yếu của công văn   # in thành "V/v ..."
noi_dung: |                           # mỗi dòng một đoạn; dòng bắt đầu "- " là gạch đầu dòng
  Đoạn thứ nhất của công văn.
  - Ý thứ nhất;
  - Ý thứ hai.
  Đoạn kết thúc (docgen tự thêm ./. ở cuối).
"""

_TAIL = """\
kinh_gui:                             # mỗi dòng một nơi nhận; docgen tự thêm "- ", ";" và "."
  - Các cơ quan, đơn vị thuộc UBND xã
  - Trưởng các thôn, làng trên địa bàn xã
noi_nhan:                             # nơi nhận bản sao; "Như trên" được thêm tự động
  - Chủ tịch, các PCT UBND xã
luu: [VT, VHXH]                       # → "- Lưu: VT, VHXH."
nguoi_ky:
  thay_mat: ỦY BAN NHÂN DÂN           # → TM. ỦY BAN NHÂN DÂN (bỏ dòng nếu không ký thay mặt)
  ky_thay: CHỦ TỊCH                   # → KT. CHỦ TỊCH (cấp phó ký thay; bỏ dòng nếu không)
  chuc_vu: PHÓ CHỦ TỊCH               # chức vụ của người ký
  ho_ten: Nguyễn Văn A                # họ tên người ký, viết thường
"""


def _scalar(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)  # JSON is YAML's flow style
    text = str(value)
    if isinstance(value, int) or (text.isdigit() and not text.startswith("0")):
        return text
    if text and all(ch.isalnum() or ch in " ,-/" for ch in text) and not text[0].isdigit():
        return text
    return json.dumps(text, ensure_ascii=False)


def _params(template: Template) -> str:
    lines = [f"mau: {template.name}                         # {template.ten}", "tham_so:"]
    for param in template.params:
        optional = "" if param.bat_buoc else " (không bắt buộc)"
        lines.append(f"  {param.name}: {_scalar(param.vi_du)}   # {param.mo_ta}{optional}")
    return "\n".join(lines) + "\n"


def starter_form(name: str = "cong-van") -> str:
    """The text of a new form file for template ``name`` (``cong-van`` = blank công văn)."""
    head = _HEAD
    if name == "cong-van":
        return head + _BODY + _TAIL
    template = load_template(find_template(name))
    tail = _TAIL
    if "kinh_gui" in template.fields:  # the template addresses the document itself
        start = tail.index("kinh_gui:")
        tail = tail[:start] + tail[tail.index("noi_nhan:"):]
    return head + _params(template) + tail
