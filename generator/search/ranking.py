"""What kind of page a reader is looking at, and how much its words weigh in search.

An on-call engineer who types "SEV1" or "hotfix" wants the policy that says what to do, not
the fifteen incident records that mention the word in passing. Pagefind ranks by how often
and where (headings, weighted blocks) a word appears; this module marks each page's article
with a weight by its kind and a ``kind`` label the search box shows beside each result.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

from .index import ROOT_SELECTOR


@dataclass(frozen=True)
class Kind:
    label: str
    #: pagefind content weight of the page's article (1 is pagefind's default).
    weight: float


POLICY = Kind("Policy", 3.0)
PLAYBOOK = Kind("Playbook", 2.0)
HOME = Kind("Start here", 1.0)
INCIDENT = Kind("Incident", 0.5)
#: Pages that list other pages (incident index, tags, metrics, action items): a word matches
#: there because it matches on the pages listed, which are the better answer.
LISTING = Kind("List", 0.3)
PAGE = Kind("Page", 1.0)
#: Left out of the index: the tag page lists every incident under each of its tags, so it
#: matches every query an incident matches and grows with the record count.
SKIP = Kind("", 0.0)

_INCIDENT = re.compile(r"incidents/\d+[^/]*\.md")
_BY_PATH = {
    "index.md": HOME,
    "severity-levels.md": POLICY,
    "checklists.md": POLICY,
    "incidents/index.md": LISTING,
    "tags.md": SKIP,
    "metrics.md": LISTING,
    "action-items.md": LISTING,
}


def kind_of(path: str, *, generated: bool) -> Kind:
    """The kind of a page by its source path under the playbook prefix (``workflows/hotfix.md``);
    pages of the site's own ``docs/`` are plain pages."""
    if not generated:
        return PAGE
    if path in _BY_PATH:
        return _BY_PATH[path]
    if path.startswith("workflows/"):
        return PLAYBOOK
    if _INCIDENT.fullmatch(path):
        return INCIDENT
    return PAGE


_ARTICLE = '<article class="md-content__inner md-typeset"'
assert ROOT_SELECTOR == "article.md-content__inner"

#: Blocks of a playbook page that repeat what other pages say: the severity table (the
#: Severity Levels page is the answer for "SEV1") and the list of incidents that followed the
#: playbook (each incident is its own result). By heading id, then the first such element.
_REPEATS = (("severity-levels", "<table"), ("incidents-that-followed-this-playbook", "<ul"))


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
    the index altogether when its front matter says ``search: {exclude: true}``."""
    if kind is SKIP or _excluded(meta):
        # "all": no text, no metadata; pagefind leaves a page whose root is ignored out.
        attributes = ' data-pagefind-ignore="all"'
    else:
        weight = _boost(meta) or kind.weight
        attributes = (
            f' data-pagefind-weight="{weight:g}"'
            f' data-pagefind-meta="kind:{html.escape(kind.label)}"'
        )
    output = output.replace(_ARTICLE, _ARTICLE + attributes, 1)
    if kind is PLAYBOOK:
        output = _ignore_repeats(output)
    return output


def _ignore_repeats(output: str) -> str:
    for heading, tag in _REPEATS:
        at = output.find(f'<h2 id="{heading}"')
        block = output.find(tag, at) if at != -1 else -1
        if block != -1:
            end = block + len(tag)
            output = output[:end] + " data-pagefind-ignore" + output[end:]
    return output
