"""sitemap.xml and robots.txt, from the HTML pages that were written."""
from __future__ import annotations

from xml.sax.saxutils import escape

from ..build.writer import OutputWriter
from ..content.model import Site


def render_sitemap(site: Site, writer: OutputWriter) -> None:
    base = site.info.base_url
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for url in writer.html_urls():
        lines.append(f"  <url><loc>{escape(base + url)}</loc></url>")
    lines.append("</urlset>")
    writer.write("sitemap.xml", "\n".join(lines) + "\n", "sitemap")
    writer.write("robots.txt", f"User-agent: *\nAllow: /\n\nSitemap: {base}/sitemap.xml\n",
                 "sitemap")
