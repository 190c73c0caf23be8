from __future__ import annotations


def extract_mentions(text, page_starts, sections):
    return []
