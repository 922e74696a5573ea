// Runs lunr.js 2.3.9 with lunr-languages' Danish support, the very files the build serves
// (from the npm packages in node_modules/), for tests/test_search.py. Queries go through
// search-core.js, as in the browser: the search index files the build wrote are fetched
// (read) shard by shard, as a query needs them.
//
//   node tests/js/search-in-node.js <lunr.js> <lunr.stemmer.support.js> <lunr.da.js> <request.json>
//
// request: {"output": "<built site>", "first": "/soeg/indeks.json",
//           "core": "<search-core.js the build wrote>", "queries": ["..."],
//           "fresh": true (each query as a new visitor), "documents": n (also fetch the
//           documents of the first n results), "everything": true, "words": ["..."],
//           "round": [numbers],
//           "page": true (queries as the search page runs them, with search-query.js
//           ("query": its path; else the one beside search-core.js): operators, phrases,
//           the typo fallback, and per query
//           the page's filters and order: a query may be {"q", "organ", "type", "aar",
//           "sortering"}; the first n results, 20 unless "documents" says, are checked
//           as the page checks phrases)}
// answer (stdout):
//   "results": per query [{"ref", "score"}, ...], "fetched": per query the files it read
//              (besides the first file),
//   with "page": "corrected": per query what was searched instead (or null), "shown": per
//              query the addresses of the first n results,
//   "everything": the index put together from every term shard (fieldVectors and
//                 invertedIndex as lunr.js serialises them),
//   "terms": per word its term (lunr.da's trimmer, stopword filter, stemmer) or null,
//   "round": search-core.js's round3 of each number.
"use strict";

const fs = require("fs");
const path = require("path");

const [lunrFile, supportFile, danishFile, requestFile] = process.argv.slice(2);
const lunr = require(path.resolve(lunrFile));
require(path.resolve(supportFile))(lunr);
require(path.resolve(danishFile))(lunr);

const request = JSON.parse(fs.readFileSync(requestFile, "utf8"));

// The results as the search page shows them: search-query.js's find, the filters and
// order, and the first n results' phrases checked on their documents.
async function asThePage(search, state) {
  const queries = require(request.query || queryScript(request.core));
  const finder = queries.create(lunr, search);
  const found = await finder.find(state.q || "");
  const hits = finder.arrange(found.hits, state);
  const wanted = request.documents || 20;
  const kept = [];
  const shown = [];
  let next = 0;
  while (shown.length < wanted && next < hits.length) {
    const batch = hits.slice(next, next + wanted - shown.length);
    const docs = await Promise.all(search.documents(batch.map((hit) => Number(hit.ref))));
    batch.forEach((hit, i) => {
      if (finder.accept(docs[i], found.phrases)) {
        kept.push(hit);
        shown.push(docs[i].u);
      }
    });
    next += batch.length;
  }
  return { hits: kept.concat(hits.slice(next)), corrected: found.corrected, shown };
}

// search-query.js beside search-core.js (as the build names it, or as in templates/).
function queryScript(core) {
  const folder = path.dirname(core);
  const name = fs.readdirSync(folder).find((file) => /^search-query(\.[0-9a-f]+)?\.js$/.test(file));
  if (!name) { throw new Error("no search-query.js beside " + core); }
  return path.join(folder, name);
}

async function main() {
  const answer = { results: [], fetched: [], terms: [], round: [], corrected: [], shown: [] };
  if (request.output) {
    const core = require(request.core);
    const read = (url) => JSON.parse(fs.readFileSync(path.join(request.output, url), "utf8"));
    const first = read(request.first);
    let fetched = [];
    const create = () => core.create(lunr, first, (url) => {
      fetched.push(url);
      return Promise.resolve(read(url));
    });
    let search = create();
    for (const query of request.queries || []) {
      if (request.fresh) { search = create(); } // as a new visitor: nothing fetched yet
      fetched = [];
      if (request.page) {
        const found = await asThePage(search, typeof query === "string" ? { q: query } : query);
        answer.results.push(found.hits.map((hit) => ({ ref: hit.ref, score: hit.score })));
        answer.fetched.push(fetched);
        answer.corrected.push(found.corrected);
        answer.shown.push(found.shown);
        continue;
      }
      const hits = await search.search(query);
      if (request.documents) { // what the first page of results shows
        await Promise.all(search.documents(
          hits.slice(0, request.documents).map((hit) => Number(hit.ref))));
      }
      answer.results.push(hits.map((hit) => ({ ref: hit.ref, score: hit.score })));
      answer.fetched.push(fetched);
    }
    if (request.everything) {
      const shards = await Promise.all(first.terms.map((shard) => search.shard(shard[1])));
      const index = search.index(shards, true).toJSON();
      answer.everything = { fieldVectors: index.fieldVectors, invertedIndex: index.invertedIndex };
    }
    answer.round = (request.round || []).map((x) => core.round3(x));
  }
  const pipeline = new lunr.Pipeline();
  pipeline.add(lunr.da.trimmer, lunr.da.stopWordFilter, lunr.da.stemmer);
  answer.terms = (request.words || []).map((word) => {
    const out = pipeline.run([new lunr.Token(word)]);
    return out.length ? out[0].toString() : null;
  });
  process.stdout.write(JSON.stringify(answer));
}

main().catch((error) => {
  process.stderr.write(String(error && error.stack || error));
  process.exit(1);
});
