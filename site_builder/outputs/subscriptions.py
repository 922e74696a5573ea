"""The page /abonner/: how to follow the site without an account, with every feed and
calendar address written out, so it can be copied without any script; and how to get an
e-mail when something new is published (mail/subscriptions.py): a sign-up form that posts
to the target data/site.yaml names, or, without one, the mailing lists' own addresses."""
from __future__ import annotations

from .. import urls
from ..content.model import Site
from ..content.schema_data import SUBSCRIPTION_KINDS
from ..mail.subscriptions import check_form_target, load_topics, signup_form
from ..problems import Problems
from .templating import PageEntry

KIND_LABELS = {"dagsordener": "Alle dagsordener", "referater": "Alle referater",
               "aftaler": "Aftaler"}
MAIL_KIND_LABELS = {"dagsordener": "Dagsordener", "referater": "Referater",
                    "aftaler": "Aftaler"}


def page_entries(site: Site) -> list[PageEntry]:
    base = site.info.base_url
    feeds = [("Alle nye og ændrede dokumenter", base + urls.feed(urls.ALL))]
    feeds += [(KIND_LABELS[kind], base + urls.feed(kind)) for kind in urls.FEED_KINDS]
    feeds += [(body.name, base + urls.feed(body.slug)) for body in site.bodies]
    calendars = [("Alle møder og årshjulets milepæle", base + urls.calendar_file(urls.ALL))]
    calendars += [(body.name, base + urls.calendar_file(body.slug)) for body in site.bodies]
    problems = Problems(site.root)
    form = signup_form(site.root)
    check_form_target(site.root, form, problems)
    topics = load_topics(site.root, {b.slug for b in site.bodies}, problems)
    problems.raise_if_errors()
    return [PageEntry(urls.subscribe(), "subscribe.html", "Abonnér på nyheder og møder", {
        "feeds": feeds, "calendars": calendars,
        "form_action": form.action, "netlify_form": form.netlify,
        "mail_bodies": [(b.slug, b.name) for b in site.bodies],
        "mail_kinds": [(k, MAIL_KIND_LABELS[k]) for k in SUBSCRIPTION_KINDS],
        "topics": [(t.name, t.join_address) for t in topics if t.join_address],
        "contact_email": site.info.contact.email,
    }, (("Forside", urls.front()),))]
