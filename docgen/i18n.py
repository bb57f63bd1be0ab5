"""Messages in the clerk's language: gettext catalogs kept as babel ``.po`` files.

Vietnamese is the source language: a message's msgid *is* its Vietnamese text, so ``vi``
needs no catalog and English comes from ``docgen/locale/en/LC_MESSAGES/docgen.po``. The
``.po`` file is read at run time with :mod:`babel.messages.pofile` and compiled in memory
(nothing compiled is shipped, so nothing can go stale).

The language is, in order: the one of a :func:`language` block, the one set by
:func:`set_language` (the CLI's ``--lang``), then ``DOCGEN_LANG``, then the locale
(``LC_ALL``, ``LC_MESSAGES``, ``LANG``: ``vi…`` → vi, ``en…`` → en); Vietnamese otherwise.

In code::

    from ..i18n import _, ngettext
    raise DocgenError(Problem(_("tệp đã có, docgen không ghi đè"), file=str(path)))
    click.echo(_("Đã ghi {path}.").format(path=target))

Values go in through named placeholders, never by joining translated pieces, so a translator
sees the whole sentence. Text needed at import time (a click ``help=``, a table of labels) is
marked with :func:`N_` and translated with :func:`_` where it is shown (:func:`localize_click`
does it for click's help texts, and sends click's own messages through the ``click`` catalog);
:func:`lazy_gettext` is for other text built at import (click needs real ``str``).

The web desk's HTML templates are read for messages too (``{% trans %}`` blocks and ``_()``
calls, :data:`METHOD_MAP`); its scripts get their texts from the page, counted ones as the
pair of :func:`plural_forms`.
"""

from __future__ import annotations

import gettext
import importlib
import io
import os
import re
import string
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import LazyProxy

__all__ = [
    "CLICK_DOMAIN",
    "DOMAIN",
    "ENV_VAR",
    "LANGUAGES",
    "LOCALE_DIR",
    "N_",
    "SOURCE_LANGUAGE",
    "_",
    "catalog_path",
    "catalog_problems",
    "click_gettext",
    "configured_language",
    "current_language",
    "extract_catalog",
    "language",
    "lazy_gettext",
    "load_catalog",
    "localize_click",
    "ngettext",
    "normalize_language",
    "placeholders",
    "plural_forms",
    "process_language",
    "set_language",
    "translations",
]

DOMAIN = "docgen"
SOURCE_LANGUAGE = "vi"
LANGUAGES = ("vi", "en")
"""The languages docgen speaks; the first is the source language of every msgid."""
ENV_VAR = "DOCGEN_LANG"
LOCALE_DIR = Path(__file__).with_name("locale")
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None, "lazy_gettext": None,
            "plural_forms": (1, 2)}
"""The functions babel extracts messages from (see ``scripts/catalogs``)."""
METHOD_MAP = [("**.py", "python"), ("**/templates/**.html", "jinja2.ext:babel_extract")]
"""How each kind of source file is read for messages: the code, and the web desk's HTML
templates (Jinja2's ``{% trans %}`` blocks and ``_()`` calls). The desk's scripts hold no
message: the page gives them their texts, marked in ``docgen/web/scripttext.py``."""
TEMPLATE_OPTIONS = {"extensions": "jinja2.ext.i18n", "trimmed": "true", "newstyle_gettext": "true",
                    "silent": "false"}
"""Options of the template extractor; ``trimmed`` must match the web desk's Jinja2 policy."""

_explicit: ContextVar[str | None] = ContextVar("docgen_language", default=None)
_process_language: str | None = None
_LANG_RE = re.compile(r"^([a-zA-Z]{2,3})(?:[_\-.@]|$)")


def normalize_language(value: str | None) -> str | None:
    """``en_US.UTF-8`` → ``en``, ``vi`` → ``vi``; None for a language docgen does not speak
    (``C``, ``POSIX``, ``fr_FR``) or an empty value."""
    if not value:
        return None
    m = _LANG_RE.match(value.strip())
    code = m.group(1).lower() if m else None
    return code if code in LANGUAGES else None


def _checked(lang: str | None) -> str | None:
    code = normalize_language(lang)
    if lang is not None and code is None:
        raise ValueError(f"unknown language {lang!r}; docgen speaks {', '.join(LANGUAGES)}")
    return code


