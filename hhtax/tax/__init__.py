"""The tax engine: (household, entries, period, rule pack) → Assessment, pure."""
