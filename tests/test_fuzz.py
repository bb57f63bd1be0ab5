"""Issue 13: generated input for the form loader, the template sandbox and the roster reader,
for a few seconds each. Whatever comes in, the answer is a result or a DocgenError, never a
traceback."""

from __future__ import annotations

import contextlib
import io
import string
import zipfile
from pathlib import Path

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.utils.exceptions import IllegalCharacterError

from docgen.batch.roster import open_roster
from docgen.errors import DocgenError
from docgen.forms import read_form
from docgen.templating import evaluate, render_string

FUZZ = settings(deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))


def _budget(examples: int) -> settings:
    """Hypothesis has no time limit of its own: each test's example count is set so that it
    takes a few seconds on a CI machine (derandomized, so CI runs are repeatable)."""
    return settings(FUZZ, max_examples=examples)


YAML_BITS = st.sampled_from([
    "trich_yeu: ", "noi_dung: |\n  ", "tham_so:\n  a: ", "dung_chung: ", "mau: ", "nam: ",
    "ngay: ", "- ", "  ", "\t", "\n", "&a ", "*a ", "!chu ", "!!python/object ", "{{ ", " }}",
    "{% ", " %}", "'", '"', ":", "#", "[", "]", "{", "}", "|", ">", "\x01", "\ufeff", "9" * 50,
    "../", "/etc/passwd", "gia-han", "Sa Thầy", "**", "*",
])
TEMPLATE_BITS = st.sampled_from([
    "{{ ", " }}", "{% ", " %}", "{# ", " #}", "for x in ", "range(", ")", "endfor", "if ",
    "endif", "set ns = namespace(x=1)", "ns.x", "'a'", "10**", "**", "*", "~", "+", "%", "|",
    "center(", "format(", "join(", "replace(", "batch(", "slice(", "indent(", ".zfill(",
    ".ljust(", "'{:>", "}'", ".format(", "__class__", "__mro__", "dong", "dong.x", "tham_so",
    "ngay", "so", "1000000000", "9", ",", "loop", "recursive", "macro m()", "endmacro", "m()",
    "lipsum(", "cycler(", "dict(", "[", "]", "(", "'x'", " ", "\n", "raw", "endraw",
])


@_budget(600)
@given(st.lists(st.one_of(YAML_BITS, st.text(max_size=12)), max_size=40))
def test_form_loader_never_crashes(tmp_path_factory, parts: list[str]) -> None:
    folder = tmp_path_factory.mktemp("f", numbered=True)
    form = folder / "bieu-mau.yaml"
    form.write_text("".join(parts), encoding="utf-8", errors="surrogatepass")
    try:
        read_form(form).build()
    except DocgenError:
        pass
    except UnicodeEncodeError:
        pass  # the file could not even be written: nothing to load


@_budget(1000)
@given(st.lists(TEMPLATE_BITS, max_size=30), st.dictionaries(
    st.sampled_from(["x", "dong", "a"]), st.one_of(st.text(max_size=20), st.integers(),
                                                    st.lists(st.integers(), max_size=5))))
def test_sandbox_never_crashes(parts: list[str], context: dict[str, object]) -> None:
    source = "".join(parts)
    with contextlib.suppress(DocgenError):
        render_string(source, context, field="noi_dung")
    with contextlib.suppress(DocgenError):
        evaluate(source, context)


CELLS = st.one_of(st.none(), st.integers(-10**20, 10**20), st.floats(allow_nan=True),
                  st.text(max_size=30), st.text(alphabet=string.printable, max_size=10),
                  st.dates(), st.datetimes(), st.times(), st.booleans())


@_budget(120)
@given(st.lists(st.lists(CELLS, max_size=6), max_size=8), st.booleans())
def test_xlsx_roster_reader_never_crashes(tmp_path_factory, rows: list[list[object]],
                                          hide_first: bool) -> None:
    folder = tmp_path_factory.mktemp("r", numbered=True)
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in rows:
        try:
            ws.append(row)
        except (ValueError, TypeError, IllegalCharacterError):
            return  # openpyxl refuses to write it: no such file can exist
    if hide_first:
        other = wb.create_sheet("Khác")
        other.append(["Tên thôn", "Số"])
        ws.sheet_state = "hidden"
        wb.active = 1
    path = folder / "ds.xlsx"
    try:
        wb.save(path)
    except (ValueError, TypeError):
        return
    _read(path)


@_budget(400)
@given(st.binary(max_size=300), st.sampled_from([".csv", ".xlsx"]))
def test_roster_reader_on_bytes_never_crashes(tmp_path_factory, data: bytes,
                                              suffix: str) -> None:
    folder = tmp_path_factory.mktemp("b", numbered=True)
    path = folder / f"ds{suffix}"
    if suffix == ".xlsx" and data[:1] == b"Z":
        # A zip holding arbitrary bytes as the sheet: the XML reader's turn.
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as zf:
            zf.writestr("xl/workbook.xml", data)
            zf.writestr("xl/worksheets/sheet1.xml", data)
        data = buffer.getvalue()
    path.write_bytes(data)
    _read(path)


def _read(path: Path) -> None:
    try:
        roster = open_roster(path)
        for _ in roster.rows():
            pass
    except DocgenError:
        pass
