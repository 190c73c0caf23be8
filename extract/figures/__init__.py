"""Stage 5, figures: prose mentions, score statements and trees, unit/year/kind, headline fields.
"""
