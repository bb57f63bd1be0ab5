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
from ..archive.entry import SOURCE_IMPORTED, kind_label, local_time
from ..errors import DocgenError, OutputError, Problem
from ..fileio import atomic_write, check_target
from ..i18n import N_, _, ngettext
from .common import EXIT_FINDINGS, clerk_errors, main, warn

F = TypeVar("F", bound=Callable[..., Any])


class _Option(click.Option):
    """An option whose metavar (``LOẠI``, marked ``N_``) is shown in the clerk's language."""

    def make_metavar(self, ctx: click.Context) -> str:
        """The metavar through the catalog (click shows it in the usage and the help)."""
        return _(self.metavar) if self.metavar else super().make_metavar(ctx)


def archive_option(func: F) -> F:
    """``--archive DIR|URL`` (or ``$DOCGEN_ARCHIVE``, default ``./luu-tru``)."""
    # DEFAULT_DIR and ENV_VAR are written into the msgid, not placeholders: click shows help
    # texts as they are (localize_click translates, never formats). A test holds them equal.
    return click.option(
        "--archive", "archive_dir", type=str, envvar=ENV_VAR, default=DEFAULT_DIR,
        metavar="DIR|URL",
        help=N_("Nơi giữ sổ đăng ký: thư mục lưu trữ (mặc định ./luu-tru) hoặc máy chủ "
                "PostgreSQL dùng chung (postgresql://người_dùng@máy_chủ/cơ_sở_dữ_liệu); hoặc "
                "đặt bằng biến môi trường DOCGEN_ARCHIVE."),
    )(func)


def _entry_options(output_help: str) -> Callable[[F], F]:
    """``SO``, ``--nam``, ``-o`` and ``--overwrite``: what ``show`` and ``rerender`` take to
    name one document and a file to write it to (``output_help`` marked ``N_``)."""

    def decorate(func: F) -> F:
        func = click.option("--overwrite", is_flag=True,
                            help=N_("Cho phép ghi đè tệp -o đã có."))(func)
        func = click.option("-o", "--output", type=click.Path(path_type=Path),
                            help=output_help)(func)
        func = click.option("--nam", type=int,
                            help=N_("Năm của văn bản (cần khi số này có ở nhiều năm)."))(func)
        return click.argument("so")(func)

    return decorate


def _warn(archive: Archive) -> None:
    for problem in archive.warnings:
        click.echo(_("Chú ý: {problem}").format(problem=problem), err=True)


@main.group("archive", help=N_(
    "Cấp số văn bản đi và giữ sổ đăng ký văn bản đi (Điều 15–16 Nghị định 30/2020/NĐ-CP).\n\n"
    "Sổ nằm trong một thư mục (mặc định ./luu-tru) hoặc trên máy chủ PostgreSQL dùng chung "
    "cho cả cơ quan (--archive postgresql://người_dùng@máy_chủ/cơ_sở_dữ_liệu).\n\n"
    "\b\nVí dụ:\n"
    "  docgen archive issue cong-van.yaml        cấp số, ghi tệp vào ./luu-tru\n"
    "  docgen archive list --nam 2026 --tim \"kỹ năng số\"\n"
    "  docgen archive export --nam 2026          sổ in được: so-dang-ky-2026.xlsx\n"
    "  docgen archive verify                     kiểm tra không tệp, dòng sổ nào bị sửa, mất\n"
    "  docgen archive migrate --archive postgresql://vanthu@may-chu/so_dang_ky\n"
    "  docgen archive import --from luu-tru --archive postgresql://vanthu@may-chu/so_dang_ky"))
def archive_group() -> None:
    """``docgen archive``: the outgoing register (its help is the ``help=`` above)."""


@archive_group.command("issue", help=N_(
    "Cấp số tiếp theo cho biểu mẫu FORMS, soạn .docx và lưu vào thư mục lưu trữ.\n\n"
    "Biểu mẫu để trống so: (docgen cấp số); để trống ngay: thì lấy ngày hôm nay. Nhiều biểu "
    "mẫu thì được số liên tiếp theo thứ tự ghi; lỗi ở một biểu mẫu thì không biểu mẫu nào "
    "được cấp số."))
