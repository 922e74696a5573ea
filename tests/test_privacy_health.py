"""Health words beside named people: an error that stops the build, however the word or the
name is written; the same words in general sentences of the real minutes: no message at
all; an acknowledgement under `gennemset:` needs a reason."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, make_site, run_cli
from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.guards import privacy
from site_builder.problems import Problems

MEETING = "content/moeder/das/2020-05-25.md"
OTHER = "content/moeder/das/2020-04-20.md"
NAMED = "helbredsoplysning om en navngiven person"
PEOPLE = """\
deltagere:
  - navn: Xenia Qwist
    organisation: Aalborg Kommune
  - navn: Dorte Juul Hansen
afbud:
  - Yrsa Pløk
"""


def _meeting(body: str, front: str = PEOPLE, date: str = "2020-05-25") -> str:
    return (f"---\norgan: das\ndato: {date}\nstatus: referat\n{front}---\n\n"
            f"## 1. Personale\n\n### Referat\n\n{body.strip()}\n")


def _site(tmp_path: Path, files: dict[str, str]) -> Path:
    return make_site(tmp_path / "site", files)


def _problems(site: Path) -> list[str]:
    problems = Problems(site)
    privacy.check_site(site, problems)
    return [p.format() for p in sorted(problems.items)]


def _health(site: Path) -> list[str]:
    return [p for p in _problems(site) if "helbredsoplysning" in p or "gennemset" in p]


def _line(site: Path, name: str, needle: str) -> int:
    text = (site / name).read_text(encoding="utf-8")
    return text[:text.index(needle)].count("\n") + 1


# Named person + health word: an error at its file and line ---------------------------------

@pytest.mark.parametrize("sentence,how", [
    ("Xenia Qwist er delvist sygemeldt.", "fra deltagerlisten"),  # not a known first name
    ("Det blev oplyst, at Yrsa Pløk er på barselsorlov.", "fra deltagerlisten"),  # afbud
    ("Vikaren er ansat, idet Hanne Gormsen er delvist sygemeldt.", "fornavn og efternavn"),
    ("Mødet blev flyttet, fordi formand Qwist er indlagt.", "titel og navn"),
    ("Lone er indlagt på sygehuset.", "fornavn"),
    ("H.C. Maarup har fået konstateret kræft.", "fornavn og efternavn"),
    ("Jens Kjærgaards sygemelding forlænges.", "fornavn og efternavn"),
    ("| Navn | Fravær |\n|---|---|\n| Hanne Gormsen | sygemeldt |", "fornavn og efternavn"),
    ("Sygefraværet for Hanne Gormsen er højt.", "fornavn og efternavn"),
    ("Hanne Gormsen fortalte om sin depression.", "fornavn og efternavn"),
])
def test_a_named_person_beside_a_health_word_is_an_error_at_its_line(tmp_path, sentence, how):
    site = _site(tmp_path, {MEETING: _meeting(sentence)})
    found = _health(site)
    word = re.search(r"(?i)syge\w*|barsel\w*|indlagt|kræft|depression", sentence).group()
    line = _line(site, MEETING, word)
    assert len(found) == 1, found
    assert found[0].startswith(f"{MEETING}:{line}: punkt 1, Referat: {NAMED}: '{word}' står "
                               f"i samme sætning som et navn ({how}). ")
    assert "advarsel" not in found[0]
    assert f"'- {word.lower()}: navngivet med samtykke (AB, 2026-12-01)'" in found[0]
    assert "Xenia" not in found[0] and "Gormsen" not in found[0]  # CI logs are public


@pytest.mark.parametrize("written,word", [
    ("Xenia Qwist er syge\u00admeldt.", "sygemeldt"),  # soft hyphen
    ("Xenia Qwist er syge&shy;meldt.", "sygemeldt"),
    ("Xenia Qwist er syge\u200bmeldt.", "sygemeldt"),  # zero-width space
    ("Xenia Qwist er syge<kbd>meldt</kbd>.", "sygemeldt"),
    ("Xenia Qwist er *syge*meldt.", "sygemeldt"),
    ("Xenia Qwist er syge-meldt.", "sygemeldt"),
    ("Xenia Qwist er syge meldt.", "sygemeldt"),
    ("Xenia Qwist er syge-\nmeldt resten af måneden.", "sygemeldt"),
    ("Xenia Qwist er syg\u0435m\u0435ldt.", "sygemeldt"),  # Cyrillic е
    ("H\u0430nn\u0435 G\u043ermsen er sygemeldt.", "sygemeldt"),  # Cyrillic а, е, о in the name
    ("Hanne Gormsen er gr\u03b1vid.", "gravid"),  # Greek α
    ("Xenia Qwist er ramt af DEPRESSION.", "depression"),
])
def test_split_and_look_alike_spellings_are_found(tmp_path, written, word):
    site = _site(tmp_path, {MEETING: _meeting(written)})
    found = _health(site)
    assert len(found) == 1, found
    assert found[0].startswith(f"{MEETING}:17: punkt 1, Referat: {NAMED}: ")
    assert f"'- {word}: navngivet med samtykke" in found[0]


@given(st.lists(st.sampled_from(["\u00ad", "&shy;", "\u200b", "\u200d", "<span>", "</span>",
                                 "<kbd>", "**", "\u2060"]), min_size=1, max_size=3),
       st.integers(1, 8), st.sampled_from(["Xenia Qwist", "Hanne Gormsen", "formand Qwist"]))
@settings(max_examples=40, deadline=None)
def test_hidden_characters_anywhere_in_the_word_do_not_hide_it(tmp_path_factory, hidden, cut,
                                                               name):
    word = "sygemeldt"
    written = word[:cut] + "".join(hidden) + word[cut:]
    site = _site(tmp_path_factory.mktemp("h"), {MEETING: _meeting(f"{name} er {written}.")})
    assert [p.split(": '")[0] for p in _health(site)] == [
        f"{MEETING}:17: punkt 1, Referat: {NAMED}"]


def test_names_from_every_meeting_and_every_body_count(tmp_path):
    site = _site(tmp_path, {
        MEETING: _meeting("Xenia Qwist er sygemeldt.\n\nVera Zbik har orlov.",
                          front=""),  # the names are in another meeting and in organer.yaml
        OTHER: _meeting("Godkendt.", front=PEOPLE, date="2020-04-20"),
    })
    organs = site / "data" / "organer.yaml"
    organs.write_text(organs.read_text(encoding="utf-8").replace(
        "  forkortelse: DAS\n", "  forkortelse: DAS\n  medlemmer:\n    - navn: Vera Zbik\n"),
        encoding="utf-8")
    assert [p.split(" står")[0] for p in _health(site)] == [
        f"{MEETING}:11: punkt 1, Referat: {NAMED}: 'sygemeldt'",
        f"{MEETING}:13: punkt 1, Referat: {NAMED}: 'orlov'"]


def test_published_front_matter_and_data_files_are_checked_too(tmp_path):
    site = _site(tmp_path, {
        MEETING: _meeting("Godkendt.", front="sted: Hos Hanne Gormsen, der er sygemeldt\n"
                                             "deltagere:\n  - navn: Xenia Qwist (gravid)\n"),
        "data/kalender.yaml": "- dato: 2020-08-01\n  titel: Anne er sygemeldt\n"
                              "  beskrivelse: >-\n    Temadag om\n    Bo Larsens depression\n",
    })
    assert [p.split(" står")[0] for p in _health(site)] == [
        f"{MEETING}:5: sted: {NAMED}: 'sygemeldt'",
        f"{MEETING}:7: deltagere.navn: {NAMED}: 'gravid'",
        f"data/kalender.yaml:2: {NAMED}: 'sygemeldt'",
        f"data/kalender.yaml:5: {NAMED}: 'depression'"]
    assert "skriv en kommentar med ordet og begrundelsen i filen, fx '# gennemset: " \
           "depression: navngivet med samtykke (AB, 2026-12-01)'" in _health(site)[-1]


def test_closed_item_text_and_comments_are_not_published_but_a_closed_title_is(tmp_path):
    front = PEOPLE + "punkter:\n  1:\n    lukket: ja  # Xenia Qwist er sygemeldt\n"
    body = ("## 1. Xenia Qwist er sygemeldt\n\n### Referat\n\nYrsa Pløk er på barselsorlov.\n"
            "\n## 2. Åbent punkt\n\nGodkendt.\n")
    site = _site(tmp_path, {MEETING: f"---\norgan: das\ndato: 2020-05-25\nstatus: referat\n"
                                     f"{front}  # Hanne Gormsen er gravid\n---\n\n{body}"})
    assert [p.split(" står")[0] for p in _health(site)] == [
        f"{MEETING}:17: punkt 1: {NAMED}: 'sygemeldt'"]


def test_the_error_stops_check_and_build_and_nothing_is_published(tmp_path):
    site = _site(tmp_path, {MEETING: _meeting("Hanne Gormsen er delvist syge-\nmeldt.")})
    check = run_cli("check", "--site", str(site), "--dato", "2020-06-01")
    assert check.returncode == 1 and "Traceback" not in check.stderr
    assert f"{MEETING}:17: punkt 1, Referat: {NAMED}: 'syge- meldt'" in check.stderr
    output = tmp_path / "public"
    output.mkdir()
    (output / "index.html").write_text("forrige udgave", encoding="utf-8")
    build = run_cli("--site", str(site), "--out", str(output), "--dato", "2020-06-01")
    assert build.returncode == 1 and NAMED in build.stderr
    assert [p.name for p in output.iterdir()] == ["index.html"]
    assert (output / "index.html").read_text(encoding="utf-8") == "forrige udgave"


# General sentences: no message at all ------------------------------------------------------

# Sentences with a health word from the real minutes (content/ and examples/), word for word
REAL_GENERAL = (
    "S sammensætningen afspejler ikke fokusområderne for den kommende socialaftale, som er "
    "ældre borgere med et handicap og borgere med psykiske udfordringer.",
    "Med dagsordenspunktet ønskes input til KL's dialog med regeringen om evaluering af "
    "handicapområdet.",
    "Regeringen har varslet en evaluering af den nuværende planlægning og organisering af "
    "handicapområdet i første halvår 2020.",
    "Der er ønske om flere midler til handicap/socialområdet.",
    "Evalueringen kan ikke omfatte alle problemstillinger i forhold til den oplevede "
    "tillidskrise på handicapområdet.",
    "Fokus skal være på vurdering af den enkelte borgers funktionsevne snarere end diagnose.",
    "Når et barn sammen med sin mor indskrives på Krisecentret, er indsatsen for barnet "
    "rettet mod at håndtere den aktuelle og akutte situation – altså psykisk førstehjælp, "
    "så bearbejdningen af de traumatiske oplevelser påbegyndes.",
    "For den sidstnævnte gruppe af børn findes der ikke en egentlig pasningsordning på "
    "Krisecentret, der kan aktivere og støtte børnene i dagtimerne og de er derfor henvist "
    "til at tilbringe meget af dagen med deres mødre, der ofte er kriseprægede og psykisk "
    "belastede grundet volden.",
    "Målgruppen er gravide kvinder som har et samtidigt alkohol/stofmisbrug kombineret med "
    "sociale problemstillinger og brug for døgntilbud.",
    "Målgruppen er udviklingshæmmede borgere med behov for ophold på en sikret afdeling "
    "(Type 1 dom eller type 2 dom med administrativ overførsel til Kofoedsminde).",
    "Målgruppen er børn, unge og voksne med svære spiseforstyrrelser og behov for højt "
    "specialiserede socialt rehabiliterende indsatser.",
    "Formanden forklarede, at Syddanmark, Sjælland og Hovedstaden er blevet "
    "medunderskrivere på brevet til Socialstyrelsen vedr. den centrale udmelding omkring "
    "gravide stofmisbrugere.",
    "I forhold til den centrale udmelding omkring om borgere med svær spiseforstyrrelse, så "
    "har der været det første møde i arbejdsgruppen om selvskadende unge, som DAS nedsatte "
    "på DAS mødet d. 9. marts.",
    "På nogle felter har kommunerne været uheldige i samarbejdet med regionen – f.eks. i "
    "forhold til Misbrugscentret i Vrå.",
    "Alternativt kunne tilbuddet evt. lægges i forlængelse af et af de socialpsykiatriske "
    "tilbud, som er placeret i Aalborg for på denne måde at være tættere på den psykiatriske "
    "ekspertise (stadig 6 pladser).",
    "Efterfølgende drøftes fokusområder i de lokale handicapråd.",
    "Ligeledes vil de eksisterende netværk på tandpleje-området og misbrugs-området fortsat "
    "eksistere.",
    "Temaet omkring personer med en dobbeltdiagnose ønskes prioriteret.",
    "Sundhedsstyrelsen offentliggjorde i juni 2011 to forløbsprogrammer for hhv. børn/unge "
    "og voksne på hjerneskade og apopleksiområdet.",
    "Kingstrup er et bo - og beskæftigelsestilbud til personer med erhvervet hjerneskade.",
    "Orientering om Sekretariatets betjening i perioden med et midlertidigt sygefravær.",
)


def test_the_general_sentences_are_from_the_real_minutes():
    texts = " ".join(" ".join(p.read_text(encoding="utf-8").split())
                     for top in (ROOT / "content", ROOT / "examples")
                     for p in top.rglob("*.md"))
    assert [s for s in REAL_GENERAL if s not in texts] == []
    assert all(any(w in s.lower() for w in privacy.HEALTH_WORDS) for s in REAL_GENERAL)


def test_general_sentences_of_the_real_minutes_give_no_message(tmp_path):
    """Also in a meeting whose deltagere and afbud are named in its front matter."""
    body = "\n\n".join(REAL_GENERAL) + "\n\n## 2. Orientering om sygefraværet\n\nTaget til " \
                                       "efterretning.\n"
    site = _site(tmp_path, {MEETING: _meeting(body)})
    assert _problems(site) == []


@pytest.mark.parametrize("sentence", [
    "Anni Winther orienterede om evalueringen af handicapområdet.",
    "Hanne Gormsen, chef for handicap og psykiatri i Aalborg Kommune, bød velkommen.",
    "Sygeplejerske Lone Kjærgaard fortalte om det nye tilbud.",
    "Xenia Qwist fremlagde den centrale udmelding om borgere med svære spiseforstyrrelser.",
    "Jens Vestergaard fra Misbrugscentret i Vrå deltog under punktet.",
    "Morten Lindholm gennemgik tallene for gravide kvinder med et misbrug.",
    "Hans sygemelding er ikke nævnt, og Per 1. januar er sygefraværet faldet.",
    "Hanne Gormsen bød velkommen. Sygefraværet er faldet.",
    "Efter oplægget fra Lars Hansen drøftede styregruppen sygefraværet.",
    "Tak til Bente Madsen for oplægget om demens.",
    "Forebyggelse af stress blandt medarbejderne, v. Lars Hansen.",
])
def test_a_name_beside_a_word_about_a_field_or_a_group_gives_no_message(tmp_path, sentence):
    site = _site(tmp_path, {MEETING: _meeting(sentence)})
    assert _problems(site) == []


def test_the_bundled_site_and_examples_have_no_health_messages():
    for site in (ROOT, ROOT / "examples" / "syddanmark", ROOT / "examples" / "midtjylland"):
        assert _health(site) == [], site


def test_the_real_named_case_is_caught_when_its_item_is_opened(tmp_path):
    """The bundled minutes name an employee who is "delvist sygemeldt" in a closed item."""
    site = tmp_path / "site"
    shutil.copytree(ROOT / "data", site / "data")
    shutil.copytree(ROOT / "content", site / "content")
    path = site / "content" / "moeder" / "socialdirektoerkredsen" / "2011-08-11.md"
    assert _health(site) == []
    path.write_text(path.read_text(encoding="utf-8").replace("lukket: ja", "lukket: nej"),
                    encoding="utf-8")
    line = _line(site, "content/moeder/socialdirektoerkredsen/2011-08-11.md", "idet Ann")
    assert [p.split(" står")[0] for p in _health(site)] == [
        f"content/moeder/socialdirektoerkredsen/2011-08-11.md:{line}: punkt 2, Referat: "
        f"{NAMED}: 'sygemeldt'"]


# Acknowledgements: with a reason -----------------------------------------------------------

@pytest.mark.parametrize("entry", [
    "  - sygemeldt: navngivet med samtykke (AB, 2026-12-01)\n",
    "  - sygemeld: hun har selv bedt om det (AB)\n",
    "  - \"sygemeldt: navngivet med samtykke\"\n",
    "  - sygemeldt (navngivet med samtykke; AB)\n",
    "  - sygemeldt – navngivet med samtykke, AB\n",
    "  sygemeldt: navngivet med samtykke (AB)\n",
])
def test_an_acknowledgement_with_a_reason_builds(tmp_path, entry):
    site = _site(tmp_path, {MEETING: _meeting(
        "Xenia Qwist er sygemeldt.", front=PEOPLE + "gennemset:\n" + entry)})
    assert _problems(site) == []
    output = tmp_path / "public"
    result = run_cli("--site", str(site), "--out", str(output), "--dato", "2020-06-01")
    assert result.returncode == 0, result.stderr
    assert "Xenia Qwist er sygemeldt." in (
        output / "organer" / "das" / "2020-05-25" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("entry,line,word", [
    ("  - sygemeldt\n", 12, "sygemeldt"),
    ("  - sygemeldt:\n", 12, "sygemeldt"),
    ("  - sygemeldt: AB\n", 12, "sygemeldt"),
    ("  - små antal\n  - sygemeldt, orlov\n", 13, "sygemeldt, orlov"),
])
def test_an_acknowledgement_without_a_reason_is_an_error_that_says_what_to_write(
        tmp_path, entry, line, word):
    site = _site(tmp_path, {MEETING: _meeting(
        "Xenia Qwist er sygemeldt.", front=PEOPLE + "gennemset:\n" + entry)})
    first = word.split(",")[0]
    assert _problems(site) == [
        f"{MEETING}:{line}: gennemset: '{word}' mangler en begrundelse: skriv efter ordet, "
        "hvorfor teksten må offentliggøres, og hvem der har vurderet det, fx "
        f"'- {first}: navngivet med samtykke (AB, 2026-12-01)'"]
    result = run_cli("check", "--site", str(site), "--dato", "2020-06-01")
    assert result.returncode == 1 and "mangler en begrundelse" in result.stderr
    assert "ukendt nøgle" not in result.stderr and "forventede en tekst" not in result.stderr


def test_an_unreadable_acknowledgement_is_an_error(tmp_path):
    site = _site(tmp_path, {MEETING: _meeting(
        "Tekst.", front="gennemset:\n  - [sygemeldt, orlov]\n")})
    assert _problems(site) == [
        f"{MEETING}:6: gennemset: forventede ét ord og en begrundelse pr. linje, fx "
        "'- sygemeldt: navngivet med samtykke (AB, 2026-12-01)' eller '- små antal'"]


def test_a_data_file_acknowledges_with_a_comment_and_a_reason(tmp_path):
    calendar = "- dato: 2020-08-01\n  titel: Karin Gormsen har kræft\n"
    site = _site(tmp_path, {"data/kalender.yaml": calendar})
    assert [p.split(" står")[0] for p in _health(site)] == [
        f"data/kalender.yaml:2: {NAMED}: 'kræft'"]
    (site / "data" / "kalender.yaml").write_text("# gennemset: kræft\n" + calendar, "utf-8")
    assert _health(site) == [
        "data/kalender.yaml:1: gennemset: 'kræft' mangler en begrundelse: skriv efter ordet, "
        "hvorfor teksten må offentliggøres, og hvem der har vurderet det, fx '# gennemset: "
        "kræft: kræftplanen, ikke en person (AB, 2026-12-01)'"]
    (site / "data" / "kalender.yaml").write_text(
        "# gennemset: kræft: hun har selv fortalt det offentligt (AB, 2026-12-01)\n" + calendar,
        "utf-8")
    assert _health(site) == []


# First names ---------------------------------------------------------------------------------

def test_a_site_adds_first_names_in_data(tmp_path):
    site = _site(tmp_path, {MEETING: _meeting("Zelma er indlagt.", front="")})
    assert _health(site) == []
    (site / "data" / "fornavne.yaml").write_text("# egne navne\n- Zelma\n- X\n", "utf-8")
    assert _problems(site) == [
        f"{MEETING}:11: punkt 1, Referat: {NAMED}: 'indlagt' står i samme sætning som et navn "
        "(fornavn). Fjern helbredsoplysningen eller navnet, eller luk punktet (lukket: ja). Er "
        "det gennemset og i orden (fx med samtykke), så skriv ordet og begrundelsen under "
        "gennemset: i filens front matter, fx '- indlagt: navngivet med samtykke (AB, "
        "2026-12-01)'",
        "data/fornavne.yaml:3: hvert ord skal være mindst to bogstaver og stå alene på sin "
        "linje, fx '- Hanne'"]


def test_initials_that_end_a_sentence_are_not_a_name():
    """Found on the synthetic archive: "Den A.P. Alternativt kunne ... psykiatriske ..."."""
    from site_builder.guards.person_names import _People
    people = _People((), frozenset(), frozenset())
    assert people.named("Den A.P. Alternativt kunne det lægges ved de psykiatriske tilbud.") \
        is None
    assert people.named("H.C. Maarup har fået konstateret kræft.") is not None
