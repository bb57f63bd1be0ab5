"""``docgen check``: every deviation of a .docx from Nghị định 30/2020/NĐ-CP, by rule id.

The API::

    from docgen.check import check_file
    report = check_file("cong-van.docx")
    for finding in report.findings:
        print(finding.rule, finding.message("vi"))

The work is split by job: :mod:`.reader` opens the file safely, :mod:`.styles` resolves
effective formatting, :mod:`.flow` lays the document out as positioned segments and rules,
:mod:`.locate` finds each element, :mod:`.rules` judges them against the decree's ranges in
:data:`docgen.layout.LAYOUT`, and :mod:`.report` words the findings. A file that cannot be read
raises :class:`~docgen.errors.UnreadableDocument`, a :class:`~docgen.errors.DocgenError` (the CLI
exits with 2).
"""

from __future__ import annotations

from pathlib import Path

from .flow import read_flow
from .locate import Located, locate
from .reader import Package, bad_values, read_file, read_package
from .report import Finding, Report
from .rules import run_checks

__all__ = ["Finding", "Report", "check_bytes", "check_file", "check_package", "read_document"]


def read_document(package: Package) -> Located:
    """The located elements of a parsed package (what ``extract`` builds a form from).

    Raises :class:`~docgen.errors.DocgenError` when a value in the file cannot be read.
    """
    with bad_values(package.name):
        return locate(read_flow(package))


def check_package(package: Package) -> Report:
    """Check a parsed package.

    Raises :class:`~docgen.errors.DocgenError` when a value in the file cannot be read.
    """
    found = read_document(package)
    with bad_values(package.name):
        return Report(package.name, run_checks(found))


def check_bytes(data: bytes, name: str | None = None) -> Report:
    """Check the .docx in ``data``; ``name`` labels the report and error messages ("văn bản",
    "document" in English, when None)."""
    return check_package(read_package(data, name))


def check_file(path: Path | str) -> Report:
    """Check the .docx at ``path`` against every rule that can be read from a file."""
    return check_package(read_file(path))
