"""The content schema: every front-matter and data key an editor can write.

One declaration serves the validator (`coerce.py`) and the handbook's key reference
(`handbook.py`), so the two cannot drift apart.
"""
from __future__ import annotations

from dataclasses import dataclass

ITEM_TYPES = ("beslutning", "drøftelse", "orientering")
MEETING_STATUSES = ("dagsorden", "referat")
AGREEMENT_STATUSES = ("udkast", "høring", "godkendt", "afløst")
BODY_TYPES = ("administrativ", "politisk")


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

CONTACT = Schema(
    "Kontakt",
    "under kontakt: i data/site.yaml",
    (
        Field("email", "tekst", "E-mailadresse.", example="sekretariat@example.dk"),
        Field("telefon", "tekst", "Telefonnummer.", example="9931 3131"),
        Field("adresse", "tekst", "Postadresse.", example="Boulevarden 13, 9000 Aalborg"),
    ),
)

SUBSCRIPTION_FORM = Schema(
    "Tilmeldingsformular",
    "under abonnement: i data/site.yaml",
    (
        Field("formular", "url", "Adressen, tilmeldingsformularen på /abonner/ sendes til "
              "(fx mailinglistetjenestens tilmeldingsadresse). Dens domæne skal stå under "
              "form-action i netlify.toml.", example="https://lister.example.org/tilmeld"),
        Field("netlify_forms", "ja/nej", "ja = formularen modtages af Netlify Forms (i "
              "stedet for formular:).", example="nej"),
    ),
)

SITE = Schema(
    "Sitet",
    "data/site.yaml",
    (
        Field("navn", "tekst", "Sitets navn.", required=True,
              example="Sekretariat for rammeaftaler"),
        Field("region", "tekst", "Regionen, sitet dækker.", required=True,
              example="Nordjylland"),
        Field("base_url", "url", "Sitets offentlige adresse.", required=True,
              example="https://www.rammeaftalernord.dk"),
        Field("beskrivelse", "tekst", "Én sætning om sitet.", example="..."),
        Field("kontakt", "mapping", "Kontaktoplysninger.", required=True, schema=CONTACT),
        Field("tilgaengelighedserklaering", "url",
              "Adressen på tilgængelighedserklæringen i WAS-Tool.", required=True,
              example="https://www.was.digst.dk/rammeaftalernord-dk"),
        Field("abonnement", "mapping", "Tilmelding til e-mails på /abonner/ (se "
              "abonnementer.md); uden den viser siden, hvordan man tilmelder sig med en "
              "e-mail.", schema=SUBSCRIPTION_FORM),
    ),
)

BODY = Schema(
    "Organ",
    "data/organer.yaml",
    (
        Field("slug", "tekst", "Kortnavn til adressen: små bogstaver, ae/oe/aa, bindestreger.",
              required=True, example="das"),
        Field("navn", "tekst", "Det fulde navn.", required=True,
              example="Den Administrative Styregruppe"),
        Field("forkortelse", "tekst", "Forkortelsen, fx DAS.", example="DAS"),
        Field("type", "valg", "Politisk eller administrativt organ.", required=True,
              choices=BODY_TYPES, example="administrativ"),
        Field("overordnet", "organ", "Det organ, dette organ refererer til.", example="kkr"),
        Field("beskrivelse", "tekst", "Hvad organet gør.", example="..."),
        Field("medlemmer", "personer", "Faste medlemmer (bruges af `new møde`).", schema=PERSON),
        Field("sted", "tekst", "Det sædvanlige mødested.", example="Boulevarden 13"),
        Field("tid", "tid", "Det sædvanlige mødetidspunkt.", example="9.00-12.00"),
        Field("beslutningsoverskrifter", "tekstliste",
              "Organets egne overskrifter for beslutningen i et referat, ud over dem, sitet "
              "altid kender (overskrifter, der begynder med Beslutning, Referat eller "
              "Afgørelse, og fx »Udvalgets beslutning«). En overskrift tæller, når den er "
              "en af disse eller begynder med en af dem, uanset store og små bogstaver.",
              example="Konklusion"),
    ),
)

