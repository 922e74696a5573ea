"""Stage 2, rendering: one module per output kind, each computing its entries from the model
and rendering them (pages, the politicians' tab, calendar, cases, feeds, open data, tariffs,
sitemap, Netlify's files, assets, bilag). templating is the one Jinja set-up.
"""
