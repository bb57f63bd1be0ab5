"""The routes of the web desk, one module per page or job: :mod:`.pages` (HTML pages, the
language switch, /docs), :mod:`.accounts` (login, logout, session), :mod:`.compose` (the Soạn
page's API: kinds, templates, profile, render, preview, open), :mod:`.check`, :mod:`.register`
and :mod:`.batch`."""

from . import accounts, batch, check, compose, pages, register

ROUTERS = (pages.router, accounts.router, compose.router, check.router, register.router,
           batch.router)
"""Every router, in the order the API page lists them."""

__all__ = ["ROUTERS"]
