"""scripts/catalogs keeps the message catalogs tidy: no stale "previous msgid" comments, and an
``update`` that has nothing to do changes no byte."""

from __future__ import annotations

import importlib.util
import re
import shutil
from importlib.machinery import SourceFileLoader
from pathlib import Path
from types import ModuleType

import pytest

from docgen.i18n import LOCALE_DIR

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "catalogs"
_PREVIOUS = re.compile(r"^#\s*\|\s*msg", re.MULTILINE)
"""A previous-msgid line as babel writes it (``#| msgid``) or reads it back (``# | msgid``)."""


def _script() -> ModuleType:
    """scripts/catalogs as a module (it has no ``.py`` suffix, so it needs its own loader)."""
    loader = SourceFileLoader("catalogs_script", str(SCRIPT))
    spec = importlib.util.spec_from_loader(loader.name, loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def _catalogs(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.po"))}


def test_catalogs_hold_no_previous_msgid() -> None:
    stale = {name: len(_PREVIOUS.findall(data.decode())) for name, data in
             _catalogs(LOCALE_DIR).items()}
    assert not any(stale.values()), f"run: .venv/bin/python scripts/catalogs update ({stale})"


@pytest.fixture(scope="module")
def updated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    """A copy of the catalogs, with a stale previous msgid planted, after one ``update``."""
    root = tmp_path_factory.mktemp("locale") / "locale"
    shutil.copytree(LOCALE_DIR, root)
    po = root / "en" / "LC_MESSAGES" / "docgen.po"
    text = po.read_text(encoding="utf-8")
    first = text.index("\n#: ")  # the first message's reference line, after the header
    po.write_text(text[:first] + "\n#| msgid \"cũ\"" + text[first:], encoding="utf-8")
    _script().update(root)
    return root, _catalogs(root)


def test_update_drops_previous_msgid(updated: tuple[Path, dict[str, bytes]]) -> None:
    _, after = updated
    assert set(after) == {"en/LC_MESSAGES/docgen.po", "vi/LC_MESSAGES/click.po"}
    for name, data in after.items():
        assert not _PREVIOUS.search(data.decode()), name


def test_update_is_idempotent(updated: tuple[Path, dict[str, bytes]]) -> None:
    root, first = updated
    _script().update(root)
    assert _catalogs(root) == first