@click.argument("forms", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--pdf", "want_pdf", is_flag=True,
              help=N_("Lưu thêm bản PDF bên cạnh tệp .docx (cần LibreOffice); PDF cũng được "
                      "băm và kiểm tra như .docx."))
@archive_option
@clerk_errors
def issue_command(forms: tuple[Path, ...], want_pdf: bool, archive_dir: str) -> None:
    """``docgen archive issue``: number, render and archive each form."""
    with Archive(archive_dir) as archive:
        entries = archive.issue_many(list(forms), pdf=want_pdf)
        warn(archive.notices)
        _warn(archive)
        for entry in entries:
            where = archive.describe_file(entry.tep or "")
            click.echo(_("Đã cấp số {number} ngày {date}: {where}").format(
                number=entry.so_ky_hieu, date=f"{entry.ngay:%d/%m/%Y}", where=where))
            if entry.tep_pdf:
                click.echo(_("    PDF: {where}").format(
                    where=archive.describe_file(entry.tep_pdf)))


@archive_group.command("danh-so", help=N_(
    "Xem hoặc đổi cách đánh số của sổ: một dãy số chung (Điều 15) hay loại có dãy riêng.\n\n"
    "Cài đặt nằm trong sổ, nên mọi máy cấp số vào sổ này đánh số như nhau. Đổi từ đầu năm; "
    "bản sao (SY, TrS, SL) luôn có dãy số riêng."))
@click.option("--rieng", "kinds", multiple=True, metavar=N_("LOẠI"), cls=_Option,
              help=N_("Loại văn bản có dãy số riêng (ví dụ quyet-dinh); ghi nhiều lần cho "
                      "nhiều loại."))
@click.option("--chung", is_flag=True,
              help=N_("Mọi loại văn bản dùng chung một dãy số (mặc định)."))
@archive_option
@clerk_errors
def series_command(kinds: tuple[str, ...], chung: bool, archive_dir: str) -> None:
    """``docgen archive danh-so``: show or change how the register numbers."""
    if kinds and chung:
        raise DocgenError(Problem(_("--rieng và --chung không dùng cùng nhau"),
                                  hint=_("Chọn một: --chung, hoặc --rieng quyet-dinh …")))
    with Archive(archive_dir) as archive:
        if kinds or chung:
            apart = archive.set_separate_series([] if chung else kinds)
        else:
            apart = archive.separate_series()
    if apart:
        names = ", ".join(f"{kind} ({kind_label(kind)})" for kind in apart)
        click.echo(_("Loại có dãy số riêng: {kinds}; các loại khác dùng chung một dãy số."
                     ).format(kinds=names))
    else:
        click.echo(_("Mọi loại văn bản dùng chung một dãy số mỗi năm (Điều 15)."))
    click.echo(_("Bản sao (SY, TrS, SL) có dãy số riêng theo từng hình thức sao."))


@archive_group.command("migrate", help=N_(
    "Tạo sổ đăng ký hoặc nâng cấp lược đồ của sổ lên bản docgen này.\n\n"
    "Chạy một lần khi đặt sổ lên máy chủ mới và sau mỗi lần cập nhật docgen; chạy lại "
    "không hại gì."))
@click.option("--cap-quyen", "grant_role", metavar=N_("VAI_TRÒ"), cls=_Option,
              help=N_("(PostgreSQL) Cho vai trò này cấp số và đọc sổ, không được sửa hay xóa."))
