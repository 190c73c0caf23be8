"""Stage 2, text: cleanup of page furniture and wraps (``cleanup``), the section tree (``segment``).
"""
