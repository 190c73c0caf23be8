"""Stage 3, values: numbers and numerals, money phrases in 万元, and the vocabulary of figure labels.
"""