@archive_option
@clerk_errors
def migrate_command(grant_role: str | None, archive_dir: str) -> None:
    """``docgen archive migrate``: create the register or bring its schema up to date."""
    with Archive(archive_dir) as archive:
        before, after = archive.migrate()
        if grant_role:
            from ..archive.pg_register import PostgresRegister

            if not isinstance(archive.register, PostgresRegister):
                raise DocgenError(Problem(
                    _("--cap-quyen chỉ dùng cho sổ trên máy chủ PostgreSQL"),
                    option="--cap-quyen"))
            archive.register.grant(grant_role)
            click.echo(_("Đã cấp quyền cấp số và đọc sổ (không sửa, không xóa) cho {role}."
                         ).format(role=grant_role))
    if before == after:
        text = _("Sổ đăng ký ở {location} đã ở lược đồ {after}; không cần nâng cấp.")
    elif before == 0:
        text = _("Đã tạo sổ đăng ký ở {location} (lược đồ {after}).")
    else:
        text = _("Đã nâng cấp sổ đăng ký ở {location} từ lược đồ {before} lên {after}.")
    click.echo(text.format(location=archive.location, before=before, after=after))


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


_NOTHING = {
    (False, False): N_("Không có văn bản nào."),
    (True, False): N_("Không có văn bản nào năm {year}."),
    (False, True): N_("Không có văn bản nào khớp '{text}'."),
    (True, True): N_("Không có văn bản nào năm {year} khớp '{text}'."),
}
"""What ``list`` says when nothing is found, by (year given, search given)."""


@archive_group.command("list", help=N_("Liệt kê các văn bản trong sổ đăng ký."))
@click.option("--nam", type=int, help=N_("Chỉ năm này (mặc định: mọi năm)."))
@click.option("--tim", help=N_("Tìm trong trích yếu và nơi nhận (không phân biệt hoa thường; "
                               "gõ không dấu thì tìm cả không dấu)."))
@archive_option
@clerk_errors
def list_command(nam: int | None, tim: str | None, archive_dir: str) -> None:
    """``docgen archive list``: one line per register row."""
    with Archive(archive_dir) as archive:
        entries = archive.entries(nam=nam, tim=tim)
    if not entries:
        click.echo(_(_NOTHING[bool(nam), bool(tim)]).format(year=nam, text=tim))
        return
    width = max(len(e.so_ky_hieu) for e in entries)
    for entry in entries:
        where = entry.tep or _("(số cấp tay)")
        summary = _cut(entry.trich_yeu.replace("\n", " "), 70)
        click.echo(f"{entry.so_ky_hieu:<{width}}  {entry.ngay:%d/%m/%Y}  {summary}  [{where}]")
    click.echo(ngettext("{count} văn bản.", "{count} văn bản.", len(entries)).format(
        count=len(entries)))


Value = str | tuple[str, ...]
"""A value ``show`` prints: text, or a list (one ``- item`` line each)."""


def _file_rows(archive: Archive, entry: Entry) -> list[tuple[str, Value]]:
    """Where ``show`` says the files of an entry are, or where an imported number came from."""
    if entry.nguon == SOURCE_IMPORTED:
        return [(N_("Nguồn"), _("số cấp tay, nhập từ sổ cũ")),
                (N_("Ngày chuyển"), entry.ngay_chuyen or ""),
                (N_("Ký nhận"), entry.ky_nhan or "")]
    rows: list[tuple[str, Value]] = [(N_("Tệp"), archive.describe_file(entry.tep or "")),
                                     ("SHA-256", entry.sha256 or "")]
    if entry.tep_pdf:
        rows += [(N_("Bản PDF"), archive.describe_file(entry.tep_pdf)),
                 ("SHA-256 PDF", entry.sha256_pdf or "")]
    if entry.tep_bieu_mau:
        rows += [(N_("Biểu mẫu"), archive.describe_file(entry.tep_bieu_mau)),
                 (N_("Mẫu nội dung"), entry.mau or _("(không dùng mẫu)"))]
    return [*rows, (N_("Phiên bản docgen"), entry.phien_ban or "")]


LABEL_WIDTH = 19
"""The column ``show`` prints its values at (wider when a label of the language needs it)."""


