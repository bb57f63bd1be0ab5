"""Time ``docgen check`` on 1,000 documents (target: under 10 s on the project's machine).

The documents are made first and are not timed: docgen renderings of the example forms and of
two corpus documents, with a different number each, plus the same documents rebuilt the way Word
users build them (styles, tabs, drawn rules), one in ten. Checking runs in one process and then
in a pool of worker processes, reading from memory (the disk is not what is measured).

    python benchmarks/check.py [--count 1000] [--workers 2]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from checkcorpus import base_cong_van, base_thong_bao, word_docx  # noqa: E402

from docgen import render_docx  # noqa: E402
from docgen.check import check_bytes  # noqa: E402
from docgen.forms import read_form  # noqa: E402


def documents(count: int) -> list[bytes]:
    """``count`` different .docx files."""
    bases = [base_cong_van(), base_thong_bao()]
    for path in sorted((ROOT / "data" / "forms").glob("*.yaml")):
        if path.name.startswith("co-quan-"):
            continue
        try:
            bases.append(read_form(path).build())
        except Exception:  # a batch form that needs a roster row
            continue
    out = []
    for i in range(count):
        vb = bases[i % len(bases)].model_copy(update={"so": i + 1})
        out.append(word_docx(vb) if i % 10 == 9 else render_docx(vb))
    return out


def _check_chunk(chunk: list[bytes]) -> int:
    return sum(len(check_bytes(data).findings) for data in chunk)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    args = parser.parse_args()
    docs = documents(args.count)
    size = sum(len(d) for d in docs) / len(docs) / 1024
    print(f"{len(docs)} documents, {size:.0f} KB on average")

    start = time.perf_counter()
    findings = _check_chunk(docs)
    one = time.perf_counter() - start
    print(f"1 process : {one:.2f} s ({one / len(docs) * 1000:.1f} ms per document), "
          f"{findings} findings")

    chunks = [docs[i::args.workers] for i in range(args.workers)]
    start = time.perf_counter()
    with ProcessPoolExecutor(args.workers) as pool:
        findings = sum(pool.map(_check_chunk, chunks))
    many = time.perf_counter() - start
    print(f"{args.workers} processes: {many:.2f} s (pool start included), {findings} findings")
    best = min(one, many)
    print(f"check of {len(docs)} documents: {best:.2f} s — target < 10 s: "
          f"{'met' if best < 10 else 'NOT met'}")


if __name__ == "__main__":
    main()
