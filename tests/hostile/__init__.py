"""The hostile-input corpus (issue 13): forms, rosters and files that once crashed, hung,
leaked or exhausted docgen, and what each command must answer.

Static forms live in ``forms/``; rosters and special files (bombs, a FIFO, a device) are built
by :func:`build` into a temporary folder, since a 200 MB zip bomb or a FIFO cannot be checked in.
Each :class:`Case` is one command line with the exit status and the words its message must hold.
"""

from __future__ import annotations

import io
import os
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl

from docgen.ooxml import SML, declarations

HERE = Path(__file__).resolve().parent
FORMS = HERE / "forms"
ROOT = HERE.parent.parent
GOOD_FORM = ROOT / "data" / "forms" / "don-doc-theo-thon.yaml"
GOOD_ROSTER = ROOT / "data" / "rosters" / "ket-qua-theo-thon.csv"
ISSUED_FORM = ROOT / "data" / "forms" / "gia-han-ky-nang-so.yaml"

SHEET_NS = SML


@dataclass(frozen=True)
class Case:
    """``docgen ARGS`` on a hostile input: the exit status and what the message must say."""

    name: str
    args: tuple[str, ...]
    exit_code: int = 2
    mentions: tuple[str, ...] = ()
    """Words the message must contain (the file's name is always required)."""
    file: str = ""
    """The hostile file, which the message must name."""
    never: tuple[str, ...] = ()
    """Text that must not appear (content of a foreign file)."""
    writes: bool = False
    """Whether the command may write its output (row-level failures write the other rows)."""
    extra: dict[str, str] = field(default_factory=dict)


