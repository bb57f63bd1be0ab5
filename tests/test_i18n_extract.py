"""``docgen --lang en extract`` speaks English throughout: every line it prints and every
comment it writes at the top of the form, except the document's own text it quotes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from realdocs import REAL_DOCS

from docgen.cli import main

NO_LOCALE = {"DOCGEN_LANG": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": None}
DOCS = sorted(REAL_DOCS.glob("*.docx")) if REAL_DOCS.is_dir() else []

# Letters only Vietnamese writes: a message still in Vietnamese shows at least one.
_VIETNAMESE = re.compile(r"[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]",
                         re.IGNORECASE)
# Document text as messages quote it: «…» for what the document says, '…' for a value (an
# apostrophe inside a word, "agency's", opens no quote).
_QUOTED = re.compile(r"«[^»]*»|(?<![\w])'[^']*'(?!\w)")

def vietnamese_words(line: str) -> list[str]:
    """The words of ``line`` in Vietnamese once quoted document text is taken out."""
    return [word for word in _QUOTED.sub(" ", line).split() if _VIETNAMESE.search(word)]


def test_the_judge_sees_vietnamese_and_spares_quotes() -> None:
    assert vietnamese_words("Lưu ý: không mang sang được «Điều 1» 'Sa Thầy'") == \
        ["Lưu", "ý:", "không", "được"]
    assert vietnamese_words("Note: the agency's name «TỈNH LÂM ĐỒNG» is 'Lâm Đồng' now") == []
    assert vietnamese_words("Note: 'Lưu' line (the form cannot take it: 'X' không phải)") == \
        ["không", "phải)"]


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
