"""Participants as written in Danish minutes, as the front matter's `deltagere`/`afbud`:

    Kredsen af socialdirektører                        -> one line of text
    Jim H. Staffensen, Assens Kommune, Lene K. Kamp, Socialsekretariatet (referent)
    Dorte Juul Hansen (Region Nordjylland), Henrik A. (formand, Brønderslev Kommune)
    Charlotte S. Andersen og Morten Aggerholm (begge sekretariat for rammeaftaler/ref.)
    Jens Nørgaard, (Per Heitmann deltog i stedet for) og Henrik Leth
"""
from __future__ import annotations

import re

ROLES = {"formand": "formand", "næstformand": "næstformand", "ref": "referent",
         "ref.": "referent", "referent": "referent"}
_ORGANISATION = re.compile(
    r"(kommune|region|kkr|kl\b|ekretariat|forvaltning|styrelse|ministeri|udvalg|"
    r"^[A-ZÆØÅ]{2,6}$)", re.IGNORECASE)
_DEPUTY = re.compile(r"^\((.+?)\s+deltog\s+i\s+sted(?:e|et)?\s+for\)$", re.IGNORECASE)


def people(text: str) -> list:
    text = text.strip().rstrip(".").strip()
    if "," not in text and " og " not in text and "(" not in text:
        return [text]
    parts = _split(text)
    result: list = []
    for part in parts:
        deputy = _DEPUTY.match(part)
        if deputy and result and isinstance(result[-1], dict):
            result[-1]["stedfortræder"] = deputy.group(1).strip()
            continue
        paren = re.match(r"^(.*?)\s*\((.*)\)$", part)
        if paren and not _looks_like_organisation(paren.group(1)):
            names = [name.strip() for name in re.split(r"\s+og\s+", paren.group(1))
                     if name.strip()]
            organisation, role = _inside(paren.group(2))
            for name in names:
                result.append(_person(name, organisation, role))
            continue
        if _looks_like_organisation(part) and result and isinstance(result[-1], dict):
            organisation, role = _organisation_and_role(part)
            if "organisation" not in result[-1]:
                result[-1]["organisation"] = organisation
                if role:
                    result[-1]["rolle"] = role
                continue
        for name in re.split(r"\s+og\s+", part):
            if name.strip():
                result.append({"navn": name.strip()})
    for index, person in enumerate(result):
        if isinstance(person, dict) and "organisation" in person:
            organisation, role = _organisation_and_role(person["organisation"])
            person["organisation"] = organisation
            if role and "rolle" not in person:
                person["rolle"] = role
            result[index] = _ordered(person)
    return result


def _split(text: str) -> list[str]:
    """Commas outside parentheses; "A og B" is split later (it may share a parenthesis)."""
    parts, depth, current = [], 0, ""
    for char in text:
        depth += (char == "(") - (char == ")")
        if char == "," and depth == 0:
            parts.append(current.strip())
            current = ""
        else:
            current += char
    parts.append(current.strip())
    # "Jens Nørgaard, (Per Heitmann deltog i stede for) og Henrik Leth"
    split: list[str] = []
    for part in parts:
        match = re.match(r"^(\(.*?\))\s+og\s+(.*)$", part)
        if match:
            split.extend([match.group(1), match.group(2)])
        elif part:
            split.append(part)
    return split


def _inside(text: str) -> tuple[str | None, str | None]:
    """"formand, Brønderslev Kommune", "begge sekretariat for rammeaftaler/ref."."""
    text = re.sub(r"^begge\s+", "", text.strip(), flags=re.IGNORECASE)
    role = None
    pieces = [piece.strip() for piece in text.split(",") if piece.strip()]
    for piece in list(pieces):
        if piece.lower() in ROLES:
            role = ROLES[piece.lower()]
            pieces.remove(piece)
    organisation = ", ".join(pieces) if pieces else None
    if organisation:
        organisation, inner_role = _organisation_and_role(organisation)
        role = role or inner_role
    return organisation, role


def _organisation_and_role(text: str) -> tuple[str, str | None]:
    role = None
    match = re.match(r"^(.*?)\s*\((\w+\.?)\)$", text)
    if match and match.group(2).lower() in ROLES:
        text, role = match.group(1), ROLES[match.group(2).lower()]
    match = re.match(r"^(.*?)/(\w+\.?)$", text)
    if match and match.group(2).lower() in ROLES:
        text, role = match.group(1), ROLES[match.group(2).lower()]
    text = text.strip()
    return text[:1].upper() + text[1:], role


def _person(name: str, organisation: str | None, role: str | None) -> dict:
    person = {"navn": name}
    if organisation:
        person["organisation"] = organisation
    if role:
        person["rolle"] = role
    return person


def _ordered(person: dict) -> dict:
    order = ("navn", "organisation", "rolle", "stedfortræder")
    return {key: person[key] for key in order if key in person}


def _looks_like_organisation(text: str) -> bool:
    return bool(_ORGANISATION.search(text.split("(")[0].strip()))
