/* Hồ sơ cơ quan: save the agency profile (YAML). */
"use strict";
document.getElementById("ho-so").addEventListener("submit", async (event) => {
  event.preventDefault();
  const text = document.getElementById("ho_so_yaml").value;
  const response = await docgen.post("/api/ho-so", text, "application/yaml");
  const box = document.getElementById("loi-ho-so");
  const status = document.getElementById("trang-thai-ho-so");
  if (!response.ok) {
    box.textContent = (await docgen.errors(response)).map(docgen.text).join(" ");
    status.textContent = "";
    return;
  }
  box.textContent = "";
  status.textContent = docgen.t("da-luu-ho-so");
});
