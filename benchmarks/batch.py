"""Benchmark of ``docgen batch`` (issue 3): speed against docxtpl, memory against roster size.

    python benchmarks/batch.py [--rows 1000] [--big 10000] [--skip-docxtpl]

``--big 0`` leaves out the large roster's memory run.

1. Speed: the example form (data/forms/don-doc-theo-thon.yaml) over a 1,000-row roster built
   from the example villages (data/rosters/), with ``--jobs 1`` and ``--jobs <CPUs>``: files,
   manifest and all, timed from reading the form to the manifest on disk.
2. The same 1,000 notices with docxtpl: a .docx template of the same notice (docgen's own
   rendering of row 1 with the row's values replaced by Jinja tags), loaded, rendered and saved
   per notice as docxtpl is used. Two templates: one in python-docx's default package (what a
   template saved from Word or python-docx carries: 800 KB of styles) and docgen's lean package
   (fairer to docxtpl). The figures are formatted with docgen's own filters for both.
3. Memory: ``docgen batch`` as a separate process on 1,000 and 10,000 rows (with ``--gop``):
   peak RSS of the main process, of the largest worker and of all together (the target: under
   200 MB, flat in roster size), and peak PSS of all together (sampled every 50 ms).

Needs the ``bench`` extra: docxtpl and psutil. Speed is only measured here, never in tests.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import random
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docgen.batch.roster import open_roster  # noqa: E402
from docgen.batch.runner import BatchOptions, run_batch  # noqa: E402
from docgen.vnformat import ngay, phan_tram, so  # noqa: E402

FORM = ROOT / "data" / "forms" / "don-doc-theo-thon.yaml"
ROSTER = ROOT / "data" / "rosters" / "ket-qua-theo-thon.xlsx"
TARGET_SPEEDUP = 20
RSS_LIMIT_MB = 200


def make_roster(path: Path, rows: int, seed: int = 3) -> None:
    """A roster of ``rows`` villages: the example's, numbered on, with varied figures."""
    import openpyxl

    example = open_roster(ROSTER)
    base = [r.values for r in example.rows()]
    rng = random.Random(seed)
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Kết quả theo thôn")
    ws.append(list(example.columns.headers))
    for i in range(rows):
        _, _, loai, ten, _, _, _, han = base[i % len(base)]
        tong = rng.randint(150, 800)
        tham_gia = rng.randint(tong // 3, tong)
        round_no = i // len(base)
        name = ten if round_no == 0 else f"{ten} {round_no + 1}"
        ws.append([i + 1, f"{i + 1:05d}", loai, name, tham_gia, tong,
                   round(100 * tham_gia / tong, 1), han])
    wb.save(path)


# ---------------------------------------------------------------------------------------------
# docgen


def time_docgen(roster: Path, out: Path, jobs: int) -> float:
    """Seconds for one full batch into an empty folder."""
    start = time.perf_counter()
    report = run_batch(BatchOptions(form=FORM, roster=roster, out_dir=out, jobs=jobs))
    seconds = time.perf_counter() - start
    assert report.exit_code == 0, report.problems[:3]
    return seconds


# ---------------------------------------------------------------------------------------------
# docxtpl


def _placeholders(document_xml: str) -> str:
    """Row 1's values in the rendered notice replaced by docxtpl tags."""
    swaps = [
        ("chưa đạt chỉ tiêu 80% (còn thiếu 120 người)", "{{ ket_luan }}"),
        ("ngày 20 tháng 02 năm 2026", "{{ han }}"),
        ("312/540", "{{ so_tham_gia }}/{{ tong_so }}"),
        ("57,8%", "{{ ty_le }}"),
        ("thôn Tân Sang", "{{ ten_don_vi }}"),
    ]
    for old, new in swaps:
        assert old in document_xml, old
        document_xml = document_xml.replace(old, new)
    return document_xml


def make_docxtpl_templates(folder: Path) -> tuple[Path, Path]:
    """(template in python-docx's default package, template in docgen's lean package)."""
    import docx

    out = folder / "mau-goc"
    out.mkdir()
    row1 = ROOT / "data" / "rosters" / "ket-qua-theo-thon.csv"
    report = run_batch(BatchOptions(form=FORM, roster=row1, out_dir=out, jobs=1,
                                    loc="hang == 2"))
    assert report.exit_code == 0
    lean_source = next(out.glob("*.docx"))
    with zipfile.ZipFile(lean_source) as zf:
        xml = _placeholders(zf.read("word/document.xml").decode())
        lean_parts = {n: zf.read(n) for n in zf.namelist()}
    lean = folder / "mau-tinh-gon.docx"
    with zipfile.ZipFile(lean, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in lean_parts.items():
            zf.writestr(name, xml.encode() if name == "word/document.xml" else data)

    # The same body in python-docx's default package (styles, theme, numbering…).
    heavy = folder / "mau-thong-thuong.docx"
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(heavy, "w", zipfile.ZIP_DEFLATED) as zf:
        body = xml[xml.index("<w:body>"):xml.rindex("</w:body>") + len("</w:body>")]
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                text = data.decode()
                start, end = text.index("<w:body"), text.rindex("</w:body>") + len("</w:body>")
                # headers are not in this package: drop the references to them
                body_plain = body.replace('<w:headerReference w:type="default" '
                                          'r:id="rIdHeaderDefault"/>', "")
                body_plain = body_plain.replace('<w:headerReference w:type="first" '
                                                'r:id="rIdHeaderFirst"/>', "")
                data = (text[:start] + body_plain + text[end:]).encode()
            zf.writestr(item, data)
    return heavy, lean


def docxtpl_contexts(roster: Path) -> list[dict[str, str]]:
    """What docxtpl needs per row, formatted with docgen's filters."""
    contexts = []
    for row in open_roster(roster).rows():
        _, _, loai, ten, tham_gia, tong, _, han = row.values
        ty_le = tham_gia / tong * 100
        if ty_le >= 80:
            ket_luan = "đã đạt chỉ tiêu 80%"
        else:
            thieu = -(-(80 * tong) // 100) - tham_gia
            ket_luan = f"chưa đạt chỉ tiêu 80% (còn thiếu {so(thieu)} người)"
        contexts.append({"ten_don_vi": f"{loai.lower()} {ten}", "so_tham_gia": so(tham_gia),
                         "tong_so": so(tong), "ty_le": phan_tram(ty_le), "han": ngay(han),
                         "ket_luan": ket_luan})
    return contexts


def time_docxtpl(template: Path, contexts: list[dict[str, str]], out: Path) -> float:
    """Seconds to load, render and save one notice per context, as docxtpl is used."""
    from docxtpl import DocxTemplate

    out.mkdir()
    start = time.perf_counter()
    for i, ctx in enumerate(contexts):
        tpl = DocxTemplate(template)
        tpl.render(ctx)
        tpl.save(out / f"{i:05d}.docx")
    return time.perf_counter() - start


# ---------------------------------------------------------------------------------------------
# memory


def peak_rss(roster: Path, out: Path, jobs: int) -> tuple[float, float, float, float, float]:
    """Peak memory in MB, sampled every 50 ms: RSS of the main process, of the largest worker,
    of all together (RSS counts pages shared after fork once per process), and PSS of all
    together (shared pages split between the processes: the memory really used); seconds."""
    import psutil

    command = [sys.executable, "-c", "from docgen.cli import main; main()", "batch", str(FORM),
               "--roster", str(roster), "-o", str(out), "--gop", str(out / "tat-ca.docx"),
               "--jobs", str(jobs)]
    start = time.perf_counter()
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    peaks = {"main": 0, "worker": 0, "rss": 0, "pss": 0}
    done = threading.Event()

    def sample() -> None:
        parent = psutil.Process(proc.pid)
        while not done.is_set():
            try:
                procs = [parent, *parent.children(recursive=True)]
                infos = [p.memory_full_info() for p in procs]
            except psutil.Error:
                break
            peaks["main"] = max(peaks["main"], infos[0].rss)
            peaks["worker"] = max([peaks["worker"], *(i.rss for i in infos[1:])])
            peaks["rss"] = max(peaks["rss"], sum(i.rss for i in infos))
            peaks["pss"] = max(peaks["pss"], sum(getattr(i, "pss", i.rss) for i in infos))
            time.sleep(0.05)

    thread = threading.Thread(target=sample)
    thread.start()
    _, err = proc.communicate()
    done.set()
    thread.join()
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"docgen batch failed: {err.decode()}")
    mb = 1024 * 1024
    return (peaks["main"] / mb, peaks["worker"] / mb, peaks["rss"] / mb, peaks["pss"] / mb,
            seconds)


# ---------------------------------------------------------------------------------------------


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--big", type=int, default=10000)
    parser.add_argument("--skip-docxtpl", action="store_true")
    args = parser.parse_args()
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"Máy: {cpu_model()}, {cpus} CPU, Python {platform.python_version()}, "
          f"{platform.system()} {platform.release()}")

    with tempfile.TemporaryDirectory(prefix="docgen-bench-") as tmp:
        folder = Path(tmp)
        roster = folder / f"{args.rows}.xlsx"
        make_roster(roster, args.rows)
        n = args.rows

        time_docgen(roster, folder / "warm", 1)  # imports, caches: not what a batch costs
        results = {}
        for jobs in sorted({1, cpus or 1}):
            seconds = min(time_docgen(roster, folder / f"docgen-{jobs}-{k}", jobs)
                          for k in range(3))
            results[jobs] = seconds
            print(f"docgen batch, --jobs {jobs}: {n} văn bản trong {seconds:.2f} s = "
                  f"{n / seconds:.0f} văn bản/s ({seconds / n * 1000:.2f} ms/văn bản)")
        best = min(results.values())

        if not args.skip_docxtpl:
            heavy, lean = make_docxtpl_templates(folder)
            contexts = docxtpl_contexts(roster)
            for label, template in (("mẫu python-docx/Word thông thường", heavy),
                                    ("mẫu gói tinh gọn của docgen", lean)):
                seconds = time_docxtpl(template, contexts, folder / f"docxtpl-{template.stem}")
                verdict = "ĐẠT" if seconds / best >= TARGET_SPEEDUP else "CHƯA ĐẠT"
                print(f"docxtpl ({label}): {n} văn bản trong {seconds:.2f} s = "
                      f"{n / seconds:.0f} văn bản/s ({seconds / n * 1000:.1f} ms/văn bản); "
                      f"docgen nhanh hơn {seconds / best:.1f}× "
                      f"(mục tiêu ≥{TARGET_SPEEDUP}×: {verdict})")

        sizes = [(n, roster)]
        if args.big > 0:  # --big 0: no large roster (a quick run)
            big = folder / f"{args.big}.xlsx"
            make_roster(big, args.big)
            sizes.append((args.big, big))
        for rows, path in sizes:
            for jobs in sorted({1, cpus or 1}):
                main_mb, worker_mb, rss_mb, pss_mb, seconds = peak_rss(
                    path, folder / f"rss-{rows}-{jobs}", jobs)
                verdict = "ĐẠT" if rss_mb < RSS_LIMIT_MB else "CHƯA ĐẠT"
                print(f"Bộ nhớ đỉnh, {rows} hàng, --jobs {jobs}, có --gop: RSS tiến trình chính "
                      f"{main_mb:.0f} MB, tiến trình con lớn nhất {worker_mb:.0f} MB, cộng tất "
                      f"cả {rss_mb:.0f} MB (mục tiêu <{RSS_LIMIT_MB} MB: {verdict}); PSS cộng "
                      f"tất cả {pss_mb:.0f} MB; {seconds:.1f} s kể cả khởi động")


if __name__ == "__main__":
    main()
