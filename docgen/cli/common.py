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


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", message="docgen %(version)s")
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
