"""Health words beside a named person: the sentences of each file, and the site-wide report.

As each file is checked (privacy.check_file), `_health_sentences` finds every health word
in its text, also when it is split or spelt with look-alike letters, and keeps the
sentences where it is published and may be about someone: not a profession or a place
("sygehus"), a field or an institution ("handicapområdet"), a group ("borgere med en
dobbeltdiagnose") or a subject ("oplægget om demens"), and not acknowledged under
`gennemset:`. They are kept in the cache as `FileFacts`. When every file has been read,
`_report_named_health` reports as errors those that name a person (person_names.py). The
sentences are cut by sentences.py, in the text as cpr.py normalises it.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from ..problems import Problems
from .cpr import _DASH
from .person_names import _may_name_someone, _site_people
from .sentences import _Units
from .source_lines import ACK_KEY, _Context, _Source

MAX_PER_LINE = 100  # sentences with the same health word kept from one line (hostile files)


# Health words: the sentences they stand in ------------------------------------------------

@dataclass(frozen=True)
class HealthSentence:
    """A published sentence with a health word about someone: an error if it names a
    person (`_report_named_health`)."""

    path: Path
    line: int
    where: str | None
    found: str  # the word as written (look-alike letters read as Latin ones)
    word: str  # lowercased, without a hyphen or space inside: for `gennemset:`
    sentence: str
    kind: str  # meeting | document | data


@dataclass(frozen=True)
class FileFacts:
    """What one file tells the site-wide health check: the people its front matter names
    (deltagere, afbud, referent) and its sentences with a health word."""

    names: tuple[str, ...] = ()
    sentences: tuple[HealthSentence, ...] = ()


def _health_sentences(source: _Source, context: _Context, words: tuple[str, ...]
                      ) -> tuple[HealthSentence, ...]:
    if not words:
        return ()
    text = _health_text(source.search)  # "syge&shy;meldt", "*syge*meldt": "sygemeldt"
    lower = text.lower()
    if len(lower) != len(text):  # a rare letter whose lower case is longer: keep offsets
        lower = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    squeezed = lower
    for char in _SQUEEZED:  # what may split a word: "syge-\nmeldt", "syge meldt"
        if char in squeezed:
            squeezed = squeezed.replace(char, "")
    stems = [word for word in words if word in squeezed]
    if not stems:
        return ()
    units = _Units(source, text)
    found: list[HealthSentence] = []
    words_seen: set[int] = set()  # where each word begins: "syge meldt" is one, not "syge"
    spans = {span for stem in stems for span in _stem_spans(lower, stem, squeezed)}
    line, counted = 1, 0  # the line of text[counted]: counted on as the words come in order
    per_line: dict[tuple[int, str], int] = {}
    for start, end in sorted(spans, key=lambda span: (span[0], -span[1])):
        word_start = start
        while word_start > 0 and text[word_start - 1].isalpha():
            word_start -= 1
        if word_start in words_seen:
            continue
        words_seen.add(word_start)
        line, counted = line + text.count("\n", counted, word_start), word_start
        sentence = _about_someone(source, context, units, text, lower, word_start, end, line)
        if sentence is not None and per_line.get((line, sentence.word), 0) < MAX_PER_LINE:
            per_line[(line, sentence.word)] = per_line.get((line, sentence.word), 0) + 1
            found.append(sentence)
    return tuple(found)


_EXTRA_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9:-]{0,30})\b[^<>\n]{0,500}>")
_INLINE_TAGS = {"kbd", "samp", "var", "cite", "dfn", "time", "bdi", "bdo", "ruby", "rt", "rp",
                "data", "tt", "big", "strike", "label", "nobr", "wbr", "o:p", "span", "b", "i",
                "em", "strong", "u", "s", "small", "mark", "sup", "sub", "font", "a", "abbr",
                "code", "del", "ins", "q"}
_SQUEEZED = " \t\n>" + _DASH


def _health_text(search: str) -> str:
    """`cpr_text` and then: every other tag taken away (`syge<kbd>meldt</kbd>`; a block tag
    leaves a space), and Cyrillic and Greek letters that look Latin read as Latin."""
    if "<" in search:
        search = _EXTRA_TAG.sub(
            lambda m: "" if m.group(1).lower() in _INLINE_TAGS else " ", search)
    if not search.isascii() and _HOMOGLYPH.search(search):
        search = search.translate(HOMOGLYPHS)
    return search


_SPLIT = rf"(?:[ \t]*[{_DASH}][ \t]*(?:\n[ \t>]*)?|[ \t]*\n[ \t>]*(?:[{_DASH}][ \t]*)?|[ \t]+)"


@functools.lru_cache(maxsize=256)
def _split_pattern(stem: str) -> re.Pattern:
    """The stem with a hyphen, a space or a line break anywhere inside it."""
    return re.compile(f"(?:{_SPLIT})?".join(re.escape(char) for char in stem))


def _stem_spans(lower: str, stem: str, squeezed: str) -> list[tuple[int, int]]:
    """Where `stem` is in the text: as written, and split by a hyphen or a space (only
    when the copy without them has more of it: splits are rare)."""
    spans, position = [], lower.find(stem)
    while position != -1:
        spans.append((position, position + len(stem)))
        position = lower.find(stem, position + 1)
    if squeezed.count(stem) > len(spans):
        for match in _split_pattern(stem).finditer(lower):
            inside = match.group()
            if inside == stem:
                continue
            gaps = re.findall(r"\W+", inside)
            letters = re.split(r"\W+", inside)
            if len(gaps) != 1 or min(len(part) for part in letters) < 2:
                continue  # "s y g" or "or lov": not one word split in two
            if not any(char in _DASH for char in gaps[0]) and (
                    match.start() > 0 and lower[match.start() - 1].isalpha()
                    or lower[match.end():match.end() + 5].isalpha()):
                continue  # "for lov" is not "orlov", "bar selskabet" not "barsel"
            spans.append(match.span())
    return spans


def _about_someone(source: _Source, context: _Context, units: "_Units", text: str,
                   lower: str, start: int, end: int, line: int) -> HealthSentence | None:
    """The sentence around a health word (text[start:end]: from the beginning of the word
    to the end of the health word in it; on `line`), if the word is published and can be about a
    person: not a profession or a place ("sygehus"), a field or an institution
    ("handicapområdet", "Misbrugscentret"), a group ("borgere med en dobbeltdiagnose")."""
    word_start, word_end = start, end
    while word_end < len(text) and text[word_end].isalpha():
        word_end += 1
    word = "".join(char for char in lower[word_start:word_end] if char.isalpha())
    stem_end = len("".join(char for char in lower[word_start:end] if char.isalpha()))
    if word.startswith(_NOT_HEALTH) or _names_a_field(word[stem_end:]):
        return None
    first, last = units.sentence(word_start, word_end)
    sentence = text[first:last].replace("\n", " ")
    offset = word_start - first
    before, after = sentence[max(0, offset - 80):offset].lower(), sentence[offset:].lower()
    if text[word_start].isupper() and before.strip() and \
            before.rstrip()[-1] not in _STARTS_AFTER and len(word) - stem_end >= 3:
        return None  # "Misbrugscentret", "Kræftens Bekæmpelse": a name of its own
    if _group_or_role_before(before) or _GROUP_AFTER.match(after) or \
            _FIELD_AFTER.match(after) or _OVERALL.match(after) or \
            not _may_name_someone(sentence):
        return None
    place = context.place(line)
    if place.quiet or units.in_yaml_comment(word_start) or \
            _acknowledged(word, context.acknowledged):
        return None
    found = " ".join(text[word_start:word_end].split())
    return HealthSentence(source.path, line, place.where, found, word, sentence.strip(),
                          source.kind)


def _names_a_field(rest: str) -> bool:
    """The rest of a compound after the health word: "området", "scentret" (with the
    joining s or e), or a plural of people ("misbrugere")."""
    if rest in _GROUP_ENDINGS:
        return True
    return any(r.startswith(_FIELD_PARTS) for r in (rest, rest[1:] if rest[:1] in "se" else ""))


def _acknowledged(word: str, acknowledged: set[str]) -> bool:
    """An acknowledgement names the word as found, or a listed word it contains."""
    return word in acknowledged or any(a in word for a in acknowledged if len(a) >= 3)


_STARTS_AFTER = ".:;|-–—(\"'»«#*>!?"
# Health words found inside a word by chance, or in a profession or a place
_NOT_HEALTH = ("sygehus", "sygepleje", "sygesikring", "sygeforsikring", "sygeeksamen",
               "langstrak", "barselsvikar")
# The rest of a compound that makes it a field or an institution ("handicapområdet",
# "misbrugscentret", "demenskoordinator"), not a person's state
_FIELD_PARTS = ("område", "politik", "plan", "strategi", "center", "centre", "centr", "tilbud",
                "plads", "råd", "udvalg", "forvaltning", "afdeling", "afsnit", "sektor",
                "chef", "leder", "konsulent", "koordinator", "netværk", "fond", "forening",
                "klinik", "faglig", "indsats", "lov", "udmelding", "kreds", "forum",
                "organisation", "pulje", "projekt", "behandlingstilbud", "ydelse", "felt",
                "team", "enhed", "bekæmpelse", "alliance", "vikar", "procent", "statistik",
                "tal", "niveau", "opgørelse")
# plural: "misbrugere", "handicappede", "kræftpatienter"
_GROUP_ENDINGS = ("ere", "erne", "ede", "edes", "ramte", "patienter", "patienterne")
_GROUP_WORDS = frozenset((
    "borgere", "borgerne", "personer", "personerne", "mennesker", "menneskene", "børn",
    "børnene", "unge", "voksne", "kvinder", "kvinderne", "mænd", "mændene", "brugere",
    "brugerne", "beboere", "beboerne", "elever", "eleverne", "patienter", "patienterne",
    "familier", "familierne", "forældre", "forældrene", "pårørende", "mødre", "fædre",
    "medarbejdere", "medarbejderne", "ansatte", "kolleger", "kollegerne"))
# "oplægget om demens", "drøftelse vedr. sygefravær": a subject, unless it is someone's
_TOPIC_LINKS = frozenset(("om", "omkring", "vedr", "vedrørende", "angående"))
_POSSESSIVES = frozenset(("sin", "sit", "sine", "hans", "hendes", "deres", "dennes"))
_GROUP_LINKS = frozenset(("med", "uden", "som", "der", "af", "har", "er"))
_ROLE_LINKS = frozenset(("for", "af", "på", "i", "inden", "med", "fra", "om"))
_ROLES = ("chef", "leder", "direktør", "ansvarlig", "konsulent", "koordinator", "formand",
          "medarbejder", "tovholder", "repræsentant", "specialist", "speciale")
_WORDS_BEFORE = re.compile(r"[\w/-]+")


def _group_or_role_before(before: str) -> bool:
    """The health word is about a group ("borgere med en dobbeltdiagnose", "kvinder, der er
    gravide"), names a field of work ("chef for handicap og psykiatri", "konsulent med
    speciale i autisme") or a subject ("oplægget om demens"): a linking word at most three
    words back, after a group of people or a role, or right before it."""
    words = _WORDS_BEFORE.findall(before)[-8:]
    if words and (words[-1] in _TOPIC_LINKS or len(words) > 1 and words[-2] in _TOPIC_LINKS
                  and words[-1] not in _POSSESSIVES):
        return True
    for index in range(len(words) - 1, max(len(words) - 5, 0) - 1, -1):
        if words[index] in _GROUP_LINKS and any(
                w in _GROUP_WORDS or w.startswith(("målgrupp", "grupp")) or
                w.endswith("grupper") for w in words[max(0, index - 4):index]):
            return True
        if words[index] in _ROLE_LINKS and index > 0 and \
                words[index - 1].removesuffix("en").removesuffix("et").endswith(_ROLES):
            return True
    return False


# "gravide kvinder", "psykisk syge borgere", "sygemeldte medarbejdere", "gravide misbrugere"
_GROUP_AFTER = re.compile(
    r"^[\w-]*(?:\s+(?!og\b|eller\b|men\b)[\w-]+)?\s+(?:"
    + "|".join(sorted(_GROUP_WORDS, key=len, reverse=True))
    + r"|\w*grupp\w*|\w*(?:brugere|arbejdere|ikere|tagere))\b")
# "sygefraværet i kommunerne": the sick leave of a whole workplace (not "sygefraværet for")
_OVERALL = re.compile(r"^sygefraværet(?!\s+(?:for|hos)\b)")
# "psykiatriske tilbud", "hjerneskade og apopleksiområdet"
_FIELD_AFTER = re.compile(r"^[\w-]*\s+(?:tilbud|område|området|indsats\w*|sektor\w*|"
                          r"afdeling\w*|center|centre\w*|behandlingstilbud\w*|plan\w*|"
                          r"(?:og|eller)\s+[\w-]*områd\w*)\b")

# Cyrillic and Greek letters that look like Latin ones ("sygеmeldt" with a Cyrillic е)
_LOOK_ALIKES = {
    "а": "a", "е": "e", "ё": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x",
    "і": "i", "ј": "j", "ѕ": "s", "ԁ": "d", "һ": "h", "ԛ": "q", "ԝ": "w", "ӏ": "l",
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P",
    "С": "C", "Т": "T", "У": "Y", "Х": "X", "І": "I", "Ј": "J", "Ѕ": "S",
    "α": "a", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "υ": "u", "χ": "x",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M",
    "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
}
HOMOGLYPHS = str.maketrans(_LOOK_ALIKES)
_HOMOGLYPH = re.compile("[" + "".join(_LOOK_ALIKES) + "]")


# Named people: the site-wide decision ------------------------------------------------------

def _report_named_health(root: Path, facts: list[FileFacts], first: frozenset[str],
                         problems: Problems) -> None:
    """A health word in the same sentence as a named person is an error."""
    sentences = [s for f in facts for s in f.sentences]
    if not sentences:
        return
    people = _site_people(root, [name for f in facts for name in f.names], first)
    reported: set[tuple[Path, int, str]] = set()
    for sentence in sentences:
        key = (sentence.path, sentence.line, sentence.word)
        how = None if key in reported else people.named(sentence.sentence)
        if how is None:
            continue
        reported.add(key)
        if sentence.kind == "data":
            advice = ("Fjern helbredsoplysningen eller navnet. Er det gennemset og i orden (fx "
                      "med samtykke), så skriv en kommentar med ordet og begrundelsen i "
                      f"filen, fx '# {ACK_KEY}: {sentence.word}: navngivet med samtykke (AB, "
                      "2026-12-01)'")
        else:
            close = ", eller luk punktet (lukket: ja)" if sentence.kind == "meeting" else ""
            advice = (f"Fjern helbredsoplysningen eller navnet{close}. Er det gennemset og i "
                      "orden (fx med samtykke), så skriv ordet og begrundelsen under "
                      f"{ACK_KEY}: i filens front matter, fx '- {sentence.word}: navngivet "
                      "med samtykke (AB, 2026-12-01)'")
        problems.error(sentence.path, sentence.line, sentence.where,
                       f"helbredsoplysning om en navngiven person: '{sentence.found}' står i "
                       f"samme sætning som {how}. {advice}")
