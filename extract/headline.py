from __future__ import annotations

from .models import Headline, Record


def extract_headline(record: Record):
    return Headline(), []
