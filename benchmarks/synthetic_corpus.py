"""Sentences, titles and short labels from the seed documents, for the synthetic archive.

The seed documents (plain-text conversions of real agendas and minutes) are split into
sentences and titles; whatever could trip the privacy guard (CPR-like numbers, health
words), Markdown syntax, addresses and participant lists is left out. Without a seed
folder, the repository's own content/ Markdown is used.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SEEDS = REPO.parent / "shared" / "seeds"

# Text an archive must never contain (see the privacy guard): CPR-like numbers, health words.
CPR_LIKE = re.compile(r"\d{6}[-\s]?\d{4}")
HEALTH_WORDS = ("sygemeld", "sygefravær", "orlov", "diagnose", "indlagt")
_LONG_DIGITS = re.compile(r"\d{7,}")
_MARKUP = re.compile(r"[|<>\[\]*_#`\\{}~^]")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ])")
_ITEM_LINE = re.compile(r"^(?:[-•]\s*)?\d{1,2}\.\s+(\S.*)$")
_HEADER_FIELDS = re.compile(r"^(møde|tid|sted|deltagere|afbud|sagsnr|dok\.?nr|dato|telefon|"
                            r"e-mail|kontaktperson|referat)\b", re.IGNORECASE)
_SECTION_LABELS = {"resumé", "baggrund", "sagsfremstilling", "indstilling", "bilag",
                   "referat", "beslutning", "orientering", "godkendt", "evt.", "velkomst",
                   "sager til behandling", "sager til orientering", "afslutning",
                   "kommunale sager", "fu behandling"}
_ROUTINE = ("Tabel", "Bilag", "Næste møde", "Det indstilles", "Referatet", "Dagsordenen",
            "Godkendelse af dagsorden", "Godkendelse af referat", "Punktet flyttes")


@dataclass(frozen=True)
class Corpus:
    sentences: tuple[str, ...]
    titles: tuple[str, ...]
    labels: tuple[str, ...]  # short phrases for table rows and captions
    fingerprint: str  # sha256 of the texts read


def read_corpus(seeds: Path | None = None) -> Corpus:
    """Sentences and titles from the seed documents (or the repository's own content/)."""
    folder = DEFAULT_SEEDS if seeds is None else seeds
    files = sorted(folder.glob("*.txt")) if folder.is_dir() else []
    texts = [(p.name, p.read_text(encoding="utf-8")) for p in files]
    if not texts:
        texts = [(p.relative_to(REPO).as_posix(), _strip_front_matter(
            p.read_text(encoding="utf-8"))) for p in sorted((REPO / "content").rglob("*.md"))]
    if not texts:
        raise SystemExit(f"no seed texts in {folder} and no Markdown in {REPO / 'content'}")
    digest = hashlib.sha256()
    for name, text in texts:
        digest.update(name.encode() + b"\0" + text.encode() + b"\0")
    # An OCR-damaged document lost its æ/ø/å; its words would look like misspellings.
    readable = [t for _name, t in texts if _danish_letter_share(t) > 0.002] or \
        [t for _name, t in texts]
    sentences: dict[str, None] = {}
    titles: dict[str, None] = {}
    labels: dict[str, None] = {}
    for text in readable:
        _harvest(text, sentences, titles, labels)
    if len(sentences) < 20 or len(titles) < 5:
        raise SystemExit("the seed texts are too short to make an archive from")
    for title in titles:
        if len(title) <= 45:
            labels.setdefault(title)
    return Corpus(tuple(sentences), tuple(titles), tuple(labels), digest.hexdigest())


def _strip_front_matter(text: str) -> str:
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end != -1:
            return text[end + 4:]
    return text


def _danish_letter_share(text: str) -> float:
    letters = sum(c.isalpha() for c in text) or 1
    return sum(c in "æøåÆØÅ" for c in text) / letters


def _clean(line: str) -> str:
    line = re.sub(r"<[^>]+>", " ", line)
    line = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line)
    line = line.replace("**", "").replace("\\", "")
    line = re.sub(r"(?<!\w)\*|\*(?!\w)", "", line)
    line = re.sub(r"[\u00a0\t]+", " ", line)
    line = "".join(c for c in line if c.isprintable() and not 0xE000 <= ord(c) <= 0xF8FF)
    return re.sub(r" {2,}", " ", line).strip()


def _harvest(text: str, sentences: dict, titles: dict, labels: dict) -> None:
    paragraph: list[str] = []

    def flush() -> None:
        for sentence in _SENTENCE_END.split(" ".join(paragraph)):
            sentence = sentence.strip()
            if _good_sentence(sentence):
                sentences.setdefault(sentence)
        paragraph.clear()

    for raw in text.split("\n"):
        if "\t" in raw or raw.lstrip().startswith("|"):
            flush()
            cells = [_clean(cell) for cell in re.split(r"\t|\|", raw)]
            if any(_HEADER_FIELDS.match(cell) for cell in cells[:2]):
                continue
            for cell in cells:
                if 5 <= len(cell) <= 45 and _good_label(cell):
                    labels.setdefault(cell)
            continue
        line = _clean(re.sub(r"^#+\s*", "", raw.strip()))
        item = _ITEM_LINE.match(line)
        if not line or re.fullmatch(r"[-=_ ]+", line):
            flush()
        elif item:
            flush()
            _add_title(item.group(1), titles)
        elif _HEADER_FIELDS.match(line) and (":" in line[:20] or line.count(",") > 3
                                             or len(line) < 80):
            flush()  # document headers and participant lists are not prose
        elif len(line) < 70 and not line.endswith((".", ",", ";")):
            flush()
            _add_title(line, titles)
        else:
            paragraph.append(re.sub(r"^[-•]\s+", "", line))
    flush()


def _add_title(text: str, titles: dict) -> None:
    text = re.sub(r"\s*\(side \d+\)$", "", text).strip().rstrip(":").strip()
    if 12 <= len(text) <= 90 and _good_label(text):
        titles.setdefault(text)


def _good_label(text: str) -> bool:
    """A title or table label: a phrase, not a name, a header field or a routine line."""
    words = text.split()
    return (sum(c.isalpha() for c in text) > 0.6 * len(text) and _safe(text)
            and re.match(r"[A-ZÆØÅ]", text) is not None and not text.startswith(_ROUTINE)
            and text.lower() not in _SECTION_LABELS and not _HEADER_FIELDS.match(text)
            and text.count("(") == text.count(")") and not re.search(r"\d{4} \d{4}", text)
            and not (len(words) <= 4 and all(w[0].isupper() for w in words)))


def _safe(text: str) -> bool:
    lower = text.lower()
    return not (CPR_LIKE.search(text) or _LONG_DIGITS.search(text) or _MARKUP.search(text)
                or "@" in text or "://" in text or any(w in lower for w in HEALTH_WORDS))


def _good_sentence(sentence: str) -> bool:
    return (40 <= len(sentence) <= 600 and len(sentence.split()) >= 6
            and sentence.endswith((".", "!", "?")) and re.match(r"[A-ZÆØÅ]", sentence)
            and not sentence.startswith("Tabel") and sentence.count(",") <= 8
            and not _HEADER_FIELDS.match(sentence) and _safe(sentence))
