"""The accuracy command on the real texts: floors at the measured levels, so a regression fails.

Floors are what the code reaches on all 101 real texts and the seed (README, "Accuracy"); they
only go up.  The corpus grew from 60 to 101 texts, so the floors were reset to the new whole.
"""
from __future__ import annotations

from conftest import CORPUS, SEED, needs_seed, needs_shared

from extract.cli import main

FLOORS = [
    "--min-headline-precision", "0.995", "--min-headline-recall", "0.96",
    "--min-money-precision", "0.995", "--min-money-recall", "0.975",
    "--min-percent-precision", "0.99", "--min-percent-recall", "0.995",
    "--min-score-recall", "0.91", "--min-heading-recall", "0.99",
    "--min", "scores:precision=0.995", "--min", "department:recall=0.96", "--min", "kind:precision=0.98",
    "--min", "year:recall=0.99", "--min", "grade:precision=0.99",
]


@needs_shared
def test_accuracy_floors_on_corpus_and_seed(capsys):
    code = main(["eval", str(CORPUS), str(SEED.parent), "--no-misses", *FLOORS])
    out = capsys.readouterr().out
    assert code == 0, out


@needs_seed
def test_seed_every_gold_field_right(capsys):
    code = main(["eval", str(SEED.parent), "--min-headline-precision", "1", "--min-headline-recall", "1",
                 "--min-money-recall", "1", "--min-money-precision", "1", "--min-percent-recall", "1",
                 "--min-score-recall", "1", "--min-heading-recall", "1"])
    assert code == 0, capsys.readouterr().out


@needs_shared
def test_eval_fails_below_a_threshold(capsys):
    assert main(["eval", str(CORPUS), "--no-misses", "--min-score-recall", "0.99"]) == 1
