"""Recognising a named person in a sentence, for the health check (health.py).

Who the site's people are is known only when every file has been read: the names each
meeting's front matter lists (`_front_matter_names`: deltagere, afbud, referent, read as
the file is checked) and each body's medlemmer in data/organer.yaml (`_site_people`).
`_People` then tells whether a sentence names one of them, or anyone by a known first name
(FIRST_NAMES and data/fornavne.yaml), a first and last name, initials, or a title and a
name ("formand Jensen"); not an organisation, a place, a month or a weekday (`_NOT_PEOPLE`
and the word lists after it). `_may_name_someone` is the quick test made as each file is
checked, before the site's names are known.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable

from ..content.source import SourceError, read_yaml_file
from .source_lines import _FRONT_MATTER_END, _Source


def _front_matter_names(source: _Source) -> tuple[str, ...]:
    """The names under deltagere, afbud (and their stedfortræder) and referent: the lines
    under those keys, '- Navn' or 'navn: Navn' (read without YAML: it is done for every
    meeting, and YAML mistakes are the loader's to report)."""
    text = source.text
    if not text.startswith("---") or not any(key in text for key in _NAME_KEYS):
        return ()
    end = _FRONT_MATTER_END.search(text, text.find("\n") + 1)
    names, inside = [], False
    for line in text[:end.start() if end else len(text)].split("\n")[1:]:
        if line[:1] not in (" ", "\t", "-", "#", ""):  # a key of its own
            inside = line.split(":", 1)[0].strip() in _NAME_KEYS
            continue
        if not inside:
            continue
        entry = line.split(" #", 1)[0].strip().removeprefix("- ").strip()
        key, colon, value = entry.partition(":")
        if not colon:
            value = entry
        elif key.strip() not in ("navn", "stedfortræder"):
            continue
        value = value.strip().strip("'\"").strip()
        if value and not value.startswith("#"):
            names.append(value)
    return tuple(names)


_NAME_KEYS = ("deltagere", "afbud", "referent")


def _may_name_someone(sentence: str) -> bool:
    """Whether a word of the sentence may be a name (`_People` decides, knowing the site's
    names): initials, or a capitalised word that is not always something else."""
    for token in _TOKEN.findall(sentence):
        if _INITIALS.fullmatch(token) and token not in _NOT_PEOPLE:
            return True
        if token[:1].isupper() and any(c.islower() for c in token[1:]) and \
                token not in _NOT_PEOPLE and token not in _SENTENCE_WORDS and \
                not token.lower().endswith(_ORGANISATION_ENDINGS):
            return True
    return False


def _site_people(root: Path, names: list[str], first: frozenset[str]) -> "_People":
    """The site's people (deltagere, afbud and referent of every meeting, each body's
    medlemmer) and what is not a person (bodies, municipalities); data/organer.yaml and
    data/kommuner.yaml are read as they are (the loader reports their errors)."""
    not_people: set[str] = set()
    names = list(names)
    for file_name, keys in (("organer.yaml", ("navn", "forkortelse")),
                            ("kommuner.yaml", ("navn",))):
        path = root / "data" / file_name
        try:
            entries = read_yaml_file(path).value if path.is_file() else None
        except SourceError:
            entries = None
        for entry in entries if isinstance(entries, list) else []:
            values = entry.value if isinstance(entry.value, dict) else {}
            for key in keys:
                value = values.get(key)
                if value is not None and isinstance(value.value, str):
                    not_people.update(_TOKEN.findall(value.value))
            members = values.get("medlemmer")
            for member in members.value if members and isinstance(members.value, list) else []:
                name = member.value.get("navn") if isinstance(member.value, dict) else member
                if name is not None and isinstance(name.value, str):
                    names.append(name.value)
    return _People(dict.fromkeys(names), first,
                   frozenset(t for t in not_people if t[:1].isupper()))


class _People:
    """Who is a named person in a sentence: a name the site knows, or a first name, a
    first and last name or a title and a name, written with capitals; not an
    organisation, a place, a month or a weekday."""

    def __init__(self, names: Iterable[str], first: frozenset[str], not_people: frozenset[str]):
        self.not_people = not_people | _NOT_PEOPLE
        self.first = set(first)
        self.last: set[str] = set()
        full = set()
        for name in names:
            tokens = _TOKEN.findall(name)
            capitalised = [t for t in tokens if t[:1].isupper() and not self._not_person(t)]
            if len(tokens) >= 2 and len(capitalised) >= 2:
                full.add(" ".join(name.split()))
                self.last.add(capitalised[-1])
                if not _INITIALS.fullmatch(capitalised[0]):
                    self.first.add(capitalised[0])
            elif len(tokens) == 1 and capitalised:
                self.first.add(capitalised[0])
        alternatives = "|".join(r"\s+".join(re.escape(part) for part in name.split())
                                for name in sorted(full, key=len, reverse=True))
        self.full = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)") if full else None

    def _not_person(self, token: str) -> bool:
        lower = token.lower()
        return (token in self.not_people or token.removesuffix("s") in self.not_people
                or lower in _NOT_PEOPLE_LOWER or lower.endswith(_ORGANISATION_ENDINGS))

    def _kind(self, token: str) -> str:
        """'name' (a capitalised word), 'initials' (H.C., HC) or ''."""
        if _INITIALS.fullmatch(token):
            return "" if token in self.not_people else "initials"
        if token[:1].isupper() and any(c.islower() for c in token[1:]) \
                and not self._not_person(token):
            return "name"
        return ""

    def named(self, sentence: str) -> str | None:
        """How the sentence names a person (for the message), or None."""
        tokens = list(_TOKEN.finditer(sentence))
        if self.full is not None and any(m.group() in self.last for m in tokens) and \
                self.full.search(sentence):
            return "et navn (fra deltagerlisten)"
        index = 0
        while index < len(tokens):
            run = [tokens[index]]  # name-like words with only a space between them
            while self._kind(run[-1].group()) and index + len(run) < len(tokens):
                following = tokens[index + len(run)]
                gap = sentence[run[-1].end():following.start()]
                if not (_JOINS_NAME.fullmatch(gap) and self._kind(following.group())) or \
                        ("." in gap and len(run[-1].group()) > 3):  # "Chr. Hansen" only
                    break
                run.append(following)
            how = self._run(sentence, tokens, index, run) if self._kind(run[0].group()) else None
            if how:
                return how
            index += len(run)
        return None

    def _run(self, sentence: str, tokens: list[re.Match], index: int,
             run: list[re.Match]) -> str | None:
        words = [m.group() for m in run]
        after = tokens[index + len(run)] if index + len(run) < len(tokens) else None
        if after is not None and sentence[run[-1].end():after.start()].strip() == "" and \
                after.group()[:1].isupper() and self._not_person(after.group()):
            return None  # "Marie Kruses Skole", "Karen Blixens Vej"
        before = tokens[index - 1].group().lower() if index else ""
        if before and _TITLE.fullmatch(before) and \
                sentence[tokens[index - 1].end():run[0].start()].strip(" .") == "":
            return "et navn (titel og navn)"
        last = words[-1].removesuffix("s") if words[-1].endswith("ens") else words[-1]
        if len(words) >= 2:
            if _INITIALS.fullmatch(words[0]) and words[1].lower() in _SENTENCE_STARTERS:
                return None  # "... med Den A.P. Alternativt kunne ...": a new sentence
            surname = last in self.last or last.lower().endswith(_SURNAME_ENDINGS)
            if words[0] in self.first or surname or words[0].count(".") >= 2:
                return "et navn (fornavn og efternavn)"  # "Hanne Jensen", "H.C. Maarup"
            return None
        if words[0] in self.first and words[0] not in _AMBIGUOUS_FIRST_NAMES:
            return "et navn (fornavn)"
        return None


