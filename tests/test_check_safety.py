"""Files from unknown senders: zip bombs, XXE, encrypted, empty, not a .docx — exit 2, clearly."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from checkcorpus import Docx, base_cong_van, docgen_docx
from click.testing import CliRunner

from docgen.check import check_bytes, check_file, reader
from docgen.cli import main
from docgen.errors import DocgenError
from docgen.ooxml import RT_THEME, declarations

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504


@pytest.fixture(scope="module")
def good() -> bytes:
    return docgen_docx(base_cong_van())


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def message(data: bytes) -> str:
    with pytest.raises(DocgenError) as info:
        check_bytes(data, "x.docx")
    return str(info.value)


def with_part(data: bytes, name: str, content: bytes) -> bytes:
    doc = Docx(data)
    doc.parts[name] = content
    return doc.save()


def test_empty_file() -> None:
    assert "tệp rỗng" in message(b"")


def test_not_a_docx() -> None:
    assert "không phải tệp .docx" in message(b"Hello, this is plain text.")
    assert "PDF" in message(b"%PDF-1.7 ...")


def test_old_binary_doc_suggests_convert() -> None:
    text = message(OLE + "WordDocument".encode("utf-16-le") + b"\0" * 64)
    assert ".doc" in text and "--convert" in text


def test_encrypted_document() -> None:
    text = message(OLE + "EncryptionInfo".encode("utf-16-le") +
                   "EncryptedPackage".encode("utf-16-le"))
    assert "mật khẩu" in text


def test_other_zip_is_not_a_docx() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
    assert "Excel" in message(buffer.getvalue())


def test_corrupt_zip() -> None:
    assert "bị hỏng" in message(b"PK\x03\x04" + b"\0" * 100)


def test_xxe_is_refused_and_never_read(good: bytes, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("BÍ MẬT-42", "utf-8")
    payload = (f'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY x SYSTEM '
               f'"{secret.as_uri()}">]><w:document {declarations("w")}><w:body><w:p><w:r>'
               "<w:t>&x;</w:t></w:r></w:p></w:body></w:document>").encode()
    text = message(with_part(good, "word/document.xml", payload))
    assert "DOCTYPE" in text and "BÍ MẬT" not in text


def test_billion_laughs_is_refused(good: bytes) -> None:
    lol = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
           + "".join(f'<!ENTITY lol{i} "{"&lol" + str(i - 1) + ";" if i else "&lol;"}'
                     f'{"&lol" + str(i - 1) + ";" if i else "&lol;"}">' for i in range(12))
           + f']><w:styles {declarations("w")}>&lol11;</w:styles>')
    assert "DOCTYPE" in message(with_part(good, "word/styles.xml", lol.encode()))


def test_zip_bomb_part_is_refused(good: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    # A part far larger than any real document part; the limit is lowered so the test stays
    # light, the code path is the one a 10 GB bomb takes.
    monkeypatch.setattr(reader, "MAX_PART_BYTES", 1024 * 1024)
    bomb = f"<w:document {declarations('w')}>".encode() + b" " * (4 * 1024 * 1024) \
        + b"</w:document>"
    assert "zip bomb" in message(with_part(good, "word/document.xml", bomb))


def test_zip_bomb_lying_header_is_capped(good: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader, "MAX_PART_BYTES", 64 * 1024)
    big = b"<a>" + b" " * (512 * 1024) + b"</a>"
    doc = Docx(good)
    doc.parts["word/theme/theme1.xml"] = big
    doc.parts["word/_rels/document.xml.rels"] = doc.parts["word/_rels/document.xml.rels"].replace(
        b"</Relationships>", f'<Relationship Id="rIdT" Type="{RT_THEME}" '
        'Target="theme/theme1.xml"/></Relationships>'.encode())
    data = bytearray(doc.save())
    # Forge the declared size in both headers so the part looks small.
    name = b"word/theme/theme1.xml"
    start = 0
    forged = 0
    while (i := data.find(name, start)) != -1:
        start = i + 1
        if data[i - 30:i - 26] == b"PK\x03\x04":
            data[i - 8:i - 4] = (1000).to_bytes(4, "little")
            forged += 1
        elif data[i - 46:i - 42] == b"PK\x01\x02":
            data[i - 22:i - 18] = (1000).to_bytes(4, "little")
            forged += 1
    assert forged == 2
    with pytest.raises(DocgenError):
        check_bytes(bytes(data), "x.docx")


def test_too_many_parts_is_refused(good: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader, "MAX_PARTS", 50)
    doc = Docx(good)
    for i in range(60):
        doc.parts[f"customXml/item{i}.xml"] = b"<a/>"
    assert "zip bomb" in message(doc.save())


def test_odt_suggests_convert() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        zf.writestr("content.xml", "<x/>")
    assert "--convert" in message(buffer.getvalue())


# -- the command ----------------------------------------------------------------------------------


def test_cli_exit_codes_and_summary(good: bytes, tmp_path: Path) -> None:
    ok = tmp_path / "dat.docx"
    ok.write_bytes(good)
    bad = tmp_path / "sai.docx"
    doc = Docx(good)
    doc.replace_text("tháng 3 năm 2025", "tháng 03 năm 2025")
    bad.write_bytes(doc.save())
    empty = tmp_path / "rong.docx"
    empty.write_bytes(b"")
    code, out, _ = run("check", str(ok))
    assert code == 0 and "đạt" in out
    code, out, _ = run("check", str(ok), str(bad))
    assert code == 1
    assert "R-19 Địa danh, ngày tháng: “ngày 05 tháng 03 năm 2025”" in out
    assert "Đã kiểm tra 2 tệp: 1 đạt Nghị định, 1 có phát hiện (1 lỗi trái Nghị định" in out
    code, out, err = run("check", str(ok), str(empty))
    assert code == 2 and "tệp rỗng" in err and "1 không đọc được" in out


def test_cli_english_and_json(good: bytes, tmp_path: Path) -> None:
    bad = tmp_path / "sai.docx"
    doc = Docx(good)
    doc.replace_text("Số: 05/", "Số: 5/")
    bad.write_bytes(doc.save())
    code, out, _ = run("check", "--lang", "en", str(bad))
    assert code == 1 and "R-16 Number and code" in out and "leading zero" in out
    code, out, _ = run("check", "--json", str(bad), str(tmp_path / "missing.docx"))
    assert code == 2
    data = json.loads(out)
    first = data["files"][0]["findings"][0]
    assert first["rule"] == "R-16" and first["element"] == "so_ky_hieu"
    assert first["found"] == {"text": "Số: 5/UBND-VHXH"}
    assert first["severity"] == "nghi-dinh"
    assert data["summary"] == {"files": 2, "ok": 0, "with_findings": 1, "findings": 1,
                               "nghi_dinh": 1, "unreadable": 1}
    assert "không tìm thấy" in data["files"][1]["error"]


def test_check_file_api(good: bytes, tmp_path: Path) -> None:
    path = tmp_path / "a.docx"
    path.write_bytes(good)
    report = check_file(path)
    assert report.ok and report.path == str(path)
    with pytest.raises(DocgenError):
        check_file(tmp_path)


def test_workbook_and_form_say_what_to_run_instead(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = tmp_path / "danh-sach.xlsx"
    sheet = Workbook()
    sheet.active.append(["Tên thôn", "Số hộ"])
    sheet.save(book)
    form = tmp_path / "gia-han.yaml"
    form.write_text("trich_yeu: gia hạn\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(book), str(form)])
    assert result.exit_code == 2
    assert "đây là bảng tính Excel (.xlsx), không phải văn bản .docx" in result.stderr
    assert "docgen batch" in result.stderr and "--roster" in result.stderr
    assert "đây là biểu mẫu .yaml" in result.stderr and "docgen render" in result.stderr
    assert "WordprocessingML" not in result.output + result.stderr
