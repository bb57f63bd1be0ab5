"""The web desk in the clerk's language: Vietnamese by default, English when chosen.

The language of a request is the page's switch (a cookie), else Accept-Language, else the
server's --lang / DOCGEN_LANG, else Vietnamese; pages, the scripts' texts and the API's JSON
errors follow it (see docgen/web/lang.py). The browser tests are in tests/e2e/test_web_english.py.
"""

from __future__ import annotations

import asyncio
import json
import re
import threading
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from vietnamese import VIETNAMESE

from docgen import i18n
from docgen.users import UserStore
from docgen.web import jobs as web_jobs
from docgen.web.app import Settings, create_app
from docgen.web.desk import Desk
from docgen.web.lang import COOKIE, accepted
from docgen.web.scripttext import script_messages

ROOT = Path(__file__).resolve().parents[1]
STATIC = ROOT / "docgen" / "web" / "static"
PROFILE = (ROOT / "data" / "forms" / "co-quan-sa-thay.yaml").read_text("utf-8")
BASE = "http://127.0.0.1:8080"
PAGES = ["/soan", "/hang-loat", "/so-van-ban", "/kiem-tra", "/ho-so", "/docs", "/dang-nhap",
         "/khong-co-trang-nay"]
DECREE = "30/2020/NĐ-CP"  # the decree's number is a name, the same in every language


@pytest.fixture
def app(tmp_path: Path) -> Any:
    Desk(tmp_path / "web", tmp_path / "luu-tru").save_profile(PROFILE)
    return create_app(Settings(data_dir=tmp_path / "web", archive_dir=tmp_path / "luu-tru"))


@pytest.fixture
def client(app: Any) -> Iterator[TestClient]:
    with TestClient(app, base_url=BASE) as c:
        yield c


def _english(client: TestClient) -> TestClient:
    client.cookies.set(COOKIE, "en")
    return client


def _token(client: TestClient) -> dict[str, str]:
    return {"X-CSRF-Token": client.get("/api/phien").json()["csrf"]}


class _OwnText(HTMLParser):
    """The page's own words: text and attributes a person reads or hears, outside elements
    marked ``lang="vi"`` (the documents' values: kind names, typed fields, examples of them)."""

    VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                      "source", "track", "wbr"})
    SPOKEN = ("aria-label", "title", "placeholder", "alt", "label", "data-label")

    def __init__(self) -> None:
        super().__init__()
        self.langs: list[str] = []
        self.html_lang = ""
        self.words: list[str] = []
        self._script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        lang = a.get("lang") or (self.langs[-1] if self.langs else "")
        if tag == "html":
            self.html_lang = lang
        if lang != "vi":
            self.words += [a[k] for k in self.SPOKEN if a.get(k)]
        self._script = tag == "script"
        if tag not in self.VOID:
            self.langs.append(lang)

    def handle_endtag(self, tag: str) -> None:
        self._script = False
        if tag not in self.VOID and self.langs:
            self.langs.pop()

    def handle_data(self, data: str) -> None:
        if not self._script and (not self.langs or self.langs[-1] != "vi") and data.strip():
            self.words.append(data.strip())


def _own_text(html: str) -> _OwnText:
    parsed = _OwnText()
    parsed.feed(html)
    return parsed


def _messages_of(html: str) -> dict[str, Any]:
    block = re.search(r'<script type="application/json" id="msgs">(.*?)</script>', html, re.S)
    assert block is not None
    return json.loads(block.group(1))  # type: ignore[no-any-return]


# ---------------------------------------------------------------------------------------------
# Pages


@pytest.mark.parametrize("page", PAGES)
def test_english_pages_have_no_vietnamese_words_of_their_own(client: TestClient,
                                                             page: str) -> None:
    response = _english(client).get(page)
    parsed = _own_text(response.text)
    assert parsed.html_lang == "en"
    vietnamese = [w for w in parsed.words
                  if VIETNAMESE.search(w.replace(DECREE, "")) and w != "Tiếng Việt"]
    assert vietnamese == []
    # The scripts' texts come in the page's language too.
    messages = _messages_of(response.text)
    assert messages["chua-chon-tep"] == "No file chosen"
    assert not [v for v in messages.values() if VIETNAMESE.search(json.dumps(
        v, ensure_ascii=False))]