def set_language(lang: str | None) -> None:
    """Speak ``lang`` (``vi`` or ``en``) from now on, in every thread of the process (the
    CLI's ``--lang``); None goes back to ``DOCGEN_LANG`` and the locale. An unknown language
    is a :class:`ValueError`. Processes docgen starts learn it from ``DOCGEN_LANG`` only."""
    global _process_language
    _process_language = _checked(lang)


def process_language() -> str | None:
    """The language :func:`set_language` chose (None: none, ``DOCGEN_LANG`` and the locale
    decide), so a caller can put it back."""
    return _process_language


@contextmanager
def language(lang: str | None) -> Iterator[None]:
    """``with language("en"): …`` — messages in ``lang`` inside the block only, in this
    thread or task (a web request), over :func:`set_language`."""
    token = _explicit.set(_checked(lang))
    try:
        yield
    finally:
        _explicit.reset(token)


def configured_language() -> str | None:
    """The language chosen for the whole process: :func:`set_language` (``--lang``), else
    ``DOCGEN_LANG``; None when neither says (the machine's locale is not asked: a server's
    locale says nothing of the person at the browser)."""
    return _process_language or normalize_language(os.environ.get(ENV_VAR))


def current_language() -> str:
    """The language messages are given in now (see the module's docstring for the order)."""
    chosen = _explicit.get() or _process_language
    if chosen:
        return chosen
    from_env = normalize_language(os.environ.get(ENV_VAR))
    if from_env:
        return from_env
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            # The first locale variable that is set decides, as in POSIX; C/POSIX → default.
            return normalize_language(value) or SOURCE_LANGUAGE
    return SOURCE_LANGUAGE


def catalog_path(lang: str, domain: str = DOMAIN) -> Path:
    """Where the ``.po`` catalog of ``lang`` is kept inside the package."""
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.po"


def load_catalog(lang: str, domain: str = DOMAIN) -> Catalog:
    """The babel :class:`Catalog` of ``lang`` as stored (fuzzy entries included)."""
    with catalog_path(lang, domain).open("rb") as fh:
        return read_po(fh, locale=lang, domain=domain)


