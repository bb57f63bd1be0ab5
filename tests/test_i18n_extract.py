"""``docgen --lang en extract`` speaks English throughout: every line it prints and every
comment it writes at the top of the form, except the document's own text it quotes."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from realdocs import REAL_DOCS
from vietnamese import vietnamese_words

from docgen.cli import main

NO_LOCALE = {"DOCGEN_LANG": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": None}
DOCS = sorted(REAL_DOCS.glob("*.docx")) if REAL_DOCS.is_dir() else []

@pytest.mark.parametrize("doc", DOCS, ids=lambda d: d.name)
def test_extract_speaks_english(doc: Path, tmp_path: Path) -> None:
    out = tmp_path / "form.yaml"
    result = CliRunner().invoke(main, ["--lang", "en", "extract", str(doc), "-o", str(out)],
                                env=NO_LOCALE)
    assert result.exit_code in (0, 1), result.output
    comments = [line[2:] for line in out.read_text("utf-8").splitlines()
                if line.startswith("# ")]
    assert comments and comments[0].startswith("Extracted from ")
    lines = [*result.output.splitlines(), *comments]
    left = {line: words for line in lines if (words := vietnamese_words(line))}
    assert left == {}
