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
from ..i18n import N_, _, click_gettext, localize_click, process_language, set_language

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3
"""0: done; 1: a check found deviations or some rows failed; 2: bad input, nothing written;
3: docgen itself failed (a bug): the details are in a log file whose path is printed."""
EXIT_INTERRUPTED = 130

F = TypeVar("F", bound=Callable[..., Any])

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class _LocalizedHelp:
    """click builds its help option once and keeps it; its text follows the language."""

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = click_gettext("Show this message and exit.")
        return option


class Command(_LocalizedHelp, click.Command):
    """A docgen command."""


def _usage_error_text(error: click.UsageError) -> str:
    """A usage error as the clerk reads it: click's own message (in the clerk's language,
    through the click catalog) and where to read the help."""
    command = error.ctx.command_path if error.ctx else "docgen"
    help_option = error.ctx.help_option_names[0] if error.ctx else "--help"
    if help_option == "-h":
        help_option = "--help"
    return _("Lỗi: {message}\n    → {help}").format(
        message=error.format_message(),
        help=click_gettext("Try '{command} {option}' for help.").format(command=command,
                                                                         option=help_option))


class Group(_LocalizedHelp, click.Group):
    """A docgen command group; its commands and subgroups are docgen's too."""

    command_class = Command
    group_class = type  # subgroups are of this class

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Run the command in the clerk's language (``--lang``, ``DOCGEN_LANG``, the locale);
        usage errors are printed in that language with exit status 2."""
        kwargs.pop("standalone_mode", None)
        before = process_language()
        localize_click(self)
        try:
            return self._run(*args, **kwargs)
        finally:
            # --lang holds for this run only (a test runner calls main again in-process).
            set_language(before)

    def _run(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().main(*args, standalone_mode=False, **kwargs)
        except click.exceptions.NoArgsIsHelpError as error:
            click.echo(error.ctx.get_help() if error.ctx else error.message)
            sys.exit(0)
        except click.UsageError as error:
            click.echo(_usage_error_text(error), err=True)
            sys.exit(EXIT_INPUT)
        except click.exceptions.Abort:
            click.echo(_("Đã hủy."), err=True)
            sys.exit(1)
        except click.ClickException as error:
            error.show()
            sys.exit(error.exit_code)
        except DocgenError as error:
            report(error)
            sys.exit(EXIT_INPUT)
        except KeyboardInterrupt:
            click.echo(_("Đã dừng."), err=True)
            sys.exit(EXIT_INTERRUPTED)
        except OSError as error:
            # The system refused a read or write no command foresaw (a full disk, a folder
            # without permission): say which file and why, in the clerk's words.
            if error.filename:
                text = _("Lỗi: {path}: không đọc hoặc ghi được tệp ({reason})").format(
                    path=error.filename, reason=why(error))
            else:
                text = _("Lỗi: không đọc hoặc ghi được tệp ({reason})").format(
                    reason=why(error))
            click.echo(text, err=True)
            sys.exit(EXIT_INPUT)
        except Exception:  # a bug in docgen: a short message, the traceback in a log
            log = write_crash_log(traceback.format_exc())
            click.echo(_(
                "Lỗi: docgen gặp lỗi ngoài dự kiến, chưa ghi tệp kết quả nào.\n"
                "    → Chi tiết đã ghi vào {log}; hãy gửi tệp đó kèm lệnh đã chạy khi báo "
                "lỗi.").format(log=log), err=True)
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


def _choose_language(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value is not None:
        set_language(value)
        localize_click(ctx.find_root().command)


@click.group(cls=Group, context_settings=CONTEXT,
             help=N_("docgen — soạn văn bản hành chính đúng Nghị định 30/2020/NĐ-CP.\n\n"
                     "Ví dụ: docgen render data/forms/gia-han-ky-nang-so.yaml -o gia-han.docx"))
@click.version_option(__version__, "-V", "--version", message="docgen %(version)s",
                      help=N_("Hiện phiên bản docgen rồi thoát."))
@click.option("--lang", type=click.Choice(["vi", "en"]), is_eager=True, expose_value=False,
              callback=_choose_language,
              help=N_("Ngôn ngữ của thông báo (vi: tiếng Việt, en: English); mặc định theo "
                      "DOCGEN_LANG, rồi theo locale, rồi tiếng Việt."))
def main() -> None:
    """The ``docgen`` command (its help is the ``help=`` above, through the catalog)."""


OVERWRITE_HELP = N_("Cho phép ghi đè tệp ghi ra đã có.")
CONVERT_HELP = N_("Chuyển tệp .doc/.rtf/.odt sang .docx bằng LibreOffice trước.")


def document_options(output_help: str, *, overwrite_help: str = OVERWRITE_HELP
                     ) -> Callable[[F], F]:
    """``-o/--output`` (help ``output_help``, a msgid), ``--overwrite`` and ``--convert``: the
    options every command that reads a document FILE and writes one file has (``sua``,
    ``sao``, ``extract``), with the same names and words. The command receives ``output``,
    ``overwrite`` and ``want_convert``."""

    def decorate(func: F) -> F:
        # click lists options in decorator order, top first: applied bottom-up here.
        func = click.option("--convert", "want_convert", is_flag=True, help=CONVERT_HELP)(func)
        func = click.option("--overwrite", is_flag=True, help=overwrite_help)(func)
        return click.option("-o", "--output", type=click.Path(path_type=Path),
                            help=output_help)(func)

    return decorate


def warn(problems: Iterable[Problem]) -> None:
    """Print each warning on standard error, prefixed ``Cảnh báo:`` (the exit status stays)."""
    for problem in problems:
        click.echo(_("Cảnh báo: {problem}").format(problem=problem), err=True)


def report(error: DocgenError) -> None:
    """Print every problem of ``error`` on standard error, prefixed ``Lỗi:``."""
    for problem in error.problems:
        click.echo(_("Lỗi: {problem}").format(problem=problem), err=True)


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
