"""selfeval: Chinese budget-performance self-evaluation reports to structured, checkable data.

Library API (the CLI is a thin layer over it)::

    from extract import ingest_file, ingest_paths, records_to_frames
    record = ingest_file("report.pdf")          # -> Record (pydantic)
    frames = records_to_frames([record])        # -> dict of pandas DataFrames
"""
from .errors import SelfevalError

__all__ = ["SelfevalError", "Record", "ingest_file", "ingest_text", "ingest_paths", "records_to_frames", "__version__"]
__version__ = "0.1.0"


def __getattr__(name):  # lazy: keep `import extract` cheap for the CLI and process pools (pydantic: 0.08 s)
    if name == "Record":
        from .models import Record

        return Record
    if name in {"ingest_file", "ingest_text", "ingest_paths"}:
        from . import pipeline

        return getattr(pipeline, name)
    if name == "records_to_frames":
        from .output.frames import records_to_frames

        return records_to_frames
    raise AttributeError(name)
