"""Hostile content files for the fuzz test (tests/test_fuzz.py) and the fuzz benchmark
(benchmarks/fuzz.py): random and mutated meeting files, fed to the loader; a case that
loads into a valid model is then built (every page, feed, calendar and index rendered into
an output folder). Every case must end in a built site or the project's own SiteError
(problems, each with a file and a message) or OutputError - never another exception, and
a build that fails leaves the previous output as it was.

`make_case(rng)` makes one case from a random.Random, so the benchmark can run any number
of cases quickly and hypothesis can drive the same generator (st.randoms) and shrink it.
"""
from __future__ import annotations

import datetime as dt
import random
import re
import shutil
import textwrap
from collections import Counter
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from site_builder import urls
from site_builder.content.schema import ATTACHMENT, ITEM, MEETING, PERSON
from site_builder.pipeline import BuildOptions, build, load_and_check
from site_builder.problems import OutputError, SiteError

ROOT = Path(__file__).resolve().parent.parent
BASE_DATA = ROOT / "tests" / "fixtures" / "base"
BUILD_DATE = dt.date(2020, 6, 1)
TARGET = "content/moeder/das/2020-05-25.md"

VALID = textwrap.dedent("""\
    ---
    organ: das
    dato: 2020-05-25
    titel: Møde i Den Administrative Styregruppe
    tid: 9.00-12.00
    sted: Skype - Link i kalenderbooking
    status: referat
    deltagere:
      - Kredsen af socialdirektører
      - navn: Dorte Juul Hansen
        organisation: Region Nordjylland
        rolle: formand
    afbud:
      - navn: Jens Nørgaard
        stedfortræder: Per Heitmann
    referent:
      - Charlotte S. Andersen
    sagsnr: 2011-14113
    doknr: 2011-236434
    godkendt:
      dato: 2020-06-20
      møde: das/2020-06-20
    punkter:
      2:
        type: beslutning
        sagsnr: 2020-1234
      3:
        lukket: ja
        bilag:
          - titel: Bilag
            url: https://example.org/bilag.pdf
    ---

    Indledende tekst.

    # Sager til behandling

    ## 1. Godkendelse af dagsorden

    ### Referat

    Godkendt.

    ## 2. Udmøntning af Nordjysk Socialaftale

    ### Resumé

    Tekst med **fed**, *kursiv*, [link](https://example.org) og en liste:

    - et
    - to
        - under

    Tabel 1. Belægning

    | | 2017 | 2018 |
    |---|---|---|
    | Procent | 92,1 | 98,8 |

    #### Underoverskrift

    ### Indstilling

    Det indstilles, at DAS godkender.

    ## 3. Lukket punkt

    Hemmeligt.
    """)



def _as_fuzz_meeting(text: str) -> str:
    """A bundled meeting file made valid for the fuzz site (body das, date 2020-05-25, no
    cases of data/sager.yaml), so that small mutations of it can still make a model."""
    text = re.sub(r"(?m)^organ: .*$", "organ: das", text, count=1)
    text = re.sub(r"(?m)^dato: .*$", "dato: 2020-05-25", text, count=1)
    return re.sub(r"(?m)^[ \t]+sag: .*\n", "", text)


SEEDS = [VALID] + [_as_fuzz_meeting(p.read_text(encoding="utf-8")) for p in
                   sorted((ROOT / "content" / "moeder").glob("*/*.md"))]

KEYS = sorted({f.key for schema in (MEETING, ITEM, ATTACHMENT, PERSON) for f in schema.fields}
              | {"organ ", "Organ", "dato\t", "ukendt", "punkter.1", "", "-", "?", "<<"})
SCALARS = ["", "~", "null", "ja", "nej", "true", "0", "-1", "1e309", ".nan", "2020-05-25",
           "2020-02-30", "2020-13-01", "0000-00-00", "9999-12-31", "25.05.2020", "9.00",
           "24.00", "9.00-8.00", "10:30", "das", "kkr", "referat", "dagsorden", "beslutning",
           "'", '"', "[", "{", "]", "}", "&a", "*a", "!!binary aGVq", "!!python/object:os.system",
           "!ukendt x", "|", ">", "- ", ": ", "#", "%YAML 1.1", "@", "`", "\\x00", '"\\x00"',
           '"\\u202e"', '"\\ud800"', "https://example.org", "javascript:alert(1)",
           "../../../etc/passwd", "/etc/passwd", "<script>alert(1)</script>", "010203-1234",
           "æøå ÆØÅ", "\U0001F600", "\u200b", "\u2028", "x" * 300]
CONTROL = ["\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x7f", "\u0085", "\u2028",
           "\u2029", "\ufeff", "\ufffe", "\uffff", "\u202e", "\t", "\r", "\r\n", "\n"]
