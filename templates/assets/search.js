// Search. The box in the header is a plain form that opens /soeg/?q=…; on the search page
// this script loads lunr.js, its Danish support and the index (named by the page's data
// attributes) and shows the results. Nothing is loaded on an ordinary page view: focusing
// the header box only warms the browser's cache for the search page.
// Results are built with createElement/textContent only: titles and text are data.
(function () {
  "use strict";

  var LIMIT = 50;
  var SNIPPET = 220; // characters of text shown around the first matched word
  var PARAMS = ["q", "organ", "type", "aar"];

  var page = document.querySelector("[data-search-page]");
  var headerBox = document.querySelector("[data-search-box]");

  if (!page) {
    if (headerBox) {
      headerBox.addEventListener("focusin", warmCache, { once: true });
    }
    return;
  }

  // Warm-up from other pages ---------------------------------------------------------

  function warmCache() {
    fetch(headerBox.getAttribute("action"), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) {
        var found = new DOMParser().parseFromString(html, "text/html")
          .querySelector("[data-search-page]");
        if (!found) { return; }
        resourcesOf(found).forEach(function (url) {
          fetch(url, { credentials: "same-origin" }).catch(function () {});
        });
      })
      .catch(function () {});
  }

  function resourcesOf(element) {
    return element.getAttribute("data-scripts").split(/\s+/).filter(Boolean)
      .concat([element.getAttribute("data-index")]);
  }

  // The search page ------------------------------------------------------------------

  var form = page.querySelector("[data-search-form]");
  var input = form.elements.q;
  var status = page.querySelector("[data-search-status]");
  var fallback = page.querySelector("[data-search-fallback]");
  var list = page.querySelector("[data-search-results]");
  var baseTitle = document.title;
  var loaded = null; // promise of {index, docs, organs, analyse}

  fallback.hidden = true;
  setStatus("");

  function load() {
    if (!loaded) {
      var scripts = page.getAttribute("data-scripts").split(/\s+/).filter(Boolean);
      var data = fetch(page.getAttribute("data-index"), { credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) { throw new Error("søgeindeks: " + response.status); }
          return response.json();
        });
      loaded = scripts.reduce(function (chain, src) {
        return chain.then(function () { return loadScript(src); });
      }, Promise.resolve()).then(function () { return data; }).then(function (file) {
        return {
          index: window.lunr.Index.load(file.index),
          docs: file.docs,
          organs: file.organer,
          analyse: analyser(window.lunr),
        };
      });
      loaded.catch(function () { loaded = null; });
    }
    return loaded;
  }

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src;
      script.async = false;
      script.onload = resolve;
      script.onerror = function () { reject(new Error(src)); };
      document.head.appendChild(script);
    });
  }

  // The words of a text as the index saw them: lunr.da's trimmer, stopword filter and
  // stemmer, so that a word is marked exactly when its term matched.
  function analyser(lunr) {
    var pipeline = new lunr.Pipeline();
    pipeline.add(lunr.da.trimmer, lunr.da.stopWordFilter, lunr.da.stemmer);
    var parts = new RegExp("^([^" + lunr.da.wordCharacters + "]*)([\\s\\S]*?)([^" +
      lunr.da.wordCharacters + "]*)$");
    var seen = new Map();
    return function (word) {
      if (!seen.has(word)) {
        var terms = pipeline.run([new lunr.Token(word.toLowerCase())]);
        var split = parts.exec(word);
        seen.set(word, { term: terms.length ? terms[0].toString() : "", lead: split[1],
          core: split[2], trail: split[3] });
      }
      return seen.get(word);
    };
  }

  function readParams() {
    var params = new URLSearchParams(window.location.search);
    var state = {};
    PARAMS.forEach(function (name) { state[name] = (params.get(name) || "").trim(); });
    return state;
  }

  function formParams() {
    var state = {};
    PARAMS.forEach(function (name) { state[name] = form.elements[name].value.trim(); });
    return state;
  }

  function showParams(state) {
    PARAMS.forEach(function (name) {
      var field = form.elements[name];
      field.value = state[name];
      if (field.tagName === "SELECT" && field.value !== state[name]) { field.value = ""; }
    });
  }

  function queryString(state) {
    var params = new URLSearchParams();
    PARAMS.forEach(function (name) { if (state[name]) { params.set(name, state[name]); } });
    var text = params.toString();
    return window.location.pathname + (text ? "?" + text : "");
  }

  function navigate(state) {
    var target = queryString(state);
    if (target !== window.location.pathname + window.location.search) {
      window.history.pushState(null, "", target);
    }
    run(state);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    navigate(formParams());
  });
  ["organ", "type", "aar"].forEach(function (name) {
    form.elements[name].addEventListener("change", function () { navigate(formParams()); });
  });
  if (headerBox) {
    headerBox.addEventListener("submit", function (event) {
      event.preventDefault();
      var state = formParams();
      state.q = headerBox.elements.q.value.trim();
      showParams(state);
      navigate(state);
      input.focus();
    });
  }
  input.addEventListener("focus", function () { load().catch(function () {}); });
  window.addEventListener("popstate", function () {
    var state = readParams();
    showParams(state);
    run(state);
  });

  var runs = 0;
  function run(state) {
    var mine = ++runs;
    document.title = state.q ? "»" + state.q + "« – " + baseTitle : baseTitle;
    if (!state.q) {
      clear();
      setStatus("Skriv et eller flere ord i søgefeltet.");
      return;
    }
    list.setAttribute("aria-busy", "true");
    setStatus("Søger …");
    load().then(function (search) {
      if (mine === runs) { render(search, state); }
    }, function () {
      if (mine !== runs) { return; }
      clear();
      setStatus("Søgningen kunne ikke indlæses. Prøv igen senere.");
      fallback.hidden = false;
    });
  }

  function clear() {
    list.textContent = "";
    list.removeAttribute("aria-busy");
    fallback.hidden = true;
  }

  function render(search, state) {
    var hits = query(search.index, state.q).filter(function (hit) {
      var doc = search.docs[Number(hit.ref)];
      var year = Number(state.aar);
      return (!state.organ || doc.o === state.organ) && (!state.type || doc.k === state.type) &&
        (!year || (doc.y && doc.y[0] <= year && year <= doc.y[1]));
    });
    clear();
    var fragment = document.createDocumentFragment();
    hits.slice(0, LIMIT).forEach(function (hit) {
      fragment.appendChild(result(search, search.docs[Number(hit.ref)], matchedTerms(hit)));
    });
    list.appendChild(fragment);
    var filtered = state.organ || state.type || state.aar;
    var what = " for »" + state.q + "«" + (filtered ? " med de valgte afgrænsninger" : "");
    if (!hits.length) {
      setStatus("Ingen resultater" + what + ".");
      fallback.hidden = false;
    } else if (hits.length > LIMIT) {
      setStatus("Viser de " + LIMIT + " bedste af " + hits.length + " resultater" + what + ".");
    } else {
      setStatus(hits.length + (hits.length === 1 ? " resultat" : " resultater") + what + ".");
    }
  }

  // lunr's query syntax, forgiving: punctuation around words is dropped, and a query lunr
  // cannot parse is searched again as plain words.
  function query(index, text) {
    var wordChars = window.lunr.da.wordCharacters;
    var lead = new RegExp("^([+-]?)[^" + wordChars + "0-9*]+");
    var trail = new RegExp("[^" + wordChars + "0-9*]+$");
    var cleaned = text.normalize("NFC").split(/\s+/).map(function (part) {
      return part.replace(lead, "$1").replace(trail, "");
    }).filter(function (part) { return part && part !== "+" && part !== "-"; }).join(" ");
    try {
      return index.search(cleaned);
    } catch (error) {
      if (!(error instanceof window.lunr.QueryParseError)) { throw error; }
      var plain = cleaned.replace(/[:^~+*]/g, " ").replace(/(^|\s)-+/g, "$1").trim();
      return plain ? index.search(plain) : [];
    }
  }

  function matchedTerms(hit) {
    return new Set(Object.keys(hit.matchData.metadata));
  }

  function result(search, doc, terms) {
    var item = document.createElement("li");
    item.className = "search-result";
    var heading = document.createElement("h2");
    heading.className = "search-result-title";
    var link = document.createElement("a");
    link.href = doc.u;
    appendMarked(link, doc.t, terms, search.analyse);
    heading.appendChild(link);
    item.appendChild(heading);

    var meta = document.createElement("p");
    meta.className = "search-result-meta";
    [doc.o ? search.organs[doc.o] || doc.o : "", doc.dt, doc.kl].filter(Boolean)
      .forEach(function (text, i) {
        if (i) { meta.appendChild(document.createTextNode(" · ")); }
        var span = document.createElement("span");
        span.textContent = text;
        meta.appendChild(span);
      });
    item.appendChild(meta);

    if (doc.s) {
      var snippet = document.createElement("p");
      snippet.className = "search-result-snippet";
      appendMarked(snippet, excerpt(doc.s, terms, search.analyse), terms, search.analyse);
      item.appendChild(snippet);
    }
    return item;
  }

  // The part of a text around its first matched word.
  function excerpt(text, terms, analyse) {
    if (text.length <= SNIPPET) { return text; }
    var words = text.split(/([\s-]+)/);
    var offset = 0;
    var first = -1;
    for (var i = 0; i < words.length; i += 1) {
      if (i % 2 === 0 && terms.has(analyse(words[i]).term)) { first = offset; break; }
      offset += words[i].length;
    }
    var start = first < 0 ? 0 : Math.max(0, first - 60);
    if (start > 0) {
      var space = text.indexOf(" ", start);
      start = space >= 0 && space < first ? space + 1 : start;
    }
    var end = Math.min(text.length, start + SNIPPET);
    if (end < text.length) {
      var last = text.lastIndexOf(" ", end);
      end = last > start ? last : end;
    }
    return (start > 0 ? "… " : "") + text.slice(start, end) + (end < text.length ? " …" : "");
  }

  // Appends text to an element, with the words whose term matched in <mark>.
  function appendMarked(element, text, terms, analyse) {
    text.split(/([\s-]+)/).forEach(function (part, i) {
      var word = i % 2 === 0 ? analyse(part) : null;
      if (!word || !word.term || !terms.has(word.term)) {
        element.appendChild(document.createTextNode(part));
        return;
      }
      element.appendChild(document.createTextNode(word.lead));
      var mark = document.createElement("mark");
      mark.textContent = word.core;
      element.appendChild(mark);
      element.appendChild(document.createTextNode(word.trail));
    });
  }

  function setStatus(text) {
    status.textContent = text;
  }

  var initial = readParams();
  showParams(initial);
  if (initial.q) {
    run(initial);
  } else {
    setStatus("Skriv et eller flere ord i søgefeltet.");
    load().catch(function () {});
  }
})();