def _show(archive: Archive, entry: Entry) -> list[str]:
    """The lines of ``archive show``: each label (a msgid, translated here) and its value."""
    rows: list[tuple[str, Value]] = [
        (N_("Số, ký hiệu"), entry.so_ky_hieu),
        (N_("Ngày"), f"{entry.ngay:%d/%m/%Y}"),
        (N_("Cơ quan"), f"{entry.ten_co_quan} ({entry.co_quan})" if entry.ten_co_quan
         else entry.co_quan),
        (N_("Tên loại"), kind_label(entry.loai) or ""),
        (N_("Trích yếu"), entry.trich_yeu),
        (N_("Người ký"), entry.nguoi_ky or ""),
        (N_("Kính gửi"), entry.kinh_gui),
        (N_("Nơi nhận"), entry.noi_nhan),
        (N_("Lưu"), entry.luu_text),
        (N_("Số lượng bản"), str(entry.so_ban or "")),
        *_file_rows(archive, entry),
        (N_("Ghi vào sổ lúc"), local_time(entry.thoi_diem)),
        (N_("Mã chuỗi"), _("{hash} (dòng thứ {position})").format(hash=entry.bam or "",
                                                                  position=entry.thu_tu)),
        (N_("Ghi chú"), entry.ghi_chu or ""),
    ]
    # "SHA-256" is in no catalog: _() gives it back as it is.
    labels = [_(label) + ":" for label, _value in rows]
    width = max(LABEL_WIDTH, *(len(label) + 2 for label in labels))
    out = []
    for label, (_label, value) in zip(labels, rows, strict=True):
        if isinstance(value, tuple):
            value = value[0] if len(value) == 1 else \
                ("\n" + " " * width).join(f"- {item}" for item in value)
        out.append(f"{label:<{width}}{value}".rstrip())
    return out


@archive_group.command("show", help=N_(
    "Xem một văn bản trong sổ: SO là số (5) hoặc số và ký hiệu (05/UBND-VHXH)."))
@_entry_options(N_("Chép tệp đã ban hành (.docx; .pdf nếu tên tệp có đuôi .pdf) ra tệp này."))
@archive_option
@clerk_errors
def show_command(so: str, nam: int | None, output: Path | None, overwrite: bool,
                 archive_dir: str) -> None:
    """``docgen archive show``: one register row, and its issued file copied out with -o."""
    if output is not None:
        _target(output, (".docx", ".pdf"), overwrite)
    with Archive(archive_dir) as archive:
        entry = archive.find(so, nam=nam)
        for line in _show(archive, entry):
            click.echo(line)
        if output is not None:
            wanted = entry.tep_pdf if output.suffix.lower() == ".pdf" else entry.tep
            if wanted is None:
                raise DocgenError(Problem(_("văn bản này không có tệp như thế trong lưu trữ"),
                                          file=output, hint=_("Bỏ -o, hoặc dùng đuôi .docx.")))
            atomic_write(output, archive.read_file(wanted), overwrite=overwrite)
            click.echo(_("Đã chép tệp lưu trữ ra {output}").format(output=output))


@archive_group.command("rerender", help=N_(
    "Soạn lại văn bản số SO từ biểu mẫu lưu trữ và so với tệp đã cấp số.\n\n"
    "Thoát với mã 1 nếu nội dung chữ khác tệp lưu trữ."))
@_entry_options(N_("Ghi bản soạn lại ra tệp .docx này (không bao giờ ghi vào lưu trữ)."))
@archive_option
@clerk_errors
def rerender_command(so: str, nam: int | None, output: Path | None, overwrite: bool,
                     archive_dir: str) -> None:
    """``docgen archive rerender``: render the stored form again and compare."""
    if output is not None:
        _target(output, (".docx",), overwrite)
    with Archive(archive_dir) as archive:
        result = archive.rerender(so, nam=nam)
    if output is not None:
        atomic_write(output, result.data, overwrite=overwrite)
        click.echo(_("Đã ghi bản soạn lại vào {output}").format(output=output))
    values = {"number": result.entry.so_ky_hieu, "year": result.entry.nam}
    if result.same_bytes:
        click.echo(_("Văn bản {number} (năm {year}): soạn lại giống hệt tệp lưu trữ (từng byte)."
                     ).format(**values))
    elif result.same_text:
        click.echo(_("Văn bản {number} (năm {year}): nội dung chữ khớp tệp lưu trữ; định dạng "
                     "tệp khác (thường do phiên bản docgen khác).").format(**values))
    else:
        click.echo(_("Văn bản {number} (năm {year}): nội dung chữ KHÁC tệp lưu trữ:"
                     ).format(**values))
        for line in result.diff:
            click.echo(f"  {line}")
        click.echo(_("Tệp lưu trữ là bản gốc đã ban hành; kiểm tra bằng 'docgen archive "
                     "verify'."))
        sys.exit(EXIT_FINDINGS)


