"""Stage 7, output: records as tables (``frames``), files (``files``), text for a person (``terminal``).
"""
