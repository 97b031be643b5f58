"""What kind of page a reader is looking at, and how much its words weigh in search.

An on-call engineer who types "SEV1" or "hotfix" wants the policy that says what to do, not
the fifteen incident records that mention the word in passing. Pagefind ranks by how often
and where (headings, weighted blocks) a word appears; this module marks each page's article
with a weight by its kind and a ``kind`` label the search box shows beside each result.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

from ..site.core import INCIDENT as INCIDENT_PAGE
from ..site.core import POLICY as POLICY_PAGE
from .index import ROOT_SELECTOR

#: The Roles and Communications pages (generator.site.people).
PEOPLE_PAGES = ("roles.md", "communications.md")


@dataclass(frozen=True)
class Kind:
    label: str
    #: pagefind content weight of the page's article (1 is pagefind's default).
    weight: float


POLICY = Kind("Policy", 3.0)
PLAYBOOK = Kind("Playbook", 2.0)
#: Roles and communications name every severity in each message template; "SEV1" must still
#: find the severity table first, so their words weigh like an ordinary page.
PEOPLE = Kind("Policy", 1.0)
HOME = Kind("Start here", 1.0)
INCIDENT = Kind("Incident", 0.5)
#: Pages that list other pages (incident index, tags, metrics, action items): a word matches
#: there because it matches on the pages listed, which are the better answer.
LISTING = Kind("List", 0.3)
PAGE = Kind("Page", 1.0)
#: Left out of the index: the tag page lists every incident under each of its tags, so it
#: matches every query an incident matches and grows with the record count.
SKIP = Kind("", 0.0)


def kind_of(path: str, page_kind: str | None) -> Kind:
    """The kind of a page, from the core's kind of a generated page (``policy``, ``incident``,
    ``report``; None for a page of the site's own ``docs/``) and its path under the playbook
    prefix (``workflows/hotfix.md``)."""
    if page_kind is None:
        return PAGE
    if path == "index.md":
        return HOME
    if path == "tags.md":
        return SKIP
    if page_kind == POLICY_PAGE:
        if path in PEOPLE_PAGES:
            return PEOPLE
        return PLAYBOOK if path.startswith("workflows/") else POLICY
    if page_kind == INCIDENT_PAGE:
        return INCIDENT
    return LISTING


_ARTICLE = '<article class="md-content__inner md-typeset"'
assert ROOT_SELECTOR == "article.md-content__inner"


def _boost(meta: Any) -> float | None:
    """Material's front-matter ``search: {boost: N}`` for a page of the site's own docs, so
    pages tuned for Material's search keep their ranking (Material boosts go up to ~10)."""
    search = meta.get("search") if isinstance(meta, dict) else None
    boost = search.get("boost") if isinstance(search, dict) else None
    if isinstance(boost, int | float) and not isinstance(boost, bool) and boost > 0:
        return min(float(boost), 10.0)
    return None


def _excluded(meta: Any) -> bool:
    search = meta.get("search") if isinstance(meta, dict) else None
    return isinstance(search, dict) and search.get("exclude") is True


def annotate(output: str, kind: Kind, meta: Any = None) -> str:
    """The built page with its article marked for pagefind: weight and kind, or left out of
    the index altogether when its front matter says ``search: {exclude: true}``. (What
    pagefind reads keeps neighbouring cells' words apart: :func:`generator.site.tighten.spaced`
    in :class:`generator.search.SearchSource`, not a space in every published page.)"""
    if kind is SKIP or _excluded(meta):
        # "all": no text, no metadata; pagefind leaves a page whose root is ignored out.
        attributes = ' data-pagefind-ignore="all"'
    else:
        weight = _boost(meta) or kind.weight
        attributes = (
            f' data-pagefind-weight="{weight:g}"'
            f' data-pagefind-meta="kind:{html.escape(kind.label)}"'
        )
    return output.replace(_ARTICLE, _ARTICLE + attributes, 1)
