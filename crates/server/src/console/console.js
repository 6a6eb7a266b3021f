// switchboard console: the Requests page updates live (new rows are asked for every 2 s).
"use strict";
(function () {
  const live = document.getElementById("live");
  const table = document.querySelector("#requests tbody");
  if (!live || !table) return;
  let after = Number(live.dataset.after || 0);
  const query = live.dataset.query || "";
  async function poll() {
    try {
      const r = await fetch("/console/requests.json?after=" + after + "&" + query, { credentials: "same-origin" });
      if (r.ok) {
        const data = await r.json();
        if (data.last) {
          table.insertAdjacentHTML("afterbegin", data.rows);
          after = data.last;
        }
        live.textContent = "Live";
      } else {
        live.textContent = "Not updating (" + r.status + ")";
      }
    } catch (e) {
      live.textContent = "Not updating";
    }
    setTimeout(poll, 2000);
  }
  setTimeout(poll, 2000);
})();
