"use strict";
// Index: its tables sort by any column; the table of documents filters by name.
function sortable(table) {
  const body = table.tBodies[0];
  const headers = Array.from(table.tHead.rows[0].cells);
  headers.forEach(function (th, column) {
    // Sorting from the keyboard too: each heading takes the focus, and Enter or Space sorts as a click does.
    th.tabIndex = 0;
    th.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        th.click();
      }
    });
    th.addEventListener("click", function () {
      const numeric = th.dataset.type === "number";
      // Numbers sort worst (largest) first on the first click, names A to Z with their numbers as numbers
      // (row 9 before row 10), as the page lists them at first.
      const firstOrder = numeric ? "descending" : "ascending";
      const current = th.getAttribute("aria-sort");
      const order = current === firstOrder ? (firstOrder === "ascending" ? "descending" : "ascending") : firstOrder;
      headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", order);
      const sign = order === "ascending" ? 1 : -1;
      const rows = Array.from(body.rows);
      rows.sort(function (a, b) {
        const x = a.cells[column].dataset.sort, y = b.cells[column].dataset.sort;
        const difference = numeric ? parseFloat(x) - parseFloat(y) : x.localeCompare(y, undefined, { numeric: true });
        return sign * difference;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
}
document.querySelectorAll("table#documents, table.breakdown").forEach(sortable);

(function () {
  const table = document.getElementById("documents");
  if (!table) return;
  const body = table.tBodies[0];
  const filter = document.getElementById("filter");
  filter.addEventListener("input", function () {
    const query = filter.value.trim().toLowerCase();
    Array.from(body.rows).forEach(function (row) {
      row.hidden = !row.cells[0].dataset.sort.toLowerCase().includes(query);
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "/" && document.activeElement !== filter) {
      event.preventDefault();
      filter.focus();
    }
  });
})();

// Document page: family toggles, finding navigation, keyboard shortcuts.
(function () {
  const list = document.querySelector("ol.findings");
  if (!list) return;
  const items = Array.from(list.querySelectorAll("li[data-finding]"));
  const marks = Array.from(document.querySelectorAll("mark[data-findings]"));
  const byId = {};
  items.forEach(function (item) { byId[item.dataset.finding] = item; });
  const severityNames = { 3: "error", 2: "warning", 1: "info" };

  function shownFamilies() {
    const shown = new Set();
    document.querySelectorAll("input[data-family]").forEach(function (box) {
      if (box.checked) shown.add(box.dataset.family);
    });
    return shown;
  }

  // A highlight takes the severity of the worst finding still shown on it.
  function refresh() {
    const shown = shownFamilies();
    items.forEach(function (item) { item.hidden = !shown.has(item.dataset.family); });
    marks.forEach(function (mark) {
      let worst = 0;
      mark.dataset.findings.split(" ").forEach(function (id) {
        const item = byId[id];
        if (item && !item.hidden) worst = Math.max(worst, Number(item.dataset.rank));
      });
      mark.className = worst ? "sev-" + severityNames[worst] : "";
    });
  }
  document.querySelectorAll("input[data-family]").forEach(function (box) {
    box.addEventListener("change", refresh);
  });

  function flash(element) {
    element.classList.add("flash");
    setTimeout(function () { element.classList.remove("flash"); }, 1200);
  }
  function showMark(id) {
    const mark = document.querySelector('mark[data-findings~="' + id + '"]');
    if (!mark) return;
    mark.scrollIntoView({ block: "center" });
    flash(mark);
  }
  items.forEach(function (item) {
    const link = item.querySelector("a.where");  // none where the finding has no highlight to show
    if (link) link.addEventListener("click", function (event) {
      event.preventDefault();
      showMark(item.dataset.finding);
    });
  });
  marks.forEach(function (mark) {
    mark.addEventListener("click", function () {
      const item = byId[mark.dataset.findings.split(" ")[0]];
      item.scrollIntoView({ block: "center" });
      flash(item);
    });
  });

  let current = -1;
  function step(direction) {
    const visible = items.filter(function (item) { return !item.hidden && item.dataset.located; });
    if (!visible.length) return;
    current = (current + direction + visible.length) % visible.length;
    showMark(visible[current].dataset.finding);
  }
  function follow(id) {
    const link = document.getElementById(id);
    if (link && link.href) window.location.href = link.href;
  }
  document.addEventListener("keydown", function (event) {
    if (event.target.tagName === "INPUT" || event.ctrlKey || event.metaKey || event.altKey) return;
    const actions = {
      "[": function () { follow("previous"); },
      "]": function () { follow("next"); },
      "u": function () { follow("up"); },
      "j": function () { step(1); },
      "k": function () { step(-1); },
    };
    if (actions[event.key]) actions[event.key]();
  });
})();
