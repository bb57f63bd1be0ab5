/* docgen: helpers every page uses (no library, no build step). */
"use strict";
const docgen = (() => {
  const csrf = () => document.querySelector('meta[name="csrf-token"]').content;

  async function post(url, body, type) {
    const headers = {"X-CSRF-Token": csrf()};
    if (type) headers["Content-Type"] = type;
    return fetch(url, {method: "POST", headers, body, credentials: "same-origin"});
  }

  const postJSON = (url, data) => post(url, JSON.stringify(data), "application/json");

  /* The {"errors": [...]} of a failed response, or one error describing the failure. */
  async function errors(response) {
    try {
      const data = await response.json();
      if (Array.isArray(data.errors)) return data.errors;
      if (Array.isArray(data) && data[0] && data[0].error) {
        return [{field: null, message: data[0].error, hint: data[0].hint}];
      }
    } catch (e) { /* not JSON */ }
    return [{field: null, message: `Máy chủ trả lỗi ${response.status}`, hint: "Thử lại."}];
  }

  /* Messages are written lower case to follow "lỗi: " in the CLI; here each is a sentence. */
  const sentence = (message) => (message ? message[0].toUpperCase() + message.slice(1) : "");

  function text(error) {
    let out = sentence(error.message);
    if (error.row) out = `Hàng ${error.row}: ${out}`;
    if (error.line && !error.row) out = `Dòng ${error.line}: ${out}`;
    if (error.hint) out += ` → ${error.hint}`;
    return out;
  }

  function save(blob, name) {
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }

  function fileName(response, fallback) {
    const header = response.headers.get("Content-Disposition") || "";
    const m = header.match(/filename\*=UTF-8''([^;]+)/);
    return m ? decodeURIComponent(m[1]) : fallback;
  }

  async function download(response, fallback) {
    save(await response.blob(), fileName(response, fallback));
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "text") node.textContent = v; else node.setAttribute(k, v === true ? "" : v);
    }
    for (const child of children) node.append(child);
    return node;
  }

  /* File fields with a Vietnamese button and the chosen file's name (see app.css .tep-an). */
  function fileFields() {
    document.querySelectorAll('input[type="file"]').forEach((input) => {
      /* The button follows the labelled input; its own text stays short (no aria-label that
         would repeat the field's label). */
      const name = el("span", {class: "ten-tep", id: `${input.id}-ten`, text: "Chưa chọn tệp"});
      const pick = el("button", {type: "button", text: "Chọn tệp…", "aria-describedby": name.id});
      pick.addEventListener("click", () => input.click());
      input.addEventListener("change", () => {
        name.textContent = input.files[0] ? input.files[0].name : "Chưa chọn tệp";
      });
      input.classList.add("tep-an");
      input.tabIndex = -1;
      input.after(el("div", {class: "chon-tep"}, pick, name));
    });
  }
  fileFields();

  return {csrf, post, postJSON, errors, text, sentence, save, download, el};
})();
