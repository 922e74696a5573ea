// The search box in the header is a plain form that opens /soeg/?q=… (search-page.js does
// the searching there). Nothing is loaded on an ordinary page view: focusing the box only
// warms the browser's cache with the search page and what it loads first.
(function () {
  "use strict";

  var headerBox = document.querySelector("[data-search-box]");
  if (!headerBox || document.querySelector("[data-search-page]")) { return; }
  headerBox.addEventListener("focusin", warmCache, { once: true });

  function warmCache() {
    fetch(headerBox.getAttribute("action"), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) {
        var found = new DOMParser().parseFromString(html, "text/html");
        var page = found.querySelector("[data-search-page]");
        if (!page) { return; }
        var scripts = Array.prototype.map.call(found.querySelectorAll("script[src]"),
          function (script) { return script.getAttribute("src"); });
        scripts.concat([page.getAttribute("data-index")]).forEach(function (url) {
          fetch(url, { credentials: "same-origin" }).catch(function () {});
        });
      })
      .catch(function () {});
  }
})();
