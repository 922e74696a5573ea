"""A bilag name that does not match a file: the file meant is found when only the Unicode
form differs (macOS writes names decomposed), and otherwise suggested."""
from __future__ import annotations

import unicodedata

import pytest

from conftest import build_site, make_site
from site_builder.problems import SiteError


def _meeting(name: str) -> str:
    return f"""\
        ---
        organ: das
        dato: 2020-05-25
        status: referat
        punkter:
          1:
            bilag:
              - titel: Årsrapport
                fil: '{name}'
        ---

        ## 1. Årsrapport
        """


def _site(tmp_path, written: str, on_disk: str):
    return make_site(tmp_path / "site", {
        "content/moeder/das/2020-05-25.md": _meeting(written),
        f"content/moeder/das/2020-05-25/{on_disk}": b"%PDF-1.4\n",
    })


def test_a_name_in_the_other_unicode_form_is_the_same_file(tmp_path):
    nfd = unicodedata.normalize("NFD", "Årsrapport Ærø.pdf")
    site = _site(tmp_path, "2020-05-25/Årsrapport Ærø.pdf", nfd)
    build_site(site, tmp_path / "public")
    bilag = list((tmp_path / "public" / "organer" / "das" / "2020-05-25" / "bilag").iterdir())
    assert [p.name for p in bilag] == ["aarsrapport-aeroe.pdf"]


@pytest.mark.parametrize("written", [
    "2020-05-25/aarsrapport 2019.PDF",  # another case
    "Aarsrapport 2019.pdf",  # the date folder left out
    "content/moeder/das/2020-05-25/Aarsrapport 2019.pdf",  # a path from the repository
    "2020-05-25\\Aarsrapport 2019.pdf",  # Windows
    "2020-05-25/Aarsrapprt 2019.pdf",  # a typo
])
def test_the_file_meant_is_suggested(tmp_path, written):
    site = _site(tmp_path, written, "Aarsrapport 2019.pdf")
    with pytest.raises(SiteError) as error:
        build_site(site, tmp_path / "public")
    assert "mente du '2020-05-25/Aarsrapport 2019.pdf'?" in str(error.value)


def test_no_suggestion_when_nothing_is_alike(tmp_path):
    site = _site(tmp_path, "2020-05-25/budget.xlsx", "Aarsrapport 2019.pdf")
    with pytest.raises(SiteError) as error:
        build_site(site, tmp_path / "public")
    assert "findes ikke" in str(error.value) and "mente du" not in str(error.value)
