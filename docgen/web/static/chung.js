/* docgen: helpers every page uses (no library, no build step). */
"use strict";
const docgen = (() => {
  const csrf = () => document.querySelector('meta[name="csrf-token"]').content;

  /* The page's texts in its language (docgen/web/scripttext.py), given by the server as JSON:
     this file holds no message of its own. */
  const messages = JSON.parse(document.getElementById("msgs").textContent);

  /* The text `key` with its {placeholders} filled from `values`; a counted text (one/other)
     takes the form for `count`. */
  function t(key, values, count) {
    let text = messages[key];
    if (text === undefined) return key;
    if (typeof text === "object") text = count === 1 ? text.one : text.other;
    return text.replace(/\{(\w+)\}/g, (whole, name) =>
      (values && values[name] !== undefined ? String(values[name]) : whole));
  }

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
    return [{field: null, message: t("loi-may-chu", {status: response.status}), hint: t("thu-lai")}];
  }

  /* Messages are written lower case to follow "lỗi: " (error: ) in the CLI; here each is a
     sentence. */
  const sentence = (message) => (message ? message[0].toUpperCase() + message.slice(1) : "");

  function text(error) {
    let out = sentence(error.message);
    if (error.row) out = t("loi-hang", {row: error.row, message: out});
    if (error.line && !error.row) out = t("loi-dong", {line: error.line, message: out});
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

  /* File fields with a button in the page's language and the chosen file's name (see app.css
     .tep-an): the browser's own button speaks the browser's language. */
  function fileFields() {
    document.querySelectorAll('input[type="file"]').forEach((input) => {
      /* The button follows the labelled input; its own text stays short (no aria-label that
         would repeat the field's label). */
      const name = el("span", {class: "ten-tep", id: `${input.id}-ten`, text: t("chua-chon-tep")});
      const pick = el("button", {type: "button", text: t("chon-tep"), "aria-describedby": name.id});
      pick.addEventListener("click", () => input.click());
      input.addEventListener("change", () => {
        name.textContent = input.files[0] ? input.files[0].name : t("chua-chon-tep");
      });
      input.classList.add("tep-an");
      input.tabIndex = -1;
      input.after(el("div", {class: "chon-tep"}, pick, name));
    });
  }
  fileFields();

  return {csrf, t, post, postJSON, errors, text, sentence, save, download, el};
})();
