"""The store that keeps every year: an SQLite file (standard library) that ingest runs add to.

:mod:`extract.store.db` (the store and its readers), :mod:`extract.store.overrides` (corrections),
:mod:`extract.store.run` (what one ``ingest`` run does with them), :mod:`extract.store.flags` (its options)::

    from extract.store import load_records, load_frames, load_flags, export_outputs
    records = load_records("bureau.db")         # every report once, corrections applied
"""
__all__ = ["Store", "export_outputs", "load_errors", "load_flags", "load_frames", "load_records"]


def __getattr__(name):  # lazy: the command line reads the flags without loading pandas
    if name in __all__:
        from . import db

        return getattr(db, name)
    raise AttributeError(name)
