"""The words a document can also be found by: the `varianter` field of the search index.

Readers type words as they say them, not as the text spells them:

- **compounds**: "handicap" should find "handicapområdet", "undervisning" should find
  "specialundervisning", "takst" should find "takststigningen". Each long word is split
  against the site's own vocabulary (every word that occurs on the site), with Danish
  linking letters ("handling-s-plan", "børn-e-handicap"), and its parts are added;
  a part finds the whole, and being in a field with a lower boost, it ranks below the
  word itself. Parts that never stand alone are learnt from the vocabulary too: a
  beginning two long words share ("velfærdsteknologi" of "velfærdsteknologiske" and
  "velfærdsteknologiklynge"), an end words share after different beginnings
  ("mestring" of "egenmestring" and "livsmestring").
- **spellings without æ, ø and å**, both ways: "aarsrapport", "boern" and "sygefravaer"
  should find "årsrapport", "børn" and "sygefravær": every word with æ, ø or å is added
  folded (æ -> ae, ø -> oe, å -> aa); and "overførsel" should find a PDF that spells it
  "overfoersel": an ASCII word with ae, oe or aa is added with æ, ø or å.
- **forms with a doubled consonant**: Snowball's Danish stemmer takes "-ede" for "-e" +
  "d" ("handicappede" -> "handicapped"), so the form never meets the word it comes from
  ("handicappet" -> "handicap" does), and it takes "budget" to "budg" but "budgetterne"
  to "budget". A word that ends in one vowel and one consonant is added in such forms
  (`doubled_forms`).

The title's words' variants are a field of their own (`titelvarianter`, boosted between
the title and the text: an item titled "Anmodning om takststigning" ranks high for
"takst"), the other words' variants another (`varianter`). The fields' texts are made from
every document's words (`document_words`) once the whole site's vocabulary is known
(`variant_texts`): each meeting's documents are made (and kept by the build cache) on
their own, the vocabulary only at the end.
"""
from __future__ import annotations

import bisect
import functools
import hashlib
import itertools
import os
from typing import Iterable, Sequence

from . import analysis, index_builder

MIN_PART = 4  # letters in a part of a compound (without its linking letter)
MIN_COMPOUND = 2 * MIN_PART
MIN_UNKNOWN_TAIL = 6  # an end that is no word of the site counts only this long
MIN_LEARNT_HEAD = 5  # a beginning learnt from compounds ("special-viden") this long
LONG_TAIL = 7  # an end this long that is a word makes its beginning a part on its own
LONG_HEAD = 9  # a beginning two words share this long is a part ("velfærdsteknologi-ske")
MIN_HEAD_BEFORE_TAIL = 3  # letters before an end learnt from words that end alike
_FOLD = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "ä": "ae", "ö": "oe"})
_DANISH = frozenset("æøå")
_VOWELS = frozenset("aeiouyæøå")
# Endings that are words of their own but, at the end of a longer word, a suffix:
# "erfa-ring", "ansvar-lige", "fælles-skab".
_SUFFIXES = frozenset("""
    lige ligt ligere ligste ende endes else elsen elser ning ningen ninger ring ringen ringer
    ringerne heden heder skab skabet skaber isme iske erne ende ener inger ingen agtig agtige
    mæssig mæssige mæssigt ighed vise visen
""".split())


def document_words(values: Iterable[str]) -> tuple[str, ...]:
    """The distinct words (lowercased, trimmed as the index trims them) of a document's
    text that can have variants or be part of a compound, in order of appearance."""
    seen: dict[str, None] = {}
    for value in values:
        seen.update(dict.fromkeys(filter(None, map(_word, dict.fromkeys(
            index_builder.tokens(value))))))
    return tuple(seen)


@functools.lru_cache(maxsize=1 << 17)
def _word(token: str) -> str | None:
    word = analysis.trim(token)
    return word if len(word) >= MIN_PART and word.isalpha() else None


def fold(word: str) -> str:
    """The word spelled without æ, ø and å."""
    return word.translate(_FOLD)


