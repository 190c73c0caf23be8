"""The store that keeps every year: an SQLite file (standard library) that ingest runs add to.

:mod:`extract.store.db` (the store and its readers), :mod:`extract.store.overrides` (corrections),
:mod:`extract.store.run` (what one ``ingest`` run does with them)::

    from extract.store import load_records, load_frames, load_flags, export_outputs
    records = load_records("bureau.db")         # every report once, corrections applied
"""
from .db import Store, export_outputs, load_errors, load_flags, load_frames, load_records

__all__ = ["Store", "export_outputs", "load_errors", "load_flags", "load_frames", "load_records"]
