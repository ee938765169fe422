"""`RuleBook`: dated rule lookup over layered packs (a local pack wins over the shipped ones)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from itertools import pairwise
from typing import Any

from hhtax.errors import RuleError
from hhtax.i18n import msg, register
from hhtax.rules.model import Rule

register({
    "rules.none_in_force": ("không có quy định '{name}' có hiệu lực ngày {day}",
                            "no rule '{name}' in force on {day}"),
    "rules.overlap": (
        "quy định '{name}': giá trị từ {first} ({first_from}) và {second} ({second_from}) chồng lấn nhau; "
        "đánh dấu một giá trị là superseded hoặc sửa ngày",
        "rule '{name}': values from {first} ({first_from}) and {second} ({second_from}) overlap; "
        "mark one superseded or fix the dates"),
})


class RuleBook:
    """Rules by name; `layers[0]` is consulted first (the `--rules` pack), then the shipped packs."""

    def __init__(self, layers: Sequence[Sequence[Rule]]) -> None:
        self._layers: list[dict[str, list[Rule]]] = []
        for layer in layers:
            by_name: dict[str, list[Rule]] = {}
            for rule in layer:
                by_name.setdefault(rule.name, []).append(rule)
            for rules in by_name.values():
                rules.sort(key=lambda r: r.valid_from)
                _check_overlap(rules)
            self._layers.append(by_name)
        # The book never changes once built, so lookups are remembered (the engine and the
        # validator ask the same few dozen questions for every household of a batch).
        self._found: dict[tuple[str, date], Rule | None] = {}
        self._in_force: dict[date, list[Rule]] = {}

    def layered(self, top: Sequence[Rule]) -> RuleBook:
        """A new book with `top` consulted before every existing layer."""
        return RuleBook([top, *(_flat(layer) for layer in self._layers)])

    def find(self, name: str, on: date) -> Rule | None:
        """The rule in force for `name` on `on`, or None."""
        key = (name, on)
        if key in self._found:
            return self._found[key]
        if len(self._found) >= 50_000:  # a long-running server asks about new days: stay bounded
            self._found.clear()
            self._in_force.clear()
        found = self._found[key] = self._search(name, on)
        return found

    def _search(self, name: str, on: date) -> Rule | None:
        for layer in self._layers:
            for rule in layer.get(name, ()):
                if rule.status == "in_force" and rule.applies_on(on):
                    return rule
        return None

    def get(self, name: str, on: date) -> Rule:
        """The rule in force for `name` on `on`; RuleError when none applies."""
        rule = self.find(name, on)
        if rule is None:
            raise RuleError(msg("rules.none_in_force", name=name, day=on.isoformat()))
        return rule

    def value(self, name: str, on: date) -> Any:
        return self.get(name, on).value

    def names(self) -> list[str]:
        return sorted({name for layer in self._layers for name in layer})

    def all_on(self, on: date) -> list[Rule]:
        """Every rule in force on `on`, sorted by name."""
        rules = self._in_force.get(on)
        if rules is None:
            found = (self.find(name, on) for name in self.names())
            rules = self._in_force[on] = [rule for rule in found if rule is not None]
        return list(rules)

    def history(self, name: str) -> list[Rule]:
        """Every value `name` ever had, superseded ones included, by date (all layers)."""
        rules = [rule for layer in self._layers for rule in layer.get(name, ())]
        return sorted(rules, key=lambda r: (r.valid_from, r.status != "superseded"))


def _flat(layer: dict[str, list[Rule]]) -> list[Rule]:
    return [rule for rules in layer.values() for rule in rules]


def _check_overlap(rules: list[Rule]) -> None:
    live = [r for r in rules if r.status == "in_force"]
    for before, after in pairwise(live):
        if before.valid_to is None or before.valid_to >= after.valid_from:
            raise RuleError(msg("rules.overlap", name=after.name, first=before.pack or "?",
                                first_from=before.valid_from.isoformat(), second=after.pack or "?",
                                second_from=after.valid_from.isoformat()))
