"""Stage 6, consistency checks: every rule in ``rules.RULES``; ``rules.run_checks`` runs them.
"""
