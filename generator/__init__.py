"""playbook: docs-as-code incident playbooks (policy + records in YAML → MkDocs site)."""

__version__ = "0.1.0"
