"""The style sheet and the script of report.html, inlined into the page (no file, no network).

The script only sorts tables (click a header), opens the details block a link points into, and marks
each chart with ``data-drawn`` = the number of its marks the browser laid out with a size.
"""
from __future__ import annotations

#: the page admits nothing from outside itself: inline styles and scripts, images only as data: URLs
CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"

STYLE = """
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif;
       margin: 0 auto; max-width: 1100px; padding: 0 16px 48px; color: #222; line-height: 1.5; }
header { border-bottom: 2px solid #2e86c1; margin-bottom: 12px; }
h1 { font-size: 24px; margin: 16px 0 4px; }
h2 { font-size: 19px; margin-top: 32px; border-left: 4px solid #2e86c1; padding-left: 8px; }
h3 { font-size: 16px; margin: 8px 0; }
nav a { margin-right: 12px; }
.summary { display: flex; flex-wrap: wrap; gap: 12px; margin: 8px 0; padding: 0; list-style: none; }
.summary li { background: #f4f8fb; border: 1px solid #d6e4ef; border-radius: 6px; padding: 6px 12px; }
.summary b { font-size: 18px; display: block; }
figure.chart { margin: 8px 0 16px; }
figure.chart figcaption { color: #555; font-size: 13px; }
svg text { fill: #222; }
svg a:hover rect, svg a:hover circle { opacity: 0.75; }
table { border-collapse: collapse; font-size: 13px; margin: 8px 0; width: 100%; }
th, td { border: 1px solid #ddd; padding: 3px 6px; text-align: left; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.sortable th { cursor: pointer; background: #f0f3f6; user-select: none; }
table.sortable th[data-dir="asc"]::after { content: " ▲"; }
table.sortable th[data-dir="desc"]::after { content: " ▼"; }
.error { color: #c0392b; } .warning { color: #b9770e; } .info { color: #666; }
.snippet { font-size: 13px; color: #444; }
.snippet mark { background: #fde68a; }
details.report { border: 1px solid #ddd; border-radius: 6px; margin: 6px 0; padding: 4px 10px; }
details.report summary { cursor: pointer; font-weight: bold; }
.muted { color: #777; }
.keywords span { display: inline-block; background: #eef5fb; border-radius: 4px; padding: 0 6px; margin: 1px 2px; }
"""

SCRIPT = """
(function () {
  "use strict";
  function cellKey(row, index) {
    var cell = row.cells[index];
    if (!cell) { return ""; }
    return cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim();
  }
  function sortBy(th) {
    var table = th.closest("table");
    var index = Array.prototype.indexOf.call(th.parentNode.children, th);
    var body = table.tBodies[0];
    var ascending = th.getAttribute("data-dir") !== "asc";
    table.querySelectorAll("th").forEach(function (h) { h.removeAttribute("data-dir"); h.removeAttribute("aria-sort"); });
    th.setAttribute("data-dir", ascending ? "asc" : "desc");
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var rows = Array.prototype.slice.call(body.rows);
    var numeric = rows.every(function (r) { var v = cellKey(r, index); return v === "" || !isNaN(Number(v)); });
    rows.sort(function (a, b) {
      var x = cellKey(a, index), y = cellKey(b, index), order;
      if (numeric) {
        x = x === "" ? -Infinity : Number(x); y = y === "" ? -Infinity : Number(y);
        order = x < y ? -1 : (x > y ? 1 : 0);
      } else {
        order = x.localeCompare(y, "zh");
      }
      return ascending ? order : -order;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }
  function openTarget() {
    if (!location.hash) { return; }
    var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    for (var node = target; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") { node.open = true; }
    }
    if (target) { target.scrollIntoView(); }
  }
  function markDrawn() {
    document.querySelectorAll("figure.chart").forEach(function (figure) {
      var drawn = 0;
      figure.querySelectorAll(".mark").forEach(function (mark) {
        var box = mark.getBBox();
        if (box.width > 0 || box.height > 0) { drawn += 1; }
      });
      figure.setAttribute("data-drawn", String(drawn));
    });
  }
  document.querySelectorAll("table.sortable th").forEach(function (th) {
    th.addEventListener("click", function () { sortBy(th); });
    th.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sortBy(th); }
    });
  });
  window.addEventListener("hashchange", openTarget);
  openTarget();
  markDrawn();
})();
"""
