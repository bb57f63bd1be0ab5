"""``docgen archive``: issue numbered documents into the archive and keep the outgoing register."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import click

from ..archive import DEFAULT_DIR, ENV_VAR, Archive, Entry
from ..archive.entry import SOURCE_IMPORTED, kind_name, local_time
from ..errors import DocgenError, OutputError, Problem
from ..fileio import atomic_write, check_target
from ..i18n import _
from .common import EXIT_FINDINGS, clerk_errors, main, warn

F = TypeVar("F", bound=Callable[..., Any])


def archive_option(func: F) -> F:
    """``--archive DIR|URL`` (or ``$DOCGEN_ARCHIVE``, default ``./luu-tru``)."""
    return click.option(
        "--archive", "archive_dir", type=str, envvar=ENV_VAR, default=DEFAULT_DIR,
        metavar="DIR|URL",
        help=f"Nơi giữ sổ đăng ký: thư mục lưu trữ (mặc định ./{DEFAULT_DIR}) hoặc máy chủ "
        "PostgreSQL dùng chung (postgresql://người_dùng@máy_chủ/cơ_sở_dữ_liệu); hoặc đặt bằng "
        f"biến môi trường {ENV_VAR}.",
    )(func)


def _warn(archive: Archive) -> None:
    for problem in archive.warnings:
        click.echo(_("Chú ý: {problem}").format(problem=problem), err=True)


@main.group("archive")
def archive_group() -> None:
    """Cấp số văn bản đi và giữ sổ đăng ký văn bản đi (Điều 15–16 Nghị định 30/2020/NĐ-CP).

    Sổ nằm trong một thư mục (mặc định ./luu-tru) hoặc trên máy chủ PostgreSQL dùng chung
    cho cả cơ quan (--archive postgresql://người_dùng@máy_chủ/cơ_sở_dữ_liệu).

    \b
    Ví dụ:
      docgen archive issue cong-van.yaml        cấp số, ghi tệp vào ./luu-tru
      docgen archive list --nam 2026 --tim "kỹ năng số"
      docgen archive export --nam 2026          sổ in được: so-dang-ky-2026.xlsx
      docgen archive verify                     kiểm tra không tệp, dòng sổ nào bị sửa, mất
      docgen archive migrate --archive postgresql://vanthu@may-chu/so_dang_ky
      docgen archive import --from luu-tru --archive postgresql://vanthu@may-chu/so_dang_ky
    """


@archive_group.command("issue")
@click.argument("forms", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--pdf", "want_pdf", is_flag=True,
              help="Lưu thêm bản PDF bên cạnh tệp .docx (cần LibreOffice); PDF cũng được "
              "băm và kiểm tra như .docx.")
@archive_option
@clerk_errors
def issue_command(forms: tuple[Path, ...], want_pdf: bool, archive_dir: str) -> None:
    """Cấp số tiếp theo cho biểu mẫu FORMS, soạn .docx và lưu vào thư mục lưu trữ.

    Biểu mẫu để trống so: (docgen cấp số); để trống ngay: thì lấy ngày hôm nay. Nhiều biểu
    mẫu thì được số liên tiếp theo thứ tự ghi; lỗi ở một biểu mẫu thì không biểu mẫu nào
    được cấp số.
    """
    with Archive(archive_dir) as archive:
        entries = archive.issue_many(list(forms), pdf=want_pdf)
        warn(archive.notices)
        _warn(archive)
        for entry in entries:
            where = archive.describe_file(entry.tep or "")
            click.echo(_("Đã cấp số {number} ngày {date}: {where}").format(
                number=entry.so_ky_hieu, date=f"{entry.ngay:%d/%m/%Y}", where=where))
            if entry.tep_pdf:
                click.echo(f"    PDF: {archive.describe_file(entry.tep_pdf)}")


@archive_group.command("danh-so")
@click.option("--rieng", "kinds", multiple=True, metavar="LOẠI",
              help="Loại văn bản có dãy số riêng (ví dụ quyet-dinh); ghi nhiều lần cho nhiều loại.")
@click.option("--chung", is_flag=True, help="Mọi loại văn bản dùng chung một dãy số (mặc định).")
@archive_option
@clerk_errors
def series_command(kinds: tuple[str, ...], chung: bool, archive_dir: str) -> None:
    """Xem hoặc đổi cách đánh số của sổ: một dãy số chung (Điều 15) hay loại có dãy riêng.

    Cài đặt nằm trong sổ, nên mọi máy cấp số vào sổ này đánh số như nhau. Đổi từ đầu năm;
    bản sao (SY, TrS, SL) luôn có dãy số riêng.
    """
    if kinds and chung:
        raise DocgenError(Problem("--rieng và --chung không dùng cùng nhau",
                                  hint="Chọn một: --chung, hoặc --rieng quyet-dinh …"))
    with Archive(archive_dir) as archive:
        if kinds or chung:
            apart = archive.set_separate_series([] if chung else kinds)
        else:
            apart = archive.separate_series()
    if apart:
        names = ", ".join(f"{kind} ({kind_name(kind)})" for kind in apart)
        click.echo(f"Loại có dãy số riêng: {names}; các loại khác dùng chung một dãy số.")
    else:
        click.echo("Mọi loại văn bản dùng chung một dãy số mỗi năm (Điều 15).")
    click.echo("Bản sao (SY, TrS, SL) có dãy số riêng theo từng hình thức sao.")


@archive_group.command("migrate")
@click.option("--cap-quyen", "grant_role", metavar="VAI_TRÒ",
              help="(PostgreSQL) Cho vai trò này cấp số và đọc sổ, không được sửa hay xóa.")
@archive_option
@clerk_errors
def migrate_command(grant_role: str | None, archive_dir: str) -> None:
    """Tạo sổ đăng ký hoặc nâng cấp lược đồ của sổ lên bản docgen này.

    Chạy một lần khi đặt sổ lên máy chủ mới và sau mỗi lần cập nhật docgen; chạy lại
    không hại gì.
    """
    with Archive(archive_dir) as archive:
        before, after = archive.migrate()
        if grant_role:
            from ..archive.pg_register import PostgresRegister

            if not isinstance(archive.register, PostgresRegister):
                raise DocgenError(Problem("--cap-quyen chỉ dùng cho sổ trên máy chủ PostgreSQL",
                                          field="--cap-quyen"))
            archive.register.grant(grant_role)
            click.echo(f"Đã cấp quyền cấp số và đọc sổ (không sửa, không xóa) cho {grant_role}.")
    if before == after:
        click.echo(f"Sổ đăng ký ở {archive.location} đã ở lược đồ {after}; không cần nâng cấp.")
    elif before == 0:
        click.echo(f"Đã tạo sổ đăng ký ở {archive.location} (lược đồ {after}).")
    else:
        click.echo(f"Đã nâng cấp sổ đăng ký ở {archive.location} từ lược đồ {before} lên {after}.")


def _target(output: Path, suffixes: tuple[str, ...], overwrite: bool,
            csv_too: bool = False) -> None:
    """Refuse ``-o`` before anything is read or written: a folder (``-o .``, ``-o /``,
    ``-o ""``), a missing folder, an existing file without ``--overwrite``, a wrong suffix."""
    check_target(output, overwrite=overwrite)
    if output.suffix.lower() not in suffixes:
        raise OutputError(Problem(
            _("tệp ghi ra phải có đuôi {suffix}").format(suffix=suffixes[0])
            if len(suffixes) == 1 else
            _("tệp ghi ra phải có đuôi {suffix} hoặc {other}").format(suffix=suffixes[0],
                                                                    other=suffixes[1]),
            file=output,
            hint=(_("Ví dụ: -o {output} (hoặc thêm --csv để ghi CSV)") if csv_too
                  else _("Ví dụ: -o {output}")).format(output=output.with_suffix(suffixes[0]))))


def _cut(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


@archive_group.command("list")
@click.option("--nam", type=int, help="Chỉ năm này (mặc định: mọi năm).")
@click.option("--tim", help="Tìm trong trích yếu và nơi nhận (không phân biệt hoa thường; "
              "gõ không dấu thì tìm cả không dấu).")
@archive_option
@clerk_errors
def list_command(nam: int | None, tim: str | None, archive_dir: str) -> None:
    """Liệt kê các văn bản trong sổ đăng ký."""
    with Archive(archive_dir) as archive:
        entries = archive.entries(nam=nam, tim=tim)
    if not entries:
        click.echo("Không có văn bản nào" + (f" năm {nam}" if nam else "")
                   + (f" khớp '{tim}'" if tim else "") + ".")
        return
    width = max(len(e.so_ky_hieu) for e in entries)
    for entry in entries:
        where = entry.tep or "(số cấp tay)"
        summary = _cut(entry.trich_yeu.replace("\n", " "), 70)
        click.echo(f"{entry.so_ky_hieu:<{width}}  {entry.ngay:%d/%m/%Y}  {summary}  [{where}]")
    click.echo(f"{len(entries)} văn bản.")


def _lines(items: tuple[str, ...]) -> str:
    if len(items) <= 1:
        return items[0] if items else ""
    return ("\n" + " " * 19).join(f"- {item}" for item in items)


def _show(archive: Archive, entry: Entry) -> list[str]:
    rows: list[tuple[str, str]] = [
        ("Số, ký hiệu", entry.so_ky_hieu),
        ("Ngày", f"{entry.ngay:%d/%m/%Y}"),
        ("Cơ quan", f"{entry.ten_co_quan} ({entry.co_quan})" if entry.ten_co_quan
         else entry.co_quan),
        ("Tên loại", kind_name(entry.loai) or ""),
        ("Trích yếu", entry.trich_yeu),
        ("Người ký", entry.nguoi_ky or ""),
        ("Kính gửi", _lines(entry.kinh_gui)),
        ("Nơi nhận", _lines(entry.noi_nhan)),
        ("Lưu", entry.luu_text),
        ("Số lượng bản", str(entry.so_ban or "")),
    ]
    if entry.nguon == SOURCE_IMPORTED:
        rows += [("Nguồn", "số cấp tay, nhập từ sổ cũ"), ("Ngày chuyển", entry.ngay_chuyen or ""),
                 ("Ký nhận", entry.ky_nhan or "")]
    else:
        rows += [("Tệp", archive.describe_file(entry.tep or "")), ("SHA-256", entry.sha256 or "")]
        if entry.tep_pdf:
            rows += [("Bản PDF", archive.describe_file(entry.tep_pdf)),
                     ("SHA-256 PDF", entry.sha256_pdf or "")]
        if entry.tep_bieu_mau:
            rows += [("Biểu mẫu", archive.describe_file(entry.tep_bieu_mau)),
                     ("Mẫu nội dung", entry.mau or "(không dùng mẫu)")]
        rows += [("Phiên bản docgen", entry.phien_ban or "")]
    rows += [("Ghi vào sổ lúc", local_time(entry.thoi_diem)),
             ("Mã chuỗi", f"{entry.bam or ''} (dòng thứ {entry.thu_tu})"),
             ("Ghi chú", entry.ghi_chu or "")]
    return [f"{label + ':':<19}{value}".rstrip() for label, value in rows]


@archive_group.command("show")
@click.argument("so")
@click.option("--nam", type=int, help="Năm của văn bản (cần khi số này có ở nhiều năm).")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Chép tệp đã ban hành (.docx; .pdf nếu tên tệp có đuôi .pdf) ra tệp này.")
@click.option("--overwrite", is_flag=True, help="Cho phép ghi đè tệp -o đã có.")
@archive_option
@clerk_errors
def show_command(so: str, nam: int | None, output: Path | None, overwrite: bool,
                 archive_dir: str) -> None:
    """Xem một văn bản trong sổ: SO là số (5) hoặc số và ký hiệu (05/UBND-VHXH)."""
    if output is not None:
        _target(output, (".docx", ".pdf"), overwrite)
    with Archive(archive_dir) as archive:
        entry = archive.find(so, nam=nam)
        for line in _show(archive, entry):
            click.echo(line)
        if output is not None:
            wanted = entry.tep_pdf if output.suffix.lower() == ".pdf" else entry.tep
            if wanted is None:
                raise DocgenError(Problem("văn bản này không có tệp như thế trong lưu trữ",
                                          file=output, hint="Bỏ -o, hoặc dùng đuôi .docx."))
            atomic_write(output, archive.read_file(wanted), overwrite=overwrite)
            click.echo(f"Đã chép tệp lưu trữ ra {output}")


@archive_group.command("rerender")
@click.argument("so")
@click.option("--nam", type=int, help="Năm của văn bản (cần khi số này có ở nhiều năm).")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Ghi bản soạn lại ra tệp .docx này (không bao giờ ghi vào lưu trữ).")
@click.option("--overwrite", is_flag=True, help="Cho phép ghi đè tệp -o đã có.")
@archive_option
@clerk_errors
def rerender_command(so: str, nam: int | None, output: Path | None, overwrite: bool,
                     archive_dir: str) -> None:
    """Soạn lại văn bản số SO từ biểu mẫu lưu trữ và so với tệp đã cấp số.

    Thoát với mã 1 nếu nội dung chữ khác tệp lưu trữ.
    """
    if output is not None:
        _target(output, (".docx",), overwrite)
    with Archive(archive_dir) as archive:
        result = archive.rerender(so, nam=nam)
    if output is not None:
        atomic_write(output, result.data, overwrite=overwrite)
        click.echo(f"Đã ghi bản soạn lại vào {output}")
    label = f"{result.entry.so_ky_hieu} (năm {result.entry.nam})"
    if result.same_bytes:
        click.echo(f"Văn bản {label}: soạn lại giống hệt tệp lưu trữ (từng byte).")
    elif result.same_text:
        click.echo(f"Văn bản {label}: nội dung chữ khớp tệp lưu trữ; định dạng tệp khác "
                   "(thường do phiên bản docgen khác).")
    else:
        click.echo(f"Văn bản {label}: nội dung chữ KHÁC tệp lưu trữ:")
        for line in result.diff:
            click.echo(f"  {line}")
        click.echo("Tệp lưu trữ là bản gốc đã ban hành; kiểm tra bằng 'docgen archive verify'.")
        sys.exit(EXIT_FINDINGS)


def _anchor(text: str) -> tuple[int, str]:
    m = re.fullmatch(r"\s*(\d+)\s*:\s*([0-9a-fA-F]{64})\s*", text)
    if not m:
        raise DocgenError(Problem(
            f"'{text}' không phải mốc chuỗi", field="--moc",
            hint="Ghi DÒNG:MÃ như dòng 'Mã chuỗi của sổ' in cuối sổ, ví dụ --moc 120:3f9a…"
            " (đủ 64 ký tự của mã)."))
    return int(m[1]), m[2].lower()


@archive_group.command("verify")
@click.option("--moc", "anchors", multiple=True, metavar="DÒNG:MÃ",
              help="Mã chuỗi đã in cuối một sổ xuất trước đây (dòng thứ mấy và mã): sổ phải "
              "còn đúng mã đó. Ghi nhiều lần cho nhiều bản in.")
@archive_option
@clerk_errors
def verify_command(anchors: tuple[str, ...], archive_dir: str) -> None:
    """Kiểm tra mọi tệp (SHA-256), chuỗi mã của sổ, số bỏ trống và chính cơ sở dữ liệu.

    Báo tệp thiếu, bị sửa hoặc không có trong sổ; dòng sổ bị sửa, bị xóa; số bị bỏ trống;
    sổ không còn khớp mã chuỗi đã in (--moc). Thoát với mã 1 nếu có vấn đề.
    """
    marks = dict(_anchor(text) for text in anchors)
    with Archive(archive_dir) as archive:
        report = archive.verify(marks)
        location = archive.location
    if report.ok:
        click.echo(_("Lưu trữ khớp sổ đăng ký: {entries} văn bản, {files} tệp; không tệp nào "
                     "thiếu, bị sửa hay nằm ngoài sổ; chuỗi mã liền, không số nào bị bỏ trống."
                     ).format(entries=report.entries, files=report.files_checked))
        click.echo(_("Mã chuỗi của sổ: {head} — đối chiếu với mã in cuối sổ giấy "
                     "(--moc {anchor}).").format(head=report.head, anchor=report.head.anchor))
        return
    for finding in report.findings:
        click.echo(str(finding))
    click.echo(_("{count} vấn đề trong {location}.").format(count=len(report.findings),
                                                          location=location))
    kinds = {f.kind for f in report.findings}
    if kinds & {"sua-dong", "mat-dong", "chuoi-dut", "mat-cuoi", "khoang-trong", "trung-so",
                 "moc", "csdl"}:
        click.echo(_("→ Sổ đăng ký đã bị sửa ngoài docgen hoặc bị hỏng: giữ nguyên hiện "
                     "trạng, báo người phụ trách và khôi phục sổ từ bản sao lưu; đối chiếu với "
                     "sổ in."))
    if kinds & {"thieu", "sai"}:
        click.echo(_("→ Lấy lại tệp gốc từ bản sao lưu; không sửa tệp đã ban hành (đính "
                     "chính thì ban hành văn bản mới)."))
    if "ngoai-so" in kinds:
        click.echo(_("→ Tệp ngoài sổ không phải văn bản đã cấp số: chuyển ra khỏi thư mục "
                     "lưu trữ."))
    sys.exit(EXIT_FINDINGS)


@archive_group.command("export")
@click.option("--nam", type=int, help="Năm của sổ (mặc định: năm nay).")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Tệp ghi ra (mặc định: so-dang-ky-NĂM.xlsx, hoặc .csv với --csv).")
@click.option("--csv", "as_csv", is_flag=True, help="Ghi dạng CSV (UTF-8) thay vì Excel.")
@click.option("--co-quan", help="Viết tắt của cơ quan (UBND) khi lưu trữ có nhiều cơ quan.")
@click.option("--overwrite", is_flag=True, help="Cho phép ghi đè tệp đã có.")
@archive_option
@clerk_errors
def export_command(nam: int | None, output: Path | None, as_csv: bool, co_quan: str | None,
                   overwrite: bool, archive_dir: str) -> None:
    """Xuất sổ đăng ký văn bản đi của một năm, đủ 10 cột theo Phụ lục IV, để in và đóng sổ.

    Tệp .xlsx đã đặt sẵn khổ A4 ngang, dòng tiêu đề lặp lại ở mọi trang.
    """
    nam = nam or date.today().year
    suffix = ".csv" if as_csv else ".xlsx"
    output = output or Path(f"so-dang-ky-{nam}{suffix}")
    _target(output, (suffix,), overwrite, csv_too=not as_csv)
    with Archive(archive_dir) as archive:
        count = archive.export_register(nam, output, csv=as_csv, co_quan=co_quan,
                                        overwrite=overwrite)
        head = archive.chain_head()
    if count == 0:
        click.echo(_("Chú ý: sổ năm {year} chưa có văn bản nào; tệp chỉ có dòng tiêu đề."
                     ).format(year=nam), err=True)
    click.echo(_("Đã ghi sổ đăng ký văn bản đi năm {year} ({count} văn bản) vào {output}").format(
        year=nam, count=count, output=output))
    click.echo(_("Mã chuỗi của sổ (in ở cuối sổ): {head}; kiểm tra về sau: docgen archive "
                 "verify --moc {anchor}").format(head=head, anchor=head.anchor))


@archive_group.command("import")
@click.argument("register", type=click.Path(path_type=Path), required=False)
@click.option("--from", "source", type=click.Path(path_type=Path), metavar="THƯ_MỤC",
              help="Chuyển cả một thư mục lưu trữ cũ (sổ SQLite và các tệp) vào sổ --archive, "
              "ví dụ lên máy chủ PostgreSQL; giữ nguyên số, ngày, tệp và mã SHA-256.")
@click.option("--co-quan", help="Viết tắt của cơ quan cho mọi hàng (mặc định: đọc từ ký hiệu, "
              "ví dụ UBND trong 05/UBND-VHXH).")
@archive_option
@clerk_errors
def import_command(register: Path | None, source: Path | None, co_quan: str | None,
                   archive_dir: str) -> None:
    """Nhập các số đã cấp tay từ sổ cũ REGISTER (.xlsx hoặc .csv) để không cấp trùng số.

    Sổ cũ cần cột 'Số, ký hiệu văn bản' và 'Ngày tháng văn bản' (các cột khác của Phụ lục IV
    nếu có cũng được nhập). Lỗi ở một hàng thì không hàng nào được nhập. Với --from THƯ_MỤC:
    chuyển cả lưu trữ cũ sang sổ mới.
    """
    if (register is None) == (source is None):
        raise DocgenError(Problem("cần đúng một nguồn: tệp sổ cũ (.xlsx, .csv) hoặc --from "
                                  "THƯ_MỤC", hint="Ví dụ: docgen archive import so-cu.xlsx, "
                                  "hoặc docgen archive import --from luu-tru --archive "
                                  "postgresql://vanthu@may-chu/so_dang_ky"))
    if source is not None:
        with Archive(archive_dir) as archive:
            count = archive.import_archive(source)
            click.echo(f"Đã chuyển {count} văn bản từ {source} vào {archive.location}.")
        return
    assert register is not None
    with Archive(archive_dir) as archive:
        series = archive.import_register(register, co_quan=co_quan)
    for s in series:
        click.echo(f"Đã nhập {s.imported} số của {s.co_quan} năm {s.nam} (lớn nhất: "
                   f"{s.highest:02d}). Số tiếp theo: {s.next:02d}.")