def _xlsx_bytes() -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Danh sách"
    ws.append(["STT", "Mã thôn", "Loại", "Tên thôn", "Số tham gia", "Tổng số", "Tỷ lệ (%)",
               "Hạn hoàn thành"])
    ws.append([1, "01", "Thôn", "Tân Sang", 312, 540, 57.8, "20/02/2026"])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _replace_part(data: bytes, part: str, content: bytes | None, *,
                  stream_size: int = 0) -> bytes:
    """``data`` (a zip) with ``part`` replaced by ``content``, or by ``stream_size`` bytes of a
    sheet holding one inline string of that many letters."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst:
        for info in src.infolist():
            if info.filename != part:
                dst.writestr(info, src.read(info))
                continue
            if content is not None:
                dst.writestr(part, content)
                continue
            head = (f'<?xml version="1.0"?><worksheet xmlns="{SHEET_NS}"><sheetData>'
                    '<row r="1"><c r="A1" t="inlineStr"><is><t>').encode()
            tail = b"</t></is></c></row></sheetData></worksheet>"
            with dst.open(zipfile.ZipInfo(part), "w", force_zip64=True) as handle:
                handle.write(head)
                block = b"a" * (1 << 20)
                for _ in range(stream_size >> 20):
                    handle.write(block)
                handle.write(tail)
    return out.getvalue()


XXE_SHEET = (b'<?xml version="1.0"?>\n<!DOCTYPE w [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n'
             b'<worksheet xmlns="' + SHEET_NS.encode() + b'"><sheetData><row r="1">'
             b'<c r="A1" t="inlineStr"><is><t>&e;</t></is></c></row></sheetData></worksheet>')
LAUGHS_SHEET = (b'<?xml version="1.0"?>\n<!DOCTYPE w [<!ENTITY a "lollollollollol">'
                + b"".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">'
                           .encode() for i in range(9))
                + b']>\n<worksheet xmlns="' + SHEET_NS.encode() + b'"><sheetData><row r="1">'
                b'<c r="A1" t="inlineStr"><is><t>&j;</t></is></c></row></sheetData></worksheet>')


def build(folder: Path) -> list[Case]:
    """Write the built part of the corpus into ``folder``; every case, static ones too."""
    folder.mkdir(parents=True, exist_ok=True)
    xlsx = _xlsx_bytes()
    sheet = "xl/worksheets/sheet1.xml"
    rosters = {
        "xxe.xlsx": _replace_part(xlsx, sheet, XXE_SHEET),
        "billion-laughs.xlsx": _replace_part(xlsx, sheet, LAUGHS_SHEET),
        "huge-string.xlsx": _replace_part(xlsx, sheet, None, stream_size=200 << 20),
        "not-a-zip.xlsx": b"STT;Ten thon\n1;Tan Sang\n",
        "old-excel.xlsx": bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 512,
        "empty.xlsx": b"",
        "nul-bytes.csv": b"STT;T\xc3\xaan th\xc3\xb4n\n1;T\x00n\n",
        "long-line.csv": b"STT;Ten thon\n" + b"a" * (2 << 20) + b"\n",
    }
    for name, data in rosters.items():
        (folder / name).write_bytes(data)
    word = folder / "van-ban.docx"
    with zipfile.ZipFile(word, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document/>")
    (folder / "word-renamed.xlsx").write_bytes(word.read_bytes())
    fifo = folder / "fifo.yaml"
    if not fifo.exists():
        os.mkfifo(fifo)
    fifo_roster = folder / "fifo.csv"
    if not fifo_roster.exists():
        os.mkfifo(fifo_roster)
    huge_value = folder / "huge-value.yaml"
    huge_value.write_text("trich_yeu: " + "a" * 1_100_000 + "\n", encoding="utf-8")
    big = folder / "big.yaml"
    with big.open("wb") as handle:  # sparse: 5 GB that take no disk
        handle.truncate(5 << 30)

    cases = [Case(f"form:{p.stem}", ("render", str(p), "-o", "{out}/x.docx"), file=p.name)
             for p in sorted(FORMS.glob("*.yaml"))]
    by_name = {c.name: c for c in cases}
    for key, words in {
        "form:control-char": ("U+0001", "dòng"), "form:tab-mid-line": ("Tab", "cột"),
        "form:billion-laughs": ("tham chiếu",), "form:template-center": ("giới hạn",),
        "form:template-format": ("giới hạn",), "form:template-loops": ("giới hạn",),
        "form:template-power": ("số quá lớn",), "form:template-zfill": ("giới hạn",),
        "form:template-percent": ("giới hạn",), "form:latin1": ("UTF-8",),
        "form:dung-chung-absolute": ("ngoài thư mục",), "form:dung-chung-parent": (
            "ngoài thư mục",), "form:mau-absolute": ("không có mẫu",),
    }.items():
        case = by_name[key]
        never = ("root:",) if "dung-chung" in key else ()
        cases[cases.index(case)] = Case(case.name, case.args, mentions=words, file=case.file,
                                        never=never)
    special = [
        Case("form:fifo", ("render", str(fifo), "-o", "{out}/x.docx"), file="fifo.yaml",
             mentions=("không phải một tệp thường",)),
        Case("form:dev-zero", ("render", "/dev/zero", "-o", "{out}/x.docx"), file="/dev/zero",
             mentions=("không phải một tệp thường",)),
        Case("form:5-gb", ("render", str(big), "-o", "{out}/x.docx"), file="big.yaml",
             mentions=("quá lớn",)),
        Case("form:huge-value", ("render", str(huge_value), "-o", "{out}/x.docx"),
             file="huge-value.yaml", mentions=("quá dài",)),
        Case("form:xlsx", ("render", str(folder / "xxe.xlsx"), "-o", "{out}/x.docx"),
             file="xxe.xlsx", mentions=("bảng tính Excel", "docgen batch")),
        Case("form:docx", ("render", str(word), "-o", "{out}/x.docx"), file="van-ban.docx",
             mentions=("văn bản Word", "docgen check")),
        Case("render:-o .", ("render", str(GOOD_FORM), "-o", "."), file=".",
             mentions=("thư mục",)),
        Case("render:-o /", ("render", str(GOOD_FORM), "-o", "/"), file="/",
             mentions=("thư mục",)),
        Case("render:-o ''", ("render", str(GOOD_FORM), "-o", ""), file=".",
             mentions=("thư mục",)),
        Case("batch:--gop .", ("batch", str(GOOD_FORM), "--roster", str(GOOD_ROSTER),
                               "-o", "{out}/lo", "--gop", "."), file=".",
             mentions=(".docx",)),
    ]
    outside = folder / "outside"
    inner = folder / "inner"
    outside.mkdir(exist_ok=True)
    inner.mkdir(exist_ok=True)
    (outside / "bi-mat.yaml").write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    link = inner / "lien-ket.yaml"
    if not link.is_symlink():
        link.symlink_to(outside / "bi-mat.yaml")
    body = GOOD_FORM.read_text("utf-8")
    for stem, line in (("mau-parent", "mau: ../outside/bi-mat.yaml"),
                       ("dung-chung-symlink", "dung_chung: lien-ket.yaml")):
        form = inner / f"{stem}.yaml"
        form.write_text(line + "\n" + "\n".join(
            x for x in body.splitlines() if not x.startswith(("dung_chung", "mau"))),
            encoding="utf-8")
        special.append(Case(f"form:{stem}", ("render", str(form), "-o", "{out}/x.docx"),
                            file=form.name, mentions=("ngoài thư mục", "--cho-phep-ngoai"),
                            never=("root:",)))
    for name, words in {"xxe.xlsx": ("DOCTYPE",), "billion-laughs.xlsx": ("DOCTYPE",),
                        "huge-string.xlsx": ("zip bomb",), "not-a-zip.xlsx": ("không phải",),
                        "old-excel.xlsx": (".xls",), "empty.xlsx": ("không phải",),
                        "word-renamed.xlsx": ("văn bản Word",),
                        "fifo.csv": ("không phải một tệp thường",),
                        "long-line.csv": ("dài quá",)}.items():
        special.append(Case(f"roster:{name}", ("batch", str(GOOD_FORM), "--roster",
                                               str(folder / name), "-o", "{out}/lo"),
                            file=name, mentions=words, never=("root:",)))
    special.append(Case("roster:docx", ("batch", str(GOOD_FORM), "--roster", str(word),
                                        "-o", "{out}/lo"), file="van-ban.docx",
                        mentions=(".docx",)))
    for name in ("xxe.xlsx", "huge-string.xlsx", "word-renamed.xlsx"):
        special.append(Case(f"archive:{name}", ("batch", str(GOOD_FORM), "--roster",
                                                str(folder / name), "--archive",
                                                "{out}/luu-tru"), file=name, never=("root:",)))
    special.append(Case("archive:form", ("batch", str(FORMS / "template-loops.yaml"),
                                         "--roster", str(GOOD_ROSTER), "--archive",
                                         "{out}/luu-tru"), file="template-loops.yaml",
                        mentions=("giới hạn",)))
    # A bad cell fails its row only: exit 1 (rows failed), the manifest says which.
    special.append(Case("roster:nul-bytes.csv", ("batch", str(GOOD_FORM), "--roster",
                                                 str(folder / "nul-bytes.csv"), "-o", "{out}/lo"),
                        exit_code=1, file="nul-bytes.csv", mentions=("U+0000", "hàng 2"),
                        writes=True))
    return cases + special + _archive_cases(folder) + _docx_cases(folder)


def _archive(folder: Path, name: str) -> Path:
    """An archive folder holding one issued document."""
    from docgen.archive import Archive

    root = folder / name
    if not root.exists():
        with Archive(root) as archive:
            archive.issue(ISSUED_FORM)
    return root


def _read_only(root: Path, *, folder: bool) -> None:
    for path in sorted(root.rglob("*"), reverse=True):
        if path.is_file() and path.name.startswith("so-dang-ky.sqlite3"):
            path.chmod(0o444)
        elif folder:
            path.chmod(0o444 if path.is_file() else 0o555)
    if folder:
        root.chmod(0o555)


def _archive_cases(folder: Path) -> list[Case]:
    """``-o`` that names no file (issue 13 item 8), and a read-only archive, which is not
    damaged and must not be called so."""
    root = str(_archive(folder, "luu-tru"))
    cases = []
    for command in (("export",), ("rerender", "1"), ("show", "1")):
        for output, shown in ((".", "."), ("/", "/"), ("", "."), ("{out}", "out-")):
            cases.append(Case(f"archive {command[0]}:-o {output or repr(output)}",
                              ("archive", *command, "-o", output, "--archive", root),
                              file=shown, mentions=("thư mục", "không phải tên tệp")))
    read_only = _archive(folder, "luu-tru-chi-doc")
    _read_only(read_only, folder=True)
    db_read_only = _archive(folder, "luu-tru-so-chi-doc")
    _read_only(db_read_only, folder=False)
    for label, root_path, why in (("chi-doc", read_only, "thư mục lưu trữ"),
                                  ("so-chi-doc", db_read_only, "tệp sổ đăng ký chỉ cho đọc")):
        for command in (("issue", str(ISSUED_FORM)), ("list",), ("verify",)):
            if label == "so-chi-doc" and command[0] != "issue":
                continue  # reading a register whose own file alone is read-only works
            cases.append(Case(f"archive {command[0]}:{label}",
                              ("archive", *command, "--archive", str(root_path)),
                              file="so-dang-ky.sqlite3", mentions=("chỉ cho đọc", why),
                              never=("bị hỏng",)))
    return cases


_XXE_DOCUMENT = (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                 + f'<w:document {declarations("w")}>'.encode()
                 + b'<w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>')


def _docx_cases(folder: Path) -> list[Case]:
    """Hostile .docx files against every command that reads one: check, extract, sua, sao."""
    from docgen import load_form, render_docx

    good = render_docx(load_form(ROOT / "data" / "forms" / "gia-han-ky-nang-so.yaml"))
    files: dict[str, tuple[bytes | None, tuple[str, ...]]] = {
        "khong-phai-zip.docx": (b"Day khong phai van ban Word", ("không phải",)),
        "rong.docx": (b"", ("rỗng",)),
        "ole.docx": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504, (".doc",)),
        "xxe.docx": (None, ("DOCTYPE",)),
    }
    docs = folder / "docx"
    docs.mkdir(exist_ok=True)
    for name, (data, _words) in files.items():
        if data is None:
            buffer = io.BytesIO()
            with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(buffer, "w") as dst:
                for item in src.infolist():
                    body = src.read(item.filename)
                    dst.writestr(item, _XXE_DOCUMENT if item.filename == "word/document.xml"
                                 else body)
            data = buffer.getvalue()
        (docs / name).write_bytes(data)
    fifo = docs / "fifo.docx"
    if not fifo.exists():
        os.mkfifo(fifo)
    big = docs / "lon.docx"
    with big.open("wb") as handle:  # sparse: 5 GB that take no disk
        handle.truncate(5 << 30)
    specials = {"fifo.docx": ("không phải một tệp thường",), "lon.docx": ("quá lớn",)}
    (docs / "tot.docx").write_bytes(good)
    commands = {
        "check": lambda f: ("check", f),
        "extract": lambda f: ("extract", f, "-o", "{out}/x.yaml"),
        "sua": lambda f: ("sua", f, "-o", "{out}/x.docx"),
        "sao": lambda f: ("sao", f, "--dung-chung", str(GOOD_FORM.parent /
                                                         "co-quan-sa-thay.yaml"),
                          "--hinh-thuc", "sao-y", "-o", "{out}/x.docx"),
    }
    cases = []
    for command, argv in commands.items():
        for name, words in {**{n: w for n, (_d, w) in files.items()}, **specials}.items():
            cases.append(Case(f"docx:{command}:{name}", argv(str(docs / name)), file=name,
                              mentions=words, never=("root:",)))
        if command != "check":
            cases.append(Case(f"docx:{command}:-o .", (*argv(str(docs / "tot.docx"))[:-1],
                                                        "."), file=".", mentions=("thư mục",)))
    return cases
