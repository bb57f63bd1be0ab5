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

# Documents whose English output still holds a message of docgen/models.py's validators or of
# docgen/vnformat.py's date parser (quoted inside "the form cannot take it: …"), which are not
# in the catalog yet. strict: the day those modules are converted, these pass and the marker
# must go.
_MODELS_NOT_CONVERTED = pytest.mark.xfail(
    strict=True, reason="docgen/models.py and docgen/vnformat.py messages not in the catalog")
_WAITING = {"cb_mau1-10_giay-nghi-phep.docx", "cb_mau1-6_cong-dien.docx",
            "cb_mau1-7_giay-moi.docx", "cb_mau1-8_giay-gioi-thieu.docx",
            "vbp_phuluc3_mau.docx"}


def vietnamese_words(line: str) -> list[str]:
    """The words of ``line`` in Vietnamese once quoted document text is taken out."""
    return [word for word in _QUOTED.sub(" ", line).split() if _VIETNAMESE.search(word)]


def test_the_judge_sees_vietnamese_and_spares_quotes() -> None:
    assert vietnamese_words("Lưu ý: không mang sang được «Điều 1» 'Sa Thầy'") == \
        ["Lưu", "ý:", "không", "được"]
    assert vietnamese_words("Note: the agency's name «TỈNH LÂM ĐỒNG» is 'Lâm Đồng' now") == []
    assert vietnamese_words("Note: 'Lưu' line (the form cannot take it: 'X' không phải)") == \
        ["không", "phải)"]


@pytest.mark.parametrize("doc", [
    pytest.param(d, id=d.name, marks=[_MODELS_NOT_CONVERTED] if d.name in _WAITING else [])
    for d in DOCS])
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


@pytest.mark.skipif(not DOCS, reason="real documents not available")
def test_the_corpus_is_all_there() -> None:
    """The documents the markers above name exist, so no marker outlives its document."""
    assert {d.name for d in DOCS} >= _WAITING