MUNICIPALITY = Schema(
    "Kommune",
    "data/kommuner.yaml",
    (
        Field("navn", "tekst", "Kommunens eller regionens navn.", required=True,
              example="Aalborg Kommune"),
        Field("type", "valg", "kommune eller region.", choices=("kommune", "region"),
              example="kommune"),
        Field("url", "url", "Hjemmeside.", example="https://www.aalborg.dk"),
    ),
)

CASE_STEP = Schema(
    "Sagstrin",
    "under trin: i data/sager.yaml",
    (
        Field("instans", "tekst", "Organ eller instans: et kortnavn fra data/organer.yaml "
              "eller et navn, fx Hjørring Byråd eller Socialstyrelsen.", required=True,
              example="kkr"),
        Field("dato", "dato", "Datoen, sagen behandles; udelades, hvis den ikke kendes.",
              example="2020-06-19"),
        Field("frist", "dato", "Eller: fristen, sagen senest skal være der.",
              example="2020-06-30"),
        Field("beskrivelse", "tekst", "Hvad der sker i dette trin, med dokumentets egne ord.",
              example="Årsrapporten forelægges KKR."),
    ),
)

CASE = Schema(
    "Sag",
    "data/sager.yaml",
    (
        Field("slug", "tekst", "Kortnavn til adressen /sager/<slug>/ og til sag: i "
              "mødefiler og aftaler.", required=True, example="socialaftale-2021-2022"),
        Field("titel", "tekst", "Sagens titel.", required=True,
              example="Nordjysk Socialaftale 2021-2022"),
        Field("resumé", "tekst", "Kort resumé i almindeligt sprog.", example="..."),
        Field("trin", "liste", "Sagens trin uden for sitets møder: andre organer, byråd, "
              "frister. Punkterne på sitets møder kommer selv med, når de har sag:.",
              schema=CASE_STEP),
    ),
)

CALENDAR_ENTRY = Schema(
    "Kalenderpost",
    "data/kalender.yaml",
    (
        Field("dato", "dato", "Dagen.", required=True, example="2020-08-17"),
        Field("organ", "organ", "Et planlagt møde i dette organ (kortnavn fra "
              "data/organer.yaml). Uden organ er posten en milepæl i årshjulet.",
              example="das"),
        Field("titel", "tekst", "Milepælens titel (skal med, når der ikke er et organ).",
              example="Frist for rapporterne til Socialstyrelsen"),
        Field("til", "dato", "Sidste dag, hvis milepælen varer flere dage.",
              example="2020-08-28"),
        Field("tid", "tid", "Start og evt. slut.", example="10.00-12.00"),
        Field("sted", "tekst", "Hvor mødet holdes.", example="Boulevarden 13"),
        Field("beskrivelse", "tekst", "Hvad der skal ske, med dokumentets egne ord.",
              example="..."),
        Field("aflyst", "ja/nej", "ja = mødet eller arrangementet er aflyst.", example="nej"),
    ),
)

GLOSSARY_TERM = Schema(
    "Forkortelse",
    "data/ordliste.yaml",
    (
        Field("forkortelse", "tekst", "Forkortelsen, som den står i teksten (store og små "
              "bogstaver tæller).", required=True, example="KKR"),
        Field("betydning", "tekst", "Hvad forkortelsen står for.", required=True,
              example="Kommunekontaktrådet"),
        Field("forklaring", "tekst", "En kort forklaring i almindeligt sprog.",
              example="..."),
    ),
)

CONTENT_SCHEMAS = (MEETING, ITEM, ATTACHMENT, PERSON, APPROVAL_OF_MINUTES, AGREEMENT,
                   APPROVAL_STEP, PAGE)
DATA_SCHEMAS = (SITE, CONTACT, BODY, MUNICIPALITY, CASE, CASE_STEP, CALENDAR_ENTRY,
                GLOSSARY_TERM)

# The tariff register, data/takster.yaml (tariffs.py) -------------------------------------

