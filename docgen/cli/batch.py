"""``docgen batch``: one document per row of a roster (bảng danh sách)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from ..batch.issue import issue_roster
from ..batch.runner import MANIFEST, BatchOptions, run_batch
from ..errors import DocgenError, Problem
from ..i18n import N_, _, ngettext
from .common import clerk_errors, main

MAX_PRINTED = 50
"""Row problems printed on the terminal; all of them are in manifest.csv."""

EXIT_INTERRUPTED = 130


class TerminalProgress:
    """A progress bar with count and time left, on standard error, only on a terminal."""

    def __init__(self) -> None:
        self._bar: Any = None

    def start(self, label: str, total: int | None) -> None:
        """Show a new bar for ``total`` rows."""
        self._bar = click.progressbar(length=max(total or 0, 1), label=label, show_pos=True,
                                      show_eta=True, file=sys.stderr, width=30)
        self._bar.__enter__()

    def advance(self, rows: int) -> None:
        """Move the bar on by ``rows``."""
        if self._bar is not None:
            self._bar.update(rows)

    def finish(self) -> None:
        """Close the bar."""
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None

    def note(self, text: str) -> None:
        """A line between phases."""
        click.echo(text, err=True)


class QuietProgress(TerminalProgress):
    """No bar (output is a file or a pipe): only notes, the summary line says the rest."""

    def start(self, label: str, total: int | None) -> None:
        """Nothing to show."""

    def note(self, text: str) -> None:
        """Nothing to show: a log gets the summary line."""


def group_problems(problems: list[Problem]) -> list[tuple[Problem, list[int]]]:
    """The same problem in many rows once, with the other rows' numbers (a form mistake
    repeats in every row; a clerk needs to read it once)."""
    groups: dict[tuple[object, ...], tuple[Problem, list[int]]] = {}
    for problem in problems:
        key = (str(problem.file), problem.field, problem.message, problem.hint,
               problem.row is None)
        if key in groups and problem.row is not None:
            groups[key][1].append(problem.row)
        else:
            groups.setdefault(key if problem.row is not None else (*key, id(problem)),
                              (problem, []))
    return list(groups.values())


@main.command("batch", help=N_(
    "Soạn một văn bản cho mỗi hàng của bảng danh sách, theo biểu mẫu FORM.\n\n"
    "Trong biểu mẫu, dong.ten_thon là ô cột \"Tên thôn\" của hàng đang soạn. Chạy lại đúng "
    "lệnh sau khi bị ngắt thì chỉ soạn tiếp các hàng còn thiếu hoặc đã đổi.\n\n"
    "\b\nVí dụ:\n"
    "  docgen batch data/forms/don-doc-theo-thon.yaml \\\n"
    "    --roster data/rosters/ket-qua-theo-thon.xlsx -o don-doc --gop don-doc/tat-ca.docx\n"
    "  docgen batch data/forms/don-doc-theo-thon.yaml \\\n"
    "    --roster data/rosters/ket-qua-theo-thon.xlsx --archive luu-tru"))
@click.argument("form", type=click.Path(path_type=Path))
@click.option("--roster", "-r", "roster", required=True, type=click.Path(path_type=Path),
              help=N_("Bảng danh sách: .xlsx (trang đang mở khi lưu tệp, hoặc --sheet) hoặc .csv "
              "UTF-8."))
@click.option("-o", "--output", "out_dir", type=click.Path(path_type=Path),
              help=N_("Thư mục ghi văn bản (mặc định: tên biểu mẫu, trong thư mục hiện tại)."))
@click.option("--sheet", help=N_("Tên trang tính trong tệp .xlsx."))
@click.option("--loc", help=N_('Chỉ soạn các hàng thỏa điều kiện, ví dụ: --loc "dong.ty_le < 80".'))
@click.option("--ten-tep", "ten_tep",
              help=N_('Tên tệp, ví dụ: --ten-tep "{{ dong.ma_thon }}-{{ dong.ten_thon }}" '
              "(mặc định: số thứ tự hàng dữ liệu và tên thôn, như 001-Tân Sang; stt là số thứ "
              "tự, hang là số hàng trong bảng tính)."))
@click.option("--ten-ascii", "ascii_names", is_flag=True,
              help=N_("Tên tệp không dấu, chữ thường (001-tan-sang) thay vì giữ chữ tiếng Việt."))
@click.option("--cho-phep-ngoai", "allow_outside", is_flag=True,
              help=N_("Cho phép dung_chung và mau trỏ tới tệp ngoài thư mục của biểu mẫu."))
@click.option("--gop", type=click.Path(path_type=Path),
              help=N_("Ghi thêm một tệp .docx gộp mọi văn bản để in (mỗi văn bản một phần, "
              "đánh số trang lại từ đầu)."))
@click.option("--pdf", "want_pdf", is_flag=True, help=N_("Ghi thêm bản PDF (cần LibreOffice)."))
@click.option("--strict", is_flag=True,
              help=N_("Kiểm tra mọi hàng trước; có hàng lỗi thì không ghi tệp nào."))
@click.option("--jobs", "-j", type=click.IntRange(min=1),
              help=N_("Số tiến trình chạy song song (mặc định: số CPU)."))
@click.option("--overwrite", is_flag=True,
              help=N_("Soạn lại và ghi đè mọi tệp, kể cả tệp không đổi hoặc không do docgen ghi."))
@click.option("--archive", "archive_dir",
              help=N_("Cấp số liên tiếp cho mọi hàng và lưu vào sổ lưu trữ này (thư mục, hoặc "
              "postgresql://…; sổ đăng ký văn bản đi); có hàng lỗi thì không cấp số nào. Với "
              "--pdf, bản PDF được lưu cạnh mỗi văn bản."))
@clerk_errors
def batch_command(form: Path, roster: Path, out_dir: Path | None, sheet: str | None,
                  loc: str | None, ten_tep: str | None, ascii_names: bool,
                  allow_outside: bool, gop: Path | None, want_pdf: bool,
                  strict: bool, jobs: int | None, overwrite: bool,
                  archive_dir: str | None) -> None:
    """``docgen batch``: render (or issue, with --archive) one document per roster row."""
    if archive_dir is not None:
        given = [name for name, value in (("-o", out_dir), ("--ten-tep", ten_tep),
                                          ("--ten-ascii", ascii_names), ("--jobs", jobs))
                 if value]
        if given:
            raise DocgenError(Problem(
                _("{options} không dùng cùng --archive: văn bản được lưu trong thư mục lưu "
                  "trữ, đặt tên theo số và ký hiệu").format(options=", ".join(given)),
                hint=_("Bỏ các tùy chọn đó; dùng --gop TỆP.docx nếu cần một tệp để in.")))
        report = issue_roster(form, roster, archive_dir, sheet=sheet, loc=loc, gop=gop,
                              overwrite=overwrite, pdf=want_pdf, allow_outside=allow_outside)
        click.echo(report.summary())
        return
    options = BatchOptions(
        form=form, roster=roster, out_dir=out_dir or Path(form.stem), sheet=sheet, loc=loc,
        ten_tep=ten_tep, gop=gop, pdf=want_pdf, strict=strict, jobs=jobs or 0,
        overwrite=overwrite, ascii_names=ascii_names, allow_outside=allow_outside)
    progress = TerminalProgress() if sys.stderr.isatty() else QuietProgress()
    try:
        report = run_batch(options, progress)
    except KeyboardInterrupt:
        progress.finish()
        click.echo(_("Đã dừng. Các tệp đã ghi đều trọn vẹn; chạy lại đúng lệnh này để soạn "
                     "tiếp phần còn lại."), err=True)
        sys.exit(EXIT_INTERRUPTED)
    for note in report.notes:
        click.echo(_("Lưu ý: {note}").format(note=note), err=True)
    for problem, others in group_problems(report.warnings)[:MAX_PRINTED]:
        if others:
            text = ngettext("Cảnh báo: {problem} (cùng ở {n} hàng khác)",
                            "Cảnh báo: {problem} (cùng ở {n} hàng khác)", len(others))
        else:
            text = _("Cảnh báo: {problem}")
        click.echo(text.format(problem=problem, n=len(others)), err=True)
    groups = group_problems(report.problems)
    for problem, others in groups[:MAX_PRINTED]:
        click.echo(_("Lỗi: {problem}").format(problem=problem), err=True)
        if others:
            shown = ", ".join(str(n) for n in others[:10]) + (", …" if len(others) > 10 else "")
            click.echo(ngettext("    (cùng lỗi này ở {n} hàng khác: {rows})",
                                "    (cùng lỗi này ở {n} hàng khác: {rows})",
                                len(others)).format(n=len(others), rows=shown), err=True)
    hidden = len(groups) - MAX_PRINTED
    if hidden > 0:
        if report.refused:
            text = ngettext("… và {n} lỗi khác (sửa các lỗi trên rồi chạy lại để xem tiếp).",
                            "… và {n} lỗi khác (sửa các lỗi trên rồi chạy lại để xem tiếp).",
                            hidden)
        else:
            text = ngettext("… và {n} lỗi khác (xem cột ghi_chu trong {manifest}).",
                            "… và {n} lỗi khác (xem cột ghi_chu trong {manifest}).", hidden)
        click.echo(text.format(n=hidden, manifest=options.out_dir / MANIFEST), err=True)
    click.echo(report.summary())
    if report.exit_code:
        sys.exit(report.exit_code)  # 2 (EXIT_INPUT) when --strict refused, else 1
