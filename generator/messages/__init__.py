"""Ready-to-paste messages: policy message templates filled from an incident record."""
