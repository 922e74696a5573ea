// Runs lunr.js 2.3.9 with lunr-languages' Danish support, the very files the build serves
// (from the installed mkdocs package), for tests/test_search.py.
//
//   node tests/js/lunr-check.js <mkdocs search folder> <request.json>
//
// request: {"index": "<index file the build wrote>", "queries": ["..."], "words": ["..."]}
// answer (stdout): {"results": [[{"ref", "score"}, ...] per query],
//                   "terms": [term or null per word: lunr.da's trimmer, stopword filter, stemmer]}
"use strict";

const fs = require("fs");
const path = require("path");

const [folder, requestFile] = process.argv.slice(2);
const lunr = require(path.join(folder, "templates", "search", "lunr.js"));
require(path.join(folder, "lunr-language", "lunr.stemmer.support.js"))(lunr);
require(path.join(folder, "lunr-language", "lunr.da.js"))(lunr);

const request = JSON.parse(fs.readFileSync(requestFile, "utf8"));
const answer = { results: [], terms: [] };

if (request.index) {
  const file = JSON.parse(fs.readFileSync(request.index, "utf8"));
  const index = lunr.Index.load(file.index);
  answer.results = (request.queries || []).map((query) =>
    index.search(query).map((hit) => ({ ref: hit.ref, score: hit.score })));
}

const pipeline = new lunr.Pipeline();
pipeline.add(lunr.da.trimmer, lunr.da.stopWordFilter, lunr.da.stemmer);
answer.terms = (request.words || []).map((word) => {
  const out = pipeline.run([new lunr.Token(word)]);
  return out.length ? out[0].toString() : null;
});

process.stdout.write(JSON.stringify(answer));
