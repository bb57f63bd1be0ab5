"""The web desk on loopback, as a clerk's browser uses it; prints the figures (asserts nothing).

* preview after an edit: the form changes, ``POST /api/preview`` returns page 1 as PNG
  (render → warm LibreOffice → PDF → PNG) — target p95 ≤ 1.5 s on 2 cores;
* ``POST /api/render`` of a JSON form — target p95 ≤ 20 ms;
* ``--clients`` clients (default 20) for ``--seconds`` (default 60) mixing render, register
  reads and number issuing: no error, and afterwards ``verify`` passes and the numbers run
  01, 02, … without gap or repeat.

The server is the real ``docgen serve`` in its own process, on a free port, with a throw-away
archive and data folder.

Run: python benchmarks/serve.py [--seconds 60] [--clients 20] [--loops 200]
"""

from __future__ import annotations

import argparse
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
PROFILE = (ROOT / "data/forms/co-quan-sa-thay.yaml").read_text("utf-8")
FORM = {
    "don_vi_soan_thao": "VHXH", "ngay": "12/11/2025",
    "trich_yeu": "gia hạn thời gian đợt phát động cao điểm học tập kỹ năng số",
    "kinh_gui": ["Các cơ quan, đơn vị thuộc UBND xã", "Trưởng các thôn, làng trên địa bàn xã"],
    "noi_dung": (ROOT / "data/forms/gia-han-ky-nang-so.yaml").read_text("utf-8")
    .split("noi_dung: |\n", 1)[1].split("\nnoi_nhan:", 1)[0].replace("\n  ", "\n").strip(),
    "noi_nhan": ["Chủ tịch, các PCT UBND xã"],
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _client(base: str) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=60)
    token = client.get("/api/phien").json()["csrf"]
    client.headers["X-CSRF-Token"] = token
    return client


def _report(name: str, seconds: list[float], target_ms: float) -> None:
    ms = [s * 1000 for s in seconds]
    p95 = _percentile(ms, 0.95)
    verdict = "đạt" if p95 <= target_ms else "CHƯA ĐẠT"
    print(f"{name}: n={len(ms)}  p50={statistics.median(ms):.1f} ms  p95={p95:.1f} ms  "
          f"max={max(ms):.1f} ms  (mục tiêu p95 ≤ {target_ms:.0f} ms: {verdict})")


def preview_after_edit(client: httpx.Client, loops: int) -> None:
    client.post("/api/preview", json=FORM).raise_for_status()  # first conversion
    times = []
    for i in range(loops):
        form = {**FORM, "trich_yeu": f"{FORM['trich_yeu']} lần {i}"}  # an edit: a new document
        start = time.perf_counter()
        response = client.post("/api/preview?page=1", json=form)
        times.append(time.perf_counter() - start)
        response.raise_for_status()
    _report("xem trước sau khi sửa (POST /api/preview)", times, 1500)


def render(client: httpx.Client, loops: int) -> None:
    for _ in range(20):
        client.post("/api/render", json=FORM).raise_for_status()
    times = []
    for _ in range(loops):
        start = time.perf_counter()
        response = client.post("/api/render", json=FORM)
        times.append(time.perf_counter() - start)
        response.raise_for_status()
    _report("soạn .docx (POST /api/render)", times, 20)


def concurrent(base: str, clients: int, seconds: float) -> None:
    errors: list[str] = []
    counts = {"render": 0, "register": 0, "issue": 0}
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def work(n: int) -> None:
        client = _client(base)
        i = 0
        while time.monotonic() < deadline:
            i += 1
            kind = "issue" if i % 10 == 0 else "register" if i % 5 == 0 else "render"
            try:
                if kind == "issue":
                    response = client.post("/api/register", json={**FORM, "ngay": None})
                elif kind == "register":
                    response = client.get("/api/register")
                else:
                    response = client.post("/api/render", json=FORM)
                ok = response.status_code == 200
                detail = f"{kind}: {response.status_code} {response.text[:200]}"
            except httpx.HTTPError as exc:
                ok, detail = False, f"{kind}: {exc!r}"
            with lock:
                counts[kind] += 1
                if not ok:
                    errors.append(detail)
        client.close()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    total = sum(counts.values())
    print(f"{clients} máy khách trong {elapsed:.0f} s: {total} yêu cầu ({total / elapsed:.0f}/s; "
          f"soạn {counts['render']}, đọc sổ {counts['register']}, cấp số {counts['issue']}), "
          f"lỗi: {len(errors)}")
    for line in errors[:5]:
        print("   ", line)
    client = _client(base)
    verify = client.post("/api/register/verify").json()
    rows = client.get("/api/register").json()["rows"]
    numbers = sorted(r["so"] for r in rows)
    consecutive = numbers == list(range(1, len(numbers) + 1))
    print(f"sổ sau đó: {len(rows)} số, liên tiếp không trùng: {'có' if consecutive else 'KHÔNG'}; "
          f"verify: {'nguyên vẹn' if verify['ok'] else verify['findings'][:3]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--loops", type=int, default=200, help="lần đo POST /api/render")
    parser.add_argument("--previews", type=int, default=40, help="lần đo xem trước")
    args = parser.parse_args()
    print(f"{platform.python_implementation()} {platform.python_version()}, "
          f"{platform.machine()}, máy chủ: docgen serve trên 127.0.0.1")
    with tempfile.TemporaryDirectory(prefix="docgen-bench-serve-") as tmp:
        port = _free_port()
        server = subprocess.Popen(
            [sys.executable, "-c", "from docgen.cli import main; main()", "serve", "--port",
             str(port), "--archive", str(Path(tmp) / "luu-tru"), "--thu-muc",
             str(Path(tmp) / "web")], cwd=tmp)
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(600):
                try:
                    httpx.get(base + "/api/phien", timeout=1)
                    break
                except httpx.HTTPError:
                    time.sleep(0.1)
            client = _client(base)
            client.post("/api/ho-so", content=PROFILE.encode(),
                        headers={"Content-Type": "application/yaml"}).raise_for_status()
            preview_after_edit(client, args.previews)
            render(client, args.loops)
            client.close()
            concurrent(base, args.clients, args.seconds)
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
