"""Rule packs: every legal number of hhtax as dated, cited data (docs/rules.md).

`load_rules()` returns the shipped packs (regime A: TT 40/2021, periods to 31/12/2025; regime B:
ND 68/2026 as amended by ND 141/2026, from 01/01/2026); `load_rules(path)` layers a local pack
on top. Look values up by name and date: `rules.value("threshold", date(2026, 3, 31))`.
"""

from __future__ import annotations

from hhtax.rules.book import RuleBook
from hhtax.rules.loader import load_rules, parse_pack, read_pack
from hhtax.rules.model import Rule

__all__ = ["Rule", "RuleBook", "load_rules", "parse_pack", "read_pack"]
