/* Kiểm tra: findings grouped by element beside the page images; "Sửa giúp tôi". */
"use strict";
(() => {
  const input = document.getElementById("tep-kiem-tra");
  const error = document.getElementById("loi-kiem-tra");

  document.getElementById("kiem-tra").addEventListener("submit", async (event) => {
    event.preventDefault();
    const file = input.files[0];
    if (!file) { error.textContent = docgen.t("chon-tep-kiem-tra"); return; }
    const body = new FormData();
    body.append("file", file);
    const response = await docgen.post("/api/check", body);
    const data = await response.clone().json().catch(() => null);
    if (!data || !Array.isArray(data.files)) { error.textContent = (await docgen.errors(response)).map(docgen.text).join(" "); return; }
    const report = data.files[0];
    document.getElementById("ket-qua").hidden = true;
    if (report.error) { error.textContent = `${docgen.sentence(report.error)}${report.hint ? " → " + report.hint : ""}`; return; }
    error.textContent = "";
    document.getElementById("ket-qua").hidden = false;
    const findings = report.findings || [];
    const serious = findings.filter((f) => f.severity !== "goi-y").length;
    document.getElementById("ket-luan").textContent = !findings.length
      ? docgen.t("dat")
      : docgen.t("ket-luan", {serious, hints: findings.length - serious});
    document.getElementById("ket-luan").className = serious ? "co-sai" : "dat";
    const groups = new Map();
    for (const f of findings) {
      const key = f.element_name || f.element || docgen.t("nhom-khac");
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(f);
    }
    document.getElementById("phat-hien").replaceChildren(...[...groups].map(([name, items]) =>
      docgen.el("div", {class: "nhom"}, docgen.el("h3", {text: name}),
        docgen.el("ul", {}, ...items.map((f) => docgen.el("li", {},
          docgen.el("span", {class: `muc-${f.severity || "nghi-dinh"}`,
            text: docgen.t(f.severity === "goi-y" ? "muc-goi-y" : "muc-nghi-dinh", {rule: f.rule}) + " "}),
          docgen.el("span", {text: f.message.replace(/^R-\d+\s*/, "")}),
          f.fix ? docgen.el("div", {class: "cach-sua", text: withoutCommand(f.fix)}) : ""))))));
    pages(file);
  });

  /* The CLI's pointer "(docgen quy-tac R-02)" is a command a clerk on this page cannot run. */
  const withoutCommand = (fix) => fix.replace(/\s*\(docgen quy-tac [^)]*\)/g, "");

  async function pages(file) {
    const body = new FormData();
    body.append("file", file);
    const box = document.getElementById("trang-kiem-tra");
    box.replaceChildren(docgen.el("p", {class: "giai-thich", text: docgen.t("dang-dung-trang")}));
    const response = await docgen.post("/api/check/trang", body);
    if (!response.ok) { box.replaceChildren(docgen.el("p", {class: "loi", text: (await docgen.errors(response)).map(docgen.text).join(" ")})); return; }
    const data = await response.json();
    box.replaceChildren(...data.pages.map((src, i) => docgen.el("img", {src, class: "trang", alt: docgen.t("xem-trang", {n: i + 1})})));
  }

  document.getElementById("sua").addEventListener("click", async () => {
    const file = input.files[0];
    if (!file) return;
    const body = new FormData();
    body.append("file", file);
    const response = await docgen.post("/api/check/sua", body);
    const out = document.getElementById("ket-qua-sua");
    if (!response.ok) { out.textContent = (await docgen.errors(response)).map(docgen.text).join(" "); return; }
    const data = await response.json();
    const yaml = URL.createObjectURL(new Blob([data.yaml], {type: "application/yaml"}));
    if (data.thieu) {
      /* Nothing to re-render yet: the clerk fills the missing values on the Soạn page. */
      const open = docgen.el("button", {type: "button", class: "chinh", text: docgen.t("mo-o-soan")});
      open.addEventListener("click", () => {
        localStorage.setItem("docgen-soan", JSON.stringify({fields: data.fields, extra: data.truong_khac || ""}));
        window.location.href = "/soan";
      });
      out.replaceChildren(docgen.t("chua-soan-lai", {missing: data.thieu.join("; ")}) + " ",
        open, " · ", docgen.el("a", {href: yaml, download: data.ten_yaml, text: docgen.t("tai-bieu-mau", {name: data.ten_yaml})}));
      return;
    }
    const bytes = Uint8Array.from(atob(data.docx), (c) => c.charCodeAt(0));
    const docx = URL.createObjectURL(new Blob([bytes], {type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}));
    out.replaceChildren(docgen.t("da-soan-lai", {n: data.con_lai}, data.con_lai) + " ",
      docgen.el("a", {href: docx, download: data.ten_docx, text: docgen.t("tai-tep", {name: data.ten_docx})}), " · ",
      docgen.el("a", {href: yaml, download: data.ten_yaml, text: docgen.t("tai-bieu-mau", {name: data.ten_yaml})}),
      docgen.el("ul", {}, ...data.bao_cao.map((line) => docgen.el("li", {text: line}))));
  });
})();
