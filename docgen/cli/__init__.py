"""The ``docgen`` command: a thin layer over the Python API, in the clerk's language
(``--lang``, ``DOCGEN_LANG``, the locale; Vietnamese by default).

Each group of commands lives in its own module and registers itself on :data:`main`; errors
from the API (:class:`~docgen.errors.DocgenError`) are printed for a clerk and exit with 2.
"""

from __future__ import annotations

from importlib import import_module

from .common import main

COMMAND_MODULES = ("render", "batch", "archive", "check", "serve", "fix", "quytac")

for _name in COMMAND_MODULES:
    import_module(f"{__name__}.{_name}")

__all__ = ["main"]