@cache
def translations(lang: str, domain: str = DOMAIN) -> gettext.NullTranslations:
    """The gettext translations of ``lang``; a language without a catalog (the domain's
    source language: vi for docgen, en for click) translates to itself.

    Fuzzy and untranslated entries are left out, so such a message shows in Vietnamese.
    """
    if not catalog_path(lang, domain).is_file():
        return gettext.NullTranslations()  # the source language of the domain
    buffer = io.BytesIO()
    write_mo(buffer, load_catalog(lang, domain), use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def _(message: str) -> str:
    """``message`` (Vietnamese, the msgid) in the current language."""
    return translations(current_language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for ``n`` in the current language (Vietnamese has one
    form, but the msgid pair lets English say ``1 row`` / ``2 rows``)."""
    return translations(current_language()).ngettext(singular, plural, n)


def plural_forms(singular: str, plural: str) -> dict[str, str]:
    """Both forms of a counted message in the current language, for a script that picks one
    by its count: ``one`` for 1, ``other`` for every other count (the rule of both languages
    docgen speaks; Vietnamese has one form, so the two are equal)."""
    return {"one": ngettext(singular, plural, 1), "other": ngettext(singular, plural, 2)}


def N_(message: str) -> str:
    """Mark ``message`` for the catalog without translating it now (translate it with
    :func:`_` where it is shown)."""
    return message


def lazy_gettext(message: str) -> LazyProxy:
    """``message`` translated each time it is used as a string (for text built at import)."""
    return LazyProxy(_, message, enable_cache=False)


def extract_catalog(root: Path | None = None) -> Catalog:
    """Every message marked in the Python source and the HTML templates under ``root`` (the
    package by default), as a template catalog: what the ``en`` catalog must translate."""
    root = Path(__file__).parent if root is None else Path(root)
    catalog = Catalog(locale=None, domain=DOMAIN, project="docgen", charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
            root, method_map=METHOD_MAP, options_map={METHOD_MAP[1][0]: TEMPLATE_OPTIONS},
            keywords=KEYWORDS, comment_tags=("i18n:",), strip_comment_tags=True):
        catalog.add(message, None, [(str(Path(root.name) / filename), lineno)],
                    auto_comments=comments, context=context)
    return catalog


_PERCENT_NAME = re.compile(r"%\((\w+)\)s")


def placeholders(message: str) -> set[str]:
    """The named ``{placeholders}`` of a message (``{{`` is a literal brace, not one), and the
    ``%(name)s`` ones of a web template's message (Jinja2's ``{% trans %}`` uses them)."""
    named = {f"%({m})s" for m in _PERCENT_NAME.findall(message)}
    try:
        return named | {name for _text, name, _spec, _conv in string.Formatter().parse(message)
                        if name is not None}
    except ValueError:
        return named | {"<unbalanced braces>"}


def catalog_problems(lang: str = "en", *, template: Catalog | None = None,
                     catalog: Catalog | None = None) -> list[str]:
    """What keeps the ``lang`` catalog from being complete, one line each: a message of the
    code it lacks, an entry untranslated or fuzzy, a translation whose placeholders differ.

    ``template`` defaults to the messages extracted from the package, ``catalog`` to the
    stored catalog of ``lang``."""
    template = extract_catalog() if template is None else template
    catalog = load_catalog(lang) if catalog is None else catalog
    out: list[str] = []
    for message in template:
        if not message.id:
            continue
        where = ", ".join(f"{f}:{n}" for f, n in message.locations[:1])
        entry = catalog.get(message.id, message.context)
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        if entry is None:
            out.append(f"{lang}: missing ({where}): {ids[0]!r}")
            continue
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        if entry.fuzzy:
            out.append(f"{lang}: fuzzy ({where}): {ids[0]!r}")
        if not all(strings):
            out.append(f"{lang}: untranslated ({where}): {ids[0]!r}")
            continue
        # The last form (the only one in Vietnamese) shows the values of the plural msgid; a
        # singular form may leave one out ("1 row"); no form shows a value of its own.
        wanted = set().union(*(placeholders(i) for i in ids))
        last, general = placeholders(strings[-1]), placeholders(ids[-1])
        extra = set().union(*(placeholders(t) for t in strings)) - wanted
        if last != general or extra:
            out.append(f"{lang}: placeholders {sorted(last | extra)} differ from "
                       f"{sorted(general)} ({where}): {ids[0]!r}")
    return out


# --- click ------------------------------------------------------------------------------------

CLICK_DOMAIN = "click"
"""click's own messages (``Usage:``, ``Missing argument``…): msgids in English, click's source
language, translated to Vietnamese by ``locale/vi/LC_MESSAGES/click.po``."""
_CLICK_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "termui", "types",
                  "utils", "shell_completion", "_termui_impl")


def click_gettext(message: str) -> str:
    """One of click's own messages in the current language."""
    return translations(current_language(), CLICK_DOMAIN).gettext(message)


def click_ngettext(singular: str, plural: str, n: int) -> str:
    """One of click's own plural messages in the current language."""
    return translations(current_language(), CLICK_DOMAIN).ngettext(singular, plural, n)


def localize_click(*commands: Any) -> None:
    """Make click speak the current language; call it again whenever the language changes
    (at start-up, and in ``--lang``'s callback).

    click looks its messages up with ``gettext.gettext`` bound as ``_`` in each of its modules
    (gettext's global domain); those names are pointed at :func:`click_gettext`, so click's
    messages come from our ``click`` catalog, decided each time click prints, not from matching
    their English text. The help texts of ``commands``, of their options and of their
    subcommands (msgids marked ``N_``) are set to their translation in the current language;
    the msgid is kept beside each, so calling it again for another language is exact.
    """
    for name in _CLICK_MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = click_gettext
        if hasattr(module, "ngettext"):
            module.ngettext = click_ngettext
    for command in commands:
        _translate_help(command)


def _translate_help(command: Any) -> None:
    # click measures and wraps help texts as str (a lazy proxy breaks its formatter), so the
    # text itself is replaced, and its msgid kept in ``_msgid_<attr>``.
    for holder, attrs in ((command, ("help", "short_help", "epilog")),
                          *((p, ("help",)) for p in command.params)):
        for attr in attrs:
            msgid = holder.__dict__.setdefault(f"_msgid_{attr}", getattr(holder, attr, None))
            if isinstance(msgid, str) and msgid:
                setattr(holder, attr, _(msgid))
    for sub in getattr(command, "commands", {}).values():
        _translate_help(sub)
