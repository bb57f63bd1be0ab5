"""Opening a .docx from an unknown sender without trusting it.

A .docx is a zip of XML parts. Before anything is parsed we make sure the file is one: an empty
file, a PDF, an old binary .doc, a password-protected document (an OLE compound file holding an
``EncryptedPackage`` stream) and an OpenDocument file each get their own message. The zip is
refused when its part count or declared size is absurd, and every part we read is decompressed
through a cap, so a zip bomb costs at most that cap. XML is parsed without DTDs, entity expansion
or network access; a part that declares a DOCTYPE is refused outright, since Word never writes one
and it is how XXE and "billion laughs" attacks arrive.

Only the parts the checker needs are read (main document, styles, theme, numbering, settings,
headers and footers); images and embedded objects are never decompressed.
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from lxml import etree

from ..errors import DocgenError, Problem
from ..fileio import read_limited
from ..ooxml import PKG_REL as _REL_NS
from ..ooxml import STRICT_W as STRICT_W_NS
from ..ooxml import W as W_NS

# Limits on what a document may make us do. A real 300-page report has a document.xml of a few
# megabytes and a few hundred parts; these are an order of magnitude above that.
MAX_PARTS = 5000
MAX_PART_BYTES = 48 * 1024 * 1024
MAX_TOTAL_BYTES = 1024 * 1024 * 1024
MAX_RATIO = 200  # declared uncompressed / compressed, over the whole archive (XML is ~10:1)

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

BAD_VALUE_MESSAGE = "tệp .docx có giá trị định dạng không hợp lệ"
BAD_VALUE_HINT = "Mở tệp bằng Word hoặc LibreOffice, lưu lại rồi kiểm tra lại."

CONVERT_HINT = ("Mở bằng Word hoặc LibreOffice rồi lưu lại dạng .docx, hoặc chạy lại với "
                "--convert để docgen chuyển qua LibreOffice.")

EXCEL_HINT = ("docgen check chỉ kiểm tra văn bản Word. Bảng tính là danh sách để soạn hàng "
              "loạt: docgen batch <biểu mẫu>.yaml --roster <tệp>.xlsx; sau đó kiểm tra các tệp "
              ".docx tạo ra.")
DOCX_ONLY_HINT = "docgen check chỉ kiểm tra văn bản Word (.docx); hãy chọn đúng tệp văn bản."
FORM_HINT = ("Đây là tệp biểu mẫu: chạy docgen render <tệp>.yaml -o van-ban.docx rồi kiểm tra "
             "tệp .docx tạo ra.")
_TEXT_SUFFIXES = {".yaml": FORM_HINT, ".yml": FORM_HINT,
                  ".csv": EXCEL_HINT.replace(".xlsx", ".csv"), ".xls": EXCEL_HINT}

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                          dtd_validation=False, huge_tree=False, remove_comments=True,
                          remove_pis=True)


@dataclass
class Package:
    """The parts of a .docx the checker reads, parsed."""

    name: str
    document: etree._Element
    styles: etree._Element | None = None
    theme: etree._Element | None = None
    numbering: etree._Element | None = None
    settings: etree._Element | None = None
    headers: dict[str, etree._Element] = field(default_factory=dict)
    """Header parts by relationship id."""
    footers: dict[str, etree._Element] = field(default_factory=dict)


@contextmanager
def bad_values(name: str) -> Iterator[None]:
    """Report a value the reader could not handle as a clerk's error about file ``name``.

    The readers skip values they cannot read (:func:`~docgen.check.styles.twips`); this is the
    net under them, so that one odd file is reported and a batch goes on with the next.
    """
    try:
        yield
    except (ValueError, ArithmeticError, LookupError, TypeError) as exc:
        raise _problem(name, BAD_VALUE_MESSAGE, BAD_VALUE_HINT) from exc


def _problem(name: str, message: str, hint: str | None = None) -> DocgenError:
    return DocgenError(Problem(message, file=name, hint=hint))


def sniff(data: bytes, name: str) -> None:
    """Refuse what is not a zip, with a message that says what the file is instead."""
    if not data:
        raise _problem(name, "tệp rỗng (0 byte), không phải văn bản .docx")
    if data.startswith(_OLE_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise _problem(name, "văn bản được đặt mật khẩu (mã hóa), docgen không đọc được",
                           "Mở bằng Word, bỏ mật khẩu (Tệp → Thông tin → Bảo vệ tài liệu) rồi "
                           "lưu lại, sau đó kiểm tra lại.")
        if "WordDocument".encode("utf-16-le") in data:
            raise _problem(name, "đây là tệp Word cũ (.doc, định dạng nhị phân), không phải "
                           ".docx", CONVERT_HINT)
        raise _problem(name, "đây là tệp Office cũ (định dạng nhị phân), không phải .docx",
                       CONVERT_HINT)
    if data.startswith(b"{\\rtf"):
        raise _problem(name, "đây là tệp RTF, không phải .docx", CONVERT_HINT)
    if data.startswith(b"%PDF"):
        raise _problem(name, "đây là tệp PDF, không phải .docx",
                       "docgen chỉ kiểm tra được văn bản .docx; hãy dùng bản .docx gốc.")
    if not data.startswith(b"PK"):
        suffix = PurePosixPath(name.replace("\\", "/")).suffix.lower()
        if suffix in _TEXT_SUFFIXES:
            what = {".yaml": "biểu mẫu .yaml", ".yml": "biểu mẫu .yaml", ".csv": "bảng .csv",
                    ".xls": "bảng tính Excel cũ (.xls)"}[suffix]
            raise _problem(name, f"đây là {what}, không phải văn bản .docx",
                           _TEXT_SUFFIXES[suffix])
        raise _problem(name, "không phải tệp .docx (không phải tệp nén Office Open XML)",
                       "Kiểm tra lại đúng tệp văn bản Word (.docx) chưa.")


def _open_zip(data: bytes, name: str) -> zipfile.ZipFile:
    import io

    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _problem(name, "tệp .docx bị hỏng (không mở được tệp nén)",
                       "Mở bằng Word và lưu lại, hoặc xin lại tệp gốc.") from None
    infos = zf.infolist()
    if len(infos) > MAX_PARTS:
        raise _problem(name, f"tệp có {len(infos)} phần, quá nhiều cho một văn bản "
                       f"(giới hạn {MAX_PARTS}) — có thể là tệp độc hại (zip bomb)")
    total = sum(i.file_size for i in infos)
    if total > MAX_TOTAL_BYTES or (total > 64 * 1024 * 1024
                                   and total > MAX_RATIO * max(1, len(data))):
        raise _problem(name, f"tệp giải nén ra {total // (1024 * 1024)} MB, bất thường cho "
                       "một văn bản — có thể là tệp độc hại (zip bomb)")
    return zf


def _read_part(zf: zipfile.ZipFile, part: str, name: str) -> bytes | None:
    try:
        info = zf.getinfo(part)
    except KeyError:
        return None
    if info.flag_bits & 0x1:
        raise _problem(name, "tệp nén có phần được mã hóa, docgen không đọc được")
    if info.file_size > MAX_PART_BYTES:
        raise _problem(name, f"phần {part} giải nén ra {info.file_size // (1024 * 1024)} MB, "
                       "bất thường — có thể là tệp độc hại (zip bomb)")
    try:
        with zf.open(info) as handle:
            # The declared size could lie; never read past the cap whatever it says.
            data = handle.read(MAX_PART_BYTES + 1)
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, ValueError):
        raise _problem(name, f"tệp .docx bị hỏng (không giải nén được phần {part})") from None
    except RuntimeError:
        raise _problem(name, "tệp nén có phần được mã hóa, docgen không đọc được") from None
    if len(data) > MAX_PART_BYTES:
        raise _problem(name, f"phần {part} giải nén ra quá lớn — có thể là tệp độc hại "
                       "(zip bomb)")
    return data


def parse_xml(data: bytes, part: str, name: str) -> etree._Element:
    """Parse one part: no DTD, no entities, no network; a DOCTYPE is refused."""
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise _problem(name, f"phần {part} của tệp .docx không phải XML hợp lệ ({exc.msg})",
                       "Mở bằng Word và lưu lại, hoặc xin lại tệp gốc.") from None
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise _problem(name, f"phần {part} có khai báo DOCTYPE/ENTITY — văn bản Word không bao "
                       "giờ có; docgen từ chối vì có thể là tệp độc hại (XXE)")
    return root


def _rels(zf: zipfile.ZipFile, part: str, name: str) -> list[tuple[str, str, str]]:
    """(id, type, target part) of the relationships of ``part``."""
    folder, base = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", base + ".rels")
    data = _read_part(zf, rels_name, name)
    if data is None:
        return []
    root = parse_xml(data, rels_name, name)
    out = []
    for rel in root.iter(f"{{{_REL_NS}}}Relationship"):
        if rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target", "")
        if target.startswith("/"):
            resolved = target.lstrip("/")
        else:
            resolved = posixpath.normpath(posixpath.join(folder, target))
        out.append((rel.get("Id", ""), rel.get("Type", ""), str(PurePosixPath(resolved))))
    return out


def read_package(data: bytes, name: str = "văn bản") -> Package:
    """Check ``data`` is a .docx and parse the parts the checker needs.

    Raises :class:`DocgenError` with a clerk-readable message for anything else.
    """
    sniff(data, name)
    zf = _open_zip(data, name)
    names = set(zf.namelist())
    mimetype = _read_part(zf, "mimetype", name) if "mimetype" in names else None
    if mimetype is not None and b"opendocument" in mimetype:
        raise _problem(name, "đây là tệp OpenDocument (.odt), không phải .docx", CONVERT_HINT)
    main = None
    for _, rel_type, target in _rels(zf, "", name):
        if rel_type.endswith("/officeDocument"):
            main = target
            break
    if main is None and "word/document.xml" in names:
        main = "word/document.xml"
    if main is not None and not main.startswith("word/") and main.split("/")[0] in ("xl", "ppt"):
        main = None  # a workbook or a presentation: say which, below
    if main is None or main not in names:
        if any(n.startswith("xl/") for n in names):
            raise _problem(name, "đây là bảng tính Excel (.xlsx), không phải văn bản .docx",
                           EXCEL_HINT)
        kind = ("bản trình chiếu (.pptx)" if any(n.startswith("ppt/") for n in names) else
                "tệp nén thường")
        raise _problem(name, f"đây là {kind}, không phải văn bản .docx", DOCX_ONLY_HINT)
    document = _parse(zf, main, name)
    if document.tag.startswith(f"{{{STRICT_W_NS}}}"):
        raise _problem(name, "văn bản lưu dạng 'Strict Open XML', docgen chưa đọc được",
                       "Trong Word chọn Lưu thành → Word Document (.docx) rồi kiểm tra lại.")
    if document.tag != f"{{{W_NS}}}document":
        raise _problem(name, "tệp không chứa văn bản Word, không phải .docx", DOCX_ONLY_HINT)
    package = Package(name=name, document=document)
    for rid, rel_type, target in _rels(zf, main, name):
        kind = rel_type.rsplit("/", 1)[-1]
        if target not in names:
            continue
        if kind == "styles":
            package.styles = _parse(zf, target, name)
        elif kind == "theme":
            package.theme = _parse(zf, target, name)
        elif kind == "numbering":
            package.numbering = _parse(zf, target, name)
        elif kind == "settings":
            package.settings = _parse(zf, target, name)
        elif kind == "header":
            package.headers[rid] = _parse(zf, target, name)
        elif kind == "footer":
            package.footers[rid] = _parse(zf, target, name)
    return package


def _parse(zf: zipfile.ZipFile, part: str, name: str) -> etree._Element:
    data = _read_part(zf, part, name)
    assert data is not None
    return parse_xml(data, part, name)


MAX_FILE_BYTES = 128 * 1024 * 1024
"""Largest .docx file docgen reads (a long report with photos is a few MB)."""


def read_file(path: Path | str) -> Package:
    """Read and parse the .docx at ``path`` (see :func:`read_package`).

    A folder, a FIFO, a device (``/dev/zero``) or a file over :data:`MAX_FILE_BYTES` is refused
    by what it is or by its size, before anything is read (a FIFO would wait forever).
    """
    data = read_limited(Path(path), MAX_FILE_BYTES, what="văn bản .docx")
    return read_package(data, str(path))


def read_note_parts(data: bytes, name: str = "văn bản") -> dict[str, etree._Element]:
    """The footnotes, endnotes and comments parts of the .docx in ``data``, parsed, by kind.

    ``extract`` reads them to name what it cannot carry; they go through the same caps and
    parser as every other part. Call it after :func:`read_package` accepted ``data``.
    """
    zf = _open_zip(data, name)
    names = set(zf.namelist())
    main = next((target for _, rel_type, target in _rels(zf, "", name)
                 if rel_type.endswith("/officeDocument")), "word/document.xml")
    out: dict[str, etree._Element] = {}
    for _, rel_type, target in _rels(zf, main, name):
        kind = rel_type.rsplit("/", 1)[-1]
        if kind in ("footnotes", "endnotes", "comments") and target in names:
            out[kind] = _parse(zf, target, name)
    return out
