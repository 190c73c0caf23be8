"""The ``ingest`` options of the store, corrections and unit names (imports nothing heavy)."""
from __future__ import annotations

import argparse


def add_store_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--force", action="store_true", help="replace the outputs in an --out folder that holds files")
    p.add_argument("--db", metavar="FILE", help="also keep the reports in this SQLite store (created if missing; "
                                                "every run adds to it; see `selfeval export`)")
    add_correction_flags(p, " (kept in --db and applied to later runs)")


def add_correction_flags(p: argparse.ArgumentParser, kept: str = "") -> None:
    """--overrides and --aliases: an analyst's corrections, applied as ``ingest`` applies them."""
    p.add_argument("--overrides", metavar="FILE", help="corrections: CSV or YAML rows of sha256 or path, field, "
                                                       f"value, reason{kept}")
    p.add_argument("--aliases", metavar="FILE", help="more unit names: YAML entries like patterns/units.yaml's "
                                                     "unit_alias.*, or a CSV alias,canonical")
