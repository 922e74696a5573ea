"""How a front-matter or data key is described: Field and Schema, the ways a value is
written (KIND_HELP), and PERSON, the person record that meeting files and data/organer.yaml
share.

The bottom layer of the content schema: schema.py (the front matter of the files in
content/) and schema_data.py (the keys of the data/ files) declare their keys with these.
The validator (`coerce.py`) and the handbook's key reference (`handbook.py`) read them too.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    key: str
    kind: str
    description: str
    required: bool = False
    choices: tuple[str, ...] = ()
    schema: "Schema | None" = None
    example: str = ""


@dataclass(frozen=True)
class Schema:
    name: str
    where: str
    fields: tuple[Field, ...]

    def field(self, key: str) -> Field | None:
        return next((f for f in self.fields if f.key == key), None)

    @property
    def keys(self) -> list[str]:
        return [f.key for f in self.fields]


KIND_HELP = {
    "tekst": "tekst",
    "dato": "dato som ÅÅÅÅ-MM-DD, fx 2020-05-25",
    "tid": "klokkeslæt som 9.00, 9.00-12.00 eller hele timer som 9-12",
    "valg": "et af de nævnte ord",
    "ja/nej": "ja eller nej",
    "url": "en webadresse, der begynder med https:// eller http://",
    "tekstliste": "en liste med én tekst pr. linje, der begynder med '- '",
    "personer": "en liste; hver linje er et navn eller navn/organisation/rolle",
    "mapping": "nøgler indrykket under denne",
    "liste": "en liste af poster, der hver begynder med '- '",
    "punkter": "dagsordenspunkternes numre, hver med sine egenskaber indrykket under",
    "organ": "et organs kortnavn fra data/organer.yaml, fx das",
    "periode": "årstal som 2021 eller 2021-2022",
    "sti": "en sti fra mødefilens mappe, fx 2020-05-25/aarsrapport-2019.pdf",
    "gennemset": "en liste med ét ord og dets begrundelse pr. linje, fx '- sygemeldt: "
                 "navngivet med samtykke (AB, 2026-12-01)', eller '- små antal'",
}

PERSON = Schema(
    "Person",
    "under deltagere og afbud",
    (
        Field("navn", "tekst", "Personens navn.", required=True, example="Dorte Juul Hansen"),
        Field("organisation", "tekst", "Kommune, region eller organisation.",
              example="Region Nordjylland"),
        Field("rolle", "tekst", "Fx formand eller referent.", example="formand"),
        Field("stedfortræder", "tekst", "Hvem der deltog i stedet (kun under afbud).",
              example="Per Heitmann"),
    ),
)