TARIFF_STEP = Schema(
    "Takst",
    "under takster: i data/takster.yaml",
    (
        Field("år", "tekst", "Året, taksten gælder for (fx 2020).", required=True,
              example="2020"),
        Field("døgntakst", "tekst", "Døgntaksten i hele kroner, fx 1933 eller 1.933. "
              "Udelades, hvis kilden kun nævner ændringen.", example="2139"),
        Field("ændring", "tekst", "Ændringen i kroner pr. døgn, med fortegn ved et fald, "
              "fx 206 eller -50.", example="206"),
        Field("fra", "dato", "Datoen, taksten gælder fra; udelades, når den gælder hele "
              "året.", example="2020-08-01"),
        Field("godkendt_af", "tekst", "Hvem der godkendte ændringen: et organs kortnavn "
              "fra data/organer.yaml eller et navn.", example="das"),
        Field("godkendt_dato", "dato", "Datoen, ændringen blev godkendt, hvis kilden "
              "nævner den (ellers mødets dato, når møde: er det godkendende organs).",
              example="2020-05-25"),
        Field("møde", "tekst", "Mødet, hvor ændringen blev besluttet eller meddelt, som "
              "<organ>/<dato>.", example="das/2020-05-25"),
        Field("punkt", "tekst", "Dagsordenspunktets nummer på det møde.", example="7"),
        Field("skriftlig", "tekst", "Eller: den skriftlige procedure, der besluttede "
              "ændringen, som <organ>/<filnavn uden .md>.",
              example="dassos/2012-04-02-kapacitet"),
        Field("note", "tekst", "En kort forklaring med kildens egne ord.",
              example="Udregnet med belægningsprocent på 95%."),
    ),
)

OFFER = Schema(
    "Tilbud",
    "data/takster.yaml",
    (
        Field("slug", "tekst", "Kortnavn til adressen /takster/tilbud/<slug>/: små "
              "bogstaver, ae/oe/aa, bindestreger.", required=True,
              example="aalborg-krisecenter"),
        Field("navn", "tekst", "Tilbuddets navn.", required=True,
              example="Aalborg Krisecenter"),
        Field("driftsherre", "tekst", "Kommunen eller regionen, der driver tilbuddet, "
              "som den står i data/kommuner.yaml.", example="Aalborg Kommune"),
        Field("driftsherre_note", "tekst", "Når driftsherren ikke er en kommune eller "
              "regionen, fx et privat tilbud.", example="privat tilbud i Sindal"),
        Field("type", "tekst", "Slags tilbud.", example="Krisecenter"),
        Field("paragraf", "tekst", "Lovgrundlaget.", example="Serviceloven § 109"),
        Field("pladser", "tekst", "Antal pladser (et helt tal).", example="7"),
        Field("takster", "liste", "Døgntaksterne og ændringerne, ét år eller én ændring "
              "pr. post.", required=True, schema=TARIFF_STEP),
    ),
)

DATA_SCHEMAS += (OFFER, TARIFF_STEP)

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

SUBSCRIPTION_KINDS = ("dagsordener", "referater", "aftaler")

SUBSCRIPTION_TOPIC = Schema(
    "Abonnement",
    "data/abonnementer.yaml",
    (
        Field("kortnavn", "tekst", "Emnets kortnavn: små bogstaver, ae/oe/aa, bindestreger.",
              required=True, example="das"),
        Field("navn", "tekst", "Emnets navn, som det står i e-mailen og på /abonner/.",
              required=True, example="Den Administrative Styregruppe"),
        Field("organer", "tekstliste", "Organernes kortnavne fra data/organer.yaml; uden "
              "organer: alle organer.", example="- das"),
        Field("slags", "tekstliste", "dagsordener, referater og/eller aftaler; uden slags: "
              "alle tre.", example="- referater"),
        Field("adresser", "tekstliste", "Mailinglistens adresse(r), som `python build.py "
              "udsend` sender til. Aldrig en persons egen adresse.", required=True,
              example="- das-nyt@lister.example.org"),
        Field("tilmelding", "tekst", "Adressen, man skriver til for at blive tilmeldt "
              "listen (vises på /abonner/).", example="das-nyt-join@lister.example.org"),
    ),
)
DATA_SCHEMAS += (SUBSCRIPTION_FORM, SUBSCRIPTION_TOPIC)
