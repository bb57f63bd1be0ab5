"""In-process time to render one document (after imports): target under 10 ms.

Run: python benchmarks/render.py
"""

from __future__ import annotations

import platform
import statistics
import time
from pathlib import Path

from docgen import load_form, render_docx
from docgen.forms import read_form

FORM = Path(__file__).resolve().parent.parent / "data/forms/gia-han-ky-nang-so.yaml"


def best_of(func, repeat: int = 5, number: int = 200) -> float:
    """Median over ``repeat`` runs of the mean time of ``number`` calls, in ms."""
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            func()
        runs.append((time.perf_counter() - start) / number * 1000)
    return statistics.median(runs)


def main() -> None:
    vb = load_form(FORM)
    render_docx(vb)  # warm caches (static parts, metrics)
    spec = read_form(FORM)
    print(f"machine: {platform.processor() or platform.machine()}, "
          f"python {platform.python_version()}")
    print(f"render_docx (model -> .docx bytes):      {best_of(lambda: render_docx(vb)):.2f} ms")
    print(f"build + render (form read once, batch):  "
          f"{best_of(lambda: render_docx(spec.build())):.2f} ms")
    print(f"load_form + render (whole form file):    "
          f"{best_of(lambda: render_docx(load_form(FORM)), number=50):.2f} ms")
    print("target: under 10 ms per document")


if __name__ == "__main__":
    main()
