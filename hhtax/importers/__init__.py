"""Importers: turn external files (canonical CSV, vendor exports, JSON Lines, e-invoices) into entries."""