BAD_BYTES = [b"\xff", b"\xfe", b"\xc3", b"\xc3\x28", b"\xed\xa0\x80", b"\xf4\x90\x80\x80",
             b"\x80", b"\xe2\x82", b"\xef\xbb\xbf", b"\x00", b"\xc0\xaf"]
BODY_LINES = ["## 1. Punkt", "## 0. Nul", "## 999999999999. Stort", "## 2 Uden punktum", "##",
              "## ", "### Referat", "###", "# Gruppe", "#", "#### Under", "```", "~~~",
              "| a | b |", "|---|---|", "| 1 |", "|", "- punkt", "    - under", "1. et",
              "> citat", ">" * 60 + " dybt", "[link](javascript:alert(1))", "[x](../../a)",
              "<div><table><tr><td>", "</td></tr></table></div>", "<script>alert(1)</script>",
              "<!--", "-->", "&#0;", "&#x110000;", "&nbsp;", "\\", "*" * 50, "_" * 50,
              "[" * 200, "]" * 200, "(" * 200, "Tabel 1. x", "---", "...", "Tekst.", "",
              # lines that make a careless regular expression backtrack for minutes
              "## 1. x" + " " * 3000 + "#x", "### x" + " \t" * 2000 + "#y",
              "|" + " " * 3000 + "-" + " " * 3000 + "x", "  - " * 1000 + "a: b",
              "1" * 3000 + "-" + "2" * 3000, "*" * 3000 + "a", "_a" * 3000]


def random_scalar(rng: random.Random) -> str:
    choice = rng.random()
    if choice < 0.6:
        return rng.choice(SCALARS)
    if choice < 0.8:
        return "".join(rng.choice("abcæøå019:-_ .,'\"#[]{}&*!|>%@`\t") for _ in
                       range(rng.randint(0, 30)))
    if choice < 0.9:
        return rng.choice(CONTROL) + rng.choice(SCALARS)
    return rng.choice(["x", "æ", "9", "- x\n  "]) * rng.randint(100, 200_000)


def random_yaml(rng: random.Random, depth: int = 0, indent: int = 0) -> str:
    """A random YAML value, block or flow style, possibly broken on purpose."""
    pad = " " * indent
    roll = rng.random()
    if depth > 3 or roll < 0.45:
        return " " + random_scalar(rng)
    if roll < 0.6:
        # flow collections, sometimes very deep
        n = rng.choice([1, 2, 5, 30, 200, 5000])
        opener, closer = rng.choice([("[", "]"), ("{a: ", "}"), ("[{", "}]")])
        return " " + opener * n + rng.choice(SCALARS) + closer * rng.choice([n, n, n - 1, 0])
    if roll < 0.8:
        lines = [f"\n{pad}  -{random_yaml(rng, depth + 1, indent + 4)}"
                 for _ in range(rng.randint(0, 4))]
        return "".join(lines)
    lines = []
    for _ in range(rng.randint(0, 4)):
        key = rng.choice(KEYS + [str(rng.randint(-2, 30))])
        lines.append(f"\n{pad}  {key}:{random_yaml(rng, depth + 1, indent + 2)}")
    return "".join(lines)


def random_front_matter(rng: random.Random) -> str:
    lines = []
    keys = ["organ", "dato", "status"] if rng.random() < 0.7 else []
    keys += [rng.choice(KEYS) for _ in range(rng.randint(0, 8))]
    for key in keys:
        if key == "organ" and rng.random() < 0.7:
            lines.append("organ: das")
        elif key == "dato" and rng.random() < 0.7:
            lines.append("dato: 2020-05-25")
        elif key == "status" and rng.random() < 0.7:
            lines.append("status: " + rng.choice(["referat", "dagsorden"]))
        else:
            lines.append(f"{key}:{random_yaml(rng)}")
    if rng.random() < 0.2:  # anchors and aliases, also recursive and exponential
        lines.append(rng.choice([
            "titel: &a Møde\nsted: *a",
            "deltagere: &a [*a]",
            "a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\nd: [*c, *c, *c]",
            "punkter: &p {1: {type: beslutning}}\nafbud: *p",
            "titel: *ukendt",
            "<<: {organ: das}",
            "titel: &a &b x",
        ]))
    rng.shuffle(lines)
    return "\n".join(lines)


def random_body(rng: random.Random) -> str:
    lines = []
    for _ in range(rng.randint(0, 40)):
        roll = rng.random()
        if roll < 0.7:
            lines.append(rng.choice(BODY_LINES))
        elif roll < 0.85:
            lines.append(f"## {rng.randint(1, 12)}. {random_scalar(rng)[:80]}")
        else:
            lines.append(random_scalar(rng))
    return "\n".join(lines)


