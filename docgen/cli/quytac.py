"""``docgen quy-tac``: the rule list for a clerk (the rules ``docgen check`` cites)."""

from __future__ import annotations

import click

from ..errors import DocgenError, Problem
from ..i18n import N_, _
from ..rules_doc import RULES, rule
from .common import clerk_errors, main


# The help text is a msgid (N_): shown through the catalog in the clerk's language.
@main.command("quy-tac", help=N_(
    "Giải thích quy tắc thể thức MA (ví dụ R-12); không có MA thì liệt kê mọi quy tắc.\n\n"
    "Mỗi quy tắc cho biết căn cứ trong Nghị định 30/2020/NĐ-CP, khoảng Nghị định cho phép, giá "
    "trị docgen dùng, mức (nghi-dinh / goi-y) và cách sửa trong Word."))
@click.argument("ma", required=False)
@clerk_errors
def quy_tac_command(ma: str | None) -> None:
    """``docgen quy-tac [MA]``: one rule explained, or the list of rules."""
    if ma is None:
        for item in RULES.values():
            click.echo(f"{item.id}  {item.title()}  [{item.severity()}]")
        click.echo(_("Xem chi tiết một quy tắc: docgen quy-tac R-12"))
        return
    try:
        found = rule(ma)
    except KeyError:
        raise DocgenError(Problem(_("không có quy tắc “{code}”").format(code=ma),
                                  hint=_("Chạy “docgen quy-tac” để xem danh sách mã (R-01 … "
                                         "R-61)."))) from None
    click.echo(found.text())