def _anchor(text: str) -> tuple[int, str]:
    m = re.fullmatch(r"\s*(\d+)\s*:\s*([0-9a-fA-F]{64})\s*", text)
    if not m:
        raise DocgenError(Problem(
            _("'{text}' không phải mốc chuỗi").format(text=text), option="--moc",
            hint=_("Ghi DÒNG:MÃ như dòng 'Mã chuỗi của sổ' in cuối sổ, ví dụ --moc 120:3f9a… "
                   "(đủ 64 ký tự của mã).")))
    return int(m[1]), m[2].lower()


@archive_group.command("verify", help=N_(
    "Kiểm tra mọi tệp (SHA-256), chuỗi mã của sổ, số bỏ trống và chính cơ sở dữ liệu.\n\n"
    "Báo tệp thiếu, bị sửa hoặc không có trong sổ; dòng sổ bị sửa, bị xóa; số bị bỏ trống; "
    "sổ không còn khớp mã chuỗi đã in (--moc). Thoát với mã 1 nếu có vấn đề."))
@click.option("--moc", "anchors", multiple=True, metavar=N_("DÒNG:MÃ"), cls=_Option,
              help=N_("Mã chuỗi đã in cuối một sổ xuất trước đây (dòng thứ mấy và mã): sổ phải "
                      "còn đúng mã đó. Ghi nhiều lần cho nhiều bản in."))
@archive_option
@clerk_errors
def verify_command(anchors: tuple[str, ...], archive_dir: str) -> None:
    """``docgen archive verify``: files, the hash chain, the numbering, the database."""
    marks = dict(_anchor(text) for text in anchors)
    with Archive(archive_dir) as archive:
        report = archive.verify(marks)
        location = archive.location
    if report.ok:
        # The files are two or three per document: only the documents' count picks the form.
        click.echo(ngettext(
            "Lưu trữ khớp sổ đăng ký: {entries} văn bản, {files} tệp; không tệp nào thiếu, bị "
            "sửa hay nằm ngoài sổ; chuỗi mã liền, không số nào bị bỏ trống.",
            "Lưu trữ khớp sổ đăng ký: {entries} văn bản, {files} tệp; không tệp nào thiếu, bị "
            "sửa hay nằm ngoài sổ; chuỗi mã liền, không số nào bị bỏ trống.", report.entries,
        ).format(entries=report.entries, files=report.files_checked))
        click.echo(_("Mã chuỗi của sổ: {head} — đối chiếu với mã in cuối sổ giấy "
                     "(--moc {anchor}).").format(head=report.head, anchor=report.head.anchor))
        return
    for finding in report.findings:
        click.echo(str(finding))
    count = len(report.findings)
    click.echo(ngettext("{count} vấn đề trong {location}.", "{count} vấn đề trong {location}.",
                        count).format(count=count, location=location))
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


@archive_group.command("export", help=N_(
    "Xuất sổ đăng ký văn bản đi của một năm, đủ 10 cột theo Phụ lục IV, để in và đóng sổ.\n\n"
    "Tệp .xlsx đã đặt sẵn khổ A4 ngang, dòng tiêu đề lặp lại ở mọi trang."))
