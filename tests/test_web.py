"""The web desk's HTTP API and pages through TestClient: good input, bad input, security.

LibreOffice is not needed here except in the tests marked slow (preview, PDF).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from realdocs import REAL_DOCS

from docgen import load_form, render_docx
from docgen.check import check_bytes
from docgen.cli import main
from docgen.errors import DocgenError
from docgen.forms import read_form
from docgen.users import UserStore
from docgen.web.app import MAX_UPLOAD, Settings, create_app
from docgen.web.desk import Desk
from docgen.web.jobs import Jobs
from docgen.web.office import OFFLINE_PROXY, WarmOffice, remove_orphan_folders

ROOT = Path(__file__).resolve().parent.parent
FORMS = ROOT / "data" / "forms"
PROFILE = (FORMS / "co-quan-sa-thay.yaml").read_text("utf-8")
GIA_HAN = (FORMS / "gia-han-mau.yaml").read_text("utf-8")
ROSTER = ROOT / "data" / "rosters" / "ket-qua-theo-thon.xlsx"
YAML = {"Content-Type": "application/yaml"}


class Desktop:
    """A client of one web desk in a temporary folder, with its CSRF token at hand."""

    def __init__(self, tmp: Path, host: str = "127.0.0.1", office: WarmOffice | None = None,
                 archive: str | None = None) -> None:
        self.data = tmp / "web"
        self.archive = archive or tmp / "luu-tru"
        self.app = create_app(Settings(data_dir=self.data, archive_dir=self.archive, host=host,
                                       office=office))
        self.client = TestClient(self.app, base_url="http://127.0.0.1:8080")
        self.client.__enter__()
        self.token = self.client.get("/api/phien").json()["csrf"]

    @property
    def csrf(self) -> dict[str, str]:
        return {"X-CSRF-Token": self.token}

    def post(self, url: str, **kw: object):  # type: ignore[no-untyped-def]
        headers = {**self.csrf, **kw.pop("headers", {})}  # type: ignore[dict-item]
        return self.client.post(url, headers=headers, **kw)

    def post_yaml(self, url: str, text: str):  # type: ignore[no-untyped-def]
        return self.post(url, content=text.encode("utf-8"), headers=YAML)

    def close(self) -> None:
        self.client.__exit__(None, None, None)


@pytest.fixture
def desk(tmp_path: Path):  # type: ignore[no-untyped-def]
    d = Desktop(tmp_path)
    assert d.post_yaml("/api/ho-so", PROFILE).status_code == 200
    yield d
    d.close()


def _form_json(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "co_quan": {"ten": ["ỦY BAN NHÂN DÂN", "XÃ SA THẦY"], "viet_tat": "UBND"},
        "don_vi_soan_thao": "VHXH", "dia_danh": "Sa Thầy", "ngay": "12/11/2025",
        "trich_yeu": "gia hạn thời gian học tập kỹ năng số",
        "kinh_gui": ["Các cơ quan, đơn vị thuộc UBND xã"],
        "noi_dung": "Ủy ban nhân dân xã thông báo gia hạn đến hết ngày 20/11/2025.",
        "noi_nhan": ["Chủ tịch, các PCT UBND xã"],
        "nguoi_ky": {"thay_mat": "ỦY BAN NHÂN DÂN", "ky_thay": "CHỦ TỊCH",
                     "chuc_vu": "PHÓ CHỦ TỊCH", "ho_ten": "Võ Thị Kim Dung"},
    }
    data.update(changes)
    return data


def _cli_problems(tmp: Path, text: str) -> list[tuple[str | None, str, str | None]]:
    path = tmp / "form.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DocgenError) as caught:
        read_form(path).build()
    return [(p.field, p.message, p.hint) for p in caught.value.problems]


# ---------------------------------------------------------------------------------------------
# Rendering: the same reader and the same bytes as the CLI


def test_render_yaml_gives_the_bytes_docgen_render_gives(desk: Desktop) -> None:
    response = desk.post_yaml("/api/render", GIA_HAN)
    assert response.status_code == 200
    assert response.content == render_docx(load_form(FORMS / "gia-han-mau.yaml"))
    assert "712-UBND-VHXH.docx" in response.headers["content-disposition"]
    assert check_bytes(response.content).ok


def test_saved_yaml_renders_to_the_same_bytes_with_the_cli(desk: Desktop, tmp_path: Path) -> None:
    form = _form_json(ngay=None)
    docx = desk.post("/api/render", json=form)
    saved = desk.post("/api/render/yaml", json=form)
    assert docx.status_code == saved.status_code == 200
    path = tmp_path / "luu.yaml"
    path.write_bytes(saved.content)
    result = CliRunner().invoke(main, ["render", str(path), "-o", str(tmp_path / "cli.docx")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "cli.docx").read_bytes() == docx.content


def test_profile_fills_what_the_form_leaves_out(desk: Desktop) -> None:
    form = _form_json()
    del form["co_quan"], form["nguoi_ky"], form["dia_danh"]
    response = desk.post("/api/render", json=form)
    assert response.status_code == 200
    text = b"".join(zipfile.ZipFile(io.BytesIO(response.content)).read("word/document.xml")
                    .split(b"<"))
    assert "Võ Thị Kim Dung".encode() in text


def test_bad_date_is_reported_on_its_field_with_the_cli_message(desk: Desktop,
                                                                tmp_path: Path) -> None:
    response = desk.post("/api/render", json=_form_json(ngay="31/02/2025"))
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert [e["field"] for e in errors] == ["ngay"]
    assert errors[0]["line"] is None  # a JSON form has no lines
    (tmp_path / "co-quan-sa-thay.yaml").write_text(PROFILE, encoding="utf-8")
    expected = _cli_problems(tmp_path, GIA_HAN.replace("ngay: 12/11/2025", "ngay: 31/02/2025"))
    assert (errors[0]["field"], errors[0]["message"], errors[0]["hint"]) == expected[0]


def test_broken_yaml_names_its_line(desk: Desktop) -> None:
    response = desk.post_yaml("/api/render", "trich_yeu: gia hạn\nngay: [12/11/2025\n")
    assert response.status_code == 422
    error = response.json()["errors"][0]
    assert error["message"].startswith("YAML không đúng cú pháp")
    assert error["line"] == 3 or error["line"] == 2
    assert error["hint"]


def test_yaml_errors_keep_the_line_of_the_clerks_text(desk: Desktop) -> None:
    text = GIA_HAN.replace("so: 712", "so: mười")
    response = desk.post_yaml("/api/render", text)
    assert response.status_code == 422
    error = response.json()["errors"][0]
    assert error["field"] == "so"
    assert error["line"] == text.splitlines().index("so: mười") + 1


@pytest.mark.parametrize("body, content_type, message", [
    (b"{not json", "application/json", "JSON không đúng cú pháp"),
    (b"[1, 2]", "application/json", "biểu mẫu phải là một nhóm trường"),
    (b"\xff\xfe", "application/yaml", "không phải UTF-8"),
    (b"<xml/>", "application/xml", "không nhận kiểu nội dung"),
])
def test_unreadable_bodies_are_refused_in_vietnamese(desk: Desktop, body: bytes,
                                                     content_type: str, message: str) -> None:
    response = desk.post("/api/render", content=body, headers={"Content-Type": content_type})
    assert response.status_code == 422
    assert message in response.json()["errors"][0]["message"]


def test_no_request_value_becomes_a_path(desk: Desktop) -> None:
    bad_template = desk.post_yaml("/api/render", "mau: ../../../etc/passwd\n")
    assert bad_template.status_code == 422
    assert bad_template.json()["errors"][0]["field"] == "mau"
    # dung_chung always means the server's profile, whatever file it names.
    text = GIA_HAN.replace("dung_chung: co-quan-sa-thay.yaml", "dung_chung: /etc/passwd")
    response = desk.post_yaml("/api/render", text)
    assert response.status_code == 200
    assert response.content == render_docx(load_form(FORMS / "gia-han-mau.yaml"))


def test_open_a_yaml_form_and_a_docx(desk: Desktop) -> None:
    yaml_response = desk.post("/api/mo", files={"file": ("gia-han.yaml", GIA_HAN.encode())})
    assert yaml_response.status_code == 200
    assert yaml_response.json()["fields"]["so"] == 712
    docx = render_docx(load_form(FORMS / "gia-han-mau.yaml"))
    docx_response = desk.post("/api/mo", files={"file": ("cu.docx", docx)})
    assert docx_response.status_code == 200
    fields = docx_response.json()["fields"]
    assert fields["ngay"] == "12/11/2025"
    assert fields["nguoi_ky"]["ho_ten"] == "Võ Thị Kim Dung"
    other = desk.post("/api/mo", files={"file": ("a.txt", b"x")})
    assert other.status_code == 422


def test_a_half_filled_yaml_form_opens_with_its_fields(desk: Desktop) -> None:
    half = "loai: cong-van\ntrich_yeu: gia hạn thời gian học tập\nngay: 31/02/2025\n"
    response = desk.post("/api/mo", files={"file": ("nua-chung.yaml", half.encode())})
    assert response.status_code == 200, response.text
    data = response.json()
    assert data["fields"]["trich_yeu"] == "gia hạn thời gian học tập"
    assert data["fields"]["ngay"] == "31/02/2025" and data["canh_bao"]
    broken = desk.post("/api/mo", files={"file": ("hong.yaml", b"a: [unclosed\n")})
    assert broken.status_code == 422 and broken.json()["errors"][0]["line"]


def test_a_json_form_naming_dung_chung_before_any_profile(tmp_path: Path) -> None:
    d = Desktop(tmp_path)  # no profile saved yet
    try:
        response = d.post("/api/render", json=_form_json(dung_chung="co-quan.yaml"))
        assert response.status_code == 422
        error = response.json()["errors"][0]
        assert error["field"] == "dung_chung" and error["line"] is None
    finally:
        d.close()


def test_new_form_for_every_kind_and_template(desk: Desktop) -> None:
    kinds = desk.client.get("/api/loai").json()
    assert {"loai": "cong-van", "ten": "Công văn"} in kinds
    for name in [k["loai"] for k in kinds] + [t["mau"] for t in desk.client.get("/api/mau").json()]:
        response = desk.client.get(f"/api/bieu-mau-moi?ten={name}")
        assert response.status_code == 200, name
        data = response.json()
        assert data["fields"]["nguoi_ky"]["ho_ten"] == "Võ Thị Kim Dung"
        # What the page sends back (its boxes plus 'Các trường khác') renders as it is.
        rendered = desk.post("/api/render", json={**data["fields"],
                                                  "truong_khac": data["truong_khac"]})
        assert rendered.status_code == 200, (name, rendered.json())
    assert desk.client.get("/api/bieu-mau-moi?ten=../x").status_code == 422


# ---------------------------------------------------------------------------------------------
# Uploads: size, zip bombs, the check JSON


def test_check_returns_the_json_of_docgen_check(desk: Desktop, tmp_path: Path) -> None:
    docx = render_docx(load_form(FORMS / "gia-han-mau.yaml"))
    response = desk.post("/api/check", files={"file": ("gia-han.docx", docx)})
    assert response.status_code == 200
    (tmp_path / "gia-han.docx").write_bytes(docx)
    cli = CliRunner().invoke(main, ["check", "--json", str(tmp_path / "gia-han.docx")])
    web, expected = response.json(), json.loads(cli.output)
    expected["files"][0]["path"] = "gia-han.docx"
    assert web == expected


def test_sua_giup_toi_gives_a_conformant_docx_and_its_form(desk: Desktop) -> None:
    import base64

    docx = render_docx(load_form(FORMS / "gia-han-mau.yaml"))
    response = desk.post("/api/check/sua", files={"file": ("cu.docx", docx)})
    assert response.status_code == 200
    data = response.json()
    assert check_bytes(base64.b64decode(data["docx"])).ok
    assert "trich_yeu:" in data["yaml"] and data["ten_docx"] == "cu-da-sua.docx"


def test_open_a_blank_word_template_shows_what_to_fill(desk: Desktop) -> None:
    blank = REAL_DOCS / "cb_mau1-5_cong-van.docx"
    if not blank.exists():
        pytest.skip("không có văn bản thật")
    response = desk.post("/api/mo", files={"file": (blank.name, blank.read_bytes())})
    assert response.status_code == 200
    assert response.json()["canh_bao"]


def test_sua_giup_toi_on_a_blank_template_offers_its_form_to_fill(desk: Desktop) -> None:
    blank = REAL_DOCS / "cb_mau1-8_giay-gioi-thieu.docx"  # dates left blank
    if not blank.exists():
        pytest.skip("không có văn bản thật")
    response = desk.post("/api/check/sua", files={"file": (blank.name, blank.read_bytes())})
    assert response.status_code == 200
    data = response.json()
    assert data["thieu"] and "docx" not in data
    assert data["fields"] and data["yaml"] and data["ten_yaml"] == "cb_mau1-8_giay-gioi-thieu.yaml"
    assert not any("docgen extract" in m for m in data["thieu"])


@pytest.mark.slow
def test_check_reads_an_odt_through_libreoffice(desk: Desktop, tmp_path: Path) -> None:
    from docgen.pdf import convert

    source = tmp_path / "gia-han.docx"
    source.write_bytes(render_docx(load_form(FORMS / "gia-han-mau.yaml")))
    (odt,) = convert([source], tmp_path / "odt", target="odt")
    response = desk.post("/api/check", files={"file": ("gia-han.odt", odt.read_bytes())})
    assert response.status_code == 200
    assert response.json()["files"][0]["path"] == "gia-han.odt"


def test_check_refuses_a_zip_bomb_with_a_clear_message(desk: Desktop) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bomb:
        bomb.writestr("[Content_Types].xml", "<Types/>")
        with bomb.open("word/document.xml", "w") as part:
            block = b"\0" * (1 << 20)
            for _ in range(100):
                part.write(block)
    response = desk.post("/api/check", files={"file": ("bom.docx", buffer.getvalue())})
    assert response.status_code == 422
    report = response.json()["files"][0]
    assert "zip bomb" in report["error"]


def test_check_of_a_file_that_is_no_docx(desk: Desktop) -> None:
    response = desk.post("/api/check", files={"file": ("a.docx", b"%PDF-1.4")})
    assert response.status_code == 422
    assert "PDF" in response.json()["files"][0]["error"]


def test_a_bad_roster_is_named_as_uploaded_never_by_a_server_folder(desk: Desktop) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as fake:
        fake.writestr("khong-phai.txt", "x")
    for url in ("/api/batch/cot", "/api/batch"):
        files = {"roster": ("thon-xom.xlsx", buffer.getvalue()),
                 "form": ("bieu-mau.yaml", GIA_HAN.encode())}
        response = desk.post(url, files=files)
        assert response.status_code == 422, response.text
        error = response.json()["errors"][0]
        assert error["file"] == "thon-xom.xlsx" and "/" not in response.text.replace("/api", "")
    assert not any((desk.data / "hang-loat").iterdir())


def test_50_mb_upload_is_refused_and_nothing_written(desk: Desktop) -> None:
    big = b"0" * (50 * 1024 * 1024)
    assert len(big) > MAX_UPLOAD
    response = desk.post("/api/batch", files={"form": ("f.yaml", GIA_HAN.encode()),
                                              "roster": ("r.csv", big)})
    assert response.status_code == 413
    assert "quá lớn" in response.json()["errors"][0]["message"]
    assert not list((desk.data / "hang-loat").iterdir())


# ---------------------------------------------------------------------------------------------
# The register


def _issue(desk: Desktop, **changes: object):  # type: ignore[no-untyped-def]
    form = _form_json(**changes)
    return desk.post("/api/register", json=form)


def test_issue_two_documents_then_list_export_verify(desk: Desktop) -> None:
    first, second = _issue(desk), _issue(desk)
    assert first.status_code == second.status_code == 200
    assert [first.json()["so_ky_hieu"], second.json()["so_ky_hieu"]] == [
        "01/UBND-VHXH", "02/UBND-VHXH"]
    rows = desk.client.get("/api/register?year=2025").json()["rows"]
    assert [r["so"] for r in rows] == [1, 2]
    assert desk.client.get("/api/register?year=2025&tim=ky nang so").json()["rows"]
    docx = desk.client.get(rows[0]["tep"])
    assert docx.status_code == 200 and check_bytes(docx.content).ok
    export = desk.client.get("/api/register/export?year=2025")
    assert export.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    assert any("01/UBND-VHXH" in str(c.value) for row in sheet.iter_rows() for c in row)
    verify = desk.post("/api/register/verify").json()
    assert verify["ok"] and verify["entries"] == 2
    actions = [(r["viec"], r["nguoi"]) for r in Desk(desk.data, desk.archive).audit_log()]
    assert actions[-4:] == [("cap-so", "may-nay"), ("cap-so", "may-nay"), ("xuat-so", "may-nay"),
                            ("kiem-tra-so", "may-nay")]


def test_issue_from_many_threads_on_both_backends(register: str, tmp_path: Path) -> None:
    d = Desktop(tmp_path, archive=register)
    try:
        assert d.post_yaml("/api/ho-so", PROFILE).status_code == 200
        results: list[int] = []

        def issue() -> None:
            for _ in range(3):
                results.append(d.post("/api/register", json=_form_json()).status_code)

        threads = [threading.Thread(target=issue) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert results == [200] * 12
        rows = d.client.get("/api/register?year=2025").json()["rows"]
        assert sorted(r["so"] for r in rows) == list(range(1, 13))
        assert d.client.get(rows[-1]["tep"]).status_code == 200
        assert d.post("/api/register/verify").json()["ok"]
    finally:
        d.close()


def test_a_numbered_form_is_refused_by_the_register(desk: Desktop) -> None:
    response = _issue(desk, so=5)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "so"
    assert not (desk.archive / "2025").exists()


def test_hand_columns_are_recorded_not_written_into_the_archive(desk: Desktop) -> None:
    _issue(desk)
    note = {"co_quan": "UBND", "nam": 2025, "so_ky_hieu": "01/UBND-VHXH", "cot": "ky_nhan",
            "gia_tri": "Nguyễn Lan"}
    assert desk.post("/api/register/ghi", json=note).status_code == 200
    assert desk.post("/api/register/ghi", json={**note, "gia_tri": "Lan"}).status_code == 200
    row = desk.client.get("/api/register?year=2025").json()["rows"][0]
    assert row["ky_nhan"] == "Lan"
    lines = (desk.data / "so-dang-ky-ghi-them.jsonl").read_text("utf-8").splitlines()
    assert [json.loads(line)["gia_tri"] for line in lines] == ["Nguyễn Lan", "Lan"]
    assert desk.post("/api/register/verify").json()["ok"]
    assert desk.post("/api/register/ghi", json={**note, "cot": "so_ban", "gia_tri": "12"}
                     ).status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(
        desk.client.get("/api/register/export?year=2025").content)).active
    row = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "01/UBND-VHXH")
    assert row[6] == 12 and row[8] == "Lan"  # Số lượng bản, Ký nhận
    formula = {**note, "cot": "ghi_chu", "gia_tri": "=HYPERLINK(\"http://x\")"}
    assert desk.post("/api/register/ghi", json=formula).status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(
        desk.client.get("/api/register/export?year=2025").content))
    cell = next(r for r in book.active.iter_rows() if r[0].value == "01/UBND-VHXH")[9]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")
    wrong = desk.post("/api/register/ghi", json={**note, "cot": "trich_yeu"})
    assert wrong.status_code == 422
    missing = desk.post("/api/register/ghi", json={**note, "so_ky_hieu": "09/UBND-VHXH"})
    assert missing.status_code == 422


def test_register_of_an_empty_archive(desk: Desktop) -> None:
    assert desk.client.get("/api/register").json() == {"rows": []}


# ---------------------------------------------------------------------------------------------
# Batch


def _wait(desk: Desktop, job_id: str) -> dict[str, object]:
    for _ in range(200):
        status = desk.client.get(f"/api/batch/{job_id}").json()
        if status["state"] in ("xong", "loi"):
            return status
        time.sleep(0.1)
    raise AssertionError("the batch did not finish")


def test_batch_runs_to_the_end_with_links(desk: Desktop) -> None:
    form = (FORMS / "don-doc-theo-thon.yaml").read_bytes()
    columns = desk.post("/api/batch/cot", files={"roster": ("thon.xlsx", ROSTER.read_bytes())})
    assert columns.status_code == 200
    assert columns.json()["columns"][3] == "Tên thôn" and columns.json()["rows"] == 24
    response = desk.post("/api/batch", files={"form": ("f.yaml", form),
                                              "roster": ("thon.xlsx", ROSTER.read_bytes())},
                         data={"loc": "dong.ty_le < 80", "gop": "true"})
    assert response.status_code == 200
    status = _wait(desk, response.json()["id"])
    assert status["state"] == "xong", status
    made = status["counts"]["da-tao"]
    assert 0 < made < 24
    archive = zipfile.ZipFile(io.BytesIO(desk.client.get(status["links"]["zip"]).content))
    assert len([n for n in archive.namelist() if n.endswith(".docx")]) == made
    assert desk.client.get(status["links"]["gop"]).status_code == 200
    assert b"hang" in desk.client.get(status["links"]["manifest"]).content


def test_batch_with_a_bad_form_is_refused_before_it_starts(desk: Desktop) -> None:
    response = desk.post("/api/batch", files={"form": ("f.yaml", b"mau: khong-co\n"),
                                              "roster": ("thon.xlsx", ROSTER.read_bytes())})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "mau"
    assert not list((desk.data / "hang-loat").iterdir())
    odd = desk.post("/api/batch", files={"form": ("f.yaml", GIA_HAN.encode()),
                                         "roster": ("thon.exe", b"MZ")})
    assert odd.status_code == 422


def test_unknown_batch_ids_are_not_paths(desk: Desktop) -> None:
    assert desk.client.get("/api/batch/..%2F..%2Fetc").status_code in (404, 422)
    assert desk.client.get("/api/batch/" + "0" * 32).status_code == 422


def test_a_running_batch_resumes_after_a_restart(tmp_path: Path) -> None:
    desk = Desk(tmp_path / "web", tmp_path / "luu-tru")
    never = threading.Event()  # the first server dies while running: its thread never returns
    first = Jobs(desk, runner=lambda options, progress: never.wait())
    form = (FORMS / "don-doc-theo-thon.yaml").read_text("utf-8").replace(
        "dung_chung: co-quan-sa-thay.yaml", "dung_chung: dung-chung.yaml")
    job = first.create(form, PROFILE, ROSTER.read_bytes(), ".xlsx", loc=None, gop=False,
                       user="lan")
    for _ in range(50):
        if job.status["state"] == "dang-chay":
            break
        time.sleep(0.05)
    assert job.status["state"] == "dang-chay"
    second = Jobs(desk)  # the server started again
    resumed = second.get(job.id)
    for _ in range(200):
        if resumed.status["state"] == "xong":
            break
        time.sleep(0.1)
    assert resumed.status["state"] == "xong", resumed.status
    assert resumed.status["counts"]["da-tao"] == 24
    assert "khởi động lại" in " ".join(resumed.status["notes"])


# ---------------------------------------------------------------------------------------------
# Security


def test_post_without_csrf_token_is_refused_and_nothing_written(desk: Desktop) -> None:
    response = desk.client.post("/api/register", json=_form_json())
    assert response.status_code == 403
    assert "CSRF" in response.json()["errors"][0]["message"]
    assert not (desk.archive / "2025").exists()
    wrong = desk.client.post("/api/render", json=_form_json(), headers={"X-CSRF-Token": "x"})
    assert wrong.status_code == 403


def test_a_loopback_desk_answers_only_its_own_host_names(desk: Desktop) -> None:
    # DNS rebinding: a page of another site whose name points at 127.0.0.1 would otherwise be
    # same-origin with a desk that has no login, fetch a CSRF token and issue numbers.
    rebound = TestClient(desk.app, base_url="http://tan-cong.example:8080")
    token = rebound.get("/api/phien")
    assert token.status_code == 421
    assert "chỉ phục vụ chính máy này" in token.json()["errors"][0]["message"]
    issued = rebound.post("/api/register", json=_form_json(), headers=desk.csrf)
    assert issued.status_code == 421
    assert desk.client.get("/api/register").json()["rows"] == []
    for host in ("localhost:8080", "[::1]:8080", "127.0.0.1"):
        assert desk.client.get("/api/phien", headers={"Host": host}).status_code == 200


@pytest.mark.parametrize("url", ["/soan", "/api/phien", "/static/app.css", "/khong-co"])
def test_no_other_site_may_frame_the_desk(desk: Desktop, url: str) -> None:
    response = desk.client.get(url)
    assert response.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"


def test_download_names_cannot_break_the_header() -> None:
    from docgen.web.app import _download

    response = _download(b"x", 'a"b\r\nSet-Cookie: x=1;Độ.docx', "application/octet-stream")
    header = response.headers["content-disposition"]
    assert header.startswith('attachment; filename="a_b__Set-Cookie__x_1___.docx"; ')
    assert "\n" not in header and "filename*=UTF-8''a%22b%0D%0ASet-Cookie" in header


def test_network_desk_serves_any_host_name(tmp_path: Path) -> None:
    with _network_desk(tmp_path, lan="van-thu") as d:
        assert d.client.get("/api/phien", headers={"Host": "may-chu.xa:8080"}).status_code == 200


@pytest.mark.parametrize(("method", "url", "status"), [
    ("GET", "/khong-co", 404), ("GET", "/soan/them", 404), ("GET", "/api/khong-co", 404),
    ("DELETE", "/api/register", 405), ("GET", "/api/render", 405),
    ("GET", "/static/khong-co.css", 404),
])
def test_unknown_addresses_answer_in_vietnamese(desk: Desktop, method: str, url: str,
                                                status: int) -> None:
    response = desk.client.request(method, url, headers=desk.csrf)
    assert response.status_code == status
    if url.startswith(("/api/", "/static/")) or method != "GET":
        message = response.json()["errors"][0]["message"]
        assert message in ("không có trang hay địa chỉ này", "địa chỉ này không nhận cách gửi đó")
    else:
        assert "text/html" in response.headers["content-type"]
        assert "Không có trang hay địa chỉ này" in response.text
        assert "Not Found" not in response.text and "detail" not in response.text


def test_a_broken_multipart_body_is_refused_in_vietnamese(desk: Desktop) -> None:
    response = desk.post("/api/check", content=b"--x\r\nrac\r\n",
                         headers={"Content-Type": "multipart/form-data; boundary=x"})
    assert 400 <= response.status_code < 500
    errors = response.json()["errors"]
    assert errors and "There was an error" not in errors[0]["message"]


def test_an_unexpected_error_gives_a_vietnamese_page_without_traceback(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import docgen.web.context as web_context

    def broken() -> list[object]:
        raise RuntimeError("secret internals /home/x")

    monkeypatch.setattr(web_context, "starter_kinds", broken)
    d = Desktop(tmp_path)
    quiet = TestClient(d.app, base_url="http://127.0.0.1:8080", raise_server_exceptions=False)
    try:
        page = quiet.get("/soan")
        assert page.status_code == 500
        assert "Máy chủ gặp lỗi không mong đợi" in page.text and "secret" not in page.text
        api = quiet.get("/api/loai")
        assert api.status_code == 500
        assert api.json()["errors"][0]["message"] == "máy chủ gặp lỗi không mong đợi"
    finally:
        d.close()


def test_cookie_is_httponly_and_samesite(tmp_path: Path) -> None:
    d = Desktop(tmp_path)
    try:
        cookie = d.client.get("/api/phien").headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=strict" in cookie
    finally:
        d.close()


def _login(d: Desktop, name: str, password: str):  # type: ignore[no-untyped-def]
    return d.client.post("/dang-nhap", data={"ten": name, "mat_khau": password,
                                             "csrf_token": d.token}, follow_redirects=False)


@contextlib.contextmanager
def _network_desk(tmp: Path, **roles: str) -> Iterator[Desktop]:
    """A desk served to the office network, with an account ``name=role`` for each of
    ``roles`` (password ``mat-khau-<role>``)."""
    users = UserStore(tmp / "web" / "tai-khoan.json")
    for name, role in roles.items():
        users.add(name, role, f"mat-khau-{role}")
    d = Desktop(tmp, host="0.0.0.0")
    try:
        yield d
    finally:
        d.close()


def test_accounts_roles_and_login_limit(tmp_path: Path) -> None:
    users = UserStore(tmp_path / "web" / "tai-khoan.json")
    users.add("lan", "van-thu", "mat-khau-van-thu")
    users.add("minh", "chuyen-vien", "mat-khau-chuyen-vien")
    d = Desktop(tmp_path, host="0.0.0.0")
    try:
        assert d.client.get("/api/register").status_code == 401
        assert d.client.get("/soan", follow_redirects=False).headers["location"] == "/dang-nhap"
        assert _login(d, "minh", "sai").status_code == 401
        assert _login(d, "minh", "mat-khau-chuyen-vien").status_code == 303
        d.token = d.client.get("/api/phien").json()["csrf"]
        assert d.client.get("/api/phien").json()["vai_tro"] == "chuyen-vien"
        assert d.post_yaml("/api/ho-so", PROFILE).status_code == 403
        Desk(d.data, d.archive).save_profile(PROFILE)
        refused = d.post("/api/register", json=_form_json())
        assert refused.status_code == 403
        assert "Văn thư" in refused.json()["errors"][0]["message"]
        assert d.client.get("/api/register/export?year=2025").status_code == 403
        assert not (d.archive / "2025").exists()
        assert d.post("/api/render", json=_form_json()).status_code == 200
        d.post("/dang-xuat")
        d.token = d.client.get("/api/phien").json()["csrf"]
        assert _login(d, "lan", "mat-khau-van-thu").status_code == 303
        d.token = d.client.get("/api/phien").json()["csrf"]
        assert d.post("/api/register", json=_form_json()).json()["so"] == 1
        log = Desk(d.data, d.archive).audit_log()
        assert log[-1]["viec"] == "cap-so" and log[-1]["nguoi"] == "lan"
        for _ in range(5):
            assert _login(d, "lan", "sai").status_code == 401
        limited = _login(d, "lan", "mat-khau-van-thu")
        assert limited.status_code == 429
        assert "quá nhiều lần" in limited.text
    finally:
        d.close()


def test_a_copied_cookie_stops_working_after_logout_or_a_new_password(tmp_path: Path) -> None:
    with _network_desk(tmp_path, lan="van-thu") as d:
        assert _login(d, "lan", "mat-khau-van-thu").status_code == 303
        copied = dict(d.client.cookies)
        assert d.client.get("/api/register").status_code == 200
        d.token = d.client.get("/api/phien").json()["csrf"]
        assert d.post("/dang-xuat", follow_redirects=False).status_code == 303
        thief = TestClient(d.app, base_url="http://127.0.0.1:8080", cookies=copied)
        refused = thief.get("/api/register")
        assert refused.status_code == 401
        assert refused.json()["errors"][0]["message"] == "phiên đăng nhập đã kết thúc"
        d.token = d.client.get("/api/phien").json()["csrf"]
        assert _login(d, "lan", "mat-khau-van-thu").status_code == 303  # a new session works
        assert d.client.get("/api/register").status_code == 200
        result = CliRunner().invoke(main, ["users", "add", "lan", "--vai-tro", "van-thu",
                                           "--mat-khau", "mat-khau-moi-1", "--thay",
                                           "--thu-muc", str(d.data)])
        assert result.exit_code == 0, result.output
        assert d.client.get("/api/register").status_code == 401


def test_an_empty_login_asks_for_both_and_counts_for_nothing(tmp_path: Path) -> None:
    with _network_desk(tmp_path, lan="van-thu") as d:
        for _ in range(8):
            empty = _login(d, "lan", "")
            assert empty.status_code == 422
            assert "Nhập tên đăng nhập và mật khẩu." in empty.text
        assert _login(d, "lan", "mat-khau-van-thu").status_code == 303  # not rate-limited


def test_only_the_van_thu_sees_the_profile_editable(tmp_path: Path) -> None:
    with _network_desk(tmp_path, minh="chuyen-vien") as d:
        assert _login(d, "minh", "mat-khau-chuyen-vien").status_code == 303
        page = d.client.get("/ho-so").text
        assert "readonly" in page and "Lưu hồ sơ" not in page and "Chỉ văn thư" in page
    one_pc = Desktop(tmp_path / "may-nay")  # one PC, no accounts: the văn thư
    try:
        local = one_pc.client.get("/ho-so").text
        assert "readonly" not in local and "Lưu hồ sơ" in local
    finally:
        one_pc.close()


def test_a_login_leads_back_to_the_page_asked_for_and_nowhere_else(tmp_path: Path) -> None:
    with _network_desk(tmp_path, lan="van-thu") as d:
        asked = d.client.get("/so-van-ban", follow_redirects=False)
        assert asked.headers["location"] == "/dang-nhap?tiep=/so-van-ban"
        assert 'name="tiep" value="/so-van-ban"' in d.client.get(asked.headers["location"]).text
        for tiep, goes in (("/so-van-ban", "/so-van-ban"), ("https://lua-dao.example/", "/soan"),
                           ("//lua-dao.example", "/soan")):
            d.token = d.client.get("/api/phien").json()["csrf"]
            response = d.client.post("/dang-nhap", data={
                "ten": "lan", "mat_khau": "mat-khau-van-thu", "tiep": tiep,
                "csrf_token": d.token}, follow_redirects=False)
            assert response.headers["location"] == goes


def test_login_limiter_memory_is_bounded() -> None:
    from docgen.web.security import LoginLimiter

    limiter = LoginLimiter(limit=3, window=300, max_keys=50)
    for i in range(1000):
        limiter.failed(f"ten:{i}" + "x" * 10_000, "ip:10.0.0.1")
    assert len(limiter) <= 50
    assert limiter.wait_seconds("ip:10.0.0.1") > 0  # the address stays locked meanwhile
    assert limiter.wait_seconds("ten:999" + "x" * 10_000) == 0  # one failure only


def test_login_without_csrf_is_refused(tmp_path: Path) -> None:
    UserStore(tmp_path / "web" / "tai-khoan.json").add("lan", "van-thu", "mat-khau-van-thu")
    d = Desktop(tmp_path)
    try:
        response = d.client.post("/dang-nhap", data={"ten": "lan", "mat_khau": "mat-khau-van-thu"})
        assert response.status_code == 403
    finally:
        d.close()


def test_serve_on_the_network_refuses_without_accounts(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["serve", "--host", "0.0.0.0", "--thu-muc",
                                       str(tmp_path / "web")])
    assert result.exit_code == 2
    assert "chưa có tài khoản" in result.output
    assert "docgen users add" in result.output


def test_users_add_stores_an_argon2_hash(tmp_path: Path) -> None:
    web = tmp_path / "web"
    runner = CliRunner()
    added = runner.invoke(main, ["users", "add", "lan", "--vai-tro", "van-thu", "--mat-khau",
                                 "mat-khau-dai", "--thu-muc", str(web)])
    assert added.exit_code == 0, added.output
    text = (web / "tai-khoan.json").read_text("utf-8")
    assert "$argon2" in text and "mat-khau-dai" not in text
    assert UserStore(web / "tai-khoan.json").verify("lan", "mat-khau-dai").role == "van-thu"
    again = runner.invoke(main, ["users", "add", "lan", "--vai-tro", "van-thu", "--mat-khau",
                                 "mat-khau-dai", "--thu-muc", str(web)])
    assert again.exit_code == 2 and "đã có" in again.output
    short = runner.invoke(main, ["users", "add", "nam", "--vai-tro", "lanh-dao", "--mat-khau",
                                 "ngan", "--thu-muc", str(web)])
    assert short.exit_code == 2 and "ít nhất 8" in short.output
    assert "lan\tVăn thư" in runner.invoke(main, ["users", "list", "--thu-muc", str(web)]).output


# ---------------------------------------------------------------------------------------------
# Pages: labels, buttons, no CDN


class _Controls(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.labels: dict[str, str] = {}
        self.controls: list[dict[str, str | None]] = []
        self.buttons: list[str] = []
        self._label: str | None = None
        self._button: list[str] | None = None
        self.scripts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "label":
            self._label = a.get("for") or ""
            self.labels[self._label] = ""
        if tag in ("input", "select", "textarea") and a.get("type") != "hidden":
            self.controls.append(a)
        if tag == "button":
            self._button = []
        if tag in ("script", "link", "img") and (a.get("src") or a.get("href")):
            self.scripts.append(str(a.get("src") or a.get("href")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "label":
            self._label = None
        if tag == "button" and self._button is not None:
            self.buttons.append("".join(self._button).strip())
            self._button = None

    def handle_data(self, data: str) -> None:
        if self._label is not None:
            self.labels[self._label] += data
        if self._button is not None:
            self._button.append(data)


@pytest.mark.parametrize("page", ["/soan", "/hang-loat", "/so-van-ban", "/kiem-tra", "/ho-so"])
def test_every_field_has_a_vietnamese_label_and_buttons_have_text(desk: Desktop,
                                                                  page: str) -> None:
    response = desk.client.get(page)
    assert response.status_code == 200
    parsed = _Controls()
    parsed.feed(response.text)
    for control in parsed.controls:
        assert control.get("id") in parsed.labels or control.get("aria-label"), control
    assert all(parsed.buttons), parsed.buttons
    assert all(s.startswith("/static/") or s.startswith("/") for s in parsed.scripts)
    if page == "/soan":
        wanted = {"Trích yếu", "Ngày", "Kính gửi", "Nội dung", "Họ tên người ký", "Số",
                  "Nơi nhận", "Chức vụ người ký"}
        assert wanted <= {label.strip() for label in parsed.labels.values()}


def test_hand_columns_are_given_to_the_script_in_the_order_of_their_headers(
        desk: Desktop) -> None:
    html = desk.client.get("/so-van-ban").text
    headers = re.findall(r'<th scope="col">([^<]*)</th>', html)
    config = json.loads(re.search(r'<script type="application/json" id="so-cau-hinh">(.*?)'
                                  r'</script>', html, re.S).group(1))  # type: ignore[union-attr]
    labels = list(config["hand_columns"].values())
    assert labels == ["Số lượng bản", "Ngày chuyển", "Ký nhận", "Ghi chú"]
    start = headers.index(labels[0])
    assert headers[start:start + len(labels)] == labels  # the script fills cells in this order


def test_docs_are_served_without_a_cdn(desk: Desktop) -> None:
    docs = desk.client.get("/docs")
    assert docs.status_code == 200
    assert "/api/render" in docs.text and "cdn" not in docs.text.lower()
    assert "<script src=\"http" not in docs.text
    schema = desk.client.get("/openapi.json").json()
    assert {"/api/render", "/api/preview", "/api/check", "/api/register",
            "/api/register/export", "/api/batch", "/api/batch/{job_id}"} <= set(schema["paths"])


# ---------------------------------------------------------------------------------------------
# LibreOffice: preview and PDF


@pytest.mark.slow
def test_preview_is_a_png_of_the_page_and_the_office_stays_warm(tmp_path: Path) -> None:
    office = WarmOffice()
    desk = Desktop(tmp_path, office=office)
    try:
        _preview_checks(desk)
    finally:
        desk.close()
        office.close()
    # one office for every request; page 2, page 3 and the PDF come from the cached conversion
    assert office.starts == 1 and office.conversions == 2
    assert not office.running


def _preview_checks(desk: Desktop) -> None:
    long_form = (FORMS / "gia-han-ky-nang-so.yaml").read_text("utf-8")
    first = desk.post_yaml("/api/preview", long_form)
    assert first.status_code == 200
    assert first.content.startswith(b"\x89PNG") and first.headers["x-so-trang"] == "2"
    edited = desk.post_yaml("/api/preview", long_form.replace("so: null", "so: 713"))
    assert edited.status_code == 200 and edited.content != first.content
    second = desk.post_yaml("/api/preview?page=2", long_form)  # the PDF is cached
    assert second.status_code == 200 and second.content != first.content
    beyond = desk.post_yaml("/api/preview?page=3", long_form)
    assert beyond.status_code == 422 and beyond.json()["errors"][0]["field"] == "page"
    pdf = desk.post_yaml("/api/render/pdf", long_form)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    bad = desk.post("/api/preview", json=_form_json(ngay="32/01/2025"))
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "ngay"


@pytest.mark.parametrize("text", [
    "một dòng", "  thụt đầu dòng\ndòng hai", "dòng cuối có dấu cách  \nhai", "a: b\n- c\n# d",
    "'nháy' \"kép\"\n{ngoặc}", "kết thúc bằng xuống dòng\n", "\ttab\nhai", "x\r\ny",
])
def test_json_text_survives_the_yaml_the_reader_gets(text: str) -> None:
    from docgen.web.formdata import form_text_from_json
    from docgen.yamlsrc import load_yaml_text

    read = load_yaml_text(form_text_from_json({"noi_dung": text}), "x").data["noi_dung"]
    assert read == text


def test_serve_needs_both_cert_and_key(tmp_path: Path) -> None:
    cert = tmp_path / "cert.pem"
    cert.write_text("x")
    result = CliRunner().invoke(main, ["serve", "--cert", str(cert), "--thu-muc",
                                       str(tmp_path / "web")])
    assert result.exit_code == 2 and "--cert và --key" in result.output


@pytest.mark.skipif(shutil.which("node") is None, reason="cần node để đọc cú pháp JavaScript")
def test_page_scripts_parse() -> None:
    static = ROOT / "docgen" / "web" / "static"
    for script in sorted(static.glob("*.js")):
        result = subprocess.run(["node", "--check", str(script)], capture_output=True, text=True,
                                check=False)
        assert result.returncode == 0, (script.name, result.stderr)


@pytest.mark.slow
def test_the_warm_office_ends_when_docgen_is_killed(tmp_path: Path) -> None:
    # SIGKILL gives docgen no chance to stop LibreOffice: the macro itself must notice.
    script = ("import sys, time\n"
              "from docgen.web.office import WarmOffice\n"
              "office = WarmOffice(); office.start()\n"
              "print(office._process.pid, office._root, flush=True)\n"
              "time.sleep(120)\n")
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True,
                             cwd=ROOT)
    try:
        assert child.stdout is not None
        _pid, root = child.stdout.readline().split()
    finally:
        child.kill()
        child.wait()
    deadline = time.monotonic() + 20
    while _alive_office(root):
        assert time.monotonic() < deadline, "soffice outlived the docgen that started it"
        time.sleep(0.2)
    assert Path(root).is_dir()
    remove_orphan_folders()  # what the next start does
    assert not Path(root).exists()


def _alive_office(root: str) -> bool:
    """Whether a soffice.bin working in ``root`` still runs (zombies do not count)."""
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().decode(errors="replace")
            state = (proc / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if root in cmdline and "soffice.bin" in cmdline and state != "Z":
            return True
    return False


@pytest.mark.slow
def test_a_dead_office_is_started_again_and_concurrent_previews_all_answer(
        tmp_path: Path) -> None:
    import os
    import signal

    office = WarmOffice()
    desk = Desktop(tmp_path, office=office)
    try:
        assert desk.post_yaml("/api/ho-so", PROFILE).status_code == 200
        assert desk.post_yaml("/api/preview", GIA_HAN).status_code == 200
        assert office._process is not None
        os.killpg(office._process.pid, signal.SIGKILL)  # LibreOffice crashes
        office._process.wait(timeout=10)
        results: list[int] = []

        def one(i: int) -> None:
            form = GIA_HAN.replace("so: 712", f"so: {800 + i}")
            results.append(desk.post_yaml("/api/preview", form).status_code)

        threads = [threading.Thread(target=one, args=(i,)) for i in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert results == [200] * 4
        assert office.starts == 2 and office.running
    finally:
        desk.close()
        office.close()
    assert not office.running


class _Watcher:
    """A local HTTP server recording what is fetched from it."""

    def __init__(self) -> None:
        import http.server

        fetched = self.fetched = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                fetched.append(self.path)
                self.send_response(404)
                self.end_headers()

            do_OPTIONS = do_HEAD = do_PROPFIND = do_GET

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()


@pytest.mark.slow
def test_page_images_of_an_upload_fetch_nothing_it_links_to(tmp_path: Path) -> None:
    watcher = _Watcher()
    linked = _docx_linking_a_picture(f"{watcher.url}/anh.png")
    office = WarmOffice()
    desk = Desktop(tmp_path, office=office)
    try:
        response = desk.post("/api/check/trang", files={"file": ("lien-ket.docx", linked)})
        assert response.status_code == 200 and response.json()["pages"]
    finally:
        desk.close()
        office.close()
        watcher.close()
    assert watcher.fetched == []


@pytest.mark.slow
def test_an_odt_upload_fetches_nothing_it_links_to(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, str] = {}
    monkeypatch.setattr("uvicorn.run", lambda *a, **k: seen.update(os.environ))
    for name in OFFLINE_PROXY:
        monkeypatch.setenv(name, "")  # restored after the test; serve sets them
    result = CliRunner().invoke(main, ["serve", "--port", "8999", "--thu-muc",
                                       str(tmp_path / "serve"), "--archive", str(tmp_path / "a")])
    assert result.exit_code == 0, result.output
    assert all(seen[name] == value for name, value in OFFLINE_PROXY.items()), seen
    watcher = _Watcher()
    desk = Desktop(tmp_path)
    try:
        response = desk.post("/api/check", files={"file": ("lien-ket.odt",
                                                           _odt_linking_a_picture(watcher.url))})
        assert response.status_code == 200
    finally:
        desk.close()
        watcher.close()
    assert watcher.fetched == []


def _odt_linking_a_picture(url: str) -> bytes:
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
        'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
        'xmlns:xlink="http://www.w3.org/1999/xlink" office:version="1.2"><office:body>'
        '<office:text><text:p>Văn bản có ảnh liên kết ngoài<draw:frame draw:name="a" '
        'svg:width="2cm" svg:height="2cm" text:anchor-type="as-char"><draw:image '
        f'xlink:href="{url}/anh-odt.png" xlink:type="simple" xlink:show="embed" '
        'xlink:actuate="onLoad"/></draw:frame></text:p></office:text></office:body>'
        '</office:document-content>')
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.text"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        '</manifest:manifest>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as odt:
        odt.writestr("mimetype", "application/vnd.oasis.opendocument.text",
                     compress_type=zipfile.ZIP_STORED)
        odt.writestr("META-INF/manifest.xml", manifest)
        odt.writestr("content.xml", content)
    return out.getvalue()


def _docx_linking_a_picture(url: str) -> bytes:
    """A .docx whose picture is an external link (r:link), as Word writes 'Link to File'."""
    import docx

    from docgen.ooxml import EMU_PER_INCH, PIC, RT_IMAGE, declarations

    document = docx.Document()
    document.add_paragraph("Văn bản có ảnh liên kết ngoài")
    buffer = io.BytesIO()
    document.save(buffer)
    inch = EMU_PER_INCH
    picture = (
        f'<w:p><w:r><w:drawing><wp:inline {declarations("wp")}><wp:extent cx="{inch}" '
        f'cy="{inch}"/><wp:docPr id="1" name="a"/><a:graphic {declarations("a")}>'
        f'<a:graphicData uri="{PIC}"><pic:pic {declarations("pic")}>'
        '<pic:nvPicPr><pic:cNvPr id="1" name="a"/><pic:cNvPicPr/>'
        f'</pic:nvPicPr><pic:blipFill><a:blip {declarations("r")} r:link="rIdX"/><a:stretch>'
        '<a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/>'
        f'<a:ext cx="{inch}" cy="{inch}"/></a:xfrm><a:prstGeom prst="rect"/></pic:spPr>'
        '</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>')
    relationship = (
        f'<Relationship Id="rIdX" Type="{RT_IMAGE}" Target="{url}" TargetMode="External"/>'
        "</Relationships>")
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/_rels/document.xml.rels":
                data = data.replace(b"</Relationships>", relationship.encode())
            elif item.filename == "word/document.xml":
                data = data.replace(b"<w:sectPr", picture.encode() + b"<w:sectPr", 1)
            target.writestr(item, data)
    return out.getvalue()
