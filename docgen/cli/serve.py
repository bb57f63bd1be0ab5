"""``docgen serve`` (the web desk) and ``docgen users`` (its accounts)."""

from __future__ import annotations

import os
import threading
import webbrowser
from pathlib import Path

import click

from ..archive import DEFAULT_DIR, ENV_VAR
from ..errors import DocgenError, Problem
from ..i18n import N_, _
from ..users import ROLES, UserStore
from ..web.desk import DATA_ENV, DEFAULT_DATA_DIR, USERS_FILE
from .common import clerk_errors, main


def _data_option(func):  # type: ignore[no-untyped-def]
    return click.option(
        "--thu-muc", "data_dir", type=click.Path(path_type=Path), envvar=DATA_ENV,
        default=DEFAULT_DATA_DIR, metavar="DIR", show_default=True, show_envvar=True,
        help=N_("Thư mục dữ liệu của bàn làm việc (tài khoản, hồ sơ cơ quan, nhật ký, các "
                "lô)."))(func)


@main.command("serve", help=N_(
    "Mở bàn làm việc trên trình duyệt: soạn, xem trước, hàng loạt, sổ văn bản đi, kiểm tra."
    "\n\n\b\n"
    "Một máy:          docgen serve --mo-trinh-duyet\n"
    "Cả mạng cơ quan:  docgen users add lan --vai-tro van-thu\n"
    "                  docgen serve --host 0.0.0.0"))
@click.option("--host", default="127.0.0.1",
              help=N_("Địa chỉ lắng nghe (mặc định 127.0.0.1: chỉ máy này); 0.0.0.0 để cả mạng "
                      "cơ quan dùng (cần tài khoản)."))
@click.option("--port", default=8080, type=click.IntRange(1, 65535),
              help=N_("Cổng (mặc định 8080)."))
@click.option("--archive", "archive_dir", envvar=ENV_VAR, default=DEFAULT_DIR, metavar="DIR|URL",
              show_default=True, show_envvar=True,
              help=N_("Thư mục lưu trữ (sổ đăng ký văn bản đi) hoặc postgresql://…."))
@_data_option
@click.option("--mo-trinh-duyet", "open_browser", is_flag=True,
              help=N_("Mở trình duyệt khi máy chủ sẵn sàng."))
@click.option("--cert", type=click.Path(path_type=Path, exists=True, dir_okay=False),
              help=N_("Chứng chỉ HTTPS (.pem)."))
@click.option("--key", type=click.Path(path_type=Path, exists=True, dir_okay=False),
              help=N_("Khóa riêng của chứng chỉ HTTPS (.pem)."))
@clerk_errors
def serve_command(host: str, port: int, archive_dir: str, data_dir: Path, open_browser: bool,
                  cert: Path | None, key: Path | None) -> None:
    """``docgen serve``: the web desk on ``host:port`` until Ctrl+C."""
    import uvicorn

    from ..web.app import Settings, create_app, is_loopback
    from ..web.office import OFFLINE_PROXY

    if (cert is None) != (key is None):
        raise DocgenError(Problem(_("cần cả --cert và --key để dùng HTTPS"), option="--cert"))
    if not is_loopback(host) and not UserStore(data_dir / USERS_FILE):
        raise DocgenError(Problem(
            _("chưa có tài khoản nào: không mở máy chủ ra mạng ({host})").format(host=host),
            option="--host",
            hint=_("Tạo tài khoản trước, ví dụ: docgen users add lan --vai-tro van-thu "
                   "--thu-muc {folder}; hoặc bỏ --host để chỉ dùng trên máy này.").format(
                       folder=data_dir)))
    # Uploads (.doc, .odt, .docx) are opened by LibreOffice, which inherits this environment:
    # a picture linked to a web address must not be fetched from the server.
    os.environ.update(OFFLINE_PROXY)
    app = create_app(Settings(data_dir=data_dir, archive_dir=archive_dir, host=host,
                              https=cert is not None, warm_up=True))
    scheme = "https" if cert else "http"
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    url = f"{scheme}://{shown}:{port}/"
    click.echo(_("Bàn làm việc docgen: {url}  (Ctrl+C để dừng)").format(url=url))
    if open_browser:
        threading.Timer(1.0, webbrowser.open, (url,)).start()
    uvicorn.run(app, host=host, port=port, log_level="warning",
                ssl_certfile=str(cert) if cert else None, ssl_keyfile=str(key) if key else None)


@main.group("users", help=N_(
    "Tài khoản của bàn làm việc trên trình duyệt (docgen serve).\n\n\b\n"
    "Vai trò: van-thu (cấp số, xuất sổ), chuyen-vien (soạn, kiểm tra), lanh-dao (xem)."))
def users_group() -> None:
    """``docgen users``: the web desk's accounts."""


@users_group.command("add", help=N_("Tạo tài khoản NAME (mật khẩu lưu dạng băm argon2)."))
@click.argument("name")
@click.option("--vai-tro", "role", required=True, type=click.Choice(list(ROLES)),
              help=N_("Vai trò: van-thu, chuyen-vien hoặc lanh-dao."))
@click.option("--mat-khau", "password",
              help=N_("Mật khẩu (bỏ trống để được hỏi)."))
@click.option("--thay", "replace", is_flag=True,
              help=N_("Đổi mật khẩu/vai trò tài khoản đã có."))
@_data_option
@clerk_errors
def users_add(name: str, role: str, password: str | None, replace: bool,
              data_dir: Path) -> None:
    """``docgen users add``; without ``--mat-khau`` the password is asked twice, hidden."""
    if password is None:
        # Asked here rather than by click's prompt=, whose text is fixed at import: the
        # questions are in the clerk's language.
        password = click.prompt(_("Mật khẩu"), hide_input=True,
                                confirmation_prompt=_("Nhập lại mật khẩu"))
    user = UserStore(data_dir / USERS_FILE).add(name, role, password, replace=replace)
    text = (_("Đã cập nhật tài khoản {name} ({role}).") if replace
            else _("Đã tạo tài khoản {name} ({role})."))
    click.echo(text.format(name=user.name, role=user.role_name))


@users_group.command("list", help=N_("Liệt kê các tài khoản."))
@_data_option
@clerk_errors
def users_list(data_dir: Path) -> None:
    """``docgen users list``: name and role, tab-separated; with none yet, how to add one."""
    users = UserStore(data_dir / USERS_FILE).users()
    if not users:
        # Said rather than an empty output, which reads as "the command did nothing".
        click.echo(_("chưa có tài khoản nào"), err=True)
        click.echo(_("Tạo tài khoản bằng: docgen users add <tên> --vai-tro van-thu --thu-muc "
                     "{folder}").format(folder=data_dir), err=True)
        return
    for user in users:
        click.echo(f"{user.name}\t{user.role_name}")


@users_group.command("remove", help=N_("Xóa tài khoản NAME."))
@click.argument("name")
@_data_option
@clerk_errors
def users_remove(name: str, data_dir: Path) -> None:
    """``docgen users remove``."""
    UserStore(data_dir / USERS_FILE).remove(name)
    click.echo(_("Đã xóa tài khoản {name}.").format(name=name))
