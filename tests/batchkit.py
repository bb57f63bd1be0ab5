"""What the batch tests share: the example form and roster, running the CLI, the manifest."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from click.testing import CliRunner, Result

from docgen.batch.state import Status
from docgen.cli import main

ROOT = Path(__file__).resolve().parent.parent
FORM = ROOT / "data" / "forms" / "don-doc-theo-thon.yaml"
CSV = ROOT / "data" / "rosters" / "ket-qua-theo-thon.csv"


def batch(*args: object) -> Result:
    """``docgen batch ARGS`` through click's runner, exceptions not swallowed."""
    return CliRunner().invoke(main, ["batch", *map(str, args)], catch_exceptions=False)


MANIFEST_KEYS = {"Hàng": "hang", "Tên": "ten", "Tệp": "tep", "Trạng thái": "trang_thai",
                 "Ghi chú": "ghi_chu", "SHA-256": "sha256", "Dấu vào": "dau_vao"}
"""The manifest's Vietnamese headers → the short keys the tests use."""


def manifest(folder: Path) -> list[dict[str, str]]:
    """The rows of ``folder/manifest.csv``, keyed by :data:`MANIFEST_KEYS` with each status as
    its code (``đã tạo`` → ``da-tao``); :func:`manifest_text` gives the file as written."""
    out = []
    for row in csv.DictReader(io.StringIO(manifest_text(folder))):
        entry = {MANIFEST_KEYS[k]: v for k, v in row.items()}
        entry["trang_thai"] = str(Status.read(entry["trang_thai"]) or entry["trang_thai"])
        out.append(entry)
    return out


def manifest_text(folder: Path) -> str:
    """``folder/manifest.csv`` as text."""
    return (folder / "manifest.csv").read_text(encoding="utf-8-sig")


def statuses(folder: Path) -> dict[str, str]:
    """File name → status, for the roster rows of the manifest."""
    return {r["tep"]: r["trang_thai"] for r in manifest(folder) if r["hang"]}


def copy_roster(path: Path, change: dict[tuple[int, int], str] | None = None,
                repeat: int = 1) -> Path:
    """The example CSV, its rows repeated ``repeat`` times (renamed), cells changed."""
    with CSV.open(encoding="utf-8-sig", newline="") as handle:
        header, *rows = list(csv.reader(handle, delimiter=";"))
    out = []
    for k in range(repeat):
        for row in rows:
            row = list(row)
            if k:
                row[3] = f"{row[3]} {k + 1}"
            out.append(row)
    for (i, j), value in (change or {}).items():
        out[i][j] = value
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(header)
        writer.writerows(out)
    return path
