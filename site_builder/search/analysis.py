"""Danish text analysis for the search index: the same as lunr-languages' lunr.da.js does in
the browser, so that a word typed into the search box meets the word the build indexed.

lunr.js 2.3.9 and its Danish support are not copied into this repository: they come from the
npm packages `lunr` and `lunr-languages`, pinned in package.json and package-lock.json and
installed into node_modules/ (`npm ci --omit=dev`). This module finds them there, serves them
to outputs/assets.py, and reads the data the Python side must share with the browser from the
scripts themselves: the word characters of the trimmer (lunr.da.js's, plus what
lunr.stemmer.support.js's trimmer adds to every language's: the digits 0-9 since
lunr-languages 1.18, so that "2019", "11/171" and "§ 109" are words) and the stopword list.

lunr.py's own `languages='da'` is not used: it downloads NLTK stopwords at run time and its
trimmer keeps any token that has a non-word character inside. The pipeline functions are
registered under the names lunr.da.js registers, because the serialised index names its
search pipeline and lunr.js looks the names up when it loads the index.

The stemmer is Snowball's Danish algorithm from PyPI `snowballstemmer` (pure Python, offline).
lunr.da.js carries an older generation of the same algorithm; the two differ in two places,
which `stem()` evens out (tests/test_search.py checks every indexed word against lunr.da.js):
  - newer Snowball undoubles only b d f g k l m n p r s t at the end of R1; lunr.da.js
    undoubles any letter that is not a vowel (jazz -> jaz, "hh", "üü");
  - newer Snowball gives the apostrophe a meaning (R1 starts after it, a final one is
    removed); for lunr.da.js it is an ordinary non-vowel.
"""
from __future__ import annotations

import functools
import re
from pathlib import Path

from lunr.pipeline import Pipeline
from lunr.stop_word_filter import generate_stop_word_filter
from snowballstemmer.danish_stemmer import DanishStemmer

from ..build.inputs import NODE_MODULES
from ..problems import OutputError

# The browser scripts, in load order (lunr.da.js needs the other two): asset name, npm
# package, file in the package.
BROWSER_SCRIPTS = (
    ("lunr.js", "lunr", "lunr.js"),
    ("lunr.stemmer.support.js", "lunr-languages", "lunr.stemmer.support.js"),
    ("lunr.da.js", "lunr-languages", "lunr.da.js"),
)
NPM_INSTALL = "npm ci --omit=dev"

_WORD_CHARACTERS = re.compile(
    r'lunr\.da\.wordCharacters\s*=\s*"((?:[A-Za-z-]|\\x[0-9A-Fa-f]{2}|\\u[0-9A-Fa-f]{4})+)"')
# lunr.trimmerSupport.generateTrimmer: `var allowedCharacters = wordCharacters + "0-9"`
_ADDED_CHARACTERS = re.compile(
    r'allowedCharacters\s*=\s*wordCharacters\s*\+\s*"([A-Za-z0-9-]+)"')
_STOP_WORDS = re.compile(
    r"lunr\.da\.stopWordFilter\s*=\s*lunr\.generateStopWordFilter\(\s*'([^'\\]+)'\.split\(' '\)")

VOWELS = frozenset("aeiouyæåø")
_NEWER_SNOWBALL_UNDOUBLES = frozenset(DanishStemmer.g_undouble_c)
_APOSTROPHE_STAND_INS = tuple(chr(c) for c in range(0xE000, 0xE010))  # private use area


def browser_scripts() -> dict[str, Path]:
    """The asset name and file of each browser script, in load order, from node_modules/."""
    scripts = {name: NODE_MODULES / package / file for name, package, file in BROWSER_SCRIPTS}
    missing = [path for path in scripts.values() if not path.is_file()]
    if missing:
        raise OutputError(f"søgningen bruger lunr.js fra npm-pakkerne lunr og lunr-languages, "
                          f"men {missing[0]} findes ikke (kør: {NPM_INSTALL})")
    return scripts


@functools.cache
def lunr_da_source() -> str:
    return browser_scripts()["lunr.da.js"].read_text(encoding="utf-8")


@functools.cache
def _support_source() -> str:
    return browser_scripts()["lunr.stemmer.support.js"].read_text(encoding="utf-8")


