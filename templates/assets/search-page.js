// The search page /soeg/: with lunr.js, its Danish support and search-core.js (loaded by
// the page before this script), loads the index's first file (named by the page's
// data-index) and searches; search-core.js fetches the parts of the index a query needs
// and the documents of the results shown (site_builder/search/shards.py).
// The query and the filters live in the URL. Results are built with
// createElement/textContent only: titles and text are data.
(function () {
  "use strict";

  var PAGE = 20; // results shown at a time
  var SNIPPET = 220; // characters of text shown around the first matched word
  var PARAMS = ["q", "organ", "type", "aar"];

  var page = document.querySelector("[data-search-page]");
  var headerBox = document.querySelector("[data-search-box]");
  if (!page) { return; }

  var form = page.querySelector("[data-search-form]");
  var input = form.elements.q;
  var status = page.querySelector("[data-search-status]");
  var fallback = page.querySelector("[data-search-fallback]");
  var list = page.querySelector("[data-search-results]");
  var more = page.querySelector("[data-search-more]");
  var baseTitle = document.title;
  var loaded = null; // promise of {core, organs, analyse}
  var shown = null; // the results on screen: {search, hits, count, what}

  fallback.hidden = true;
  setStatus("");

  function fetchJson(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) { throw new Error(url + ": " + response.status); }
      return response.json();
    });
  }

  // lunr.js, its Danish support and search-core.js come before this script (defer).
  function load() {
    if (!loaded) {
      loaded = fetchJson(page.getAttribute("data-index")).then(function (file) {
        return {
          core: window.searchCore.create(window.lunr, file, fetchJson),
          organs: file.organer,
          analyse: analyser(window.lunr),
        };
      });
      loaded.catch(function () { loaded = null; });
    }
    return loaded;
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
    countFilters();
  }

  // The filters' summary says how many are chosen: "Afgræns resultaterne (2 valgt)".
  var filters = form.querySelector("[data-search-filters]");
  var filterCount = filters && filters.querySelector("[data-search-filter-count]");
  function countFilters() {
    if (!filterCount) { return; }
    var chosen = ["organ", "type", "aar"].filter(function (name) {
      return form.elements[name].value;
    }).length;
    filterCount.textContent = chosen ? " (" + chosen + " valgt)" : "";
  }
  // On a phone the filters are folded, so that the first result is on the screen.
  if (filters && window.matchMedia("(max-width: 48rem)").matches) {
    filters.open = false;
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
    form.elements[name].addEventListener("change", function () {
      countFilters();
      navigate(formParams());
    });
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

  if (more) {
    more.addEventListener("click", function () {
      var next = list.children.length;
      showMore().then(function () {
        var link = list.children[next] && list.children[next].querySelector("a");
        if (link) { link.focus(); }
      });
    });
  }

  var runs = 0;
  function run(state) {
    var mine = ++runs;
    document.title = state.q ? "»" + state.q + "« – " + baseTitle : baseTitle;
    shown = null;
    if (!state.q) {
      clear();
      setStatus("Skriv et eller flere ord i søgefeltet.");
      return;
    }
    list.setAttribute("aria-busy", "true");
    setStatus("Søger …");
    load().then(function (search) {
      return query(search.core, state.q).then(function (hits) {
        if (mine !== runs) { return null; }
        var filtered = state.organ || state.type || state.aar;
        shown = {
          search: search,
          hits: hits.filter(inFilters(search.core, state)),
          count: 0,
          what: " for »" + state.q + "«" + (filtered ? " med de valgte afgrænsninger" : ""),
        };
        clear();
        return showMore();
      });
    }).catch(function () {
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
    if (more) { more.hidden = true; }
  }

  function inFilters(core, state) {
    var year = Number(state.aar);
    return function (hit) {
      var entry = core.entry(Number(hit.ref));
      return (!state.organ || entry.organ === state.organ) &&
        (!state.type || entry.kind === state.type) &&
        (!year || (entry.years !== null && entry.years[0] <= year && year <= entry.years[1]));
    };
  }

  // Shows the next page of results, each as soon as its document (and the ones before
  // it) has been fetched.
  function showMore() {
    var current = shown;
    if (!current) { return Promise.resolve(); }
    var hits = current.hits.slice(current.count, current.count + PAGE);
    var core = current.search.core;
    var documents = core.documents(hits.map(function (hit) { return Number(hit.ref); }));
    documents.forEach(function (doc) { doc.catch(function () {}); }); // reported below
    var chain = Promise.resolve();
    hits.forEach(function (hit, i) {
      chain = chain.then(function () { return documents[i]; }).then(function (doc) {
        if (current !== shown) { return; }
        list.appendChild(result(current.search, doc, core.entry(Number(hit.ref)),
          matchedTerms(hit)));
      });
    });
    return chain.then(function () {
      if (current !== shown) { return; }
      list.removeAttribute("aria-busy");
      current.count += hits.length;
      var total = current.hits.length;
      if (more) { more.hidden = current.count >= total; }
      if (!total) {
        setStatus("Ingen resultater" + current.what + ".");
        fallback.hidden = false;
      } else if (current.count < total) {
        setStatus("Viser de " + current.count + " bedste af " + total + " resultater" +
          current.what + ".");
      } else if (total > PAGE) {
        setStatus("Viser alle " + total + " resultater" + current.what + ".");
      } else {
        setStatus(total + (total === 1 ? " resultat" : " resultater") + current.what + ".");
      }
    });
  }

  // lunr's query syntax, forgiving: punctuation around words is dropped, and a query lunr
  // cannot parse is searched again as plain words.
  function clean(text) {
    var wordChars = window.lunr.da.wordCharacters;
    var lead = new RegExp("^([+-]?)[^" + wordChars + "0-9*]+");
    var trail = new RegExp("[^" + wordChars + "0-9*]+$");
    return text.normalize("NFC").split(/\s+/).map(function (part) {
      return part.replace(lead, "$1").replace(trail, "");
    }).filter(function (part) { return part && part !== "+" && part !== "-"; }).join(" ");
  }

  function query(core, text) {
    var cleaned = clean(text);
    try {
      return core.search(cleaned);
    } catch (error) {
      if (!(error instanceof window.lunr.QueryParseError)) { throw error; }
      var plain = cleaned.replace(/[:^~+*]/g, " ").replace(/(^|\s)-+/g, "$1").trim();
      return plain ? core.search(plain) : Promise.resolve([]);
    }
  }

  function matchedTerms(hit) {
    return new Set(Object.keys(hit.matchData.metadata));
  }

  function result(search, doc, entry, terms) {
    var item = document.createElement("li");
    item.className = "search-result";
    var heading = document.createElement("h2");
    heading.className = "search-result-title";
    var link = document.createElement("a");
    link.href = doc.u;
    // Followed, the result hands the stems it matched to the page, which marks them
    // (search-marks.js); its address stays the page's own.
    var carry = function () {
      try {
        sessionStorage.setItem("soegeord", JSON.stringify({ u: doc.u, w: Array.from(terms).join(" ") }));
      } catch (error) { /* no storage: no marks */ }
    };
    link.addEventListener("mousedown", carry);
    link.addEventListener("click", carry);
    appendMarked(link, doc.t, terms, search.analyse);
    heading.appendChild(link);
    item.appendChild(heading);

    var meta = document.createElement("p");
    meta.className = "search-result-meta";
    [entry.organ ? search.organs[entry.organ] || entry.organ : "", doc.dt, doc.kl]
      .filter(Boolean).forEach(function (text, i) {
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
