"""Time ``docgen check`` on the real documents (target: under 50 ms for a 6-page file) and on
1,000 docgen-rendered documents (target: under 10 s on 2 cores).

The real documents are the files of ``shared/real-docs`` (``--real-docs``, or the
``DOCGEN_REAL_DOCS`` variable): each is checked from memory several times and the best time kept.

The documents are made first and are not timed: docgen renderings of the example forms and of
two corpus documents, with a different number each, plus the same documents rebuilt the way Word
users build them (styles, tabs, drawn rules), one in ten. Checking runs in one process and then
in a pool of worker processes, reading from memory (the disk is not what is measured).

    python benchmarks/check.py [--count 1000] [--workers 2] [--real-docs DIR] [--repeat 5]
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
from docgen.kinds import plain_kinds  # noqa: E402


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
    # The Word-style builder of the test corpus knows the công văn and the plain titled kinds.
    plain = {k.slug for k in plain_kinds()}
    out = []
    for i in range(count):
        vb = bases[i % len(bases)].model_copy(update={"so": i + 1})
        word = i % 10 == 9 and vb.loai.value in plain
        out.append(word_docx(vb) if word else render_docx(vb))
    return out


def _check_chunk(chunk: list[bytes]) -> int:
    return sum(len(check_bytes(data).findings) for data in chunk)


def real_documents(folder: Path, repeat: int) -> None:
    """Print the best time of ``check`` for each real document, with its page count."""
    from docgen.check import read_document
    from docgen.check.reader import read_package
    from docgen.check.rules import estimated_pages

    files = sorted(folder.glob("*.docx"))
    if not files:
        print(f"no real documents in {folder}")
        return
    print(f"real documents in {folder}:")
    per_page: list[float] = []
    for path in files:
        data = path.read_bytes()
        best = float("inf")
        for _ in range(repeat):
            start = time.perf_counter()
            report = check_bytes(data, path.name)
            best = min(best, time.perf_counter() - start)
        pages = estimated_pages(read_document(read_package(data, path.name)).flow)
        per_page.append(best / max(pages, 1.0))
        print(f"  {path.name:34} {len(data) / 1024:6.0f} KB  ~{pages:4.1f} pages  "
              f"{best * 1000:6.1f} ms  ({len(report.violations)} nghi-dinh, "
              f"{len(report.suggestions)} goi-y)")
    per_page.sort()
    median = per_page[len(per_page) // 2] * 6
    worst = per_page[-1] * 6
    print(f"6 pages at the median time per page: {median * 1000:.1f} ms, at the slowest: "
          f"{worst * 1000:.1f} ms — target < 50 ms: {'met' if median < 0.05 else 'NOT met'}"
          f" (median), {'met' if worst < 0.05 else 'NOT met'} (slowest)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--real-docs", type=Path,
                        default=Path(os.environ.get("DOCGEN_REAL_DOCS",
                                                    "/work/shared/real-docs")))
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    real_documents(args.real_docs, args.repeat)
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