class Vocabulary:
    """The site's words, and what each word's variants are among them."""

    def __init__(self, words: Iterable[str]):
        self.words = frozenset(words)
        stop = frozenset(analysis.stop_words())
        self._heads = {w for w in self.words if w not in stop}
        # Beginnings learnt from compounds whose end is a word: "special" from
        # "specialundervisning", though "special" is never a word of its own here. Where
        # the end is short, the beginning must be where words part ways
        # ("special-viden", "special-undervisning"), not inside a word ("ansøgnin-gerne":
        # every word that begins so goes on with "g").
        learnt, candidates = set(), set()
        for word in self.words:
            if len(word) >= MIN_COMPOUND:
                for cut in range(len(word) - MIN_PART, MIN_LEARNT_HEAD - 1, -1):
                    head, tail = word[:cut], word[cut:]
                    if head in stop or head in learnt or not self._known_tail(tail):
                        continue
                    (learnt if len(tail) >= LONG_TAIL else candidates).add(head)
        ordered = sorted(self.words)
        self._learnt = frozenset(learnt | {h for h in candidates - learnt
                                           if _branches(ordered, h)}
                                 | _shared(ordered, LONG_HEAD))
        # Ends learnt from words that end alike after different beginnings: "mestring"
        # of "egenmestring" and "livsmestring", though "mestring" is never a word here.
        self._tails = frozenset(
            tail[::-1] for tail in _shared(sorted(w[::-1] for w in self.words), LONG_TAIL)
            if tail[-1] not in _VOWELS and tail[::-1] not in _SUFFIXES
            and len(analysis.stem(tail[::-1])) >= LONG_TAIL - 1)
        self._stems = frozenset(map(analysis.stem, self.words))
        self._cache: dict[str, tuple[str, ...]] = {}

    def variants(self, word: str) -> tuple[str, ...]:
        """What the word can also be found by (its parts, its folded spelling, its -ede
        form), without the word itself."""
        found = self._cache.get(word)
        if found is None:
            parts = list(dict.fromkeys(self.parts(word)))
            forms = [word] + parts
            more = [fold(w) for w in forms if not _DANISH.isdisjoint(w)]
            more += [u for w in forms for u in unfoldings(w)]
            more += [d for w in forms for d in doubled_forms(w, self._stems)]
            found = self._cache[word] = tuple(dict.fromkeys(p for p in parts + more
                                                            if p != word))
        return found

    def parts(self, word: str, bound: bool = False) -> list[str]:
        """The parts of a compound, the longest known beginning first, each part of a
        part too: "specialundervisningsområdet" -> specialundervisning, området,
        special, undervisning. `bound`: the word is a beginning learnt from compounds
        ("handicapchef" of "handicapchefkredsen"): its end may be short ("chef")."""
        if len(word) < MIN_COMPOUND:
            return []
        unknown_tail = MIN_PART if bound else MIN_UNKNOWN_TAIL
        best = None
        for head, tail in self._splits(word):
            known_head = head in self._heads
            if not known_head and head not in self._learnt:
                continue
            if self._known_tail(tail):
                rank = 2 if known_head else 1
            elif len(tail) >= unknown_tail and tail not in _SUFFIXES \
                    and tail[0] != tail[1]:  # "byråd-ssalen": no word begins so
                rank = 0
            else:
                continue
            if best is None or rank > best[0]:  # first found: the longest beginning
                best = (rank, head, tail)
        if best is None:
            return self._learnt_tail(word)
        _, head, tail = best
        return [head, tail] + self.parts(head, head not in self._heads) + self.parts(tail)

    def _learnt_tail(self, word: str) -> list[str]:
        """The longest end of the word learnt from words that end alike, after a beginning
        of at least MIN_HEAD_BEFORE_TAIL letters."""
        for cut in range(MIN_HEAD_BEFORE_TAIL, len(word) - LONG_TAIL + 1):
            if word[cut:] in self._tails:
                return [word[cut:]]
        return []

    def _known_tail(self, tail: str) -> bool:
        """A word of the site, also in another inflection ("stigningen": "stigning")."""
        if tail in _SUFFIXES:
            return False
        words = self.words
        return any(tail[:len(tail) - cut] in words
                   for cut in range(0, min(4, len(tail) - MIN_PART) + 1))

    @staticmethod
    def _splits(word: str):
        """(beginning, end) pairs, the longest beginning first; a linking s or e between
        them is left out ("handlingsplan": handling, plan), and a beginning that lost its
        final e keeps it ("arbejdsmarked": arbejde, marked)."""
        for cut in range(len(word) - MIN_PART, MIN_PART - 1, -1):
            head, tail = word[:cut], word[cut:]
            yield head, tail
            if head[-1] in "se" and len(head) > MIN_PART:
                yield head[:-1], tail
            if head[-1] == "s" and len(head) > MIN_PART:
                yield head[:-1] + "e", tail


