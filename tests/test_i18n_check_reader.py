"""A file ``check`` cannot read is refused in the clerk's language, with what to do instead.

Every refusal of :mod:`docgen.check.reader` (not a zip, another Office file, encrypted, too big,
damaged, hostile XML…) is an :class:`~docgen.errors.UnreadableDocument` whose message and hint
are English under ``--lang en`` and Vietnamese by default (the tests run with DOCGEN_LANG=vi).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from checkcorpus import Docx, base_cong_van, docgen_docx
from click.testing import CliRunner
from vietnamese import assert_english

from docgen import ooxml
from docgen.check import check_bytes, reader
from docgen.cli import main
from docgen.errors import Problem, UnreadableDocument
from docgen.i18n import language

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
W_NS = ooxml.W.encode()


@pytest.fixture(scope="module")
def good() -> bytes:
    return docgen_docx(base_cong_van())


def _zip(parts: dict[str, bytes | str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return buffer.getvalue()


def _changed(data: bytes, change: Callable[[Docx], None]) -> bytes:
    doc = Docx(data)
    change(doc)
    return doc.save()


def _set(part: str, content: bytes) -> Callable[[Docx], None]:
    def apply(doc: Docx) -> None:
        doc.parts[part] = content
    return apply


def _drop(part: str) -> Callable[[Docx], None]:
    def apply(doc: Docx) -> None:
        del doc.parts[part]
    return apply


def _strict(doc: Docx) -> None:
    doc.parts["word/document.xml"] = doc.parts["word/document.xml"].replace(
        W_NS, ooxml.STRICT_W.encode())


def _encrypted_part(data: bytes) -> bytes:
    """``data`` with its main part flagged as encrypted (ZIP's encryption bit, which
    :mod:`zipfile` cannot write: set in the local and the central header by hand)."""
    out = bytearray(data)
    name = b"word/document.xml"
    flagged, start = 0, 0
    while (i := out.find(name, start)) != -1:
        start = i + 1
        if out[i - 30:i - 26] == b"PK\x03\x04":
            out[i - 24] |= 0x1  # general purpose flags, local header
            flagged += 1
        elif out[i - 46:i - 42] == b"PK\x01\x02":
            out[i - 38] |= 0x1  # the same, central directory
            flagged += 1
    assert flagged == 2
    return bytes(out)


def _big_document(data: bytes) -> bytes:
    """``data`` with a main part of 300 KB of spaces (over the lowered limits of a case)."""
    body = b"<w:document xmlns:w='" + W_NS + b"'>" + b" " * 300_000 + b"</w:document>"
    return _changed(data, _set("word/document.xml", body))


@dataclass(frozen=True)
class Case:
    """One unreadable file: how to make it, its name, and words each language must use."""

    id: str
    make: Callable[[bytes], bytes]
    name: str
    en: tuple[str, str]
    """(in the English message, in the English hint)."""
    vi: tuple[str, str]
    limits: tuple[tuple[str, int], ...] = ()
    """Reader limits lowered for the case (a zip bomb without writing gigabytes)."""


CASES = [
    Case("empty", lambda g: b"", "x.docx", ("empty (0 bytes)", "save it as .docx"),
         ("tệp rỗng", "lưu lại dạng .docx")),
    Case("text", lambda g: b"# README\nplain text\n", "README.md",
         ("not a .docx file", "--convert"), ("không phải tệp .docx", "--convert")),
    Case("pdf", lambda g: b"%PDF-1.7 ...", "x.pdf", ("PDF file", "original .docx"),
         ("tệp PDF", "bản .docx gốc")),
    Case("rtf", lambda g: b"{\\rtf1\\ansi hello}", "x.rtf", ("RTF file", "--convert"),
         ("tệp RTF", "--convert")),
    Case("doc", lambda g: OLE + "WordDocument".encode("utf-16-le"), "x.doc",
         ("old Word file (.doc", "--convert"), ("tệp Word cũ", "--convert")),
    Case("xls", lambda g: OLE + "Workbook".encode("utf-16-le"), "ds.xls",
         ("old Excel spreadsheet (.xls)", "--roster ds.xlsx"),
         ("bảng tính Excel cũ (.xls)", "--roster ds.xlsx")),
    Case("ole", lambda g: OLE, "x.ppt", ("old Office file", "--convert"),
         ("tệp Office cũ", "--convert")),
    Case("encrypted", lambda g: OLE + "EncryptedPackage".encode("utf-16-le"), "x.docx",
         ("password-protected", "remove the password"), ("đặt mật khẩu", "bỏ mật khẩu")),
    Case("yaml", lambda g: b"loai: cong-van\n", "don.yaml",
         (".yaml form", "docgen render don.yaml -o"),
         ("biểu mẫu .yaml", "docgen render don.yaml -o")),
    Case("csv", lambda g: b"ten,xa\nA,B\n", "ds.csv", (".csv table", "--roster ds.csv"),
         ("bảng .csv", "--roster ds.csv")),
    Case("xlsx", lambda g: _zip({"xl/workbook.xml": "<workbook/>"}), "ds.xlsx",
         ("Excel spreadsheet (.xlsx)", "docgen batch <form>.yaml --roster ds.xlsx"),
         ("bảng tính Excel (.xlsx)", "docgen batch <biểu mẫu>.yaml --roster ds.xlsx")),
    Case("pptx", lambda g: _zip({"ppt/presentation.xml": "<p/>"}), "x.pptx",
         ("presentation (.pptx)", "only checks Word documents"),
         ("bản trình chiếu", "chỉ kiểm tra văn bản Word")),
    Case("zip", lambda g: _zip({"a.txt": "a"}), "x.zip",
         ("ordinary zip archive", "only checks Word documents"),
         ("tệp nén thường", "chỉ kiểm tra văn bản Word")),
    Case("odt", lambda g: _zip({"mimetype": "application/vnd.oasis.opendocument.text",
                                "content.xml": "<x/>"}), "x.odt",
         ("OpenDocument file (.odt)", "--convert"), ("tệp OpenDocument", "--convert")),
    Case("corrupt-zip", lambda g: b"PK\x03\x04" + b"\0" * 100, "x.docx",
         ("damaged", "original file"), ("bị hỏng", "tệp gốc")),
    Case("no-document-part", lambda g: _changed(g, _drop("word/document.xml")), "x.docx",
         ("missing its main document part word/document.xml", "original file"),
         ("thiếu phần văn bản chính word/document.xml", "tệp gốc")),
    Case("not-xml", lambda g: _changed(g, _set("word/document.xml", b"<w:document")),
         "x.docx", ("word/document.xml of the .docx file is not valid XML", "original file"),
         ("không phải XML hợp lệ", "tệp gốc")),
    Case("doctype", lambda g: _changed(g, _set(
        "word/styles.xml", b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>')),
        "x.docx", ("declares a DOCTYPE/ENTITY", "ask the sender"),
        ("khai báo DOCTYPE/ENTITY", "xin người gửi")),
    Case("strict", lambda g: _changed(g, _strict), "x.docx",
         ("Strict Open XML", "Save As → Word Document (.docx)"),
         ("Strict Open XML", "Lưu thành → Word Document (.docx)")),
    Case("not-a-document", lambda g: _changed(g, _set(
        "word/document.xml", b'<w:body xmlns:w="' + W_NS + b'"/>')), "x.docx",
        ("holds no Word document", "only checks Word documents"),
        ("không chứa văn bản Word", "chỉ kiểm tra văn bản Word")),
    Case("encrypted-part", _encrypted_part, "x.docx",
         ("part of the package is encrypted", "remove the password"),
         ("phần được mã hóa", "bỏ mật khẩu")),
    Case("too-many-parts", lambda g: g, "x.docx",
         ("parts, too many for a document (the limit is 3)", "ask the sender"),
         ("quá nhiều cho một văn bản (giới hạn 3)", "xin người gửi"),
         limits=(("MAX_PARTS", 3),)),
    Case("too-big-unpacked", _big_document, "x.docx",
        ("unpacks to 0 MB, unusual for a document", "ask the sender"),
        ("giải nén ra 0 MB, bất thường", "xin người gửi"),
        limits=(("MAX_TOTAL_BYTES", 100_000),)),
    Case("part-too-big", _big_document, "x.docx",
        ("the part word/document.xml unpacks to 0 MB", "ask the sender"),
        ("phần word/document.xml giải nén ra", "xin người gửi"),
        limits=(("MAX_PART_BYTES", 100_000),)),
]


def _refusal(case: Case, good: bytes, monkeypatch: pytest.MonkeyPatch, lang: str) -> Problem:
    data = case.make(good)
    for limit, value in case.limits:
        monkeypatch.setattr(reader, limit, value)
    with language(lang), pytest.raises(UnreadableDocument) as info:
        check_bytes(data, case.name)
    (problem,) = info.value.problems
    assert problem.file == case.name
    assert problem.hint, f"{case.id}: every refusal says what to do instead"
    return problem


SIGNS = {"→", "—"}
"""The only characters outside ASCII an English refusal holds (the arrow of "File → Info",
dashes): a refusal quotes nothing of the document, so it has no Vietnamese even in quotes."""


@pytest.mark.parametrize("lang", ["en", "vi"])
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_refusal_in_the_clerks_language(case: Case, lang: str, good: bytes,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    problem = _refusal(case, good, monkeypatch, lang)
    in_message, in_hint = case.en if lang == "en" else case.vi
    assert problem.hint is not None
    assert in_message in problem.message, problem.message
    assert in_hint in problem.hint, problem.hint
    if lang == "en":
        for text in (problem.message, problem.hint):
            assert_english(text, quotes=False)
            assert {c for c in text if not c.isascii()} <= SIGNS, problem


def test_a_bad_value_is_reported_in_english() -> None:
    with language("en"), pytest.raises(UnreadableDocument) as info, \
            reader.bad_values("x.docx"):
        raise ValueError("an odd value deep in a reader")
    (problem,) = info.value.problems
    assert problem.message == "the .docx file holds a formatting value that is not valid"
    assert problem.hint is not None and problem.hint.startswith("Open the file in Word")


def test_a_document_without_a_name_is_labelled_in_the_language() -> None:
    with language("en"), pytest.raises(UnreadableDocument) as info:
        check_bytes(b"")
    assert info.value.problems[0].file == "document"
    with pytest.raises(UnreadableDocument) as info:
        check_bytes(b"")
    assert info.value.problems[0].file == "văn bản"


@pytest.mark.parametrize(("lang", "expected"), [
    (["--lang", "en"], ["Error:", "this is an Excel spreadsheet (.xlsx), not a .docx document",
                        "→ docgen check only checks Word documents. A spreadsheet is a roster",
                        "--roster"]),
    ([], ["Lỗi:", "đây là bảng tính Excel (.xlsx), không phải văn bản .docx",
          "→ docgen check chỉ kiểm tra văn bản Word. Bảng tính là danh sách", "--roster"]),
])
def test_cli_says_what_an_xlsx_is_and_what_to_run(tmp_path: Path, lang: list[str],
                                                  expected: list[str]) -> None:
    sheet = tmp_path / "danh-sach.xlsx"
    sheet.write_bytes(_zip({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<w/>"}))
    result = CliRunner().invoke(main, [*lang, "check", str(sheet)])
    assert result.exit_code == 2, result.output
    for words in expected:
        assert words in result.stderr, result.stderr
    assert f"--roster {sheet}" in result.stderr


def test_cli_plain_text_file_in_english(tmp_path: Path) -> None:
    notes = tmp_path / "README.md"
    notes.write_text("# Ghi chú\n", "utf-8")
    result = CliRunner().invoke(main, ["--lang", "en", "check", str(notes)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {notes}: not a .docx file (not an Office Open XML "
                                    "package)\n    → Check that this is the Word document")
    assert_english(result.stderr, [notes], quotes=False)
    assert {c for c in result.stderr.replace(str(notes), "") if not c.isascii()} <= SIGNS