def generated(rng: random.Random) -> bytes:
    """A meeting file made from scratch."""
    text = f"---\n{random_front_matter(rng)}\n---\n{random_body(rng)}\n"
    if rng.random() < 0.1:
        text = text.replace("---\n", rng.choice(["", "--- \n", "----\n", "...\n"]), 1)
    return text.encode("utf-8", "surrogatepass")


def mutated(rng: random.Random) -> bytes:
    """A real meeting file with one to a few mutations."""
    text = rng.choice(SEEDS)
    body_start = text.find("\n---\n", 4) + 5
    if len(text) > 20_000 and rng.random() < 0.7:  # keep most cases quick
        text = text[:body_start + rng.randint(0, 15_000)]
    if rng.random() < 0.3:
        # the body only: the front matter stays valid, so these often make a model
        head, body = text[:body_start], text[body_start:]
        for _ in range(rng.choice([1, 1, 2, 4])):
            body = rng.choice(BODY_MUTATIONS)(rng, body)
        text = head + body
    else:
        for _ in range(rng.choice([1, 1, 1, 2, 3, 8])):
            text = rng.choice(TEXT_MUTATIONS)(rng, text)
    raw = text.encode("utf-8", "surrogatepass")
    if rng.random() < 0.15:
        raw = _byte_mutation(rng, raw)
    return raw


def _lines_op(rng, text, op):
    lines = text.split("\n")
    if not lines:
        return text
    index = rng.randrange(len(lines))
    return "\n".join(op(lines, index))


def _duplicate_line(rng, text):  # duplicate keys, repeated items
    return _lines_op(rng, text, lambda lines, i: lines[:i + 1] + [lines[i]] + lines[i + 1:])


def _delete_line(rng, text):
    return _lines_op(rng, text, lambda lines, i: lines[:i] + lines[i + 1:])


def _swap_lines(rng, text):
    def swap(lines, i):
        j = rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
        return lines
    return _lines_op(rng, text, swap)


def _replace_value(rng, text):  # wrong types
    def replace(lines, i):
        line = lines[i]
        if ":" in line:
            key = line.split(":", 1)[0]
            lines[i] = key + ":" + random_yaml(rng, 1, len(key) - len(key.lstrip()))
        return lines
    return _lines_op(rng, text, replace)


def _insert_line(rng, text):
    new = rng.choice([random_scalar(rng), rng.choice(BODY_LINES),
                      f"{rng.choice(KEYS)}:{random_yaml(rng)}"])
    return _lines_op(rng, text, lambda lines, i: lines[:i] + [new] + lines[i:])


def _indent(rng, text):
    def indent(lines, i):
        lines[i] = rng.choice(["  ", "\t", " ", "    ", " " * 40]) + lines[i] \
            if rng.random() < 0.7 else lines[i].lstrip()
        return lines
    return _lines_op(rng, text, indent)


def _control(rng, text):
    at = rng.randint(0, len(text))
    return text[:at] + rng.choice(CONTROL) * rng.choice([1, 1, 3]) + text[at:]


def _char_edit(rng, text):
    if not text:
        return rng.choice(SCALARS)
    at = rng.randrange(len(text))
    return text[:at] + rng.choice([
        "", ":", "-", "#", "'", '"', "[", "{", "&", "*", "!", "|", ">", "%", "@", "`", "\\",
        "\n", " ", "æ", "\u0301", "\U0001F600", "\ud800", chr(rng.randint(0, 0x2FFF))]) \
        + text[at + rng.choice([0, 1, 1, 5]):]


def _huge(rng, text):
    what = rng.choice([
        "titel: " + "Møde " * rng.choice([10_000, 30_000]),
        "sted: " + "x" * 100_001,
        "deltagere:\n" + "  - Person\n" * 5000,
        "punkter:\n" + "".join(f"  {n}:\n    type: beslutning\n" for n in range(1, 1500)),
        "\n".join(f"## {n}. Punkt {n}" for n in range(1, 2000)),
        "Tekst " * 200_000,
        "| a |\n|---|\n" + "| 1 |\n" * 20_000,
        "- " * 5000 + "dybt",
        "    " * 500 + "- indrykket",
        "> " * 2000 + "citat",
        "punkter:\n  1:\n    bilag:\n      - titel: x\n        fil: "
        + rng.choice(["a" * 256, "a" * 5000, "a/" * 3000, "æ" * 200 + ".pdf", "a\\0b"]),
    ])
    return _lines_op(rng, text, lambda lines, i: lines[:i] + what.split("\n") + lines[i:])