def _shared(ordered: list[str], least: int) -> set[str]:
    """The beginnings of at least `least` letters that two words (of `ordered`, sorted)
    share before they go on with different letters; each word goes on for at least
    MIN_HEAD_BEFORE_TAIL letters."""
    found = set()
    for a, b in zip(ordered, ordered[1:]):
        common = len(os.path.commonprefix((a, b)))
        if common >= least and min(len(a), len(b)) - common >= MIN_HEAD_BEFORE_TAIL:
            found.add(a[:common])
    return found


def _branches(ordered: list[str], head: str) -> bool:
    """Whether the words that begin with `head` go on with two different letters."""
    start = bisect.bisect_right(ordered, head)
    end = bisect.bisect_left(ordered, head + "\U0010ffff", start)
    return len({word[len(head)] for word in ordered[start:end]}) >= 2


_DOUBLED_ENDINGS = ("erne", "er", "e")


def doubled_forms(word: str, stems: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """The inflections with a doubled final consonant that the stemmer does not bring
    back to the word's stem, for a word that ends in a short syllable (one vowel, one
    consonant): the -ede form of an uninflected word ("handicap" -> "handicappede",
    stem "handicapped"), and the other forms whose stem is among `stems` (the site's):
    "budget" (stem "budg") -> "budgetterne" (stem "budget") where the site has
    "budgetterne"."""
    if len(word) < 6 or word[-1] not in "bdfgklmnprstv" or word[-2] not in _VOWELS \
            or word[-3] in _VOWELS:
        return ()
    own = analysis.stem(word)
    found = {own: word}
    if own == word:
        form = word + word[-1] + "ede"
        found.setdefault(analysis.stem(form), form)
    for ending in _DOUBLED_ENDINGS:
        form = word + word[-1] + ending
        stem = analysis.stem(form)
        if stem in stems:
            found.setdefault(stem, form)
    return tuple(form for form in found.values() if form != word)


_UNFOLD = (("aa", "å"), ("ae", "æ"), ("oe", "ø"))


def unfoldings(word: str) -> tuple[str, ...]:
    """An ASCII word's spellings with æ, ø and å where it has "ae", "oe" or "aa" (at most
    three of them): "overfoersel" -> "overførsel", as a PDF without Danish letters spells
    it."""
    if not word.isascii():
        return ()
    spots = [(i, letter) for i in range(len(word) - 1)
             for pair, letter in _UNFOLD if word.startswith(pair, i)]
    if not spots or len(spots) > 3:
        return ()
    found = []
    for chosen in itertools.product((False, True), repeat=len(spots)):
        if not any(chosen):
            continue
        out, last = [], 0
        for (i, letter), take in zip(spots, chosen):
            if take and i >= last:
                out += [word[last:i], letter]
                last = i + 2
        found.append("".join(out) + word[last:])
    return tuple(dict.fromkeys(f for f in found if f != word))


def variant_texts(documents: Sequence[Sequence[str]],
                  titles: Sequence[Sequence[str]]) -> list[tuple[str, str]]:
    """Each document's `titelvarianter` and `varianter` texts, from each document's words
    and its title's words (document_words; the title's are among the document's),
    against the vocabulary of them all: the variants of the title's words, and those of
    the other words that are not among them."""
    return texts(variant_table(word for words in documents for word in words),
                 documents, titles)


Table = dict[str, tuple[str, ...]]  # each word of a vocabulary -> its variants


def variant_table(words: Iterable[str]) -> Table:
    """Each word of the vocabulary `words` with its variants among them."""
    vocabulary = Vocabulary(words)
    return {word: vocabulary.variants(word) for word in vocabulary.words}


def texts(table: Table, documents: Sequence[Sequence[str]],
          titles: Sequence[Sequence[str]]) -> list[tuple[str, str]]:
    """`variant_texts`, with the vocabulary's table made."""
    made = []
    for words, title in zip(documents, titles):
        first = dict.fromkeys(itertools.chain.from_iterable(map(table.__getitem__, title)))
        out = dict.fromkeys(itertools.chain.from_iterable(map(table.__getitem__, words)))
        if out:
            for word in itertools.chain(words, first):  # no variant of its own words
                out.pop(word, None)
        for word in title:  # the title's variants, for all the text says them
            first.pop(word, None)
        made.append((" ".join(first), " ".join(out)))
    return made


def table_digests(table: Table, parts: Iterable[Sequence[str]]) -> list[str]:
    """For each part's distinct words, a digest of what `texts` reads of the table for
    them: the same digest, the same texts (for documents of the same words)."""
    lines = {word: (" ".join(found) + "\n").encode() for word, found in table.items()}
    return [hashlib.blake2b(b"".join(map(lines.__getitem__, words)),
                            digest_size=16).hexdigest() for words in parts]
