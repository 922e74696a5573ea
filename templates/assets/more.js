// Loaded by site.js when needed. On a phone, tables of up to three columns stack
// (80-mobile.css), each cell labelled with its column's header. Arriving from a search
// result (or with ?soegeord=), each word (a stem, as the search index has it) marks the
// words that begin with it, in the item the result leads to (or the whole page); a button
// removes the marks.
(function () {
  "use strict";

  if (matchMedia("(max-width: 37.5rem)").matches) {
    stackTables(document.querySelectorAll(".tabel:not(.tabel-stack)"));
    window.dispatchEvent(new Event("resize")); // site.js hides the hints of tables that fit
  }
  var words = new URLSearchParams(location.search).get("soegeord");
  try {
    var kept = JSON.parse(sessionStorage.getItem("soegeord"));
    sessionStorage.removeItem("soegeord");
    if (!words && kept && kept.u === location.pathname + location.hash) { words = kept.w; }
  } catch (error) { /* no storage */ }
  markSearchWords(words);

  // Roles keep a stacked table a table for every screen reader.
  function stackTables(boxes) {
    [].forEach.call(boxes, function (box) {
      var heads = box.querySelectorAll("thead th");
      if (!heads.length || heads.length > 3) { return; }
      box.classList.add("tabel-stack");
      box.querySelector("table").setAttribute("role", "table");
      [].forEach.call(box.querySelectorAll("tr"), function (row) {
        row.setAttribute("role", "row");
        [].forEach.call(row.children, function (cell, i) {
          var td = cell.tagName === "TD";
          cell.setAttribute("role", td ? "cell" : cell.scope === "row" ? "rowheader" : "columnheader");
          if (td && heads[i] && heads[i].textContent.trim()) {
            cell.setAttribute("data-label", heads[i].textContent.trim());
          }
        });
      });
    });
  }

  function markSearchWords(param) {
    var words = (param || "").toLowerCase().split(/\s+/).filter(function (w) {
      return w.length > 1;
    }).map(function (w) { return w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); });
    var main = document.getElementById("indhold");
    if (!words.length || !main) {
      return;
    }
    var target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    var scope = (target && (target.closest(".item") || target)) || main;
    var pattern = new RegExp("(^|[^\\p{L}\\p{N}])((?:" + words.join("|") + ")[\\p{L}\\p{N}]*)", "giu");
    var walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        return node.parentNode.closest("script, style, mark, button") ?
          NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      }
    });
    var nodes = [];
    while (walker.nextNode()) { nodes.push(walker.currentNode); }
    var marks = [];
    nodes.forEach(function (node) {
      var text = node.nodeValue;
      var parts = document.createDocumentFragment();
      var last = 0;
      text.replace(pattern, function (match, lead, word, offset) {
        var start = offset + lead.length;
        parts.appendChild(document.createTextNode(text.slice(last, start)));
        var mark = document.createElement("mark");
        mark.className = "search-mark"; // the browser's own yellow
        mark.textContent = word;
        parts.appendChild(mark);
        marks.push(mark);
        last = start + word.length;
      });
      if (last) {
        parts.appendChild(document.createTextNode(text.slice(last)));
        node.parentNode.replaceChild(parts, node);
      }
    });
    if (!marks.length) {
      return;
    }
    var bar = document.createElement("p");
    bar.className = "fold-all";
    bar.setAttribute("data-marked", "");
    bar.appendChild(document.createTextNode("Dine søgeord er markeret (" + marks.length + ")."));
    var button = document.createElement("button");
    button.type = "button";
    button.className = "fold-all-button";
    button.textContent = "Fjern markeringen";
    bar.appendChild(button);
    var title = scope.querySelector(".item-title");
    if (title) {
      title.parentNode.insertBefore(bar, title.nextSibling);
    } else {
      scope.insertBefore(bar, scope.firstChild);
    }
    button.addEventListener("click", function () {
      marks.forEach(function (mark) {
        var parent = mark.parentNode;
        parent.replaceChild(document.createTextNode(mark.textContent), mark);
        parent.normalize();
      });
      bar.remove();
      var url = new URL(location.href);
      url.searchParams.delete("soegeord");
      history.replaceState(history.state, "", url.href);
      scope.setAttribute("tabindex", "-1");
      scope.focus({ preventScroll: true });
    });
  }

})();
