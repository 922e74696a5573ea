// Progressive enhancement only: every page works without JavaScript.
//
// Meeting pages: each agenda item can be folded and unfolded. The buttons are made here,
// so a reader without JavaScript simply sees every item in full. Each item's heading text
// becomes a button (the WAI-ARIA accordion pattern) whose aria-expanded announces the
// state; one button folds every item ("Fold alle sammen") or, once all are folded,
// unfolds them ("Fold alle ud"). A folded item opens again when a link (the table of
// contents, a search result) or the browser's find-in-page leads to it. Printing ignores the fold state (90-print.css).
//
// Tables wider than the screen get a hint that they scroll sideways.
(function () {
  "use strict";

  var container = document.querySelector("[data-foldable-items]");
  if (container) {
    foldableItems(container);
  }
  tableHints(document.querySelectorAll(".tabel"));

  // A table wider than its box says so above it (the box scrolls sideways, by touch or
  // with the arrow keys once it has the focus); the hint goes when the table fits.
  function tableHints(boxes) {
    if (!boxes.length) {
      return;
    }
    var hints = Array.prototype.map.call(boxes, function (box) {
      var hint = document.createElement("p");
      hint.className = "tabel-hint";
      hint.textContent = "Tabellen er bredere end skærmen: skub den til siden for at se resten.";
      box.parentNode.insertBefore(hint, box);
      return { box: box, hint: hint };
    });
    function update() {
      hints.forEach(function (pair) {
        pair.hint.hidden = pair.box.scrollWidth <= pair.box.clientWidth + 1;
      });
    }
    update();
    window.addEventListener("resize", update);
    document.addEventListener("click", update); // after an item is unfolded
  }

  function foldableItems(container) {
    var untilFound = "onbeforematch" in document.body;
    var items = [];
    var all = null; // the button for every item, made once the items are known

    Array.prototype.forEach.call(container.querySelectorAll(".item"), function (section) {
      var heading = section.querySelector(".item-title");
      var content = section.querySelector(".item-content");
      // A closed item shows only its title: there is nothing to fold.
      if (!heading || !content || !content.id || section.classList.contains("item-closed")) {
        return;
      }
      var button = document.createElement("button");
      button.type = "button";
      button.className = "fold-toggle";
      button.setAttribute("aria-controls", content.id);
      while (heading.firstChild) {
        button.appendChild(heading.firstChild);
      }
      heading.appendChild(button);
      var item = { section: section, button: button, content: content };
      items.push(item);
      setOpen(item, true);
      button.addEventListener("click", function () {
        setOpen(item, button.getAttribute("aria-expanded") !== "true");
      });
      content.addEventListener("beforematch", function () { setOpen(item, true); });
    });
    if (!items.length) {
      return;
    }

    // One button for all items; it says what it will do: fold them all, or (once every
    // item is folded) unfold them all.
    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    var bar = document.createElement("div");
    bar.className = "fold-all";
    all = document.createElement("button");
    all.type = "button";
    all.className = "fold-all-button";
    all.addEventListener("click", function () {
      var open = allFolded();
      items.forEach(function (item) { setOpen(item, open); });
      status.textContent = "Alle " + items.length + " punkter er foldet " +
        (open ? "ud." : "sammen.");
    });
    bar.appendChild(all);
    bar.appendChild(status);
    container.parentNode.insertBefore(bar, container);
    label();

    function allFolded() {
      return items.every(function (item) {
        return item.button.getAttribute("aria-expanded") === "false";
      });
    }

    function label() {
      all.textContent = allFolded() ? "Fold alle ud" : "Fold alle sammen";
    }

    function setOpen(item, open) {
      item.button.setAttribute("aria-expanded", open ? "true" : "false");
      if (all) { label(); }
      item.section.classList.toggle("item-folded", !open);
      if (open) {
        item.content.removeAttribute("hidden");
      } else if (untilFound) {
        item.content.setAttribute("hidden", "until-found");
      } else {
        item.content.hidden = true;
      }
    }

    function openTarget(id) {
      var target = id && document.getElementById(decodeURIComponent(id));
      if (!target) {
        return;
      }
      items.forEach(function (item) {
        if (item.section === target || item.section.contains(target)) {
          setOpen(item, true);
        }
      });
    }

    // Links within the page (the table of contents) and the back button open their item.
    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("a[href^='#']");
      if (link) {
        openTarget(link.getAttribute("href").slice(1));
      }
    });
    window.addEventListener("hashchange", function () {
      openTarget(location.hash.slice(1));
    });
  }
})();