@pytest.mark.parametrize("page", PAGES)
def test_vietnamese_is_the_default_and_the_switch_is_on_every_page(client: TestClient,
                                                                  page: str) -> None:
    response = client.get(page)
    assert _own_text(response.text).html_lang == "vi"
    assert _messages_of(response.text)["chua-chon-tep"] == "Chưa chọn tệp"
    # The switch names each language in its own words and leads back to the page.
    assert 'lang="en" hreflang="en"' in response.text and ">English</a>" in response.text
    assert ">Tiếng Việt</a>" in response.text


def test_the_english_soan_page_labels_its_fields_in_english(client: TestClient) -> None:
    html = _english(client).get("/soan").text
    for label in ("Subject line", "Addressees", "Body", "Distribution list",
                  "Signer's full name", "Download .docx", "Issue a number and register"):
        assert label in html, label
    # The kinds are named in English (the option's value stays the kind's key); the examples of
    # the text to type stay as they are.
    assert '<option value="cong-van" selected>Official letter</option>' in html
    assert 'placeholder="Võ Thị Kim Dung" lang="vi"' in html


def test_the_switch_sets_a_cookie_and_leads_back_to_the_page(client: TestClient) -> None:
    response = client.get("/ngon-ngu?chon=en&tiep=/kiem-tra", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/kiem-tra"
    assert f"{COOKIE}=en" in response.headers["set-cookie"]
    assert "HttpOnly" in response.headers["set-cookie"]
    assert _own_text(client.get("/kiem-tra").text).html_lang == "en"
    back = client.get("/ngon-ngu?chon=vi&tiep=/soan", follow_redirects=False)
    assert f"{COOKIE}=vi" in back.headers["set-cookie"]
    assert _own_text(client.get("/soan").text).html_lang == "vi"


@pytest.mark.parametrize("target", ["https://example.com/", "//example.com", "/api/register",
                                    "/soan?x=1"])
def test_the_switch_leads_only_to_the_desks_pages(client: TestClient, target: str) -> None:
    response = client.get("/ngon-ngu", params={"chon": "en", "tiep": target},
                          follow_redirects=False)
    assert response.headers["location"] == "/soan"


def test_an_unknown_language_falls_back_to_vietnamese(client: TestClient) -> None:
    client.get("/ngon-ngu?chon=fr&tiep=/soan", follow_redirects=False)
    assert client.cookies.get(COOKIE) == "vi"


# ---------------------------------------------------------------------------------------------
# Which language


@pytest.mark.parametrize(("header", "lang"), [
    ("en-US,en;q=0.9", "en"), ("vi-VN,vi;q=0.9,en-US;q=0.8,en;q=0.7", "vi"),
    ("fr-FR,fr;q=0.9,en;q=0.5", "en"), ("en;q=0.2,vi;q=0.8", "vi"), ("fr, de", None),
    ("en;q=0", None), ("", None), ("en;q=abc", None), ("*", None)])
def test_accept_language_is_read_by_quality(header: str, lang: str | None) -> None:
    assert accepted(header) == lang


def test_the_cookie_beats_the_browser_and_the_browser_beats_the_server(
        client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(i18n.ENV_VAR, "vi")
    english_browser = {"Accept-Language": "en-US,en;q=0.9"}
    assert _own_text(client.get("/soan", headers=english_browser).text).html_lang == "en"
    client.cookies.set(COOKIE, "vi")
    assert _own_text(client.get("/soan", headers=english_browser).text).html_lang == "vi"


def test_the_servers_language_applies_when_the_browser_says_nothing(
        client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(i18n.ENV_VAR, "en")
    assert _own_text(client.get("/soan").text).html_lang == "en"
    monkeypatch.delenv(i18n.ENV_VAR)
    monkeypatch.setenv("LANG", "en_US.UTF-8")  # the server's locale is not the clerk's
    assert _own_text(client.get("/soan").text).html_lang == "vi"
    i18n.set_language("en")  # docgen --lang en serve
    try:
        assert _own_text(client.get("/soan").text).html_lang == "en"
    finally:
        i18n.set_language(None)


# ---------------------------------------------------------------------------------------------
# The API's messages


def test_json_errors_follow_the_language(client: TestClient) -> None:
    english = {"Accept-Language": "en"}
    # A sync route (run in the threadpool), an async one (reading in the threadpool), a
    # dependency, FastAPI's validation and starlette's 404.
    unknown = client.get("/api/bieu-mau-moi?ten=khong-co", headers=english).json()["errors"][0]
    assert unknown["message"] == "there is no kind or template 'khong-co'"
    assert unknown["hint"].startswith("Choose one of: ")
    token = _token(client)
    not_utf8 = client.post("/api/render", content=b"\xff\xfe", headers={
        **english, **token, "Content-Type": "application/yaml"}).json()["errors"][0]
    assert not_utf8["message"] == "what was sent is not UTF-8 text"
    csrf = client.post("/api/ho-so", content=b"x: 1", headers=english).json()["errors"][0]
    assert csrf["message"] == "the anti-forgery (CSRF) token is missing or wrong"
    bad_year = client.get("/api/register?year=abc", headers=english).json()["errors"][0]
    assert bad_year["message"] == "invalid value for year"
    missing = client.get("/api/khong-co", headers=english).json()["errors"][0]
    assert missing["message"] == "there is no such page or address"
    # The same in Vietnamese without the header.
    assert client.get("/api/khong-co").json()["errors"][0]["message"] == \
        "không có trang hay địa chỉ này"


def test_middleware_refusals_follow_the_language(client: TestClient) -> None:
    english = {"Accept-Language": "en"}
    too_big = client.post("/api/check", content=b"x" * 10, headers={
        **english, "Content-Length": str(50 * 1024 * 1024)}).json()["errors"][0]
    assert too_big["message"] == "the file sent is too large (at most 20 MB)"
    elsewhere = client.get("/api/phien", headers={**english, "Host": "evil.example:8080"})
    assert elsewhere.status_code == 421
    assert elsewhere.json()["errors"][0]["message"] == \
        "this server only serves this machine, not the address 'evil.example:8080'"


def test_an_unexpected_error_page_is_in_the_clerks_language(
        app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import docgen.web.context as web_context

    def broken() -> list[object]:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(web_context, "starter_kinds", broken)
    with TestClient(app, base_url=BASE, raise_server_exceptions=False) as quiet:
        page = quiet.get("/soan", headers={"Accept-Language": "en"})
        assert page.status_code == 500
        assert "The server met an unexpected error" in page.text and 'lang="en"' in page.text
        api = quiet.get("/api/loai", headers={"Accept-Language": "en"})
        assert api.json()["errors"][0]["message"] == "the server met an unexpected error"


def test_a_role_refusal_names_the_roles_in_english(tmp_path: Path) -> None:
    UserStore(tmp_path / "web" / "tai-khoan.json").add("minh", "chuyen-vien", "mat-khau-minh")
    app = create_app(Settings(data_dir=tmp_path / "web", archive_dir=tmp_path / "luu-tru",
                              host="0.0.0.0"))
    with TestClient(app, base_url=BASE) as c:
        c.cookies.set(COOKIE, "en")
        token = c.get("/api/phien").json()["csrf"]
        login = c.post("/dang-nhap", data={"ten": "minh", "mat_khau": "mat-khau-minh",
                                          "csrf_token": token}, follow_redirects=False)
        assert login.status_code == 303
        assert "Officer" in c.get("/soan").text
        token = c.get("/api/phien").json()["csrf"]
        refused = c.post("/api/ho-so", content=b"x: 1", headers={"X-CSRF-Token": token})
        assert refused.status_code == 403
        assert refused.json()["errors"][0]["message"] == \
            "only a Records clerk may do this (you are logged in as Officer)"
        wrong = c.post("/dang-nhap", data={"ten": "minh", "mat_khau": "sai-mat-khau",
                                          "csrf_token": token})
        assert wrong.status_code == 401 and "Wrong user name or password." in wrong.text


def test_two_requests_at_once_in_two_languages_do_not_mix(
        app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Both requests are inside the same sync route, each in its threadpool thread, at the
    same moment (a barrier holds the first until the second arrives)."""
    import docgen.web.context as web_context

    real = web_context.starter_kinds
    barrier = threading.Barrier(2, timeout=20)

    def meet_then_list() -> Any:
        barrier.wait()
        return real()

    monkeypatch.setattr(web_context, "starter_kinds", meet_then_list)

    async def both() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=BASE) as c:
            return list(await asyncio.gather(
                c.get("/api/bieu-mau-moi?ten=x", headers={"Accept-Language": "en"}),
                c.get("/api/bieu-mau-moi?ten=x", headers={"Accept-Language": "vi"})))

    english, vietnamese = asyncio.run(both())
    assert english.json()["errors"][0]["message"] == "there is no kind or template 'x'"
    assert vietnamese.json()["errors"][0]["message"] == "không có loại hay mẫu 'x'"


def test_the_api_page_and_schema_follow_the_language(client: TestClient) -> None:
    english = {"Accept-Language": "en"}
    schema = client.get("/openapi.json", headers=english).json()
    assert schema["info"]["title"] == "docgen — the records clerk's desk"
    assert schema["paths"]["/api/check"]["post"]["summary"] == \
        "Check the format of a .docx file (like docgen check --json)"
    assert '{"errors": [{field, line, message, hint}]}' in schema["info"]["description"]
    vi = client.get("/openapi.json").json()
    assert vi["paths"]["/api/check"]["post"]["summary"].startswith("Kiểm tra thể thức")
    docs = client.get("/docs", headers=english).text
    assert "Write the .docx of a form (JSON or YAML)" in docs and "Full schema:" in docs


# ---------------------------------------------------------------------------------------------
# The scripts' texts


def _scripts() -> str:
    return "\n".join(p.read_text("utf-8") for p in sorted(STATIC.glob("*.js")))


def test_every_text_a_script_asks_for_is_given_and_every_given_text_is_used() -> None:
    with i18n.language("en"):
        given = set(script_messages())
    code = _scripts()
    asked = set(re.findall(r"\bt\(\s*\"([\w-]+)\"", code))  # docgen.t("key", …)
    assert asked, "the scripts ask for no text: the pattern is out of date"
    assert asked - given == set(), "texts the scripts ask for that the page does not give"
    assert {k for k in given if f'"{k}"' not in code} == set(), "texts no script uses"


def test_the_scripts_hold_no_vietnamese_text() -> None:
    for script in sorted(STATIC.glob("*.js")):
        code = re.sub(r"/\*.*?\*/", "", script.read_text("utf-8"), flags=re.S)
        assert not VIETNAMESE.search(code), script.name


def test_counted_texts_give_both_english_forms() -> None:
    with i18n.language("en"):
        pages = script_messages()["so-trang"]
    assert pages == {"one": "{n} page", "other": "{n} pages"}
    with i18n.language("vi"):
        assert script_messages()["so-trang"] == {"one": "{n} trang", "other": "{n} trang"}


def test_the_texts_cannot_end_their_script_element(client: TestClient,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import docgen.web.context as web_context

    monkeypatch.setattr(web_context, "script_messages",
                        lambda: {"x": "</script><script>alert(1)</script>"})
    html = client.get("/kiem-tra").text
    assert "</script><script>alert(1)" not in html
    assert _messages_of(html) == {"x": "</script><script>alert(1)</script>"}


# ---------------------------------------------------------------------------------------------
# Batch jobs


def test_a_job_speaks_the_language_of_who_started_it(tmp_path: Path) -> None:
    def failing(options: Any, progress: Any) -> Any:
        raise RuntimeError("boom")

    desk = Desk(tmp_path / "web", tmp_path / "luu-tru")
    jobs = web_jobs.Jobs(desk, runner=failing)
    try:
        with i18n.language("en"):
            english = jobs.create("loai: cong-van\n", None, b"a,b\n1,2\n", ".csv", loc=None,
                                  gop=False, user="lan")
        assert english.status["phase"] == "Waiting to run"
        with i18n.language("vi"):
            vietnamese = jobs.create("loai: cong-van\n", None, b"a,b\n1,2\n", ".csv", loc=None,
                                     gop=False, user="lan")
        for job in (english, vietnamese):
            for _ in range(200):
                if job.status["state"] == web_jobs.FAILED:
                    break
                threading.Event().wait(0.05)
        assert english.status["errors"][0]["message"] == "unexpected error: boom"
        assert vietnamese.status["errors"][0]["message"] == "lỗi không mong đợi: boom"
    finally:
        jobs.close()


@pytest.mark.parametrize("summary", [
    "Xong: 12 đã tạo, 0 giữ nguyên, 0 lỗi; 1,2 giây. Danh sách: {folder}/ket-qua/manifest.csv; "
    "gộp: {folder}/gop-de-in.docx",
    "Done: 12 written, 0 unchanged, 0 failed; 1.2 s. List: {folder}/ket-qua/manifest.csv",
])
def test_a_jobs_summary_names_no_server_folder_in_any_language(summary: str,
                                                               tmp_path: Path) -> None:
    folder = tmp_path / "hang-loat" / ("a" * 32)
    shown = web_jobs._without_server_paths(summary.format(folder=folder), folder)
    assert str(tmp_path) not in shown
    assert shown.endswith(("giây.", "s."))
