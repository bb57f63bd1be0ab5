/* Soạn văn bản: fields ↔ form JSON, live preview, inline errors, downloads, issuing. */
"use strict";
(() => {
  const form = document.getElementById("soan");
  const preview = document.getElementById("xem-truoc");
  const previewStatus = document.getElementById("trang-thai-xem");
  const status = document.getElementById("trang-thai");
  const STORE = "docgen-soan";
  const DELAY = 600;
  let timer = null;
  let serial = 0;
  let shown = 0;

  const idOf = (field) => "f-" + field.replaceAll(".", "-");

  /* -- lists edited as lists ----------------------------------------------------------- */
  function addLine(container, value, focus) {
    const field = container.dataset.list;
    const list = container.querySelector("ol");
    const i = list.children.length;
    /* lang="vi": the lines are the document's own text (and their placeholders examples of it). */
    const input = docgen.el("input", {id: `${idOf(field)}-${i}`, "data-item": field, lang: "vi",
      placeholder: i === 0 ? container.dataset.hint : null,
      "aria-label": i === 0 ? null : docgen.t("dong-cua", {label: container.dataset.label, n: i + 1})});
    input.value = value || "";
    const remove = docgen.el("button", {type: "button", class: "xoa",
      "aria-label": docgen.t("xoa-dong", {n: i + 1, label: container.dataset.label}), text: docgen.t("xoa")});
    remove.addEventListener("click", () => {
      list.children[i].remove();
      renumber(container);
      changed();
    });
    list.append(docgen.el("li", {}, input, remove));
    if (focus) input.focus();
  }

  function renumber(container) {
    const field = container.dataset.list;
    [...container.querySelectorAll("li")].forEach((li, i) => {
      const input = li.querySelector("input");
      input.id = `${idOf(field)}-${i}`;
      if (i === 0) { input.removeAttribute("aria-label"); input.placeholder = container.dataset.hint; }
      else input.setAttribute("aria-label", docgen.t("dong-cua", {label: container.dataset.label, n: i + 1}));
      li.querySelector("button").setAttribute("aria-label", docgen.t("xoa-dong", {n: i + 1, label: container.dataset.label}));
    });
    if (!container.querySelector("li")) addLine(container, "");
  }

  document.querySelectorAll("[data-list]").forEach((container) => {
    container.querySelector(".them-dong").addEventListener("click", () => addLine(container, "", true));
  });

  /* -- reading and filling -------------------------------------------------------------- */
  function setPath(obj, path, value) {
    const parts = path.split(".");
    let node = obj;
    for (const part of parts.slice(0, -1)) node = node[part] = node[part] || {};
    node[parts[parts.length - 1]] = value;
  }

  function getPath(obj, path) {
    return path.split(".").reduce((node, part) => (node == null ? undefined : node[part]), obj);
  }

  function collect() {
    const data = {};
    form.querySelectorAll("[data-field]").forEach((input) => {
      const field = input.dataset.field;
      if (input.type === "checkbox") { if (input.checked) setPath(data, field, true); return; }
      const value = input.value.trim();
      if (!value) return;
      setPath(data, field, field === "so" && /^\d+$/.test(value) ? Number(value) : value);
    });
    form.querySelectorAll("[data-list]").forEach((container) => {
      const items = [...container.querySelectorAll("input")].map((i) => i.value.trim()).filter(Boolean);
      if (items.length) setPath(data, container.dataset.list, items);
    });
    return data;
  }

  function fill(fields, extra) {
    form.querySelectorAll("[data-field]").forEach((input) => {
      const value = input.dataset.field === "truong_khac" ? extra : getPath(fields, input.dataset.field);
      if (input.type === "checkbox") input.checked = value === true || value === "true";
      else input.value = value == null ? "" : String(value);
    });
    form.querySelectorAll("[data-list]").forEach((container) => {
      container.querySelector("ol").replaceChildren();
      let value = getPath(fields, container.dataset.list);
      if (value == null || value === "") value = [];
      if (!Array.isArray(value)) value = [value];
      value.forEach((item) => addLine(container, String(item)));
      if (!value.length) addLine(container, "");
    });
  }

  /* -- errors next to their field ------------------------------------------------------- */
  function clearErrors() {
    form.querySelectorAll(".loi").forEach((p) => { p.textContent = ""; });
    form.querySelectorAll("[aria-invalid]").forEach((i) => i.removeAttribute("aria-invalid"));
    form.querySelectorAll(".co-loi").forEach((w) => w.classList.remove("co-loi"));
  }

  function showErrors(errors) {
    clearErrors();
    const general = document.getElementById("loi-chung");
    for (const error of errors) {
      let field = error.field || "";
      let wrap = null;
      while (field && !(wrap = form.querySelector(`[data-wrap="${CSS.escape(field)}"]`))) {
        field = field.includes(".") ? field.slice(0, field.lastIndexOf(".")) : "";
      }
      if (!wrap && error.field && !error.field.startsWith("tham_so")) {
        wrap = form.querySelector('[data-wrap="truong_khac"]');
      }
      const target = wrap ? wrap.querySelector(".loi") : general;
      target.textContent = (target.textContent ? target.textContent + " " : "") + docgen.text(error);
      if (wrap) {
        wrap.classList.add("co-loi");
        let input = null;
        const m = (error.field || "").match(/\.(\d+)$/);
        if (m && wrap.dataset.list) input = document.getElementById(`${idOf(wrap.dataset.list)}-${m[1]}`);
        input = input || wrap.querySelector("input, textarea, select");
        if (input) { input.setAttribute("aria-invalid", "true"); input.setAttribute("aria-describedby", target.id); }
      }
    }
  }

  /* -- preview -------------------------------------------------------------------------- */
  async function refresh() {
    const mine = ++serial;
    const body = JSON.stringify(collect());
    previewStatus.textContent = docgen.t("dang-cap-nhat");
    const first = await docgen.post("/api/preview?page=1", body, "application/json");
    if (mine !== serial) return;
    if (!first.ok) {
      showErrors(await docgen.errors(first));
      previewStatus.textContent = docgen.t("chua-cap-nhat");
      previewStatus.className = "chua-xem";
      return;
    }
    clearErrors();
    const pages = Number(first.headers.get("X-So-Trang") || "1");
    const blobs = [await first.blob()];
    for (let n = 2; n <= pages; n++) {
      const response = await docgen.post(`/api/preview?page=${n}`, body, "application/json");
      if (mine !== serial) return;
      if (response.ok) blobs.push(await response.blob());
    }
    const images = blobs.map((blob, i) => {
      const img = docgen.el("img", {src: URL.createObjectURL(blob), alt: docgen.t("xem-trang", {n: i + 1}),
        class: "trang", "data-trang": String(i + 1)});
      return img;
    });
    preview.querySelectorAll("img").forEach((img) => URL.revokeObjectURL(img.src));
    preview.replaceChildren(...images);
    shown += 1;
    preview.dataset.lan = String(shown);
    previewStatus.textContent = docgen.t("so-trang", {n: pages}, pages);
    previewStatus.className = "";
  }

  function changed() {
    localStorage.setItem(STORE, JSON.stringify({fields: collect(),
      extra: document.getElementById("f-truong_khac").value}));
    clearTimeout(timer);
    timer = setTimeout(refresh, DELAY);
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", (event) => { if (event.target.id !== "mo-tep") changed(); });

  /* -- dates: typed dd/mm/yyyy, or from the calendar ------------------------------------ */
  const dateText = document.getElementById("f-ngay");
  const calendar = document.getElementById("ngay-lich");
  dateText.addEventListener("input", () => {
    const m = dateText.value.trim().match(/^(\d{1,2})\/(\d{1,2})\/(\d{4})$/);
    calendar.value = m ? `${m[3]}-${m[2].padStart(2, "0")}-${m[1].padStart(2, "0")}` : "";
  });
  calendar.addEventListener("change", () => {
    const [y, m, d] = calendar.value.split("-");
    if (y) { dateText.value = `${d}/${m}/${y}`; changed(); }
  });

  /* -- starting points ------------------------------------------------------------------ */
  async function startNew(name) {
    const response = await fetch(`/api/bieu-mau-moi?ten=${encodeURIComponent(name)}`);
    if (!response.ok) { showErrors(await docgen.errors(response)); return; }
    const data = await response.json();
    fill(data.fields, data.truong_khac || "");
    changed();
  }

  document.getElementById("moi").addEventListener("click", () =>
    startNew(document.getElementById("chon-loai").value));

  document.getElementById("mo-tep").addEventListener("change", async (event) => {
    const file = event.target.files[0];
    if (!file) return;
    const body = new FormData();
    body.append("file", file);
    const response = await docgen.post("/api/mo", body);
    const box = document.getElementById("loi-mo-tep");
    if (!response.ok) {
      box.textContent = (await docgen.errors(response)).map(docgen.text).join(" ");
      return;
    }
    box.textContent = "";
    const data = await response.json();
    fill(data.fields, data.truong_khac || "");
    status.textContent = docgen.t("da-mo", {name: file.name}) + (data.canh_bao && data.canh_bao.length ? " " + data.canh_bao.join(" ") : "");
    changed();
  });

  /* -- downloads and issuing ------------------------------------------------------------ */
  async function fetchFile(url, fallback) {
    const response = await docgen.postJSON(url, collect());
    if (!response.ok) { showErrors(await docgen.errors(response)); status.textContent = docgen.t("chua-tai"); return; }
    clearErrors();
    await docgen.download(response, fallback);
    status.textContent = docgen.t("da-tai");
  }

  document.getElementById("tai-docx").addEventListener("click", () => fetchFile("/api/render", "van-ban.docx"));
  document.getElementById("tai-pdf").addEventListener("click", () => fetchFile("/api/render/pdf", "van-ban.pdf"));
  document.getElementById("luu-yaml").addEventListener("click", () => fetchFile("/api/render/yaml", "van-ban.yaml"));

  const issue = document.getElementById("cap-so");
  if (issue) {
    issue.addEventListener("click", async () => {
      const data = collect();
      if (data.so != null) {
        /* Issued already (or numbered by hand): a second click must not take a second number. */
        showErrors([{field: "so", message: docgen.t("da-co-so", {so: data.so}),
          hint: docgen.t("da-co-so-cach-sua")}]);
        status.textContent = docgen.t("chua-cap-so-da-co");
        return;
      }
      issue.disabled = true;  /* a double click issues one number */
      try {
        const response = await docgen.postJSON("/api/register", data);
        if (!response.ok) { showErrors(await docgen.errors(response)); status.textContent = docgen.t("chua-cap-so"); return; }
        const entry = await response.json();
        /* The page now shows the document as the register keeps it: its number and date. */
        document.getElementById("f-so").value = String(entry.so);
        document.getElementById("f-ngay").value = entry.ngay;
        changed();
        status.textContent = docgen.t("da-cap-so", {so_ky_hieu: entry.so_ky_hieu, ngay: entry.ngay});
      } finally {
        issue.disabled = false;
      }
    });
  }

  /* -- start: the last form of this browser, or a new công văn -------------------------- */
  const saved = localStorage.getItem(STORE);
  if (saved) {
    try { const data = JSON.parse(saved); fill(data.fields || {}, data.extra || ""); changed(); }
    catch (e) { startNew("cong-van"); }
  } else {
    startNew("cong-van");
  }
})();
