"""Bilag: the files beside the meeting files, copied to their public URLs."""
from __future__ import annotations

from . import urls
from .model import Site
from .writer import OutputWriter


def attachment_urls(site: Site) -> list[str]:
    return [a.url for m in site.meetings for i in m.items for a in i.attachments
            if a.source is not None]


def write_attachments(site: Site, writer: OutputWriter) -> int:
    count = 0
    for meeting in site.meetings:
        for item in meeting.items:
            for attachment in item.attachments:
                if attachment.source is not None:
                    writer.copy(urls.output_path(attachment.url), attachment.source,
                                f"bilag from {meeting.source.name}")
                    count += 1
    return count
