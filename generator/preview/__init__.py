"""``playbook serve``: a preview that re-renders only what an edit changes.

MkDocs' own ``serve`` rebuilds the whole site on every save, tens of seconds at a thousand
incidents, and shows nothing while a record is broken. Here the site is built once through
MkDocs (same theme, plugins and pages as ``playbook build``), the built state is kept, and
a saved record is checked alone and re-rendered with the pages that list it
(:mod:`.engine`); a record with errors puts its ``path:line:col`` problems in the browser
until the next good save (:mod:`.server`). Anything else that changes (policy, playbooks, a
record added or removed, ``mkdocs.yml``, ``docs/``) rebuilds the site.
"""