def _from_lunr_da(pattern: re.Pattern, what: str, source=lunr_da_source) -> str:
    match = pattern.search(source())
    if match is None:
        raise OutputError(f"lunr.da.js i npm-pakken lunr-languages har ikke den form, "
                          f"søgningen kender ({what} blev ikke fundet); installér den version, "
                          f"package-lock.json angiver (kør: {NPM_INSTALL})")
    return match.group(1)


@functools.cache
def word_characters() -> str:
    """The characters lunr.da.trimmer keeps, as the body of a regular-expression character
    class: lunr.da.wordCharacters and what the trimmer adds to them ("0-9").

    The JavaScript strings only hold letters, digits, hyphens and \\xHH / \\uHHHH
    escapes, which mean the same in a Python pattern.
    """
    return (_from_lunr_da(_WORD_CHARACTERS, "lunr.da.wordCharacters")
            + _from_lunr_da(_ADDED_CHARACTERS, "trimmerens ekstra tegn (allowedCharacters)",
                            _support_source))


@functools.cache
def stop_words() -> tuple[str, ...]:
    return tuple(_from_lunr_da(_STOP_WORDS, "stopordslisten").split(" "))


# The pipeline functions -----------------------------------------------------------------

@functools.cache
def _trim_patterns() -> tuple[re.Pattern, re.Pattern]:
    chars = word_characters()
    # `\Z`, not `$`: JavaScript's `$` does not match before a final newline.
    return re.compile(f"^[^{chars}]+"), re.compile(f"[^{chars}]+\\Z")


def trim(word: str) -> str:
    """lunr.trimmerSupport.generateTrimmer(lunr.da.wordCharacters): non-word characters off
    both ends ("»2011«," becomes "2011"; "§" and "–" become "")."""
    start, end = _trim_patterns()
    return end.sub("", start.sub("", word, count=1), count=1)


_stemmer = DanishStemmer()


@functools.lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """Snowball Danish, as lunr.da.js computes it (see the module docstring)."""
    stand_in = None
    if "'" in word:
        stand_in = next(c for c in _APOSTROPHE_STAND_INS if c not in word)
        word = word.replace("'", stand_in)
    result = _stemmer.stemWord(word)
    if (len(result) > max(_r1_start(word), 1) and result[-1] == result[-2]
            and result[-1] not in VOWELS and result[-1] not in _NEWER_SNOWBALL_UNDOUBLES):
        result = result[:-1]
    return result.replace(stand_in, "'") if stand_in else result


def _r1_start(word: str) -> int:
    """Where Snowball's region R1 starts: after the first non-vowel that follows a vowel,
    but at least at 3; the word's length when there is none."""
    vowel = next((i for i, c in enumerate(word) if c in VOWELS), None)
    if vowel is None:
        return len(word)
    consonant = next((i for i in range(vowel + 1, len(word)) if word[i] not in VOWELS), None)
    return len(word) if consonant is None else max(consonant + 1, 3)


def trimmer(token, i=None, tokens=None):
    return token.update(lambda s, metadata=None: trim(s))


def stemmer(token, i=None, tokens=None):
    return token.update(lambda s, metadata=None: stem(s))


def skip_empty(token, i=None, tokens=None):
    """Drops tokens the trimmer emptied (dashes, "§"). lunr.js would index them as the
    term "" that no query can reach; left out, they neither bloat the index nor count in
    the field lengths. Used at build time only: it is not part of the serialised index."""
    return token if str(token) else None


@functools.cache
def register():
    """Registers the pipeline functions under lunr.da.js's names (once); returns the
    stopword filter, which lunr.py's factory makes and registers."""
    Pipeline.register_function(trimmer, "trimmer-da")
    Pipeline.register_function(stemmer, "stemmer-da")
    Pipeline.register_function(skip_empty, "skipEmpty")
    return generate_stop_word_filter(stop_words(), language="da")


def configure(builder) -> None:
    """What `builder.use(lunr.da)` does in the browser, plus skip_empty at the end."""
    stop_word_filter = register()
    builder.pipeline.reset()
    builder.pipeline.add(trimmer, stop_word_filter, stemmer, skip_empty)
    builder.search_pipeline.reset()
    builder.search_pipeline.add(trimmer, stemmer)
