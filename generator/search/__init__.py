"""Site search: a static pagefind index of the finished site and the header box that reads it.

Material's own search plugin downloads the whole index before the first result and builds it
in the browser (2 MB gzipped and ~45 s to a first result at 10,000 incidents). Pagefind splits
the index into chunks, so a query fetches only the words and previews it needs, and its wheel
ships the indexer binary, so the build stays offline.

Three steps, each in its own module:

- :mod:`.theme` puts our header search box (Material's markup, our script) in front of the
  theme, unless the site keeps Material's ``search`` plugin — then we step aside entirely;
- :mod:`.ranking` marks each built page with its kind and weight, so policy and playbook
  pages rank above incident records for the words of the policy;
- :mod:`.index` keeps the article of each page as it is written and runs pagefind over
  those articles once the site is written.
"""

from __future__ import annotations

from .index import SearchSource, build_index
from .ranking import annotate, kind_of
from .theme import (
    FILTERS,
    SCRIPT,
    STYLESHEET,
    THEME_DIR,
    box_script,
    configure,
    render_box,
)

__all__ = [
    "FILTERS",
    "SCRIPT",
    "STYLESHEET",
    "THEME_DIR",
    "SearchSource",
    "annotate",
    "box_script",
    "build_index",
    "configure",
    "kind_of",
    "render_box",
]
