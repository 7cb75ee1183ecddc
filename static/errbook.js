// errbook theme script. Pages work without it; it adds search, the level
// filter, copy buttons and jump-to-code. No inline script: the pages'
// Content-Security-Policy allows only files of the site itself.
(function () {
  "use strict";

  // The site root, from this script's own address: pages sit at several
  // depths and may be opened from disk.
  var self = document.currentScript && document.currentScript.src;
  var root = self ? self.replace(/static\/errbook\.js(\?.*)?$/, "") : "";
  // The offline bundle: one page, where each code is an anchor on it.
  var singleFile = document.documentElement.hasAttribute("data-single-file");

  // The search engine and its index load when the reader starts typing.
  var engine = null;
  function loadEngine() {
    if (!engine) {
      engine = new Promise(function (resolve, reject) {
        if (window.errbookSearch) { resolve(window.errbookSearch); return; }
        var script = document.createElement("script");
        script.src = root + "static/search.js";
        script.onload = function () { if (window.errbookSearch) resolve(window.errbookSearch); else reject(new Error("no engine")); };
        script.onerror = function () { reject(new Error("cannot load static/search.js")); };
        document.head.appendChild(script);
      });
    }
    return engine;
  }

  function escapeRegExp(s) { return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

  // Appends `text` to `parent`, the parts matching `pattern` in <mark>.
  // Text nodes only: catalog text can never become markup.
  function appendMarked(parent, text, pattern) {
    var at = 0, match;
    if (pattern) {
      pattern.lastIndex = 0;
      while ((match = pattern.exec(text)) !== null) {
        if (!match[0]) { pattern.lastIndex++; continue; }
        if (match.index > at) parent.appendChild(document.createTextNode(text.slice(at, match.index)));
        var mark = document.createElement("mark");
        mark.textContent = match[0];
        parent.appendChild(mark);
        at = match.index + match[0].length;
      }
    }
    if (at < text.length) parent.appendChild(document.createTextNode(text.slice(at)));
  }

  function markPattern(api, query) {
    var words = api.codeTokens(query).concat(api.writtenWords(query).filter(function (w) { return w.length >= 3 || api.isCjk(w); }));
    words.sort(function (a, b) { return b.length - a.length; });
    words = words.slice(0, 24);
    return words.length ? new RegExp(words.map(escapeRegExp).join("|"), "gi") : null;
  }

  function hitLink(hit, pattern) {
    var link = document.createElement("a");
    link.href = singleFile ? "#" + hit.slug : root + "codes/" + hit.slug + ".html";
    link.className = "search-hit";
    var badge = document.createElement("span");
    badge.className = "badge level-" + hit.levelClass;
    badge.textContent = hit.level || "–";
    var code = document.createElement("code");
    code.className = "search-code";
    appendMarked(code, hit.code, pattern);
    var message = document.createElement("span");
    message.className = "search-message";
    appendMarked(message, hit.message, pattern);
    link.appendChild(badge);
    link.appendChild(document.createTextNode(" "));
    link.appendChild(code);
    link.appendChild(document.createTextNode(" "));
    link.appendChild(message);
    return link;
  }

  function searchPageUrl(query) {
    return root + "search.html?q=" + encodeURIComponent(query);
  }

  function searchBox() {
    var box = document.getElementById("search");
    var input = document.getElementById("search-input");
    var list = document.getElementById("search-results");
    if (!box || !input || !list) return;
    box.hidden = false;
    var sequence = 0, active = -1;

    function items() { return list.querySelectorAll("a"); }
    function setActive(n) {
      var links = items();
      if (!links.length) return;
      active = (n + links.length) % links.length;
      links.forEach(function (l, i) {
        l.parentNode.setAttribute("aria-selected", i === active ? "true" : "false");
        l.parentNode.classList.toggle("active", i === active);
      });
      links[active].scrollIntoView({ block: "nearest" });
    }
    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      active = -1;
    }
    function show(hits, query, api) {
      list.textContent = "";
      active = -1;
      var pattern = markPattern(api, query);
      hits.forEach(function (hit) {
        var item = document.createElement("li");
        item.setAttribute("role", "option");
        item.appendChild(hitLink(hit, pattern));
        list.appendChild(item);
      });
      var more = document.createElement("li");
      more.className = "search-more";
      if (singleFile) {
        // No search page in one file: say when nothing matched.
        if (!hits.length) more.textContent = "No code matches “" + query + "”.";
      } else {
        var link = document.createElement("a");
        link.href = searchPageUrl(query);
        link.textContent = hits.length ? "All results for “" + query + "”" : "No code matches “" + query + "”: open the search page";
        more.appendChild(link);
      }
      if (more.firstChild) list.appendChild(more);
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      if (hits.length) setActive(0);
    }

    input.addEventListener("input", function () {
      var query = input.value.trim();
      var mine = ++sequence;
      if (!query) { close(); return; }
      loadEngine().then(function (api) {
        return api.search(query, 8).then(function (hits) {
          if (mine === sequence) show(hits, query, api);
        });
      }).catch(function (error) {
        if (mine !== sequence) return;
        list.textContent = "";
        var item = document.createElement("li");
        item.textContent = "Search is unavailable: " + error.message;
        list.appendChild(item);
        list.hidden = false;
      });
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") { event.preventDefault(); setActive(active + 1); }
      else if (event.key === "ArrowUp") { event.preventDefault(); setActive(active - 1); }
      else if (event.key === "Enter") {
        event.preventDefault();
        var links = items();
        if (active >= 0 && links[active]) window.location.href = links[active].href;
        else if (input.value.trim() && !singleFile) window.location.href = searchPageUrl(input.value.trim());
      } else if (event.key === "Escape") {
        // Close the results, keeping the query (a search input would
        // clear itself); a second Escape leaves the box.
        event.preventDefault();
        if (!list.hidden) close(); else input.blur();
      }
    });
    document.addEventListener("click", function (event) {
      if (!box.contains(event.target)) close();
    });
    // A result on the same page (the bundle): the list closes on arrival.
    window.addEventListener("hashchange", close);
    document.addEventListener("keydown", function (event) {
      if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
      var target = event.target;
      var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
      if (typing) return;
      event.preventDefault();
      input.focus();
      input.select();
    });
  }

  // search.html: the results of ?q=..., a link anyone can share.
  function searchPage() {
    var form = document.getElementById("search-page");
    if (!form) return;
    var input = document.getElementById("search-page-input");
    var list = document.getElementById("search-page-results");
    var status = document.getElementById("search-page-status");
    form.hidden = false;
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    var sequence = 0;
    function run() {
      var query = input.value.trim();
      var mine = ++sequence;
      if (window.history && window.history.replaceState) {
        try { window.history.replaceState(null, "", query ? "?q=" + encodeURIComponent(query) : window.location.pathname); } catch (e) { /* file:// in some browsers */ }
      }
      list.textContent = "";
      if (!query) { status.textContent = ""; return; }
      status.textContent = "Searching…";
      loadEngine().then(function (api) {
        return api.search(query, 50).then(function (hits) {
          if (mine !== sequence) return;
          var pattern = markPattern(api, query);
          list.textContent = "";
          hits.forEach(function (hit) {
            var item = document.createElement("li");
            item.setAttribute("data-code", hit.code);
            item.setAttribute("data-match", hit.match);
            item.appendChild(hitLink(hit, pattern));
            list.appendChild(item);
          });
          var count = hits.length === 1 ? "1 result" : hits.length + (hits.length === 50 ? "+" : "") + " results";
          status.textContent = hits.length ? count + " for “" + query + "”" : "No code matches “" + query + "”.";
          status.setAttribute("data-done", "true");
        });
      }).catch(function (error) {
        status.textContent = "Search is unavailable: " + error.message;
        status.setAttribute("data-done", "error");
      });
    }
    input.addEventListener("input", run);
    var query = new URLSearchParams(window.location.search).get("q");
    if (query) {
      input.value = query;
      run();
    }
  }

  function levelFilter() {
    var box = document.getElementById("level-filter");
    if (!box) return;
    box.hidden = false;
    box.addEventListener("change", function () {
      var shown = {};
      box.querySelectorAll("input[type=checkbox]").forEach(function (c) { shown[c.value] = c.checked; });
      document.querySelectorAll("tr[data-level]").forEach(function (row) {
        row.classList.toggle("filtered-out", shown[row.getAttribute("data-level")] === false);
      });
    });
  }

  function copyButtons() {
    document.querySelectorAll("button.copy[data-copy]").forEach(function (button) {
      if (!navigator.clipboard) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(button.getAttribute("data-copy")).then(function () {
          button.textContent = "Copied";
          setTimeout(function () { button.textContent = "Copy"; }, 1500);
        });
      });
    });
  }

  function jumpToCode() {
    var form = document.getElementById("jump");
    if (!form) return;
    form.hidden = false;
    var input = document.getElementById("jump-input");
    var status = form.querySelector(".jump-status");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var wanted = input.value.trim().toLowerCase();
      if (!wanted) return;
      var links = document.querySelectorAll("a[data-code]");
      var partial = null;
      for (var i = 0; i < links.length; i++) {
        var code = links[i].getAttribute("data-code").toLowerCase();
        if (code === wanted) { window.location.href = links[i].href; return; }
        if (!partial && code.indexOf(wanted) !== -1) partial = links[i];
      }
      if (partial) { window.location.href = partial.href; return; }
      status.textContent = "No code matches “" + input.value + "”.";
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    searchBox();
    searchPage();
    levelFilter();
    copyButtons();
    jumpToCode();
  });
})();
