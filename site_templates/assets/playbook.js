// Sort and filter the incident index in the browser. Vendored here (no CDN): the site
// must work when the network does not. Runs again after Material's instant navigation.
(function () {
  "use strict";

  function cellValue(row, index) {
    var cell = row.cells[index];
    return cell.getAttribute("data-value") !== null ? cell.getAttribute("data-value") : cell.textContent.trim();
  }

  function makeSortable(table) {
    var heads = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(heads, function (th, index) {
      var kind = th.getAttribute("data-sort");
      if (!kind) return;
      // A real button inside the header: screen readers announce "button", keyboards
      // reach it, and aria-sort stays on the header cell where it belongs.
      var button = th.querySelector("button.pb-sort");
      if (!button) {
        button = document.createElement("button");
        button.type = "button";
        button.className = "pb-sort";
        while (th.firstChild) button.appendChild(th.firstChild);
        th.appendChild(button);
      }
      th.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(heads, function (h) { if (h.hasAttribute("aria-sort")) h.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = cellValue(a, index), y = cellValue(b, index);
          var order = kind === "number" ? Number(x) - Number(y) : x.localeCompare(y);
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }

  function makeFilterable(form, table) {
    var selects = form.querySelectorAll("select[data-filter]");
    var output = form.querySelector("output");
    var apply = function () {
      var shown = 0;
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        var visible = Array.prototype.every.call(selects, function (select) {
          var want = select.value;
          if (!want) return true;
          var have = (row.getAttribute("data-" + select.getAttribute("data-filter")) || "").split(" ");
          return have.indexOf(want) !== -1;
        });
        row.hidden = !visible;
        if (visible) shown += 1;
      });
      if (output) output.textContent = shown + " shown";
    };
    Array.prototype.forEach.call(selects, function (select) { select.addEventListener("change", apply); });
    form.hidden = false;
    // Sorting and filtering work now: say so (the words are hidden without this script).
    var hint = form.previousElementSibling && form.previousElementSibling.querySelector(".pb-sort-hint");
    if (hint) {
      hint.hidden = false;
      var other = hint.nextElementSibling;
      if (other && other.classList.contains("pb-tag-hint")) other.hidden = true;
    }
    apply();
  }

  // On a phone a table reads as one card per row: each cell carries its column's name.
  // (A table of a few short columns, data-pb-compact, stays a table while it fits: fitCompact.)
  function makeCards(table) {
    if (!table.tHead || table.classList.contains("pb-facts")) return;
    var names = Array.prototype.map.call(table.tHead.rows[0].cells, function (th) {
      return th.textContent.trim();
    });
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        Array.prototype.forEach.call(row.cells, function (cell, index) {
          if (names[index]) cell.setAttribute("data-label", names[index]);
          if (names[index] === "Severity") badge(cell);
        });
      });
    });
    if (!table.hasAttribute("data-pb-compact")) table.setAttribute("data-pb-cards", "");
    else new ResizeObserver(function () { fitCompact(table); }).observe(table);
  }

  // A severity in a table reads as its coloured badge, as everywhere else on the site (in a
  // phone's card the plain word did not stand out): where the style sheet colours that level.
  function badge(cell) {
    var level = cell.textContent.trim();
    if (cell.children.length || !/^[\w-]+$/.test(level)) return;
    var chip = document.createElement("span");
    chip.className = "pb-sev pb-sev-" + level.toLowerCase();
    chip.textContent = level;
    cell.replaceChildren(chip);
    if (getComputedStyle(chip).backgroundColor === "rgba(0, 0, 0, 0)") cell.textContent = level;
  }

  // A compact table wider than its column (large text on a phone) becomes cards too, rather
  // than widening the page past the screen. Measured as a table, again whenever its size
  // changes (the screen turned, the text made larger).
  function fitCompact(table) {
    table.removeAttribute("data-pb-cards");
    var box = table.parentElement, style = getComputedStyle(box);
    var room = box.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    if (table.offsetWidth > room + 1) table.setAttribute("data-pb-cards", "");
  }

  // Below the width where Material shows a page's table of contents beside it, Material
  // puts it in the navigation drawer, under the page's own entry: a page not listed in
  // the navigation (every incident page) had no way to jump to its Checklist or its
  // Messages to paste. Such a page gets the list at the top of its article.
  function sectionsOnPhone() {
    var article = document.querySelector("article.md-content__inner");
    var toc = document.querySelector(".md-sidebar--secondary [data-md-component='toc']");
    if (!article || !toc || article.querySelector(".pb-onpage")) return;
    if (document.querySelector(".md-nav--primary .md-nav--secondary")) return; // in the drawer
    var links = toc.querySelectorAll(":scope > li > a[href^='#']");
    if (links.length < 3) return;
    var details = document.createElement("details");
    details.className = "pb-onpage abstract"; // Material's collapsible note, list icon
    var summary = document.createElement("summary");
    summary.textContent = toc.closest("nav").getAttribute("aria-label") || "Table of contents";
    details.appendChild(summary);
    var list = document.createElement("ul");
    Array.prototype.forEach.call(links, function (a) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = a.getAttribute("href");
      link.textContent = a.textContent.trim();
      item.appendChild(link);
      list.appendChild(item);
    });
    details.appendChild(list);
    var heading = article.querySelector("h1");
    if (heading) heading.insertAdjacentElement("afterend", details);
    else article.insertBefore(details, article.firstChild);
  }

  // A line that cannot wrap and runs under the copy button would be hidden by it (the float
  // that keeps the corner free only moves lines that wrap): its block starts below the button.
  function clearCopyButton(code) {
    code.classList.remove("pb-below-copy");
    var corner = getComputedStyle(code, "::before"), style = getComputedStyle(code);
    if (corner.content === "none" || style.whiteSpace !== "pre") return;
    var box = code.getBoundingClientRect();
    var left = box.left + code.clientLeft + code.clientWidth - parseFloat(style.paddingRight) - parseFloat(corner.width);
    var below = box.top + code.clientTop + parseFloat(style.paddingTop) + parseFloat(corner.height);
    var text = document.createRange();
    text.selectNodeContents(code);
    if (Array.prototype.some.call(text.getClientRects(), function (r) { return r.width && r.top < below && r.right > left; })) {
      code.classList.add("pb-below-copy");
    }
  }
  // (Measured once laid out with Material's copy button, and again when a block's size changes.)
  var codeSizes = new ResizeObserver(function (changes) {
    changes.forEach(function (change) { clearCopyButton(change.target); });
  });

  // A date, a quarter or a duration in a table is one word: a narrow column broke them as
  // "2024-" / "12-09" and "8d 23h" / "15m". Each is put in a span that does not wrap.
  var TOKEN = /\d{4}-(?:\d\d-\d\d|Q\d)|[~+-]*\d+[dh](?: \d+[hms])+/g;
  function keepWhole(cell) {
    var walk = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT), texts = [];
    while (walk.nextNode()) texts.push(walk.currentNode);
    texts.forEach(function (text) {
      if (text.parentNode.classList.contains("pb-whole")) return;
      var value = text.nodeValue, at = 0, found, parts = document.createDocumentFragment();
      TOKEN.lastIndex = 0;
      while ((found = TOKEN.exec(value))) {
        var whole = document.createElement("span");
        whole.className = "pb-whole";
        whole.textContent = found[0];
        parts.append(value.slice(at, found.index), whole);
        at = TOKEN.lastIndex;
      }
      if (!at) return;
      parts.append(value.slice(at));
      text.replaceWith(parts);
    });
  }

  function init() {
    sectionsOnPhone();
    document.querySelectorAll("article table").forEach(makeCards);
    document.querySelectorAll("article td").forEach(keepWhole);
    // A code block wider than a phone scrolls sideways: a keyboard must reach it too.
    document.querySelectorAll("article pre > code").forEach(function (code) {
      if (!code.hasAttribute("tabindex")) code.tabIndex = 0;
      codeSizes.observe(code);
    });
    document.querySelectorAll(".pb-sortable table").forEach(makeSortable);
    document.querySelectorAll("form.pb-filters").forEach(function (form) {
      var table = document.querySelector("." + form.getAttribute("data-for") + " table");
      if (table) makeFilterable(form, table);
    });
  }

  // Printed, a folded message or section list is a bar with nothing under it: open every
  // folded block for the print and fold back the ones that were folded. Paper is white: a
  // page shown in the dark scheme prints in the light one (it printed light-blue links at
  // 2.4:1 and, with backgrounds, a black frame: the page's color-scheme, which Material
  // keeps in a meta tag), and goes back to dark after.
  var unfolded = [];
  var shown = null;
  window.addEventListener("beforeprint", function () {
    unfolded = Array.prototype.filter.call(document.querySelectorAll("article details:not([open])"), function (d) {
      d.open = true;
      return true;
    });
    var meta = document.querySelector("meta[name='color-scheme']");
    shown = [document.body.getAttribute("data-md-color-scheme"), meta && meta.content];
    document.documentElement.setAttribute("data-pb-print", ""); // no fading from dark colours
    document.body.setAttribute("data-md-color-scheme", "default");
    if (meta) meta.content = "light";
  });
  window.addEventListener("afterprint", function () {
    unfolded.forEach(function (d) { d.open = false; });
    unfolded = [];
    var meta = document.querySelector("meta[name='color-scheme']");
    if (shown && shown[0]) document.body.setAttribute("data-md-color-scheme", shown[0]);
    if (shown && meta && shown[1] !== null) meta.content = shown[1];
    document.documentElement.removeAttribute("data-pb-print");
    shown = null;
  });

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
