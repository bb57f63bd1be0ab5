"""The web desk served on a free loopback port in a thread, for the browser tests."""

from __future__ import annotations

import contextlib
import os
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import uvicorn

from docgen.web.app import Settings, create_app
from docgen.web.desk import Desk

FORMS = Path(__file__).resolve().parents[2] / "data" / "forms"
SHOTS = Path(os.environ.get("DOCGEN_SHOTS", Path(tempfile.gettempdir()) / "docgen-shots"))
"""Where the browser tests save their screenshots (never into the checkout: a test run leaves
the tree as it was). ``DOCGEN_SHOTS=docs/anh`` refreshes the README's pictures."""


def free_port() -> int:
    """A TCP port nothing listens on now (the OS picks it)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def serving(root: Path, *, warm_up: bool) -> Iterator[str]:
    """A desk over the folders under ``root`` with the Sa Thầy agency profile saved; yields
    its address and stops it afterwards."""
    Desk(root / "web", root / "luu-tru").save_profile(
        (FORMS / "co-quan-sa-thay.yaml").read_text("utf-8"))
    app = create_app(Settings(data_dir=root / "web", archive_dir=root / "luu-tru",
                              warm_up=warm_up))
    instance = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=free_port(),
                                             log_level="warning"))
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    for _ in range(200):
        if instance.started:
            break
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{instance.config.port}"
    finally:
        instance.should_exit = True
        thread.join(timeout=20)
