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
//           "round": [numbers]}
// answer (stdout):
//   "results": per query [{"ref", "score"}, ...], "fetched": per query the files it read
//              (besides the first file),
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

async function main() {
  const answer = { results: [], fetched: [], terms: [], round: [] };
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
