"""The language of each request: the clerk's choice on the page, else the browser's, else the
server's.

In order: the cookie the page's "Tiếng Việt / English" switch sets (:data:`COOKIE`), the
``Accept-Language`` header, the server's ``--lang`` / ``DOCGEN_LANG``
(:func:`docgen.i18n.configured_language`), Vietnamese. :class:`LanguageMiddleware` runs every
request inside :func:`docgen.i18n.language`, so whatever the request makes — pages, JSON errors,
messages of docgen's other modules — speaks that language; the choice is a context variable, so
two requests at the same time in two languages do not mix, and a sync route run in the
threadpool gets it too (starlette copies the context into the worker thread).

The pages are Jinja2 templates with the i18n extension: ``{% trans %}`` and ``_()`` take their
text from docgen's catalog (:func:`templates`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
from fastapi.templating import Jinja2Templates
from starlette.requests import HTTPConnection

from .. import i18n
from .middleware import HttpMiddleware, Receive, Send

COOKIE = "docgen_ngon_ngu"
COOKIE_SECONDS = 365 * 24 * 3600
LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English"}
"""Each language by its own name, as the switch offers it (the same in every language)."""


def accepted(header: str | None) -> str | None:
    """The language docgen speaks that ``Accept-Language`` prefers (``en-US,en;q=0.9`` → en),
    or None."""
    choices: list[tuple[float, int, str]] = []
    for index, part in enumerate((header or "").split(",")):
        tag, _sep, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            key, _eq, value = param.strip().partition("=")
            if key == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        code = i18n.normalize_language(tag)
        if code and quality > 0:
            choices.append((-quality, index, code))  # the highest q, then the first listed
    return min(choices)[2] if choices else None


def request_language(connection: HTTPConnection) -> str:
    """The language of the request (see the module's docstring)."""
    return (i18n.normalize_language(connection.cookies.get(COOKIE))
            or accepted(connection.headers.get("accept-language"))
            or i18n.configured_language() or i18n.SOURCE_LANGUAGE)


class LanguageMiddleware(HttpMiddleware):
    """Run each HTTP request inside ``docgen.i18n.language(<its language>)``."""

    async def http(self, scope: dict[str, Any], receive: Receive, send: Send) -> None:
        with i18n.language(request_language(HTTPConnection(scope))):
            await self.app(scope, receive, send)


def templates(directory: Path) -> Jinja2Templates:
    """The page templates, translated through docgen's catalog in the request's language."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(directory)), autoescape=True,
                             extensions=["jinja2.ext.i18n"])
    # {% trans %} blocks lose their line breaks and indentation (as the extractor is told to,
    # docgen.i18n.TEMPLATE_OPTIONS), so a msgid is the sentence, not the template's layout.
    env.policies["ext.i18n.trimmed"] = True
    # |tojson (the scripts' texts) keeps Vietnamese letters as they are, and the order of the
    # keys (the Sổ page's hand-filled columns follow their headers); it still escapes < > & '
    # so the JSON cannot end its <script> element.
    env.policies["json.dumps_kwargs"] = {"sort_keys": False, "ensure_ascii": False}
    # newstyle: _("… %(name)s …", name=value) escapes the value, as {{ value }} does.
    env.install_gettext_callables(i18n._, i18n.ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.globals["current_language"] = i18n.current_language
    env.globals["language_names"] = LANGUAGE_NAMES
    return Jinja2Templates(env=env)
