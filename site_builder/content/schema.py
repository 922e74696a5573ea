"""The content schema: every front-matter and data key an editor can write.

One declaration serves the validator (`coerce.py`) and the handbook's key reference
(`handbook.py`), so the two cannot drift apart.

This module holds the front matter of the files in content/ (meetings and their items,
agreements, pages, written procedures) and the lists CONTENT_SCHEMAS and DATA_SCHEMAS that
the handbook and the tests walk. The keys of the data/ files are in schema_data.py; Field,
Schema, KIND_HELP and PERSON, which both use, in schema_fields.py.
"""
from __future__ import annotations

from .schema_data import DATA_SCHEMAS  # noqa: F401 (the list of every data schema, here too)
from .schema_fields import PERSON, Field, Schema

ITEM_TYPES = ("beslutning", "drøftelse", "orientering")
MEETING_STATUSES = ("dagsorden", "referat")
AGREEMENT_STATUSES = ("udkast", "høring", "godkendt", "afløst")

ATTACHMENT = Schema(
    "Bilag",
    "under et punkts bilag",
    (
        Field("titel", "tekst", "Bilagets titel, som den skal stå på siden.", required=True,
              example="Socialtilsyn Nords årsrapport 2019"),
        Field("fil", "sti", "Filen, lagt i samme mappe som mødefilen (eller en undermappe).",
              example="2020-05-25/aarsrapport-2019.pdf"),
        Field("url", "url", "Eller: en webadresse, hvis bilaget ligger et andet sted.",
              example="https://www.example.dk/rapport.pdf"),
        Field("nummer", "tekst", "Bilagets nummer, som dokumentet bruger det.", example="4"),
    ),
)

ITEM = Schema(
    "Dagsordenspunkt",
    "under punkter: <nummer>: i en mødefil",
    (
        Field("type", "valg", "Hvad punktet skal: træffe beslutning, drøfte eller orientere.",
              choices=ITEM_TYPES, example="beslutning"),
        Field("sagsnr", "tekst", "Punktets sagsnummer.", example="2020-12345"),
        Field("lukket", "ja/nej",
              "ja = lukket punkt: kun nummer og titel offentliggøres, intet af teksten.",
              example="nej"),
        Field("sag", "tekst", "Kortnavn på den sag i data/sager.yaml, punktet hører til.",
              example="socialaftale-2021-2022"),
        Field("bilag", "liste", "Punktets bilag.", schema=ATTACHMENT),
    ),
)

APPROVAL_OF_MINUTES = Schema(
    "Godkendelse af referat",
    "under godkendt: i en mødefil",
    (
        Field("dato", "dato", "Datoen, referatet blev godkendt.", required=True,
              example="2011-10-06"),
        Field("møde", "tekst", "Mødet, hvor det blev godkendt, som <organ>/<dato>.",
              example="socialdirektoerkredsen/2011-10-06"),
    ),
)

COMMON_PUBLISHING = (
    Field("kladde", "ja/nej", "ja = kladde: filen offentliggøres ikke.", example="nej"),
    Field("offentlig_fra", "dato",
          "Offentliggøres først fra denne dato (embargo).", example="2026-12-01"),
    Field("gennemset", "gennemset",
          "Fund fra privatlivstjekket, som er gennemset og i orden: et helbredsord ved et "
          "navn, med begrundelsen efter ordet, eller 'små antal' for små tal i tabeller.",
          example="sygemeldt: navngivet med samtykke (AB, 2026-12-01)"),
)

MEETING = Schema(
    "Møde",
    "content/moeder/<organ>/<ÅÅÅÅ-MM-DD>.md",
    (
        Field("organ", "organ", "Organet, der holder mødet (samme som mappens navn).",
              required=True, example="das"),
        Field("dato", "dato", "Mødedatoen (samme som filens navn).", required=True,
              example="2020-05-25"),
        Field("status", "valg", "dagsorden før mødet, referat når referatet er skrevet.",
              required=True, choices=MEETING_STATUSES, example="referat"),
        Field("titel", "tekst", "Mødets titel, som på dokumentet.",
              example="Møde i Den Administrative Styregruppe"),
        Field("tid", "tid", "Start og evt. slut.", example="9.00-12.00"),
        Field("sted", "tekst", "Hvor mødet holdes.", example="Boulevarden 13, lokale 1"),
        Field("deltagere", "personer", "Deltagerne.", schema=PERSON),
        Field("afbud", "personer", "Dem, der har meldt afbud (evt. med stedfortræder).",
              schema=PERSON),
        Field("referent", "tekstliste", "Referentens navn (eller flere).",
              example="Charlotte S. Andersen"),
        Field("sagsnr", "tekst", "Mødets sagsnummer.", example="2011-14113"),
        Field("doknr", "tekst", "Dokumentnummer.", example="2011-236434"),
        Field("godkendt", "mapping", "Hvornår og hvor referatet blev godkendt.",
              schema=APPROVAL_OF_MINUTES),
        Field("punkter", "punkter", "Egenskaber for de enkelte dagsordenspunkter.",
              schema=ITEM),
        *COMMON_PUBLISHING,
    ),
)

