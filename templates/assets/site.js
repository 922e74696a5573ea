// Progressive enhancement only: every page works without JavaScript. Meeting pages: item
// headings become fold buttons (the WAI-ARIA accordion), one button folds them all (and the
// agenda, which the folded items then replace); the page map marks the item in view.
// Tables: a hint when they scroll.
(function () {
  "use strict";

  var container = document.querySelector("[data-foldable-items]");
  if (container) {
    foldableItems(container);
  }
  tableHints(document.querySelectorAll(".tabel"));
  var map = document.querySelector(".page-map");
  if (map && container) {
    pageMap(map, container.querySelectorAll(".item"));
  }
  // more.js when needed: tables to stack on a phone; words to mark, from a search result
  // (search-page.js keeps them in sessionStorage) or ?soegeord=.
  var me = document.currentScript, narrow = matchMedia("(max-width: 37.5rem)");
  var tables = document.querySelector(".tabel"), search = /[?&]soegeord=/.test(location.search);
  try { search = search || sessionStorage.getItem("soegeord"); } catch (error) { /* none */ }
  if (search || (tables && narrow.matches)) {
    more();
  } else if (tables) {
    narrow.addEventListener("change", function once() {
      narrow.removeEventListener("change", once);
      more();
    });
  }
  function more() {
    var script = document.createElement("script");
    script.src = me.getAttribute("data-more");
    document.head.appendChild(script);
  }

  // The page map marks the last item whose top has passed a third of the screen.
  function pageMap(map, sections) {
    var current = null, pending = false;
    function update() {
      pending = false;
      var found = null;
      [].some.call(sections, function (section) {
        if (section.getBoundingClientRect().top > innerHeight / 3) { return true; }
        found = section;
      });
      var link = found && map.querySelector("a[href='#" + found.id + "']");
      if (link === current) { return; }
      if (current) { current.removeAttribute("aria-current"); }
      current = link;
      if (link) {
        link.setAttribute("aria-current", "location");
        if (link.offsetTop < map.scrollTop || link.offsetTop > map.scrollTop + map.clientHeight - 30) {
          map.scrollTop = link.offsetTop - map.clientHeight / 2;
        }
      }
    }
    function schedule() {
      if (!pending) { pending = true; requestAnimationFrame(update); }
    }
    addEventListener("scroll", schedule, { passive: true });
    addEventListener("resize", schedule);
    document.addEventListener("click", schedule);
    update();
  }

  // The hint goes when the table fits.
  function tableHints(boxes) {
    if (!boxes.length) {
      return;
    }
    var hints = [].map.call(boxes, function (box) {
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

    [].forEach.call(container.querySelectorAll(".item"), function (section) {
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

    // One button for all items says what it will do.
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
      var folded = allFolded();
      all.textContent = folded ? "Fold alle ud" : "Fold alle sammen";
      container.parentNode.classList.toggle("all-folded", folded);
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
