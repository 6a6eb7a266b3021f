// switchboard console: the Requests page updates live (new rows are asked for every 2 s),
// and the Import page shows an import's progress.
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
// The Import page: while an import runs, its progress is asked for every second; when it
// ends, the page is loaded again to show the summary and the report.
(function () {
  const box = document.getElementById("import-progress");
  if (!box) return;
  const bar = box.querySelector("progress");
  const done = box.querySelector(".done");
  async function poll() {
    try {
      const r = await fetch(box.dataset.url, { credentials: "same-origin" });
      if (r.ok) {
        const data = await r.json();
        bar.value = data.done;
        done.textContent = data.done;
        if (data.state !== "running") {
          location.reload();
          return;
        }
      }
    } catch (e) {
      /* try again */
    }
    setTimeout(poll, 1000);
  }
  setTimeout(poll, 500);
})();
