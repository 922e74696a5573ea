"""The keys of the data/ files: site.yaml, organer.yaml, kommuner.yaml, sager.yaml,
kalender.yaml, ordliste.yaml, takster.yaml and abonnementer.yaml; DATA_SCHEMAS lists them.

Part of the content schema: schema.py holds the front matter of the files in content/ and
offers DATA_SCHEMAS beside its CONTENT_SCHEMAS; Field, Schema and PERSON are in
schema_fields.py.
"""
from __future__ import annotations

from .schema_fields import PERSON, Field, Schema

BODY_TYPES = ("administrativ", "politisk")

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
