// The header search box, answered by the pagefind index the build writes to pagefind/.
// Everything it loads is a file of this site: the box must work while the network is down.
// Pagefind fetches only the index chunks for the words typed and the previews shown, so a
// query costs kilobytes however many incidents the site holds.
(function () {
  "use strict";

  // What the box adds once in use (the clear button, the result list), the same on every
  // page: the build writes it in here (partials/playbook-search-box.html) rather than into
  // each page. Links in it are from the site's root.
  var BOX = null;

  var box = document.querySelector("[data-pb-search]");
  var toggle = document.getElementById("__search");
  if (!box || !toggle) return;
  var bundle = new URL(box.getAttribute("data-pb-search"), document.baseURI);
  var inner = box.querySelector(".md-search__inner");
  var form = box.querySelector(".md-search__form");
  if (BOX && inner && form && !box.querySelector(".md-search-result__list")) {
    // Parsed in a template, whose content fetches nothing, so that its links are made the
    // site's before the browser follows one from this page's folder.
    var root = new URL("..", bundle);
    var parts = document.createElement("template");
    parts.innerHTML = BOX;
    Array.prototype.forEach.call(parts.content.querySelectorAll("[href]"), function (node) {
      node.setAttribute("href", new URL(node.getAttribute("href"), root).href);
    });
    var options = parts.content.querySelector(".md-search__options");
    if (options) form.appendChild(options);
    inner.appendChild(parts.content);
  }

  var input = box.querySelector(".md-search__input");
  var meta = box.querySelector(".md-search-result__meta");
  var list = box.querySelector(".md-search-result__list");
  // The site's words for a count of results travel with the result list (BOX).
  var said = box.querySelector("[data-pb-none]") || box;
  var words = {
    placeholder: meta.textContent.trim(),
    none: said.getAttribute("data-pb-none") || "No matching documents",
    one: said.getAttribute("data-pb-one") || "1 matching document",
    other: said.getAttribute("data-pb-other") || "# matching documents",
  };
  // Previews are fetched for this many pages at first, more when the reader asks: each one is
  // a request, and the first screen of results is what a reader at 3 a.m. reads.
  var PAGE = 5;

  // A query runs once typing pauses this long: each run fetches index chunks and previews,
  // and the words on the way to "checkout" ("c", "ch", …) are not worth their bytes.
  var SETTLE_MS = 160;

  var engine = null;
  function load() {
    if (!engine) {
      engine = import(new URL("pagefind.js", bundle).href).then(function (pagefind) {
        return pagefind
          .options({
            // Pages are indexed by their path from the site root; the site may be served from
            // a sub-folder (GitHub Pages), which is where pagefind/ sits.
            baseUrl: new URL("..", bundle).pathname,
            excerptLength: 24,
            // Search in the page itself: a worker is one more script to fetch (~40 KB) for
            // a few milliseconds of work per query.
            noWorker: true,
          })
          .then(function () { return pagefind.init(); })
          .then(function () { return pagefind; });
      });
      engine.catch(function () {
        engine = null; // a failed load (server restarting) is tried again on the next key
      });
    }
    return engine;
  }

  // --- showing results -------------------------------------------------------------------

  // Pagefind's excerpts are page text with <mark> around the words found. Only the marks are
  // markup: the rest becomes text nodes, so record text can never become HTML here.
  function excerpt(target, html) {
    var parts = String(html || "").split(/(<mark>|<\/mark>)/);
    var marked = false;
    var scratch = document.createElement("textarea");
    parts.forEach(function (part) {
      if (part === "<mark>") { marked = true; return; }
      if (part === "</mark>") { marked = false; return; }
      if (!part) return;
      scratch.innerHTML = part; // decodes &amp; and friends; a textarea never parses tags
      var text = document.createTextNode(scratch.value);
      if (marked) {
        var mark = document.createElement("mark");
        mark.appendChild(text);
        target.appendChild(mark);
      } else {
        target.appendChild(text);
      }
    });
  }

  function article(level, title, text, label) {
    var node = document.createElement("article");
    node.className = "md-search-result__article md-typeset" +
      (level === 1 ? " md-search-result__article--document" : "");
    if (level === 1) {
      var icon = document.createElement("div");
      icon.className = "md-search-result__icon md-icon";
      node.appendChild(icon);
    }
    var heading = document.createElement(level === 1 ? "h1" : "h2");
    heading.textContent = title;
    node.appendChild(heading);
    if (label) {
      var kind = document.createElement("span");
      kind.className = "pb-search-kind";
      kind.textContent = label;
      heading.appendChild(document.createTextNode(" "));
      heading.appendChild(kind);
    }
    if (text) {
      var p = document.createElement("p");
      excerpt(p, text);
      node.appendChild(p);
    }
    return node;
  }

  function link(url, child) {
    var a = document.createElement("a");
    a.href = url;
    a.className = "md-search-result__link";
    a.appendChild(child);
    return a;
  }

  function item(data) {
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    var m = data.meta || {};
    var label = [m.kind, m.severity, m.status].filter(Boolean).join(" · ");
    li.appendChild(link(data.url, article(1, m.title || data.url, data.excerpt, label)));
    // Up to two sections of the page, as Material shows them, when the words are there.
    (data.sub_results || [])
      .filter(function (sub) { return sub.url !== data.url && sub.title !== m.title; })
      .slice(0, 2)
      .forEach(function (sub) { li.appendChild(link(sub.url, article(2, sub.title, sub.excerpt))); });
    return li;
  }

  function count(n) {
    if (n === 0) return words.none;
    return n === 1 ? words.one : words.other.replace("#", n);
  }

  // --- searching -------------------------------------------------------------------------

  var current = 0; // the latest query; answers to older ones are dropped
  var found = [];
  var shown = 0;
  var more = null;

  // Pagefind answers a word it does not know with the longest prefix it does ("xylophone"
  // finds "x" in "curl -X"): right while a word is half typed ("installa" → "install"),
  // noise otherwise. A page counts when a word it matched shares most of a typed word.
  function plain(word) {
    return word.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
  }

  function closeEnough(found, typed) {
    var same = 0;
    while (same < found.length && same < typed.length && found[same] === typed[same]) same++;
    return same >= Math.min(typed.length, Math.max(3, Math.ceil(typed.length * 0.6)));
  }

  function matches(data, typed) {
    var words = String(data.content || "").split(/\s+/);
    return (data.locations || []).some(function (at) {
      var found = plain(words[at] || "");
      return found !== "" && typed.some(function (t) { return closeEnough(found, t); });
    });
  }

  // Does the page hold exactly this word where pagefind found it ("0016", not "0017")?
  function holds(data, word) {
    var words = String(data.content || "").split(/\s+/);
    return (data.locations || []).some(function (at) { return plain(words[at] || "") === word; });
  }

  var dropped = 0;
  var answered = "";

  function showMore(ticket, typed) {
    var batch = found.slice(shown, shown + PAGE);
    shown += batch.length;
    return Promise.all(batch.map(function (r) { return r.data(); })).then(function (pages) {
      if (ticket !== current) return undefined;
      if (more) { more.remove(); more = null; }
      var kept = pages.filter(function (data) { return matches(data, typed); });
      dropped += pages.length - kept.length;
      kept.forEach(function (data) { list.appendChild(item(data)); });
      meta.textContent = count(found.length - dropped);
      box.setAttribute("data-pb-query", answered); // which query the list answers
      if (shown < found.length) {
        // Nothing kept of a whole batch: the rest are the same kind of guess.
        if (!kept.length) { meta.textContent = count(list.children.length); return undefined; }
        more = document.createElement("li");
        more.className = "md-search-result__item pb-search-more";
        var button = document.createElement("button");
        button.type = "button";
        button.className = "md-search-result__link";
        button.textContent = "Show more (" + (found.length - shown) + ")";
        button.addEventListener("click", function () {
          var from = links().length;
          showMore(ticket, typed).then(function () { focusAt(from); });
        });
        more.appendChild(button);
        list.appendChild(more);
      }
      return undefined;
    });
  }

  // The results of two searches, the first's first, each page once.
  function both(answers) {
    var seen = {};
    var results = [];
    answers.forEach(function (answer) {
      (answer ? answer.results : []).forEach(function (r) {
        if (!seen[r.id]) { seen[r.id] = true; results.push(r); }
      });
    });
    return { results: results };
  }

  function search(query) {
    var ticket = ++current;
    if (!query.trim()) {
      list.textContent = "";
      meta.textContent = words.placeholder;
      box.removeAttribute("data-pb-state");
      box.removeAttribute("data-pb-query");
      return Promise.resolve();
    }
    box.setAttribute("data-pb-state", "searching");
    // An incident's number as people say it ("16", "#16") is its label's ("0016") too: that
    // search goes first, so the incident leads its list.
    var number = /^#?(\d{1,3})$/.exec(query.trim());
    var label = number ? ("000" + number[1]).slice(-4) : null;
    return load()
      .then(function (pagefind) {
        if (!label) return pagefind.search(query);
        return Promise.all([pagefind.search(label), pagefind.search(number[1])]).then(function (two) {
          // Only the pages holding the label itself: for an unknown label pagefind offers
          // pages of a shorter prefix ("05…" for "0500").
          var first = (two[0] ? two[0].results : []).slice(0, 3);
          return Promise.all(first.map(function (r) { return r.data(); })).then(function (pages) {
            var exact = first.filter(function (r, i) { return holds(pages[i], label); });
            return both([{ results: exact }, two[1]]);
          });
        });
      })
      .then(function (answer) {
        if (ticket !== current || !answer) return undefined;
        found = answer.results;
        answered = query;
        shown = 0;
        dropped = 0;
        more = null;
        list.textContent = "";
        var typed = query.split(/\s+/).map(plain).filter(Boolean).concat(label ? [label] : []);
        return showMore(ticket, typed);
      })
      .then(function () {
        if (ticket === current) box.setAttribute("data-pb-state", "done");
      })
      .catch(function (error) {
        if (ticket !== current) return;
        meta.textContent = "Search is unavailable: " + (error && error.message ? error.message : error);
        box.setAttribute("data-pb-state", "failed");
      });
  }

  // Where focus goes back to when Esc closes the box: what opened it (the header's search
  // button, the field itself, or whatever had focus when "/" was pressed), never a result
  // left focused in a closed box, where Enter would open a page no one sees.
  var opener = null;
  var quiet = false; // focusing the field to close the box must not open it again

  var timer = 0;
  input.addEventListener("input", function () {
    if (!toggle.checked) { toggle.checked = true; opener = input; } // typing after Esc
    clearTimeout(timer);
    timer = setTimeout(function () { search(input.value); }, input.value.trim() ? SETTLE_MS : 0);
  });
  // Clicking or tabbing into the field opens the box, as a shortcut does (in the header at
  // desktop width the field is visible before the box is open). Opening starts loading the
  // engine and the index's directory, so they are there by the time the first word is typed.
  input.addEventListener("focus", function () {
    if (quiet) return;
    if (!toggle.checked) opener = input;
    toggle.checked = true;
    load().catch(function () {});
  });
  input.addEventListener("click", function () {
    if (!toggle.checked) { toggle.checked = true; opener = input; }
  });
  // Tabbing on past the box (or to a link elsewhere) closes it; a click on the dimmed page
  // does too, through its overlay.
  box.addEventListener("focusout", function (event) {
    var next = event.relatedTarget;
    if (next instanceof Node && !box.contains(next)) toggle.checked = false;
  });

  // --- keyboard: "/" or "s" opens, Esc closes, arrows move, Enter follows ------------------

  function open() {
    opener = document.activeElement;
    toggle.checked = true;
    input.focus();
    input.select();
  }

  function onScreen(node) {
    var r = node.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(node).visibility !== "hidden";
  }

  function close(restore) {
    var back = opener;
    opener = null;
    toggle.checked = false;
    if (!restore) return;
    quiet = true;
    if (back instanceof HTMLElement && back !== document.body && back.isConnected && onScreen(back)) back.focus();
    else if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
    quiet = false;
  }

  function links() {
    return Array.prototype.slice.call(list.querySelectorAll(".md-search-result__link"));
  }

  function focusAt(index) {
    var all = links();
    if (index < 0) { input.focus(); return; }
    if (all.length) all[Math.min(index, all.length - 1)].focus();
  }

  function editable(target) {
    return target instanceof HTMLElement &&
      (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (!toggle.checked) {
      var button = event.target instanceof Element && event.target.matches("label[for='__search'][role=button]");
      if (((event.key === "/" || event.key === "s" || event.key === "S") && !editable(event.target)) ||
          (button && (event.key === "Enter" || event.key === " "))) {
        event.preventDefault();
        open();
      }
      return;
    }
    var all = links();
    var at = all.indexOf(document.activeElement);
    if (event.key === "Escape") {
      event.preventDefault();
      close(true);
    } else if (event.key === "ArrowDown") {
      event.preventDefault();
      focusAt(at + 1);
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      focusAt(at - 1);
    } else if (event.key === "Enter" && document.activeElement === input && all.length) {
      event.preventDefault();
      all[0].click();
    } else if (event.key.length === 1 && document.activeElement !== input && !editable(event.target)) {
      input.focus(); // typing while a result is focused goes on with the query
    }
  });

  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("reset", function () {
    setTimeout(function () { search(""); input.focus(); }, 0);
  });
  toggle.addEventListener("change", function () {
    if (!toggle.checked) return;
    // Opened by a tap on the header's search button: Esc comes back to it.
    var button = document.querySelector("label.md-header__button[for='__search']");
    if (!opener && button && onScreen(button)) opener = button;
    input.focus();
  });
  // Following a result to a place on the same page closes the box.
  list.addEventListener("click", function (event) {
    if (event.target instanceof Element && event.target.closest("a")) close();
  });
})();
