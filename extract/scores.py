from __future__ import annotations


def extract_scores(text, page_starts, sections):
    return []
