"""What every docgen command shares: the click group, error printing, exit codes."""

from __future__ import annotations

import datetime
import functools
import os
import sys
import tempfile
import traceback
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import click

from .. import __version__
from ..errors import DocgenError, Problem
from ..fileio import why

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3
"""0: done; 1: a check found deviations or some rows failed; 2: bad input, nothing written;
3: docgen itself failed (a bug): the details are in a log file whose path is printed."""
EXIT_INTERRUPTED = 130

F = TypeVar("F", bound=Callable[..., Any])

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
HELP_TEXT = "Hiện hướng dẫn này rồi thoát."


class _VietnameseHelp:
    """Click's own help option speaks English; clerks read Vietnamese."""

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = HELP_TEXT
        return option


class Command(_VietnameseHelp, click.Command):
    """A docgen command."""


def _usage_message(error: click.UsageError) -> str:
    """Click's usage errors in Vietnamese (click itself only speaks English)."""
    if isinstance(error, click.MissingParameter):
        what = error.param.get_error_hint(error.ctx) if error.param and error.ctx else ""
        return f"thiếu {what or 'tham số bắt buộc'}"
    if isinstance(error, click.NoSuchOption):
        text = f"không có tùy chọn {error.option_name}"
        if error.possibilities:
            text += f" (có phải ý bạn là {', '.join(sorted(error.possibilities))}?)"
        return text
    if isinstance(error, click.BadParameter):
        what = error.param.get_error_hint(error.ctx) if error.param and error.ctx else ""
        return f"giá trị không hợp lệ cho {what}: {error.message}"
    if error.message.startswith("No such command"):
        return f"không có lệnh {error.message.split(' ', 3)[-1].rstrip('.')}"
    if error.message.startswith("Got unexpected extra argument"):
        return f"thừa tham số: {error.message.split('(', 1)[-1].rstrip(')')}"
    return error.message


class Group(_VietnameseHelp, click.Group):
    """A docgen command group; its commands and subgroups are docgen's too."""

    command_class = Command
    group_class = type  # subgroups are of this class

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Run the command; usage errors are printed in Vietnamese with exit status 2."""
        kwargs.pop("standalone_mode", None)
        try:
            return super().main(*args, standalone_mode=False, **kwargs)
        except click.exceptions.NoArgsIsHelpError as error:
            click.echo(error.ctx.get_help() if error.ctx else error.message)
            sys.exit(0)
        except click.UsageError as error:
            command = error.ctx.command_path if error.ctx else "docgen"
            click.echo(f"Lỗi: {_usage_message(error)}\n    → Xem hướng dẫn: {command} --help",
                       err=True)
            sys.exit(EXIT_INPUT)
        except click.exceptions.Abort:
            click.echo("Đã hủy.", err=True)
            sys.exit(1)
        except click.ClickException as error:
            error.show()
            sys.exit(error.exit_code)
        except DocgenError as error:
            report(error)
            sys.exit(EXIT_INPUT)
        except KeyboardInterrupt:
            click.echo("Đã dừng.", err=True)
            sys.exit(EXIT_INTERRUPTED)
        except OSError as error:
            # The system refused a read or write no command foresaw (a full disk, a folder
            # without permission): say which file and why, in the clerk's words.
            where = f"{error.filename}: " if error.filename else ""
            click.echo(f"Lỗi: {where}không đọc hoặc ghi được tệp ({why(error)})", err=True)
            sys.exit(EXIT_INPUT)
        except Exception:  # a bug in docgen: a short message, the traceback in a log
            log = write_crash_log(traceback.format_exc())
            click.echo(
                "Lỗi: docgen gặp lỗi ngoài dự kiến, chưa ghi tệp kết quả nào.\n"
                f"    → Chi tiết đã ghi vào {log}; hãy gửi tệp đó kèm lệnh đã chạy khi báo "
                "lỗi.", err=True)
            sys.exit(EXIT_INTERNAL)


def log_dir() -> Path:
    """Where crash logs go: ``$XDG_STATE_HOME/docgen`` (``~/.local/state/docgen``)."""
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "docgen"


def write_crash_log(details: str) -> Path:
    """Write ``details`` (a traceback) to a new log file; its path (the temp folder's when the
    state folder cannot be written)."""
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    name = f"loi-{stamp}-{os.getpid()}.log"
    text = f"docgen {__version__}\n{' '.join(sys.argv)}\n\n{details}"
    for folder in (log_dir(), Path(tempfile.gettempdir())):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / name
            path.write_text(text, encoding="utf-8")
            return path
        except OSError:
            continue
    return Path(tempfile.gettempdir()) / name


@click.group(cls=Group, context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", message="docgen %(version)s",
                      help="Hiện phiên bản docgen rồi thoát.")
def main() -> None:
    """docgen — soạn văn bản hành chính đúng Nghị định 30/2020/NĐ-CP.

    Ví dụ: docgen render data/forms/gia-han-ky-nang-so.yaml -o gia-han.docx
    """


def warn(problems: Iterable[Problem]) -> None:
    """Print each warning on standard error, prefixed ``Cảnh báo:`` (the exit status stays)."""
    for problem in problems:
        click.echo(f"Cảnh báo: {problem}", err=True)


def report(error: DocgenError) -> None:
    """Print every problem of ``error`` on standard error, prefixed ``Lỗi:``."""
    for problem in error.problems:
        click.echo(f"Lỗi: {problem}", err=True)


def clerk_errors(func: F) -> F:
    """Turn :class:`DocgenError` into its message and exit status 2 (:meth:`Group.main` also
    does, for commands without this decorator, and turns any other error into status 3)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except DocgenError as exc:
            report(exc)
            sys.exit(EXIT_INPUT)

    return wrapper  # type: ignore[return-value]
