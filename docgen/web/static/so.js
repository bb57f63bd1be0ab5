/* Sổ văn bản đi: the register table, issuing from a form file, export, verify, hand columns. */
"use strict";
(() => {
  const tbody = document.querySelector("#so tbody");
  const error = document.getElementById("loi-so");
  const status = document.getElementById("trang-thai-so");
  const config = JSON.parse(document.getElementById("so-cau-hinh").textContent);
  const fail = async (response) => { error.textContent = (await docgen.errors(response)).map(docgen.text).join(" "); };

  async function load() {
    const params = new URLSearchParams();
    for (const id of ["nam", "tim", "loai"]) {
      const value = document.getElementById(id).value.trim();
      if (value) params.set(id === "nam" ? "year" : id, value);
    }
    const response = await fetch(`/api/register?${params}`);
    if (!response.ok) { await fail(response); return; }
    error.textContent = "";
    const data = await response.json();
    tbody.replaceChildren(...data.rows.map(row));
    if (!data.rows.length) tbody.append(docgen.el("tr", {}, docgen.el("td", {colspan: "10", text: docgen.t("so-trong")})));
  }

  /* A register row: its values are the documents' own text (Vietnamese, lang="vi"), but for the
     kind, named in the page's language. */
  function row(entry) {
    const cells = [
      docgen.el("td", {class: "so", text: entry.so_ky_hieu}),
      docgen.el("td", {text: entry.ngay}),
      docgen.el("td", {}, docgen.el("span", {text: `${entry.ten_loai || ""} — `}), docgen.el("span", {lang: "vi", text: entry.trich_yeu})),
      docgen.el("td", {lang: "vi", text: entry.nguoi_ky || ""}),
      docgen.el("td", {lang: "vi", class: "nhieu-dong", text: entry.noi_nhan || ""}),
    ];
    for (const [key, label] of Object.entries(config.hand_columns)) {
      const value = entry[key] == null ? "" : String(entry[key]);
      if (!config.can_edit) { cells.push(docgen.el("td", {lang: "vi", text: value})); continue; }
      const id = `ghi-${entry.co_quan}-${entry.nam}-${entry.so_ky_hieu.replace(/\W+/g, "-")}-${key}`;
      const input = docgen.el("input", {id, lang: "vi", "aria-label": docgen.t("o-ghi-tay", {column: label, so_ky_hieu: entry.so_ky_hieu})});
      input.value = value;
      input.addEventListener("change", async () => {
        const response = await docgen.postJSON("/api/register/ghi", {co_quan: entry.co_quan, nam: entry.nam, so_ky_hieu: entry.so_ky_hieu, cot: key, gia_tri: input.value});
        if (!response.ok) { await fail(response); return; }
        status.textContent = docgen.t("da-ghi", {column: label.toLowerCase(), so_ky_hieu: entry.so_ky_hieu});
      });
      cells.push(docgen.el("td", {}, input));
    }
    cells.push(docgen.el("td", {class: "tep"}, entry.tep ? docgen.el("a", {href: entry.tep, text: docgen.t("mo-docx")}) : ""));
    return docgen.el("tr", {}, ...cells);
  }

  document.getElementById("loc-so").addEventListener("submit", (event) => { event.preventDefault(); load(); });

  const fromFile = document.getElementById("cap-so-tep");
  if (fromFile) {
    /* Choosing a file only names it; the number is taken by the button, after a look. */
    const issue = document.getElementById("cap-so-tu-tep");
    fromFile.addEventListener("change", () => { issue.hidden = !fromFile.files[0]; });
    issue.addEventListener("click", async () => {
      const file = fromFile.files[0];
      if (!file) return;
      issue.disabled = true;
      try {
        const response = await docgen.post("/api/register", await file.text(), "application/yaml");
        if (!response.ok) { await fail(response); return; }
        fromFile.value = "";
        fromFile.dispatchEvent(new Event("change"));
        const entry = await response.json();
        error.textContent = "";
        status.textContent = docgen.t("da-cap-so-tep", {so_ky_hieu: entry.so_ky_hieu, ngay: entry.ngay, name: file.name});
        document.getElementById("nam").value = entry.nam;
        load();
      } finally {
        issue.disabled = false;
      }
    });
    document.getElementById("xuat").addEventListener("click", async () => {
      const year = document.getElementById("nam").value;
      const response = await fetch(`/api/register/export?year=${encodeURIComponent(year)}`);
      if (!response.ok) { await fail(response); return; }
      await docgen.download(response, `so-dang-ky-${year}.xlsx`);
      status.textContent = docgen.t("da-xuat-so");
    });
  }

  document.getElementById("kiem-tra-luu-tru").addEventListener("click", async () => {
    const response = await docgen.post("/api/register/verify", "");
    if (!response.ok) { await fail(response); return; }
    const report = await response.json();
    status.textContent = report.ok
      ? docgen.t("luu-tru-nguyen-ven", {entries: report.entries, files: report.files_checked})
      : docgen.t("luu-tru-van-de", {n: report.findings.length, list: report.findings.map((f) => f.message).join("; ")}, report.findings.length);
  });

  load();
})();
