// The search index in parts (site_builder/search/shards.py): for a query, fetch the term
// shards it can match, put together a lunr index of just those terms, and let lunr.js's own
// Index.search answer; fetch the documents of the results that are shown; find the terms
// one letter from a word (for search-query.js's "Viser resultater for …"), fetching only
// the shards they can be in. Used by search-page.js and search-query.js in the browser and
// by tests/js/search-in-node.js in Node, which checks that the answers are lunr.py's
// answers on the whole index.
//
// Why the answers are the same: lunr scores a field by dot(query vector, field vector)
// over |query vector|, and the query vector is zero except at the terms the query's token
// sets match, so field vectors cut down to the loaded terms give the same products, in the
// same order (by key, which orders terms as lunr's _index does).
(function (root, factory) {
  "use strict";
  if (typeof module === "object" && module.exports) {
    module.exports = factory();
  } else {
    root.searchCore = factory();
  }
}(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  var K1 = 1.2;
  var B = 0.75;
  var NO_METADATA = Object.freeze({}); // the index whitelists no metadata

  function has(object, key) {
    return Object.prototype.hasOwnProperty.call(object, key);
  }

  // Python's round(x, 3), which lunr.py's Builder applies to every weight: the exact
  // value rounded to the nearest multiple of 0.001, a tie to the even one. toFixed rounds
  // the exact value too, but a tie up; x * 1000 lies exactly halfway between two integers
  // only when x is an odd multiple of 1/16.
  function round3(x) {
    var sixteenths = x * 16;
    if (Number.isInteger(sixteenths) && sixteenths % 2 !== 0) {
      var below = Math.floor(x * 1000); // exact: x * 1000 = below + 0.5
      return (below % 2 === 0 ? below : below + 1) / 1000;
    }
    return Number(x.toFixed(3));
  }

  // lunr.Builder's BM25 weight of a term in a field, in lunr.py's order of operations.
  function weight(idf, tf, length, average, boost) {
    var score = idf * ((K1 + 1) * tf) / (K1 * (1 - B + B * (length / average)) + tf);
    return round3(score * boost);
  }

  // Can a term that begins with `prefix` (or, `exact`, that is `prefix`) be matched by the
  // token set lunr makes of a query clause? As TokenSet.intersect walks it: a character
  // follows its own edge or a "*" edge.
  function passes(set, prefix, exact, reaches) {
    var states = [set];
    for (var i = 0; i < prefix.length && states.length; i += 1) {
      var next = [];
      for (var s = 0; s < states.length; s += 1) {
        var edges = states[s].edges;
        if (has(edges, prefix[i]) && next.indexOf(edges[prefix[i]]) < 0) {
          next.push(edges[prefix[i]]);
        }
        if (has(edges, "*") && next.indexOf(edges["*"]) < 0) { next.push(edges["*"]); }
      }
      states = next;
    }
    return states.some(function (node) { return exact ? node.final : reaches(node); });
  }

  // node -> whether a final node can be reached from it (token sets may have cycles).
  function reachability() {
    var known = new Map();
    return function reaches(start) {
      if (known.has(start)) { return known.get(start); }
      var seen = new Set([start]);
      var todo = [start];
      var found = false;
      while (todo.length && !found) {
        var node = todo.pop();
        found = node.final || known.get(node) === true;
        Object.keys(node.edges).forEach(function (edge) {
          var target = node.edges[edge];
          if (!seen.has(target)) { seen.add(target); todo.push(target); }
        });
      }
      if (found) {
        known.set(start, true);
      } else { // everything reachable from start was seen: none of it reaches a final node
        seen.forEach(function (node) { known.set(node, false); });
      }
      return found;
    };
  }

  // Whether b is a after one edit: a letter changed, added or dropped, or two neighbours
  // swapped (lunr's edit distance 1).
  function oneEdit(a, b) {
    if (a === b || Math.abs(a.length - b.length) > 1) { return false; }
    var i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) { i += 1; }
    if (a.length > b.length) { return a.slice(i + 1) === b.slice(i); }
    if (a.length < b.length) { return a.slice(i) === b.slice(i + 1); }
    return a.slice(i + 1) === b.slice(i + 1) ||
      (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
  }

  // A list written as runs (shards.py): [value, count] for a value repeated count times.
  function expand(runs) {
    var values = [];
    runs.forEach(function (run) {
      if (!Array.isArray(run)) {
        values.push(run);
        return;
      }
      for (var i = 0; i < run[1]; i += 1) { values.push(run[0]); }
    });
    return values;
  }

  function Search(lunr, first, fetchJson) {
    this.lunr = lunr;
    this.first = first;
    this.fetchJson = fetchJson;
    this.fields = first.fields;
    this.pipeline = lunr.Pipeline.load(first.pipeline);
    this.shards = new Map(); // name -> promise of the shard's content
    this.assembled = { key: null, index: null }; // the last index put together
    this.starts = [];
    var start = 0;
    for (var i = 0; i < first.documents.length; i += 1) {
      this.starts.push(start);
      start += first.documents[i][0];
    }
  }

  // A shard's content; a term shard's postings are decoded as it arrives (often while
  // the reader is still typing).
  Search.prototype.shard = function (name) {
    var self = this;
    var shards = this.shards;
    if (!shards.has(name)) {
      var loading = this.fetchJson(this.first.shardUrl.replace("*", name)).then(function (data) {
        (data.t || []).forEach(function (entry) { self.posting(entry); });
        return data;
      });
      loading.catch(function () { shards.delete(name); });
      shards.set(name, loading);
    }
    return shards.get(name);
  };

  // The term shards a query needs, and whether it is negated (only -terms: lunr then
  // returns every document that has none of them). Throws lunr.QueryParseError.
  Search.prototype.plan = function (text) {
    var lunr = this.lunr;
    var pipeline = this.pipeline;
    var query = new lunr.Query(this.fields);
    new lunr.QueryParser(text, query).parse();
    var sets = [];
    query.clauses.forEach(function (clause) {
      var terms = clause.usePipeline ?
        pipeline.runString(clause.term, { fields: clause.fields }) : [clause.term];
      terms.forEach(function (term) {
        var spec = { term: term };
        if ("editDistance" in clause) { spec.editDistance = clause.editDistance; }
        sets.push(lunr.TokenSet.fromClause(spec));
      });
    });
    return { names: this.names(sets), negated: query.isNegated() };
  };

  // A lunr index of the terms of the given shards, loaded by lunr.Index.load.
  Search.prototype.index = function (shards, negated) {
    var first = this.first;
    var fields = this.fields;
    var entries = [];
    shards.forEach(function (shard) { entries.push.apply(entries, shard.t); });
    var inverted = entries.map(function (entry) { return [entry[0], this.posting(entry)]; }, this);
    inverted.sort(function (a, b) { return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0; });
    var vectors = Object.create(null);
    entries.sort(function (a, b) { return a[1] - b[1]; }); // lunr's _index order
    entries.forEach(function (entry) {
      var postings = this.postings(entry);
      for (var f = 0; f < fields.length; f += 1) {
        var refs = postings.refs[f];
        var weights = postings.weights[f];
        for (var i = 0; i < refs.length; i += 1) {
          var fieldRef = fields[f] + "/" + refs[i];
          (vectors[fieldRef] || (vectors[fieldRef] = [])).push(entry[1], weights[i]);
        }
      }
    }, this);
    var fieldVectors = [];
    if (negated) { // lunr.js then takes every field vector, in the index's order
      for (var ref = 0; ref < first.count; ref += 1) {
        for (var f = 0; f < fields.length; f += 1) {
          var name = fields[f] + "/" + ref;
          fieldVectors.push([name, vectors[name] || []]);
        }
      }
    } else {
      Object.keys(vectors).forEach(function (name) { fieldVectors.push([name, vectors[name]]); });
    }
    return this.lunr.Index.load({
      version: first.version, fields: fields, fieldVectors: fieldVectors,
      invertedIndex: inverted, pipeline: first.pipeline,
    });
  };

  // A term's postings per field: documents, and the term's weight in each. An entry is
  // [term, key, idf, field 0, field 1, ...]; a field's list holds, per document, its
  // distance d from the one before (from -1), as d when the term occurs once and as
  // -d, tf when it occurs tf times, then the document's length in the field.
  Search.prototype.postings = function (entry) {
    if (entry.decoded) { return entry.decoded; }
    var first = this.first;
    var decoded = { refs: [], weights: [] };
    for (var f = 0; f < this.fields.length; f += 1) {
      var list = entry[3 + f];
      var refs = [];
      var weights = [];
      var ref = -1;
      for (var i = 0; i < list.length; i += 1) {
        var tf = 1;
        if (list[i] > 0) {
          ref += list[i];
        } else {
          ref -= list[i];
          i += 1;
          tf = list[i];
        }
        i += 1;
        refs.push(ref);
        weights.push(weight(entry[2], tf, list[i], first.averages[f], first.boosts[f]));
      }
      decoded.refs.push(refs);
      decoded.weights.push(weights);
    }
    entry.decoded = decoded;
    return decoded;
  };

  // The term's entry in lunr's inverted index: {field: {ref: metadata}, _index}.
  Search.prototype.posting = function (entry) {
    if (entry.posting) { return entry.posting; }
    var postings = this.postings(entry);
    var posting = {};
    this.fields.forEach(function (field, f) {
      var documents = {};
      postings.refs[f].forEach(function (ref) { documents[ref] = NO_METADATA; });
      posting[field] = documents;
    });
    posting._index = entry[1];
    entry.posting = posting;
    return posting;
  };

  // The query side's term of a word: lowercased (as lunr's QueryParser does) and run
  // through the index's search pipeline; "" when the pipeline drops it.
  Search.prototype.term = function (word) {
    var terms = this.pipeline.runString(word.toLowerCase());
    return terms.length ? terms[0] : "";
  };

  // The term shards any of the token sets can pass through.
  Search.prototype.names = function (sets) {
    var reaches = reachability();
    return this.first.terms.filter(function (shard) {
      return sets.some(function (set) { return passes(set, shard[0], shard[2] === 1, reaches); });
    }).map(function (shard) { return shard[1]; });
  };

  // The entries of the term shards any of the token sets can pass through (fetched as
  // needed).
  Search.prototype.entries = function (sets) {
    var self = this;
    return Promise.all(this.names(sets).map(function (name) { return self.shard(name); }))
      .then(function (shards) {
        var entries = [];
        shards.forEach(function (shard) { entries.push.apply(entries, shard.t || []); });
        return entries;
      });
  };

  // Whether the index has the term.
  Search.prototype.has = function (term) {
    return this.entries([this.lunr.TokenSet.fromString(term)]).then(function (entries) {
      return entries.some(function (entry) { return entry[0] === term; });
    });
  };

  // The index's terms one edit from one of `words` (a letter changed, added or dropped,
  // or two neighbours swapped) that begin with the word's first `keep` letters, the terms
  // of most documents first (lowest idf): [{term, near (the word), idf}]. Only the
  // shards such terms can be in are fetched; keeping the first letters keeps them few.
  Search.prototype.near = function (words, keep) {
    var lunr = this.lunr;
    var sets = words.filter(function (word) { return word.length > keep; }).map(function (word) {
      var set = lunr.TokenSet.fromFuzzyString(word.slice(keep), 1);
      for (var i = keep - 1; i >= 0; i -= 1) {
        var parent = new lunr.TokenSet();
        parent.edges[word[i]] = set;
        set = parent;
      }
      return set;
    });
    if (!sets.length) { return Promise.resolve([]); }
    return this.entries(sets).then(function (entries) {
      var found = [];
      entries.forEach(function (entry) {
        var near = words.filter(function (word) {
          return entry[0].slice(0, keep) === word.slice(0, keep) && oneEdit(word, entry[0]);
        });
        if (near.length) { found.push({ term: entry[0], near: near[0], idf: entry[2] }); }
      });
      return found.sort(function (a, b) {
        return a.idf - b.idf || (a.term < b.term ? -1 : a.term > b.term ? 1 : 0);
      });
    });
  };

  // The index for a query: its shards fetched, put together once for the same shards.
  // Throws lunr.QueryParseError when lunr cannot parse the query.
  Search.prototype.prepare = function (text) {
    var plan = this.plan(text);
    var self = this;
    var key = plan.names.join(" ") + (plan.negated ? " -" : "");
    return Promise.all(plan.names.map(function (name) { return self.shard(name); }))
      .then(function (shards) {
        if (self.assembled.key !== key) {
          self.assembled = { key: key, index: self.index(shards, plan.negated) };
        }
        return self.assembled.index;
      });
  };

  // lunr's results for a query: [{ref, score, matchData}], best first. Throws
  // lunr.QueryParseError when lunr cannot parse the query.
  Search.prototype.search = function (text) {
    return this.prepare(text).then(function (index) { return index.search(text); });
  };

  // What the catalogue says of a document: its body's slug, kind, years and date (days
  // since 1 January 1970; 0 when it has none).
  Search.prototype.entry = function (ref) {
    var catalogue = this.first.catalogue;
    var y0 = catalogue.y0[ref];
    if (!this.dates) { this.dates = expand(catalogue.d || []); }
    return {
      organ: catalogue.organs[catalogue.o[ref]],
      kind: catalogue.kinds[catalogue.k[ref]],
      years: y0 ? [y0, catalogue.y1[ref]] : null,
      date: this.dates[ref] || 0,
    };
  };

  // What results show of the given documents: a promise per document (fetches their
  // document files, side by side). A group's documents (a meeting's, an agreement's) are
  // in files of `documentsPerFile`, named by their number and the group's name.
  Search.prototype.documents = function (refs) {
    var self = this;
    var per = this.first.documentsPerFile;
    return refs.map(function (ref) {
      var run = self.run(ref);
      var offset = ref - self.starts[run];
      var name = Math.floor(offset / per) + "." + self.first.documents[run][1]; // shards.py
      return self.shard(name).then(function (shard) { return shard.d[offset % per]; });
    });
  };

  Search.prototype.run = function (ref) {
    var low = 0;
    var high = this.starts.length - 1;
    while (low < high) {
      var middle = (low + high + 1) >> 1;
      if (this.starts[middle] <= ref) { low = middle; } else { high = middle - 1; }
    }
    return low;
  };

  return {
    create: function (lunr, first, fetchJson) { return new Search(lunr, first, fetchJson); },
    round3: round3,
    weight: weight,
  };
}));
