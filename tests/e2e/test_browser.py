"""The web desk in a real headless Chromium (Debian's), as a clerk uses it.

One server (uvicorn on a free loopback port, LibreOffice warm) and one browser serve every test
of the module; each test has its own page. Screenshots go to ``$DOCGEN_SHOTS`` (default
a temporary folder; see ``desk_server.SHOTS``) so a person can look at them.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from desk_server import SHOTS, serving
from realdocs import REAL_DOCS

from docgen.check import check_file
from docgen.users import UserStore

pytestmark = [pytest.mark.slow, pytest.mark.browser]

playwright_api = pytest.importorskip("playwright.sync_api")

ROOT = Path(__file__).resolve().parents[2]
FORMS = ROOT / "data" / "forms"


@pytest.fixture
def page(browser: object, server: str) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1366, "height": 768},  # type: ignore[attr-defined]
                                  accept_downloads=True, locale="vi-VN", base_url=server)
    context.set_default_timeout(20_000)
    tab = context.new_page()
    yield tab
    context.close()


def _shot(page: object, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))  # type: ignore[attr-defined]


def _preview_round(page: object) -> int:
    return int(page.locator("#xem-truoc").get_attribute("data-lan") or 0)  # type: ignore[attr-defined]


def _wait_new_preview(page: object, after: int) -> None:
    page.wait_for_function(  # type: ignore[attr-defined]
        f"Number(document.querySelector('#xem-truoc').dataset.lan || 0) > {after}")


def _page_one_digest(page: object) -> int:
    """A digest of the pixels (PNG bytes) the page-1 preview shows now."""
    script = """async () => {
        const img = document.querySelector('#xem-truoc img[alt="Xem trước trang 1"]');
        if (!img) return -1;
        const bytes = new Uint8Array(await (await fetch(img.src)).arrayBuffer());
        return bytes.reduce((a, x) => (a * 31 + x) % 1000000007, 7);
    }"""
    return int(page.evaluate(script))  # type: ignore[attr-defined]


def test_fill_a_gia_han_notice_fix_the_date_and_download(page: object, tmp_path: Path) -> None:
    p = page
    p.goto("/soan")  # type: ignore[attr-defined]
    p.get_by_label("Họ tên người ký").wait_for()  # type: ignore[attr-defined]
    # The page starts a new công văn with the agency profile applied.
    expect = playwright_api.expect
    expect(p.get_by_label("Họ tên người ký")).to_have_value("Võ Thị Kim Dung")  # type: ignore[attr-defined]
    p.get_by_label("Trích yếu", exact=True).fill(  # type: ignore[attr-defined]
        "gia hạn thời gian đợt phát động cao điểm học tập kỹ năng số")
    p.get_by_label("Kính gửi", exact=True).fill("Các cơ quan, đơn vị thuộc UBND xã")  # type: ignore[attr-defined]
    p.get_by_label("Nội dung", exact=True).fill(  # type: ignore[attr-defined]
        "Ủy ban nhân dân xã thông báo gia hạn thời gian đợt phát động cao điểm học tập kỹ "
        "năng số đến hết ngày 20 tháng 11 năm 2025.\n"
        "Đề nghị các cơ quan, đơn vị triển khai thực hiện.")
    before = _preview_round(p)
    p.get_by_label("Ngày", exact=True).fill("31/02/2025")  # type: ignore[attr-defined]
    error = p.locator("#loi-ngay")  # type: ignore[attr-defined]
    expect(error).to_contain_text("31/02/2025")
    expect(p.get_by_label("Ngày", exact=True)).to_have_attribute("aria-invalid", "true")  # type: ignore[attr-defined]
    _shot(p, "soan-loi-ngay")
    p.get_by_label("Ngày", exact=True).fill("12/11/2025")  # type: ignore[attr-defined]
    _wait_new_preview(p, before)
    expect(error).to_be_empty()  # cleared only by a preview of the corrected form
    expect(p.get_by_alt_text("Xem trước trang 1")).to_be_visible()  # type: ignore[attr-defined]
    expect(p.locator("#trang-thai-xem")).to_contain_text("trang")  # type: ignore[attr-defined]
    first = _page_one_digest(p)
    p.get_by_label("Họ tên người ký").fill("Nguyễn Thị Lan")  # type: ignore[attr-defined]
    deadline = time.monotonic() + 20
    while _page_one_digest(p) == first:  # the new name changes the pixels of page 1
        assert time.monotonic() < deadline, "the preview did not change"
        time.sleep(0.1)
    p.locator(".cot-trai").evaluate("e => e.scrollTop = 0")  # type: ignore[attr-defined]
    _shot(p, "soan-xem-truoc")
    with p.expect_download() as download:  # type: ignore[attr-defined]
        p.get_by_role("button", name="Tải .docx").click()  # type: ignore[attr-defined]
    target = tmp_path / "gia-han.docx"
    download.value.save_as(target)
    report = check_file(target)
    assert report.ok, report.text()


def test_issue_two_documents_and_see_01_and_02(page: object, tmp_path: Path) -> None:
    p = page
    p.goto("/soan")  # type: ignore[attr-defined]
    p.get_by_label("Loại văn bản hoặc mẫu").select_option("cong-van")  # type: ignore[attr-defined]
    p.get_by_role("button", name="Văn bản mới").click()  # type: ignore[attr-defined]
    p.get_by_label("Ngày", exact=True).fill("05/02/2026")  # type: ignore[attr-defined]
    status = p.locator("#trang-thai")  # type: ignore[attr-defined]
    expect = playwright_api.expect
    p.get_by_role("button", name="Cấp số và lưu vào sổ").click()  # type: ignore[attr-defined]
    expect(status).to_contain_text("Đã cấp số 01/UBND-VHXH")
    expect(p.get_by_label("Số", exact=True)).to_have_value("1")  # type: ignore[attr-defined]
    # A second click on the same document takes no second number.
    p.get_by_role("button", name="Cấp số và lưu vào sổ").click()  # type: ignore[attr-defined]
    expect(p.locator("#loi-so")).to_contain_text("Văn bản này đã có số 1")  # type: ignore[attr-defined]
    p.get_by_role("button", name="Văn bản mới").click()  # type: ignore[attr-defined]
    expect(p.get_by_label("Số", exact=True)).to_have_value("")  # type: ignore[attr-defined]
    p.get_by_role("button", name="Cấp số và lưu vào sổ").click()  # type: ignore[attr-defined]
    expect(status).to_contain_text("Đã cấp số 02/UBND-VHXH")
    p.goto("/so-van-ban")  # type: ignore[attr-defined]
    p.get_by_label("Năm").fill("2026")  # type: ignore[attr-defined]
    p.get_by_role("button", name="Xem sổ").click()  # type: ignore[attr-defined]
    numbers = p.locator("#so tbody td.so")  # type: ignore[attr-defined]
    expect(numbers).to_have_text(["01/UBND-VHXH", "02/UBND-VHXH"])
    p.get_by_label("Ký nhận của văn bản số 01/UBND-VHXH").fill("Lan")  # type: ignore[attr-defined]
    p.get_by_label("Ký nhận của văn bản số 01/UBND-VHXH").press("Tab")  # type: ignore[attr-defined]
    expect(p.locator("#trang-thai-so")).to_contain_text("Đã ghi ký nhận")  # type: ignore[attr-defined]
    p.get_by_role("button", name="Kiểm tra lưu trữ").click()  # type: ignore[attr-defined]
    expect(p.locator("#trang-thai-so")).to_contain_text("Lưu trữ nguyên vẹn")  # type: ignore[attr-defined]
    _shot(p, "so-van-ban")
    # From a form file: choosing it takes no number; the button does.
    form = tmp_path / "cap-so.yaml"
    form.write_text("loai: cong-van\ndon_vi_soan_thao: VHXH\ntrich_yeu: thử cấp số từ tệp\n"
                    "kinh_gui: [Các thôn]\n"
                    "noi_dung: Nội dung thử.\nnoi_nhan: [Như trên]\n", encoding="utf-8")
    p.get_by_label("Cấp số từ tệp biểu mẫu (.yaml)").set_input_files(str(form))  # type: ignore[attr-defined]
    expect(numbers).to_have_count(2)
    p.get_by_role("button", name="Cấp số cho tệp đã chọn").click()  # type: ignore[attr-defined]
    expect(p.locator("#trang-thai-so")).to_contain_text("Đã cấp số 03/UBND-VHXH")  # type: ignore[attr-defined]
    expect(numbers).to_have_count(3)


def test_twelve_village_batch_from_an_uploaded_xlsx(page: object, tmp_path: Path) -> None:
    book = openpyxl.load_workbook(ROOT / "data" / "rosters" / "ket-qua-theo-thon.xlsx")
    sheet = book.active
    sheet.delete_rows(14, sheet.max_row)  # the header and 12 villages
    roster = tmp_path / "12-thon.xlsx"
    book.save(roster)
    p = page
    p.goto("/hang-loat")  # type: ignore[attr-defined]
    p.get_by_label("Biểu mẫu (.yaml)").set_input_files(str(FORMS / "don-doc-theo-thon.yaml"))  # type: ignore[attr-defined]
    p.get_by_label("Danh sách (.xlsx hoặc .csv)").set_input_files(str(roster))  # type: ignore[attr-defined]
    expect = playwright_api.expect
    expect(p.locator("#cot")).to_contain_text("12 hàng")  # type: ignore[attr-defined]
    expect(p.locator("#cot")).to_contain_text("Tên thôn")  # type: ignore[attr-defined]
    p.get_by_label("Ghi thêm tệp gộp để in").check()  # type: ignore[attr-defined]
    p.get_by_role("button", name="Chạy hàng loạt").click()  # type: ignore[attr-defined]
    expect(p.locator("#giai-doan")).to_have_text("Xong")  # type: ignore[attr-defined]
    expect(p.locator("#tom-tat")).to_contain_text("12 đã tạo")  # type: ignore[attr-defined]
    expect(p.get_by_role("link", name="Tải các tệp (.zip)")).to_be_visible()  # type: ignore[attr-defined]
    _shot(p, "hang-loat")
    p.reload()  # type: ignore[attr-defined]
    expect(p.locator("#tom-tat")).to_contain_text("12 đã tạo")  # type: ignore[attr-defined]
    with p.expect_download() as download:  # type: ignore[attr-defined]
        p.get_by_role("link", name="Tải các tệp (.zip)").click()  # type: ignore[attr-defined]
    assert download.value.suggested_filename.endswith(".zip")


def test_upload_a_file_to_kiem_tra(page: object) -> None:
    real = REAL_DOCS / "vbai_cv_kimthu.docx"
    if not real.exists():
        pytest.skip("không có văn bản thật để kiểm tra")
    p = page
    p.goto("/kiem-tra")  # type: ignore[attr-defined]
    p.get_by_label("Văn bản cần kiểm tra (.docx, .doc, .odt)").set_input_files(str(real))  # type: ignore[attr-defined]
    p.get_by_role("button", name="Kiểm tra", exact=True).click()  # type: ignore[attr-defined]
    expect = playwright_api.expect
    expect(p.locator("#ket-luan")).not_to_be_empty()  # type: ignore[attr-defined]
    expect(p.get_by_alt_text("Xem trước trang 1")).to_be_visible()  # type: ignore[attr-defined]
    expect(p.locator("#phat-hien .cach-sua").first).to_be_visible()  # type: ignore[attr-defined]
    assert "docgen quy-tac" not in p.locator("#phat-hien").inner_text()  # type: ignore[attr-defined]
    p.locator("#ket-qua").evaluate("e => e.scrollIntoView()")  # type: ignore[attr-defined]
    _shot(p, "kiem-tra")
    p.get_by_role("button", name="Sửa giúp tôi").click()  # type: ignore[attr-defined]
    expect(p.locator("#ket-qua-sua")).to_contain_text("Đã soạn lại")  # type: ignore[attr-defined]


def test_an_office_network_desk_needs_a_login(browser: object, tmp_path: Path) -> None:
    UserStore(tmp_path / "web" / "tai-khoan.json").add("minh", "chuyen-vien", "mat-khau-minh")
    with serving(tmp_path, warm_up=False) as url:
        context = browser.new_context(base_url=url,  # type: ignore[attr-defined]
                                      viewport={"width": 1366, "height": 768}, locale="vi-VN")
        p = context.new_page()
        expect = playwright_api.expect
        p.goto("/soan")
        expect(p).to_have_url(f"{url}/dang-nhap")
        p.get_by_label("Tên đăng nhập").fill("minh")
        p.get_by_label("Mật khẩu").fill("sai-mat-khau")
        p.get_by_role("button", name="Đăng nhập").click()
        expect(p.get_by_role("alert")).to_contain_text("Sai tên đăng nhập hoặc mật khẩu")
        p.get_by_label("Mật khẩu").fill("mat-khau-minh")
        p.get_by_role("button", name="Đăng nhập").click()
        expect(p).to_have_url(f"{url}/soan")
        expect(p.locator(".nguoi-dung")).to_contain_text("minh · Chuyên viên")
        # Only the văn thư issues numbers: a chuyên viên has no such button.
        expect(p.get_by_role("button", name="Tải .docx")).to_be_visible()
        assert p.get_by_role("button", name="Cấp số và lưu vào sổ").count() == 0
        cookie = next(c for c in context.cookies() if c["name"] == "docgen_phien")
        assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
        p.get_by_role("button", name="Đăng xuất").click()
        expect(p).to_have_url(f"{url}/dang-nhap")
        context.close()


def test_error_states_speak_vietnamese(page: object, tmp_path: Path) -> None:
    p = page
    expect = playwright_api.expect
    p.goto("/kiem-tra")  # type: ignore[attr-defined]
    # The browser's own file button speaks the browser's language: ours says "Chọn tệp…".
    expect(p.locator(".chon-tep button")).to_have_text("Chọn tệp…")  # type: ignore[attr-defined]
    expect(p.locator(".ten-tep")).to_have_text("Chưa chọn tệp")  # type: ignore[attr-defined]
    p.get_by_role("button", name="Kiểm tra", exact=True).click()  # type: ignore[attr-defined]
    expect(p.locator("#loi-kiem-tra")).to_have_text("Chọn tệp cần kiểm tra.")  # type: ignore[attr-defined]
    not_docx = tmp_path / "khong-phai.docx"
    not_docx.write_bytes(b"not a zip")
    p.get_by_label("Văn bản cần kiểm tra (.docx, .doc, .odt)").set_input_files(str(not_docx))  # type: ignore[attr-defined]
    expect(p.locator(".ten-tep")).to_have_text("khong-phai.docx")  # type: ignore[attr-defined]
    p.get_by_role("button", name="Kiểm tra", exact=True).click()  # type: ignore[attr-defined]
    expect(p.locator("#loi-kiem-tra")).to_contain_text("Không phải tệp .docx")  # type: ignore[attr-defined]
    expect(p.get_by_role("button", name="Sửa giúp tôi")).to_be_hidden()  # type: ignore[attr-defined]
    _shot(p, "kiem-tra-loi")
    blank = REAL_DOCS / "cb_mau1-8_giay-gioi-thieu.docx"
    if blank.exists():  # a form with its dates left blank: Sửa giúp tôi sends it to Soạn
        p.get_by_label("Văn bản cần kiểm tra (.docx, .doc, .odt)").set_input_files(str(blank))  # type: ignore[attr-defined]
        p.get_by_role("button", name="Kiểm tra", exact=True).click()  # type: ignore[attr-defined]
        p.get_by_role("button", name="Sửa giúp tôi").click()  # type: ignore[attr-defined]
        expect(p.locator("#ket-qua-sua")).to_contain_text("Chưa soạn lại được")  # type: ignore[attr-defined]
        p.get_by_role("button", name="Mở ở trang Soạn để điền").click()  # type: ignore[attr-defined]
        expect(p).to_have_url(re.compile(r"/soan$"))  # type: ignore[attr-defined]
        expect(p.locator("#f-loai")).to_have_value("giay-gioi-thieu")  # type: ignore[attr-defined]
    response = p.goto("/khong-co-trang-nay")  # type: ignore[attr-defined]
    assert response.status == 404
    expect(p.get_by_role("alert")).to_have_text("Không có trang hay địa chỉ này.")  # type: ignore[attr-defined]
    _shot(p, "loi-404")