APPROVAL_STEP = Schema(
    "Godkendelsestrin",
    "under godkendelser: i en aftale",
    (
        Field("instans", "tekst", "Organ eller instans: et kortnavn fra data/organer.yaml "
              "eller et navn, fx Byrådene.", required=True, example="kkr"),
        Field("dato", "dato", "Dato for behandlingen eller fristen; udelades, hvis den ikke "
              "kendes endnu.", example="2020-09-14"),
        Field("resultat", "tekst", "Udfaldet; tomt, hvis behandlingen ikke har fundet sted endnu.",
              example="godkendt"),
    ),
)

AGREEMENT = Schema(
    "Aftale",
    "content/aftaler/<kortnavn>.md",
    (
        Field("titel", "tekst", "Aftalens titel.", required=True,
              example="Nordjysk Socialaftale 2021-2022"),
        Field("periode", "periode", "Årene, aftalen gælder for.", required=True,
              example="2021-2022"),
        Field("status", "valg", "Hvor aftalen er i sin proces.", required=True,
              choices=AGREEMENT_STATUSES, example="udkast"),
        Field("resumé", "tekst", "Kort resumé i almindeligt sprog.", example="..."),
        Field("dele", "tekstliste", "Aftalens dele, fx Udviklingsstrategi og Styringsaftale.",
              example="Styringsaftale"),
        Field("godkendelser", "liste", "Aftalens godkendelsesforløb.", schema=APPROVAL_STEP),
        Field("sag", "tekst", "Kortnavn på sagen i data/sager.yaml.",
              example="socialaftale-2021-2022"),
        *COMMON_PUBLISHING,
    ),
)

PAGE = Schema(
    "Side",
    "content/sider/<kortnavn>.md",
    (
        Field("titel", "tekst", "Sidens titel.", required=True, example="Om sekretariatet"),
        Field("beskrivelse", "tekst", "Én sætning om siden (vises i søgemaskiner).",
              example="..."),
        *COMMON_PUBLISHING,
    ),
)

CONTENT_SCHEMAS = (MEETING, ITEM, ATTACHMENT, PERSON, APPROVAL_OF_MINUTES, AGREEMENT,
                   APPROVAL_STEP, PAGE)

# A decision by written procedure, content/beslutninger/ (written_procedures.py) ----------

PROCEDURE_OUTCOMES = ("afventer", "godkendt", "bemærkninger")

PROCEDURE_BILAG = Schema(
    "Bilag til skriftlig procedure",
    "under bilag: i en skriftlig procedure",
    (
        Field("titel", "tekst", "Bilagets titel.", required=True, example="Forslag"),
        Field("fil", "sti", "Filen, lagt i en mappe med samme navn som filen (uden .md).",
              example="2012-04-02-kapacitet/forslag.pdf"),
        Field("url", "url", "Eller: en webadresse.", example="https://www.example.dk/a.pdf"),
    ),
)

WRITTEN_PROCEDURE = Schema(
    "Skriftlig procedure",
    "content/beslutninger/<organ>/<ÅÅÅÅ-MM-DD>-<navn>.md",
    (
        Field("organ", "organ", "Organet, der beslutter (samme som mappens navn).",
              required=True, example="dassos"),
        Field("titel", "tekst", "Forslagets titel.", required=True,
              example="Kapacitetsjustering"),
        Field("afsender", "tekst", "Hvem der sendte forslaget rundt.",
              example="Sekretariat for rammeaftaler"),
        Field("sendt", "dato", "Datoen, forslaget blev sendt (samme som filnavnets).",
              required=True, example="2012-04-02"),
        Field("frist", "dato", "Fristen for bemærkninger.", required=True,
              example="2012-04-16"),
        Field("udfald", "valg", "afventer, indtil fristen er gået; godkendt, når ingen har "
              "haft bemærkninger; bemærkninger, når forslaget går videre til næste møde.",
              required=True, choices=PROCEDURE_OUTCOMES, example="godkendt"),
        Field("næste_møde", "tekst", "Ved bemærkninger: mødet, hvor forslaget behandles, som "
              "<organ>/<dato>.", example="dassos/2012-08-20"),
        Field("sag", "tekst", "Kortnavn på sagen i data/sager.yaml.", example="kapacitet"),
        Field("lukket", "ja/nej", "ja = kun titlen offentliggøres.", example="nej"),
        Field("bilag", "liste", "Bilag til forslaget.", schema=PROCEDURE_BILAG),
        *COMMON_PUBLISHING,
    ),
)
