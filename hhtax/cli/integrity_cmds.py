"""CLI commands (module owned by one area of work; see docs/architecture.md)."""

from __future__ import annotations

import click

commands: list[click.Command] = []
