/* Hàng loạt: upload form and roster, show columns, run, follow progress (survives reload). */
"use strict";
(() => {
  const STORE = "docgen-lo";
  const error = document.getElementById("loi-lo");
  const roster = document.getElementById("danh-sach");
  let polling = null;

  roster.addEventListener("change", async () => {
    const box = document.getElementById("cot");
    box.replaceChildren();
    if (!roster.files[0]) return;
    const body = new FormData();
    body.append("roster", roster.files[0]);
    const response = await docgen.post("/api/batch/cot", body);
    if (!response.ok) { error.textContent = (await docgen.errors(response)).map(docgen.text).join(" "); return; }
    error.textContent = "";
    const data = await response.json();
    /* The roster's headers and cells are the clerk's data (Vietnamese, lang="vi"). */
    const head = docgen.el("tr", {}, ...data.columns.map((c, i) =>
      docgen.el("th", {scope: "col"}, docgen.el("span", {lang: "vi", text: c}), docgen.el("br"), docgen.el("code", {text: `dong.${data.keys[i]}`}))));
    const first = docgen.el("tr", {}, ...data.first_row.map((v) => docgen.el("td", {lang: "vi", text: v == null ? "" : String(v)})));
    box.append(docgen.el("p", {text: docgen.t("cot-danh-sach", {n: data.rows}, data.rows)}),
      docgen.el("table", {class: "bang"}, docgen.el("thead", {}, head), docgen.el("tbody", {}, first)));
  });

  document.getElementById("lo").addEventListener("submit", async (event) => {
    event.preventDefault();
    const form = document.getElementById("bieu-mau").files[0];
    if (!form || !roster.files[0]) { error.textContent = docgen.t("chon-ca-hai"); return; }
    const body = new FormData();
    body.append("form", form);
    body.append("roster", roster.files[0]);
    body.append("loc", document.getElementById("loc").value);
    body.append("gop", document.getElementById("gop").checked ? "true" : "false");
    const run = document.getElementById("chay");
    run.disabled = true;  /* a double click starts one batch */
    const response = await docgen.post("/api/batch", body).finally(() => { run.disabled = false; });
    if (!response.ok) { error.textContent = (await docgen.errors(response)).map(docgen.text).join(" "); return; }
    error.textContent = "";
    const job = await response.json();
    localStorage.setItem(STORE, job.id);
    follow(job.id);
  });

  function follow(id) {
    document.getElementById("tien-do").hidden = false;
    clearInterval(polling);
    const tick = async () => {
      const response = await fetch(`/api/batch/${id}`);
      if (!response.ok) { clearInterval(polling); localStorage.removeItem(STORE); document.getElementById("tien-do").hidden = true; return; }
      show(await response.json());
    };
    tick();
    polling = setInterval(tick, 700);
  }

  function show(job) {
    const bar = document.getElementById("thanh-tien-do");
    const total = job.total || 0;
    bar.max = Math.max(total, 1);
    bar.value = job.state === "xong" ? bar.max : Math.min(job.done || 0, bar.max);
    const phase = {cho: docgen.t("lo-cho"), "dang-chay": job.phase || docgen.t("lo-chay"), xong: docgen.t("lo-xong"), loi: docgen.t("lo-loi")}[job.state];
    document.getElementById("giai-doan").textContent = phase;
    document.getElementById("tom-tat").textContent = job.summary || (total ? docgen.t("lo-tien-do", {done: job.done || 0, n: total}, total) : "");
    document.getElementById("ghi-chu-lo").replaceChildren(...(job.notes || []).map((n) => docgen.el("li", {text: n})));
    const links = document.getElementById("tai-ve");
    const labels = {zip: docgen.t("tai-zip"), gop: docgen.t("tai-gop"), manifest: docgen.t("tai-manifest")};
    links.replaceChildren(...Object.entries(job.links || {}).map(([k, href]) => docgen.el("a", {href, class: "nut-tai", text: labels[k] || k})));
    const rows = [...(job.rows || []), ...(job.errors || [])];
    const table = document.getElementById("loi-hang");
    table.hidden = !rows.length;
    table.querySelector("tbody").replaceChildren(...rows.map((r) => docgen.el("tr", {},
      docgen.el("td", {text: r.row == null ? "" : String(r.row)}), docgen.el("td", {text: r.field || ""}),
      docgen.el("td", {text: r.message}), docgen.el("td", {text: r.hint || ""}))));
    if (job.state === "xong" || job.state === "loi") clearInterval(polling);
  }

  const last = localStorage.getItem(STORE);
  if (last) follow(last);
})();