def _deep(rng, text):
    n = rng.choice([25, 100, 1000, 10_000])
    what = rng.choice([
        "punkter: " + "[" * n + "]" * n,
        "deltagere: " + "{a: " * n + "b" + "}" * n,
        "godkendt:" + "".join("\n" + "  " * (k + 1) + "a:" for k in range(min(n, 300))) + " x",
        "punkter:\n  1:\n    bilag:\n" + "      - " * min(n, 500) + "x",
    ])
    return _lines_op(rng, text, lambda lines, i: lines[:1] + what.split("\n") + lines[1:])


def _splice(rng, text):
    other = rng.choice(SEEDS)
    a, b = rng.randint(0, len(text)), rng.randint(0, len(other))
    return text[:a] + other[b:b + rng.randint(0, 5000)] + text[a:]


def _line_endings(rng, text):
    return text.replace("\n", rng.choice(["\r\n", "\r", "\n\n", "\u2028", "\x85"]))


def _drop_front_matter_end(rng, text):
    return text.replace("\n---\n", rng.choice(["\n", "\n--\n", "\n---x\n", "\n...\n"]), 1)


TEXT_MUTATIONS = (_duplicate_line, _delete_line, _swap_lines, _replace_value, _insert_line,
                  _indent, _control, _char_edit, _huge, _deep, _splice, _line_endings,
                  _drop_front_matter_end, _duplicate_line, _replace_value, _char_edit)


BODY_MUTATIONS = (_duplicate_line, _delete_line, _swap_lines, _insert_line, _indent, _char_edit,
                  _huge, _splice, _line_endings, _insert_line, _insert_line)


def _byte_mutation(rng: random.Random, raw: bytes) -> bytes:
    at = rng.randint(0, len(raw))
    roll = rng.random()
    if roll < 0.5:
        return raw[:at] + rng.choice(BAD_BYTES) + raw[at:]
    if roll < 0.7:
        return raw[:at]  # truncated, maybe inside a UTF-8 sequence
    if roll < 0.85:
        return bytes(rng.getrandbits(8) for _ in range(rng.randint(0, 300)))
    return raw.decode("utf-8", "ignore").encode(rng.choice(["latin-1", "utf-16", "cp1252"]),
                                                "replace")


def make_case(rng: random.Random) -> tuple[str, bytes]:
    """(kind, file content): kind says how the case was made, for the benchmark's counts."""
    if rng.random() < 0.35:
        return "genereret", generated(rng)
    return "muteret", mutated(rng)


# Running a case ------------------------------------------------------------------------------

@dataclass
class FuzzSite:
    """One small site whose meeting file each case replaces."""

    root: Path

    @classmethod
    def create(cls, root: Path) -> "FuzzSite":
        shutil.copytree(BASE_DATA, root, dirs_exist_ok=True)
        (root / TARGET).parent.mkdir(parents=True, exist_ok=True)
        return cls(root)

    def run(self, data: bytes) -> str:
        """Load the site with `data` as its meeting file and, when it loads, build it:
        "built", "SiteError" or "OutputError". Anything else is raised; a SiteError or
        build that breaks the rules is an AssertionError."""
        target = self.root / TARGET
        target.write_bytes(data)
        options = BuildOptions(self.root, self.root / "public", BUILD_DATE, jobs=1)
        try:
            site, warnings = load_and_check(options)
        except SiteError as exc:
            check_site_error(exc)
            return "SiteError"
        assert all(w.path and w.message for w in warnings)
        assert len(site.meetings) <= 1
        for meeting in site.meetings:
            assert meeting.body == "das" and meeting.date == dt.date(2020, 5, 25)
            assert all(isinstance(i.number, int) for i in meeting.items)
        return self.render(options, [urls.output_path(m.url) for m in site.meetings])

    def render(self, options: BuildOptions, pages: list[PurePosixPath]) -> str:
        """Render everything into the output folder; `pages` must then be there."""
        before = _files(options.output)
        try:
            build(options)
        except SiteError as exc:
            check_site_error(exc)
            outcome = "SiteError"
        except OutputError as exc:
            assert str(exc).strip() and "Traceback" not in str(exc), repr(exc)
            outcome = "OutputError"
        else:
            for page in pages:
                html = (options.output / page).read_text(encoding="utf-8")
                assert "</html>" in html and "Traceback" not in html, page
            return "built"
        assert _files(options.output) == before, "a failed build changed the output"
        return outcome


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def check_site_error(exc: SiteError) -> None:
    assert exc.problems, "a SiteError without problems"
    for problem in exc.problems:
        assert problem.path == TARGET, problem  # the base data/ is valid
        assert isinstance(problem.message, str) and problem.message.strip(), problem
        assert problem.line is None or (isinstance(problem.line, int) and problem.line >= 1)
        assert "Traceback" not in problem.format()


def summary(outcomes: Counter) -> str:
    return ", ".join(f"{name}: {count}" for name, count in sorted(outcomes.items()))