_TOKEN = re.compile(r"(?:[A-ZÆØÅ]\.){1,3}|[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_INITIALS = re.compile(r"(?:[A-ZÆØÅ]\.){1,3}|[A-ZÆØÅ]{2}")
_JOINS_NAME = re.compile(r"\.?[ \t]+|")  # between the words of a name
_TITLE = re.compile(
    r"[\w-]*(?:formand|direktør|chef|leder|konsulent|sekretær|borgmester|rådmand|medarbejder|"
    r"kollega|sagsbehandler|vikar|referent|koordinator|fuldmægtig|læge|medlem|"
    r"repræsentant|pædagog|assistent|elev)(?:en|et|s)?|hr|fru|frk|dr")

# Capitalised words that are never a person's name: organisations, places, months, days,
# and the words of meetings
_NOT_PEOPLE = frozenset((
    "Region", "Regionen", "Regionens", "Regionsrådet", "Kommune", "Kommunen", "Kommunes",
    "Kommunerne", "Kommunernes", "KL", "Socialstyrelsen", "Sundhedsstyrelsen", "Styregruppe",
    "Styregruppen", "Styregruppens", "Den", "Det", "De", "Dansk", "Danske", "Danmark",
    "Danmarks", "Regioner", "Landsforening", "Center", "Centret", "Centeret", "Krisecenter",
    "Krisecentret", "Tilbud", "Tilbuddet", "Hus", "Huset", "Skole", "Skolen", "Vej", "Vejen",
    "Gade", "Allé", "Plads", "Torv", "Rådhus", "Rådhuset", "Ministeriet", "Minister",
    "Styrelse", "Styrelsen", "Forening", "Foreningen", "Fond", "Fonden", "Sekretariat",
    "Sekretariatet", "Sekretariatets", "Forvaltning", "Forvaltningen", "Afdeling",
    "Afdelingen", "Udvalg", "Udvalget", "Udvalgets", "Råd", "Rådet", "Forum", "Netværk",
    "Netværket", "Aftale", "Aftalen", "Rammeaftale", "Rammeaftalen", "Socialaftale",
    "Socialaftalen", "Styringsaftale", "Styringsaftalen", "Udmelding", "Udmeldingen",
    "Udmeldinger", "Centrale", "Nord", "Syd", "Øst", "Vest", "Midt", "Nordjylland",
    "Midtjylland", "Syddanmark", "Sjælland", "Hovedstaden", "Jylland", "Fyn", "Universitet",
    "Hospital", "Sygehus", "Psykiatri", "Psykiatrien", "Kontaktudvalget", "Gruppe", "Gruppen",
    "Bestyrelse", "Bestyrelsen", "Folketinget", "Regeringen", "Staten", "Byråd", "Byrådet",
    "Kommunalbestyrelsen", "Projekt", "Projektet", "Program", "Programmet", "Plan", "Planen",
    "Strategi", "Strategien", "Tilsyn", "Socialtilsyn", "Møde", "Mødet", "Punkt", "Bilag",
    "Referat", "Dagsorden", "Sag", "Sagen", "Sagsnr", "Resumé", "Baggrund", "Indstilling",
    "Beslutning", "Orientering", "Sagsfremstilling", "Godkendelse", "Velkomst", "Evt",
    "Status", "Opfølgning", "Tabel", "Figur", "Kilde", "Note", "Januar", "Februar", "Marts",
    "April", "Maj", "Juni", "Juli", "August", "September", "Oktober", "November", "December",
    "Mandag", "Tirsdag", "Onsdag", "Torsdag", "Fredag", "Lørdag", "Søndag", "Jul", "Påske",
    "Pinse", "Nytår", "Formand", "Formanden", "Næstformand", "Direktør", "Direktøren",
    "Borgmester", "Borgmesteren", "Kommunaldirektør", "Socialdirektør", "Chef", "Leder",
    "Konsulent", "Medarbejder", "Medarbejderen", "Sekretær", "Hr", "Fru", "Frk", "Dr",
    "Sankt", "Skt", "Kong", "Dronning", "Prins", "Prinsesse"))
_NOT_PEOPLE_LOWER = frozenset(word.lower() for word in _NOT_PEOPLE)
# words that begin a sentence, never a name
_SENTENCE_WORDS = frozenset("""
    Af Alle Alternativt Andre Antallet Begge Da Dels Denne Der Derfor Dermed Desuden Dette
    Disse Efter Efterfølgende Eftersom Eller En Endelig Endvidere Enten Et For Foreløbige
    Fokus Forslaget Fra Herefter Heraf Herudover Hertil Hun Han Hvad Hvis Hvor Hvordan
    Hvilke Hvilket Her Hvornår Hver Hvert I Ifølge Ingen Inden Jf Kan Med Men Mens Man Mere
    Når Nogle Nu Og Også Om Omkring Op Over På Samlet Samtidig Sekretariatet Selv Senest
    Siden Skal Som Såfremt Så Til Tilbuddet Udover Under Ved Vi Yderligere
""".split())
_ORGANISATION_ENDINGS = (
    "styrelsen", "ministeriet", "centret", "centeret", "center", "kredsen", "udvalget",
    "rådet", "forum", "netværket", "forvaltningen", "afdelingen", "tilsyn", "aftalen",
    "regionen", "kommune", "kommunes", "kommunen", "skolen", "huset", "hjemmet", "fonden",
    "foreningen", "gruppen", "panelet", "sekretariatet", "loven", "området", "hospital",
    "hospitalet", "sygehus", "sygehuset", "tilbuddet", "institut", "instituttet",
    "organisation", "organisationer", "sammenslutning", "alliancen", "psykiatrien")
# Words that begin a sentence, never a name: after initials ("A.P.") they tell that the
# initials ended the sentence before
_SENTENCE_STARTERS = frozenset((
    "alternativt", "derfor", "desuden", "dermed", "derudover", "herudover", "endvidere",
    "samtidig", "således", "også", "men", "og", "eller", "hvis", "når", "da", "det", "der",
    "den", "dette", "disse", "de", "vi", "jeg", "han", "hun", "man", "her", "nu", "så",
    "efterfølgende", "herefter", "derefter", "til", "for", "i", "på", "med", "som", "at",
    "ligeledes", "endelig", "først", "sidst", "generelt", "typisk", "ofte", "aktuelt"))
_SURNAME_ENDINGS = ("sen", "søn", "gaard", "gård", "strup", "holm", "mann", "berg", "lund",
                    "bæk", "skov", "dahl", "feldt")

# Common Danish first names (written for this check; a site adds its own in
# data/fornavne.yaml, and every first name of its deltagere counts too)
FIRST_NAMES = frozenset("""
    Aase Agnes Alberte Alice Alma Amalie Ane Anette Anita Ann Anna Anne Annemarie Annette
    Anni Asta Astrid Benedikte Bente Berit Betina Bettina Birgit Birgitte Birte Birthe Bodil
    Britt Camilla Caroline Cecilie Charlotte Christina Christine Clara Connie Dagmar Ditte
    Dorte Dorthe Edith Elisabeth Ella Ellen Else Emilie Emma Erna Ester Esther Eva Freja
    Frida Gerda Gitte Grete Gudrun Hanna Hanne Heidi Helene Helga Helle Henriette Ida Inga
    Inge Inger Ingrid Isabella Jane Janne Jeanette Jette Johanne Jonna Josefine Julie Jytte
    Kamilla Karen Karin Karina Kathrine Katrine Kirsten Kirstine Laila Laura Lea Lena Lene
    Lilian Lillian Lina Line Linda Lisa Lisbet Lisbeth Lise Lone Lotte Louise Maiken Maja
    Malene Maren Margit Margrethe Maria Marianne Marie Marlene Mathilde Merete Mette Mia
    Mie Mona Nadia Nanna Natasja Nina Olivia Pernille Pia Randi Rikke Rita Ruth Sanne Sara
    Sarah Signe Sigrid Simone Sofie Solveig Sonja Stine Susan Susanne Tanja Tenna Tina Tine
    Tove Trine Ulla Vera Vibeke Victoria Vivi Winnie Yvonne
    Aage Adam Ahmad Ahmed Alexander Alfred Ali Allan Anders Andreas Anton Arne Asger August
    Benjamin Benny Bent Bjarne Bjørn Brian Carl Carsten Casper Christian Christoffer Claus
    Daniel David Dennis Ebbe Egon Ejner Elias Emil Erik Erling Esben Eskild Finn Flemming
    Frank Frede Frederik Frits Georg Gert Gunnar Gustav Harald Helge Henning Henrik Henry
    Holger Hugo Ib Ivan Jacob Jakob Jan Jannik Jens Jeppe Jesper Jimmy Joachim Johan
    Johannes John Jon Jonas Jonathan Jørgen Jørn Kai Karl Kasper Keld Kenneth Kent Kim
    Klaus Knud Kristian Kristoffer Kurt Lars Lasse Lauge Laurits Leif Leo Lucas Mads Magnus
    Malthe Martin Mathias Michael Mikael Mikkel Mogens Morten Nicolai Niels Nikolaj Nils
    Noah Ole Oliver Orla Oscar Otto Ove Palle Patrick Peder Peter Philip Poul Preben
    Rasmus René Rene Robert Rune Sebastian Sigurd Simon Steen Stig Sune Svend Søren Theis
    Thomas Thor Tobias Tommy Torben Troels Tue Uffe Ulf Ulrik Valdemar Verner Victor Viggo
    Villy Vagn Werner William
""".split())
# first names that are also Danish words ("Per 1. januar", "Hans sygemelding"): a name only
# beside a last name
_AMBIGUOUS_FIRST_NAMES = frozenset(
    ("Per", "Bo", "Hans", "Tage", "Mark", "Lykke", "Liv", "Kaj", "Sten", "Dan", "Mai", "Maj",
     "Tom", "Max", "Ask", "Birk", "Sol", "Storm", "Ane", "Bent", "Karl", "Frank", "Sune"))