@click.option("--nam", type=int, help=N_("Năm của sổ (mặc định: năm nay)."))
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help=N_("Tệp ghi ra (mặc định: so-dang-ky-NĂM.xlsx, hoặc .csv với --csv)."))
@click.option("--csv", "as_csv", is_flag=True, help=N_("Ghi dạng CSV (UTF-8) thay vì Excel."))
@click.option("--co-quan",
              help=N_("Viết tắt của cơ quan (UBND) khi lưu trữ có nhiều cơ quan."))
@click.option("--overwrite", is_flag=True, help=N_("Cho phép ghi đè tệp đã có."))
@archive_option
@clerk_errors
def export_command(nam: int | None, output: Path | None, as_csv: bool, co_quan: str | None,
                   overwrite: bool, archive_dir: str) -> None:
    """``docgen archive export``: the printable register of one year."""
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
    click.echo(ngettext("Đã ghi sổ đăng ký văn bản đi năm {year} ({count} văn bản) vào {output}",
                        "Đã ghi sổ đăng ký văn bản đi năm {year} ({count} văn bản) vào {output}",
                        count).format(year=nam, count=count, output=output))
    click.echo(_("Mã chuỗi của sổ (in ở cuối sổ): {head}; kiểm tra về sau: docgen archive "
                 "verify --moc {anchor}").format(head=head, anchor=head.anchor))


@archive_group.command("import", help=N_(
    "Nhập các số đã cấp tay từ sổ cũ REGISTER (.xlsx hoặc .csv) để không cấp trùng số.\n\n"
    "Sổ cũ cần cột 'Số, ký hiệu văn bản' và 'Ngày tháng văn bản' (các cột khác của Phụ lục IV "
    "nếu có cũng được nhập). Lỗi ở một hàng thì không hàng nào được nhập. Với --from THƯ_MỤC: "
    "chuyển cả lưu trữ cũ sang sổ mới."))
@click.argument("register", type=click.Path(path_type=Path), required=False)
@click.option("--from", "source", type=click.Path(path_type=Path), metavar=N_("THƯ_MỤC"),
              cls=_Option,
              help=N_("Chuyển cả một thư mục lưu trữ cũ (sổ SQLite và các tệp) vào sổ --archive, "
                      "ví dụ lên máy chủ PostgreSQL; giữ nguyên số, ngày, tệp và mã SHA-256."))
@click.option("--co-quan", help=N_("Viết tắt của cơ quan cho mọi hàng (mặc định: đọc từ ký "
                                   "hiệu, ví dụ UBND trong 05/UBND-VHXH)."))
@archive_option
@clerk_errors
def import_command(register: Path | None, source: Path | None, co_quan: str | None,
                   archive_dir: str) -> None:
    """``docgen archive import``: numbers issued by hand, or a whole folder archive."""
    if (register is None) == (source is None):
        raise DocgenError(Problem(
            _("cần đúng một nguồn: tệp sổ cũ (.xlsx, .csv) hoặc --from THƯ_MỤC"),
            hint=_("Ví dụ: docgen archive import so-cu.xlsx, hoặc docgen archive import --from "
                   "luu-tru --archive postgresql://vanthu@may-chu/so_dang_ky")))
    if source is not None:
        with Archive(archive_dir) as archive:
            count = archive.import_archive(source)
            click.echo(ngettext("Đã chuyển {count} văn bản từ {source} vào {location}.",
                                "Đã chuyển {count} văn bản từ {source} vào {location}.",
                                count).format(count=count, source=source,
                                              location=archive.location))
        return
    assert register is not None
    with Archive(archive_dir) as archive:
        series = archive.import_register(register, co_quan=co_quan)
    for s in series:
        click.echo(ngettext(
            "Đã nhập {count} số của {agency} năm {year} (lớn nhất: {highest}). Số tiếp theo: "
            "{next}.",
            "Đã nhập {count} số của {agency} năm {year} (lớn nhất: {highest}). Số tiếp theo: "
            "{next}.", s.imported).format(count=s.imported, agency=s.co_quan, year=s.nam,
                                          highest=f"{s.highest:02d}", next=f"{s.next:02d}"))
