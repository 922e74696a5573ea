// What a reader types into the search box, made into a lunr query; the page's rules on top
// of lunr's: used by search-page.js in the browser and by tests/js/search-in-node.js, so
// that Node answers as the page does.
//
// The query language (the page's "Søgetips"): words; +word (must be there); -word (must
// not); "a phrase" (»…«, “…” too: its words must be there, and in this order where a
// result's shown text lets that be checked); -"a phrase" (not these words together);
// word* (the rest of a word); titel:word (one field); word~1 and word^2 (lunr's edit
// distance and boost). Punctuation around a word is dropped; a hyphenated word is a phrase
// (the index splits words at hyphens). A query that finds nothing is tried once more with
// each word the index does not have replaced by the index's most common word one letter
// away ("Viser resultater for …").
(function (root, factory) {
  "use strict";
  if (typeof module === "object" && module.exports) {
    module.exports = factory();
  } else {
    root.searchQuery = factory();
  }
}(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  var QUOTES = "\"“”„»«";
  var SHORTEST_CORRECTED = 4; // letters; shorter words have too many neighbours

  function isQuote(char) { return QUOTES.indexOf(char) >= 0; }

  // The words of a text as the index saw them: lunr.da's trimmer, stopword filter and
  // stemmer. analyse(word) -> {term ("" when the index drops the word), lead, core, trail}.
  function analyser(lunr) {
    var pipeline = new lunr.Pipeline();
    pipeline.add(lunr.da.trimmer, lunr.da.stopWordFilter, lunr.da.stemmer);
    var parts = new RegExp("^([^" + lunr.da.wordCharacters + "0-9]*)([\\s\\S]*?)([^" +
      lunr.da.wordCharacters + "0-9]*)$");
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

  // The text's parts: [{sign, quoted, text}], a quoted part being everything up to the
  // next quotation mark (or the end).
  function split(text) {
    var parts = [];
    var i = 0;
    while (i < text.length) {
      while (i < text.length && /\s/.test(text[i])) { i += 1; }
      if (i >= text.length) { break; }
      var sign = "";
      if ((text[i] === "+" || text[i] === "-") && isQuote(text[i + 1] || "")) {
        sign = text[i];
        i += 1;
      }
      var end;
      if (isQuote(text[i])) {
        end = i + 1;
        while (end < text.length && !isQuote(text[end])) { end += 1; }
        parts.push({ sign: sign, quoted: true, text: text.slice(i + 1, end) });
        i = end + 1;
      } else {
        end = i;
        while (end < text.length && !/\s/.test(text[end])) { end += 1; }
        parts.push({ sign: "", quoted: false, text: text.slice(i, end) });
        i = end;
      }
    }
    return parts;
  }

  function Parser(lunr, fields) {
    var chars = lunr.da.wordCharacters + "0-9*";
    this.lead = new RegExp("^[^" + chars + "]+");
    this.trail = new RegExp("[^" + chars + "]+$");
    this.fields = fields;
  }

  // A word without the punctuation around it; lunr's special characters inside it
  // escaped (the index keeps "kl.10:30" as one word). "" when nothing is left.
  Parser.prototype.word = function (text) {
    var word = text.replace(this.lead, "").replace(this.trail, "");
    return /^\**$/.test(word) ? "" : word;
  };

  // {clauses: [{sign, field, word, mods}], phrases: [{sign, field, words}]}
  Parser.prototype.parse = function (text) {
    var self = this;
    var parsed = { clauses: [], phrases: [] };
    split(text.normalize("NFC")).forEach(function (part) {
      if (part.quoted) {
        var words = part.text.split(/[\s-]+/).map(function (w) { return self.word(w); })
          .filter(Boolean);
        if (words.length) { parsed.phrases.push({ sign: part.sign, field: "", words: words }); }
        return;
      }
      var raw = part.text;
      var signs = /^[+-]+/.exec(raw);
      var sign = signs ? signs[0].slice(-1) : "";
      raw = raw.slice(signs ? signs[0].length : 0);
      var field = "";
      var named = /^([^:]+):(.+)$/.exec(raw);
      if (named && self.fields.indexOf(named[1].toLowerCase()) >= 0) {
        field = named[1].toLowerCase();
        raw = named[2];
      }
      var modifiers = /(?:~\d+|\^\d+)+$/.exec(raw);
      var mods = modifiers ? modifiers[0] : "";
      raw = raw.slice(0, raw.length - mods.length);
      var pieces = raw.split(/-+/).map(function (w) { return self.word(w); }).filter(Boolean);
      if (pieces.length === 1) {
        parsed.clauses.push({ sign: sign, field: field, word: pieces[0], mods: mods });
      } else if (pieces.length > 1) {
        parsed.phrases.push({ sign: sign, field: field, words: pieces });
      }
    });
    return parsed;
  };

  function escape(word) { return word.replace(/[:~^\\]/g, "\\$&"); }

  // Runs queries as the page does. `core`: search-core.js's Search.
  function Finder(lunr, core) {
    this.lunr = lunr;
    this.core = core;
    this.parser = new Parser(lunr, core.fields);
    this.analyse = analyser(lunr);
    this.termsOf = new WeakMap(); // document -> the terms of its shown texts
  }

  // The lunr query of a parsed query; a word lunr would look for but the index cannot
  // have (a stopword) is never required, for lunr would then find nothing.
  Finder.prototype.lunrText = function (parsed, phrases) {
    var analyse = this.analyse;
    var parts = [];
    function add(sign, field, word, mods) {
      var usable = word.indexOf("*") >= 0 || analyse(word).term;
      if (sign === "+" && !usable) { return; }
      parts.push(sign + (field ? field + ":" : "") + escape(word) + (mods || ""));
    }
    parsed.clauses.forEach(function (c) { add(c.sign, c.field, c.word, c.mods); });
    phrases.forEach(function (p) {
      p.words.forEach(function (word) { add("+", p.field, word, ""); });
    });
    return parts.join(" ");
  };

  // lunr's results for a lunr query; [] for an empty one.
  Finder.prototype.lunrSearch = function (text) {
    if (!text) { return Promise.resolve([]); }
    try {
      return this.core.search(text);
    } catch (error) {
      if (!(error instanceof this.lunr.QueryParseError)) { throw error; }
      return Promise.resolve([]);
    }
  };

  // The results of a parsed query: lunr's, less those with every word of a -"phrase".
  Finder.prototype.results = function (parsed) {
    var self = this;
    var wanted = parsed.phrases.filter(function (p) { return p.sign !== "-"; });
    var unwanted = parsed.phrases.filter(function (p) { return p.sign === "-"; });
    var queries = [this.lunrText(parsed, wanted)].concat(unwanted.map(function (p) {
      return self.lunrText({ clauses: [] }, [p]);
    }));
    return Promise.all(queries.map(function (q) { return self.lunrSearch(q); }))
      .then(function (answers) {
        var excluded = new Set();
        answers.slice(1).forEach(function (hits) {
          hits.forEach(function (hit) { excluded.add(hit.ref); });
        });
        return answers[0].filter(function (hit) { return !excluded.has(hit.ref); });
      });
  };

  // {hits, phrases (to check in order: accept), corrected (the query searched instead,
  // or null)} for what a reader typed.
  Finder.prototype.find = function (text) {
    var self = this;
    var parsed = this.parser.parse(text);
    return this.results(parsed).then(function (hits) {
      var answer = { hits: hits, phrases: self.ordered(parsed), corrected: null };
      if (hits.length) { return answer; }
      return self.correct(text, parsed).then(function (instead) {
        if (!instead) { return answer; }
        var again = self.parser.parse(instead);
        return self.results(again).then(function (found) {
          return found.length ?
            { hits: found, phrases: self.ordered(again), corrected: instead } : answer;
        });
      });
    });
  };

  // The phrases whose order can be checked: two words or more, without wildcards.
  Finder.prototype.ordered = function (parsed) {
    var analyse = this.analyse;
    return parsed.phrases.filter(function (p) {
      return p.sign !== "-" && p.words.every(function (w) { return w.indexOf("*") < 0; });
    }).map(function (p) {
      return p.words.map(function (w) { return analyse(w).term; }).filter(Boolean);
    }).filter(function (terms) { return terms.length > 1; });
  };

  // The words a correction may replace: not excluded, no wildcard or lunr modifier, no
  // digit, long enough. -> [{word (as typed), lower, term}]
  Finder.prototype.correctable = function (parsed) {
    var core = this.core;
    var words = [];
    parsed.clauses.forEach(function (c) {
      if (c.sign !== "-" && !c.mods) { words.push(c.word); }
    });
    parsed.phrases.forEach(function (p) {
      if (p.sign !== "-") { words.push.apply(words, p.words); }
    });
    return words.filter(function (word) {
      return word.length >= SHORTEST_CORRECTED && !/[*0-9\\]/.test(word);
    }).map(function (word) {
      return { word: word, lower: word.toLowerCase(), term: core.term(word) };
    }).filter(function (w) { return w.term && this.analyse(w.word).term; }, this);
  };

  // The query with each word the index does not have replaced by the index's most common
  // term one edit from the word or from its term (keeping the first two letters, else the
  // first), written as the reader would; null when no word could be replaced.
  Finder.prototype.correct = function (text, parsed) {
    var core = this.core;
    var words = this.correctable(parsed);
    return Promise.all(words.map(function (w) { return core.has(w.term); }))
      .then(function (known) {
        var missing = words.filter(function (w, i) { return !known[i]; });
        return Promise.all(missing.map(function (w) {
          return replacement(core, w, 2).then(function (found) {
            return found || replacement(core, w, 1);
          });
        })).then(function (found) {
          var changed = text;
          missing.forEach(function (w, i) {
            if (found[i]) { changed = changed.split(w.word).join(cased(found[i], w.word)); }
          });
          return changed === text ? null : changed;
        });
      });
  };

  // The word to search for instead of w: a near term the pipeline gives back from it.
  function replacement(core, w, keep) {
    return core.near([w.lower, w.term], keep).then(function (near) {
      for (var i = 0; i < near.length; i += 1) {
        var term = near[i].term;
        var tries = near[i].near === w.lower ? [term] :
          [w.lower.indexOf(w.term) === 0 ? term + w.lower.slice(w.term.length) : term, term];
        for (var t = 0; t < tries.length; t += 1) {
          if (core.term(tries[t]) === term) { return tries[t]; }
        }
      }
      return null;
    });
  }

  function cased(word, like) {
    return like[0] !== like[0].toLowerCase() ? word[0].toUpperCase() + word.slice(1) : word;
  }

  // The terms of a text, in order, without the words the index drops.
  Finder.prototype.terms = function (text) {
    var analyse = this.analyse;
    return (text || "").split(/[\s-]+/).map(function (w) { return analyse(w).term; })
      .filter(Boolean);
  };

  // Whether a result may be shown: for each phrase, its words in order in the title or
  // the quoted text; a phrase whose words are not all in them cannot be checked and
  // passes.
  Finder.prototype.accept = function (doc, phrases) {
    if (!phrases.length) { return true; }
    var texts = this.termsOf.get(doc);
    if (!texts) {
      texts = [this.terms(doc.t), this.terms(doc.s)];
      this.termsOf.set(doc, texts);
    }
    return phrases.every(function (phrase) {
      var all = phrase.every(function (term) {
        return texts[0].indexOf(term) >= 0 || texts[1].indexOf(term) >= 0;
      });
      return !all || texts.some(function (terms) { return contains(terms, phrase); });
    });
  };

  function contains(terms, phrase) {
    for (var i = 0; i + phrase.length <= terms.length; i += 1) {
      var j = 0;
      while (j < phrase.length && terms[i + j] === phrase[j]) { j += 1; }
      if (j === phrase.length) { return true; }
    }
    return false;
  }

  // The hits the filters let through (state: organ, type, aar), newest first when
  // state.sortering is "nyeste" (relevance among those of one day; undated last).
  Finder.prototype.arrange = function (hits, state) {
    var core = this.core;
    var year = Number(state.aar);
    var kept = hits.filter(function (hit) {
      var entry = core.entry(Number(hit.ref));
      return (!state.organ || entry.organ === state.organ) &&
        (!state.type || entry.kind === state.type) &&
        (!year || (entry.years !== null && entry.years[0] <= year && year <= entry.years[1]));
    });
    if (state.sortering !== "nyeste") { return kept; }
    return kept.map(function (hit, rank) {
      return { hit: hit, rank: rank, date: core.entry(Number(hit.ref)).date };
    }).sort(function (a, b) { return b.date - a.date || a.rank - b.rank; })
      .map(function (item) { return item.hit; });
  };

  return {
    analyser: analyser,
    create: function (lunr, core) { return new Finder(lunr, core); },
  };
}));
