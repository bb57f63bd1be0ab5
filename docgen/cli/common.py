"""What every docgen command shares: the click group, error printing, exit codes."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from .. import __version__
from ..errors import DocgenError

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2
"""0: done; 1: a check found deviations or some rows failed; 2: bad input, nothing written."""

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


class Group(_VietnameseHelp, click.Group):
    """A docgen command group; its commands and subgroups are docgen's too."""

    command_class = Command
    group_class = type  # subgroups are of this class


@click.group(cls=Group, context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", message="docgen %(version)s",
                      help="Hiện phiên bản docgen rồi thoát.")
def main() -> None:
    """docgen — soạn văn bản hành chính đúng Nghị định 30/2020/NĐ-CP.

    Ví dụ: docgen render data/forms/gia-han-ky-nang-so.yaml -o gia-han.docx
    """


def report(error: DocgenError) -> None:
    """Print every problem of ``error`` on standard error, prefixed ``Lỗi:``."""
    for problem in error.problems:
        click.echo(f"Lỗi: {problem}", err=True)


def clerk_errors(func: F) -> F:
    """Turn :class:`DocgenError` into its message and exit status 2."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except DocgenError as exc:
            report(exc)
            sys.exit(EXIT_INPUT)

    return wrapper  # type: ignore[return-value]
