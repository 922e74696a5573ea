"""The tariff register, data/takster.yaml: the tilbud, their operators and day tariffs.

Checked like every data file (path:line: key: message): whole kroner, years, dates within
their year, operators known from data/kommuner.yaml, and the decisions a change names (a
published meeting and its item, or a written procedure). The file is optional; without
it the site has no tariff pages.

Why YAML and not CSV: a tilbud has a history (a tariff per year and changes within a
year, each with who approved it and where), which is a list under the tilbud in YAML but
would be repeated columns or several linked sheets in CSV; and YAML is what every other
file in data/ is, with comments, and line numbers in every message. The readers who want
a spreadsheet get one: /takster/takster-<år>.csv (tariff_pages.py).
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from .. import urls
from ..problems import Problems
from .coerce import MAX_YEAR, MIN_YEAR, Checker
from .model import Body, Meeting, Municipality
from .model_records import Offer, TariffStep, WrittenProcedure
from .schema_data import OFFER
from .source import Located

FILE = "takster.yaml"
# Whole kroner: 1933, 1.933 or 1 933 (Danish thousands); a sign for a change.
_KRONER = re.compile(r"^([+-]?)(\d{1,3}(?:[. ]\d{3})+|\d+)(?:\s*kr\.?)?$")
_MEETING_KEY = re.compile(r"^([a-z0-9-]+)/(\d{4}-\d{2}-\d{2})$")
_NUMBER = re.compile(r"^\d{1,6}$")


def parse_kroner(text: str) -> int | None:
    """1933, '1.933', '+206', '-50', '2.139 kr.' -> int; None if not whole kroner."""
    match = _KRONER.match(text.strip())
    if not match:
        return None
    value = int(re.sub(r"[. ]", "", match.group(2)))
    return -value if match.group(1) == "-" else value


def load(root: Path, problems: Problems, located: Located | None,
         bodies: list[Body] | tuple[Body, ...],
         municipalities: list[Municipality] | tuple[Municipality, ...],
         meetings: tuple[Meeting, ...],
         procedures: tuple[WrittenProcedure, ...] = ()) -> tuple[Offer, ...]:
    """`located`: data/takster.yaml as the loader read it (None: no such file)."""
    path = root / "data" / FILE
    if located is None or located.value is None:
        return ()
    if not isinstance(located.value, list):
        problems.error(path, located.line, None,
                       "forventede en liste af tilbud, der hver begynder med '- '")
        return ()
    reader = _Reader(root, path, Checker(problems, path), bodies, municipalities, meetings,
                     procedures)
    offers: list[Offer] = []
    lines: dict[str, int] = {}
    for entry in located.value:
        offer = reader.offer(entry)
        if offer is None:
            continue
        if offer.slug in lines:
            reader.checker.error(entry.line, "slug", f"tilbuddet '{offer.slug}' findes "
                                 f"allerede (linje {lines[offer.slug]})")
            continue
        lines[offer.slug] = entry.line
        offers.append(offer)
    return tuple(sorted(offers, key=lambda o: o.name.casefold()))


class _Reader:
    def __init__(self, root, path, checker, bodies, municipalities, meetings, procedures):
        self.root = root
        self.path = path
        self.checker = checker
        self.bodies = {b.slug: b for b in bodies}
        self.municipalities = [m.name for m in municipalities]
        self.meetings = {m.key: m for m in meetings}
        self.procedures = {p.key for p in procedures}

    def offer(self, entry: Located) -> Offer | None:
        checker = self.checker
        values = checker.mapping(entry, OFFER)
        slug, name = values["slug"], values["navn"]
        if not slug or not name:
            return None
        if urls.slugify(slug) != slug:
            checker.error(_line(entry, "slug"), "slug", f"'{slug}' skal skrives med små "
                          f"bogstaver, ae/oe/aa og bindestreger, fx '{urls.slugify(slug)}'")
            return None
        operator = values["driftsherre"]
        if operator and operator not in self.municipalities:
            checker.error(_line(entry, "driftsherre"), "driftsherre",
                          f"'{operator}' er ikke en kommune eller region i "
                          f"data/kommuner.yaml (kendte: {', '.join(self.municipalities)})")
        places = None
        if values["pladser"] is not None:
            places = parse_kroner(values["pladser"])
            if places is None or places < 0:
                checker.error(_line(entry, "pladser"), "pladser", f"'{values['pladser']}' "
                              "er ikke et antal pladser; skriv et helt tal, fx 7")
                places = None
        raw_steps = entry.value.get("takster") if isinstance(entry.value, dict) else None
        raw = [s for s in raw_steps.value if s.value is not None] \
            if raw_steps is not None and isinstance(raw_steps.value, list) else []
        steps = [step for (line, step_values), located in zip(values["takster"], raw)
                 if (step := self.step(line, step_values, located)) is not None]
        steps.sort(key=lambda s: (s.year, s.start or dt.date(s.year, 1, 1), s.line))
        return Offer(slug=slug, name=name, operator=operator,
                     operator_note=values["driftsherre_note"], kind=values["type"],
                     paragraph=values["paragraf"], places=places, steps=tuple(steps),
                     source=self.path, line=entry.line)

    def step(self, line: int, values: dict, located: Located) -> TariffStep | None:
        checker = self.checker
        where = "takster."
        ok = True
        year = None
        if values["år"] is not None:
            year = int(values["år"]) if re.fullmatch(r"\d{4}", values["år"]) else None
            if year is None or not MIN_YEAR <= year <= MAX_YEAR:
                checker.error(_line(located, "år"), where + "år", f"'{values['år']}' er "
                              "ikke et årstal; skriv fx 2020")
                year, ok = None, False
        amounts = {}
        for key in ("døgntakst", "ændring"):
            text = values[key]
            amounts[key] = None
            if text is None:
                continue
            amount = parse_kroner(text)
            if amount is None or (key == "døgntakst" and amount < 0):
                checker.error(_line(located, key), where + key, f"'{text}' er ikke et helt "
                              "antal kroner; skriv fx 1933 eller 1.933 (uden øre og uden "
                              "komma)" + ("; en ændring kan have fortegn, fx -50"
                                          if key == "ændring" else ""))
                ok = False
            amounts[key] = amount
        if values["døgntakst"] is None and values["ændring"] is None:
            checker.error(line, where + "døgntakst", "skriv døgntakst:, ændring: eller "
                          "begge; en takst uden beløb siger ingenting")
            ok = False
        start = values["fra"]
        if start and year and start.year != year:
            checker.error(_line(located, "fra"), where + "fra", f"{start.isoformat()} "
                          f"ligger ikke i år {year}; fra: skal ligge i det år, taksten "
                          "gælder for")
            ok = False
        meeting, item = values["møde"], values["punkt"]
        number = None
        if item is not None:
            number = int(item) if _NUMBER.match(item) else None
            if number is None:
                checker.error(_line(located, "punkt"), where + "punkt",
                              f"'{item}' er ikke et punktnummer; skriv fx 7")
                ok = False
        if meeting:
            ok = self._meeting(located, meeting, number, item is not None) and ok
        elif item is not None:
            checker.error(_line(located, "punkt"), where + "punkt",
                          "punkt: kræver møde: (<organ>/<dato>), så det er klart, hvilket "
                          "møde punktet hører til")
            ok = False
        procedure = values["skriftlig"]
        if procedure and procedure not in self.procedures:
            known = ", ".join(sorted(self.procedures)) or "ingen"
            checker.error(_line(located, "skriftlig"), where + "skriftlig",
                          f"'{procedure}' er ikke en skriftlig procedure i "
                          f"content/beslutninger/ (kendte: {known})")
            ok = False
        if procedure and meeting:
            checker.error(_line(located, "skriftlig"), where + "skriftlig",
                          "skriv enten møde: eller skriftlig:, ikke begge")
            ok = False
        if not ok or year is None:
            return None
        if meeting and meeting not in self.meetings:
            meeting, number = None, None  # not published (yet): no link, nothing leaks
        return TariffStep(year=year, start=start, tariff=amounts["døgntakst"],
                          change=amounts["ændring"], approved_by=values["godkendt_af"],
                          approved_on=values["godkendt_dato"], meeting=meeting, item=number,
                          procedure=procedure, note=values["note"], line=line)

    def _meeting(self, located: Located, key: str, number: int | None,
                 has_item: bool) -> bool:
        checker = self.checker
        match = _MEETING_KEY.match(key)
        if not match or match.group(1) not in self.bodies:
            checker.error(_line(located, "møde"), "takster.møde", f"'{key}' er ikke et møde "
                          "som <organ>/<dato> med et organ fra data/organer.yaml, fx "
                          "das/2020-05-25")
            return False
        meeting = self.meetings.get(key)
        if meeting is None:
            source = self.root / "content" / "moeder" / match.group(1) / f"{match.group(2)}.md"
            if source.is_file():
                return True  # a draft or under embargo: linked once it is published
            checker.error(_line(located, "møde"), "takster.møde", f"mødet '{key}' findes "
                          f"ikke (ingen fil content/moeder/{match.group(1)}/"
                          f"{match.group(2)}.md)")
            return False
        if has_item and number is not None \
                and number not in {i.number for i in meeting.items}:
            checker.error(_line(located, "punkt"), "takster.punkt", f"mødet '{key}' har "
                          f"intet punkt {number}")
            return False
        return True


def _line(located: Located, key: str) -> int:
    if isinstance(located.value, dict):
        if key in located.key_lines:
            return located.key_lines[key]
        if key in located.value:
            return located.value[key].line
    return located.line


# Reading the register --------------------------------------------------------------------

def years(site) -> list[int]:
    """Every year the register has a tariff or a change for, newest first."""
    return sorted({s.year for o in site.offers for s in o.steps}, reverse=True)


def steps_in(offer: Offer, year: int) -> list[TariffStep]:
    return [s for s in offer.steps if s.year == year]


def tariff_at_start(offer: Offer, year: int) -> TariffStep | None:
    """The step that gives the year's day tariff from 1 January: the year's first step
    with an amount and no later start date than 1 January."""
    return next((s for s in steps_in(offer, year)
                 if s.tariff is not None and (s.start is None or s.start.month == 1
                                              and s.start.day == 1)), None)


def changes_in(offer: Offer, year: int) -> list[TariffStep]:
    """The year's changes: steps with a change, or with a start date after 1 January."""
    first = tariff_at_start(offer, year)
    return [s for s in steps_in(offer, year) if s is not first
            and (s.change is not None or s.start is not None)]


def decided_at(site, step: TariffStep) -> tuple[Meeting, object] | None:
    """The published meeting and item a change names (item None: the meeting only)."""
    if not step.meeting:
        return None
    meeting = site.meeting(step.meeting)
    if meeting is None:
        return None
    item = next((i for i in meeting.items if i.number == step.item), None)
    return meeting, item


def changes_decided_at(site, meeting: Meeting, number: int) -> list[tuple[Offer, TariffStep]]:
    """The tariff changes whose decision is this item (the meeting page links to them)."""
    return [(offer, step) for offer in site.offers for step in offer.steps
            if step.meeting == meeting.key and step.item == number]


def genitive(name: str) -> str:
    """Danish genitive of a name: DAS -> DAS', FU -> FU's, Forretningsudvalget ->
    Forretningsudvalgets."""
    if name[-1:].lower() in ("s", "x", "z"):
        return name + "'"
    return name + ("'s" if name.isupper() else "s")
