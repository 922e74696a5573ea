// The search page /soeg/. Nothing is fetched before the first search (a /soeg/?q=…
// arrival is one): then lunr.js, its Danish support, search-core.js and search-query.js
// (listed in the page's <template data-search-scripts>) load beside the index's first
// file (the page's data-index); search-core.js fetches the parts of the index a query
// needs and the documents of the results shown (site_builder/search/shards.py), and
// search-query.js reads the query as the search tips promise.
// The query, the filters and the order live in the URL; a filter changes the results when
// it is chosen (a click, Enter or leaving the list), not while arrows move through it.
// Back returns to the results where the reader left them. Results are built with
// createElement/textContent only: titles and text are data.
(function () {
  "use strict";

  var PAGE = 20; // results shown at a time
  var SNIPPET = 220; // characters of text shown around the first matched word
  var PARAMS = ["q", "organ", "type", "aar", "sortering"];
  var FILTERS = ["organ", "type", "aar"];
  var CHOICES = FILTERS.concat(["sortering"]); // the lists, chosen from as described above
  // The index's field of other forms of the text's words (search/index.py): a compound's
  // parts, spellings with aa, ae, oe.
  var VARIANT_FIELDS = new Set(["varianter"]);
  var STEPS = ["ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight", "Home", "End", "PageUp",
    "PageDown"]; // keys that move through a closed list

  var page = document.querySelector("[data-search-page]");
  var headerBox = document.querySelector("[data-search-box]");
  if (!page) { return; }

  var form = page.querySelector("[data-search-form]");
  var input = form.elements.q;
  var heading = page.querySelector("[data-search-heading]");
  var status = page.querySelector("[data-search-status]");
  var fallback = page.querySelector("[data-search-fallback]");
  var list = page.querySelector("[data-search-results]");
  var more = page.querySelector("[data-search-more]");
  var baseTitle = document.title;
  var loaded = null; // promise of {core, finder, organs}
  var shown = null; // the results on screen (see run)

  fallback.hidden = true;
  setStatus("");
  if ("scrollRestoration" in window.history) { window.history.scrollRestoration = "manual"; }

  function fetchJson(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) { throw new Error(url + ": " + response.status); }
      return response.json();
    });
  }

  // The scripts of <template data-search-scripts>, run in their order.
  function loadScripts() {
    var template = document.querySelector("template[data-search-scripts]");
    var sources = Array.prototype.map.call(template.content.querySelectorAll("script[src]"),
      function (script) { return script.getAttribute("src"); });
    return new Promise(function (resolve, reject) {
      sources.forEach(function (source, i) {
        var script = document.createElement("script");
        script.src = source;
        script.async = false; // run in the order inserted
        script.addEventListener("error", reject);
        if (i === sources.length - 1) { script.addEventListener("load", resolve); }
        document.head.appendChild(script);
      });
    });
  }

  function load() {
    if (!loaded) {
      loaded = Promise.all([fetchJson(page.getAttribute("data-index")), loadScripts()])
        .then(function (ready) {
          var core = window.searchCore.create(window.lunr, ready[0], fetchJson);
          return { core: core, finder: window.searchQuery.create(window.lunr, core),
            organs: ready[0].organer };
        });
      loaded.catch(function () { loaded = null; });
    }
    return loaded;
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
    var chosen = FILTERS.filter(function (name) { return form.elements[name].value; }).length;
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

  // Where the reader is in this history entry: the scroll position and how many results
  // are shown, for Back (and a reload) to return to.
  function remember() {
    try {
      window.history.replaceState({ y: window.scrollY, n: list.children.length }, "");
    } catch (error) { /* too many calls: the next one keeps it */ }
  }
  var scrolled = 0;
  window.addEventListener("scroll", function () {
    window.clearTimeout(scrolled);
    scrolled = window.setTimeout(remember, 150);
  }, { passive: true });
  window.addEventListener("pagehide", remember);

  function restorable(state) {
    return state && typeof state.y === "number" ? state : null;
  }

  function navigate(state, focus) {
    var target = queryString(state);
    if (target !== window.location.pathname + window.location.search) {
      remember();
      window.history.pushState({ y: 0, n: 0 }, "", target);
    }
    run(state, { focus: focus });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    navigate(formParams(), true);
  });
  CHOICES.forEach(function (name) {
    var select = form.elements[name];
    var stepped = false; // the last key moved through the closed list
    var entered = false; // the last key was Enter
    var pending = false; // a choice made with the arrows, not yet searched for
    function commit() {
      pending = false;
      var state = formParams();
      if (queryString(state) !== window.location.pathname + window.location.search) {
        navigate(state, false);
      }
    }
    select.addEventListener("keydown", function (event) {
      entered = event.key === "Enter";
      stepped = !event.altKey && (STEPS.indexOf(event.key) >= 0 ||
        (event.key.length === 1 && event.key !== " "));
      if (entered && pending) {
        event.preventDefault();
        commit();
      }
    });
    select.addEventListener("pointerdown", function () { stepped = entered = false; });
    select.addEventListener("change", function () {
      countFilters();
      if (stepped && !entered) {
        pending = true;
      } else {
        commit();
      }
      stepped = entered = false;
    });
    select.addEventListener("blur", function () { if (pending) { commit(); } });
  });
  if (headerBox) {
    headerBox.addEventListener("submit", function (event) {
      event.preventDefault();
      var state = formParams();
      state.q = headerBox.elements.q.value.trim();
      showParams(state);
      navigate(state, true);
    });
  }
  window.addEventListener("popstate", function (event) {
    var state = readParams();
    showParams(state);
    run(state, { restore: restorable(event.state) });
  });

  if (more) {
    more.addEventListener("click", function () {
      var next = list.children.length;
      showMore(PAGE).then(function () {
        var link = list.children[next] && list.children[next].querySelector("a");
        if (link) { link.focus(); }
        remember();
      });
    });
  }

  // Searches; options.focus: then move the focus to the results' heading (unless the
  // reader has moved it meanwhile); options.restore: {y, n} to return to.
  var runs = 0;
  function run(state, options) {
    var mine = ++runs;
    var before = document.activeElement;
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
      return search.finder.find(state.q).then(function (found) {
        if (mine !== runs) { return null; }
        var current = shown = {
          search: search,
          state: state,
          hits: search.finder.arrange(found.hits, state),
          phrases: found.phrases,
          corrected: found.corrected,
          next: 0, // hits looked at
          count: 0, // results shown
          rejected: 0, // hits whose phrase is not in order
        };
        clear();
        var restore = options.restore;
        return showMore(restore ? Math.max(restore.n, PAGE) : PAGE).then(function () {
          if (current !== shown) { return; }
          if (restore) {
            window.scrollTo(0, restore.y);
          } else if (options.focus && (document.activeElement === before ||
              document.activeElement === document.body || !document.activeElement)) {
            heading.focus();
          }
        });
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

  // Shows up to `limit` more results, each as soon as its document (and the ones before
  // it) has been fetched; a hit whose phrase is out of order is passed over.
  function showMore(limit) {
    var current = shown;
    if (!current) { return Promise.resolve(); }
    var target = current.count + limit;
    var core = current.search.core;
    var finder = current.search.finder;
    function step() {
      if (current !== shown || current.count >= target || current.next >= current.hits.length) {
        return Promise.resolve();
      }
      var hits = current.hits.slice(current.next, current.next + target - current.count);
      current.next += hits.length;
      var documents = core.documents(hits.map(function (hit) { return Number(hit.ref); }));
      documents.forEach(function (doc) { doc.catch(function () {}); }); // reported below
      var chain = Promise.resolve();
      hits.forEach(function (hit, i) {
        chain = chain.then(function () { return documents[i]; }).then(function (doc) {
          if (current !== shown) { return; }
          if (!finder.accept(doc, current.phrases)) {
            current.rejected += 1;
            return;
          }
          list.appendChild(result(current.search, doc, core.entry(Number(hit.ref)),
            matchedTerms(hit)));
          current.count += 1;
        });
      });
      return chain.then(step);
    }
    return step().then(function () {
      if (current !== shown) { return; }
      list.removeAttribute("aria-busy");
      if (more) { more.hidden = current.next >= current.hits.length; }
      fallback.hidden = current.count > 0;
      setStatus(summary(current));
    });
  }

  // "12 resultater for »ord«.", "Viser de 20 bedste af 57 resultater for »ord«." …
  function summary(current) {
    var state = current.state;
    var total = current.hits.length - current.rejected;
    var count = current.count;
    var filtered = FILTERS.some(function (name) { return state[name]; });
    var after = filtered ? " med de valgte afgrænsninger" : "";
    var some = total + (total === 1 ? " resultat" : " resultater");
    if (!count) {
      return "Ingen resultater for »" + state.q + "«" + after + ".";
    }
    if (current.corrected) {
      return "Viser resultater for »" + current.corrected + "« i stedet for »" + state.q +
        "«: " + some + after + ".";
    }
    var unsure = current.next < current.hits.length && current.phrases.length;
    var text = some;
    if (count < total) {
      text = "Viser de " + count + (state.sortering === "nyeste" ? " nyeste" : " bedste") +
        " af " + (unsure ? "op til " : "") + some;
    } else if (total > PAGE) {
      text = "Viser alle " + some;
    }
    return text + " for »" + state.q + "«" + after + ".";
  }

  // The terms a hit matched: {all, variants (those matched only as variants: a word is
  // marked where it contains one or is one spelled with aa, ae, oe)}.
  function matchedTerms(hit) {
    var metadata = hit.matchData.metadata;
    var all = new Set(Object.keys(metadata));
    var variants = new Set();
    all.forEach(function (term) {
      if (Object.keys(metadata[term]).every(function (f) { return VARIANT_FIELDS.has(f); })) {
        variants.add(term);
      }
    });
    return { all: all, variants: variants };
  }

  function result(search, doc, entry, terms) {
    var analyse = search.finder.analyse;
    var item = document.createElement("li");
    item.className = "search-result";
    var title = document.createElement("h3");
    title.className = "search-result-title";
    var link = document.createElement("a");
    link.href = doc.u;
    // Followed, the result hands the stems it matched to the page, which marks them
    // (search-marks.js); its address stays the page's own.
    var carry = function () {
      try {
        sessionStorage.setItem("soegeord", JSON.stringify({ u: doc.u, w: Array.from(terms.all).join(" ") }));
      } catch (error) { /* no storage: no marks */ }
    };
    link.addEventListener("mousedown", carry);
    link.addEventListener("click", carry);
    appendMarked(link, doc.t, terms, analyse);
    title.appendChild(link);
    item.appendChild(title);

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
      appendMarked(snippet, excerpt(doc.s, terms, analyse), terms, analyse);
      item.appendChild(snippet);
    }
    return item;
  }

  // Whether a word of a result's text is one its query matched: its term did, or a
  // variant did: the word spelled with aa, ae, oe for å, æ, ø, or a part of it.
  function matches(word, terms, analyse) {
    if (!word.term) { return false; }
    if (terms.all.has(word.term)) { return true; }
    if (!terms.variants.size) { return false; }
    var lower = word.core.toLowerCase();
    var folded = lower.replace(/å/g, "aa").replace(/æ/g, "ae").replace(/ø/g, "oe");
    if (folded !== lower && terms.variants.has(analyse(folded).term)) { return true; }
    var found = false;
    terms.variants.forEach(function (term) {
      found = found || (term.length >= 3 && lower.indexOf(term) >= 0);
    });
    return found;
  }

  // The part of a text around its first matched word.
  function excerpt(text, terms, analyse) {
    if (text.length <= SNIPPET) { return text; }
    var words = text.split(/([\s-]+)/);
    var offset = 0;
    var first = -1;
    for (var i = 0; i < words.length; i += 1) {
      if (i % 2 === 0 && matches(analyse(words[i]), terms, analyse)) { first = offset; break; }
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

  // Appends text to an element, with the words the query matched in <mark>.
  function appendMarked(element, text, terms, analyse) {
    text.split(/([\s-]+)/).forEach(function (part, i) {
      var word = i % 2 === 0 ? analyse(part) : null;
      if (!word || !matches(word, terms, analyse)) {
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
    var back = restorable(window.history.state);
    run(initial, back ? { restore: back } : { focus: true });
  } else {
    setStatus("Skriv et eller flere ord i søgefeltet.");
  }
})();
