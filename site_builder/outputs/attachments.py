"""Bilag: the files beside the meeting files, copied to their public URLs.

A bilag whose file is the same as at the last build (size, modification time and inode)
is taken over from the last output without being read.
"""
from __future__ import annotations

import os
from pathlib import Path

from .. import urls
from ..build.writer import OutputWriter
from ..content.model import Site


def attachment_urls(site: Site) -> list[str]:
    return [a.url for m in site.meetings for i in m.items for a in i.attachments
            if a.source is not None]


def write_attachments(site: Site, writer: OutputWriter,
                      previous: dict[str, str] | None = None) -> dict[str, str]:
    """Returns each bilag's fingerprint, for the next build's `previous`."""
    previous = previous or {}
    fingerprints: dict[str, str] = {}
    for meeting in site.meetings:
        for item in meeting.items:
            for attachment in item.attachments:
                if attachment.source is not None:
                    relative = urls.output_path(attachment.url).as_posix()
                    fingerprints[relative] = _fingerprint(attachment.source)
                    writer.copy(relative, attachment.source, f"bilag from {meeting.source.name}",
                                unchanged=previous.get(relative) == fingerprints[relative])
    return fingerprints


def _fingerprint(path: Path) -> str:
    try:
        info = os.stat(path)
    except OSError:
        return ""
    return f"bilag:{info.st_size}:{info.st_mtime_ns}:{info.st_ino}"
