"""A statistical reader of customers' replies beside the word rules of ``intent.py``
(plain Python, no Odoo, no dependency): a multinomial naive Bayes over the words, the
pairs of words and the letter groups of the text as the rules read it (normalised, its
negations masked: "ainda não paguei" is one ``_negpaid_`` word), trained when first
asked (then cached) on ``intent_train.tsv``: the hand-written phrases of the rules'
tests and the **dev** part of the labelled replies in other words
(``tests/data/intent``: the held-out part is neither shipped nor read here).

Naive Bayes rather than a logistic regression: on the first 313 training rows a logistic
regression over the same features read no better (5-fold cross-validation: 81 % both)
and was sure of more of its errors; naive Bayes trains in milliseconds with no optimiser to tune and
is deterministic by construction (counts: no random start, no order).

It reads where the rules are silent (:func:`fallback`): a reply the rules read
``other`` takes the reader's intent when its probability is at least
:data:`THRESHOLD` and the intent is one of :data:`TARGETS`; an unsure reply stays
``other``, a task for a person, never a guess that acts. Where the rules act, it gives a
second opinion (:func:`disagrees`): when it is sure of another intent, the reply is
unsure and goes to a person (``other``). It never gives a reading the rules did not:
the rules' ``human`` stays, and a request to stop or a tapped button is never
questioned. Every figure was chosen by cross-validation on the
training rows only (``scripts/intent_cv.py``; docs/answers.md, *A statistical
reader*).
"""

import csv
import math
from collections import Counter, defaultdict
from functools import lru_cache
from pathlib import Path

from .intent_rules import CONTEST, HUMAN, OTHER, PAID, PROMISE, STOP
from .intent_text import masked, normalize

TRAINING = Path(__file__).with_name("intent_train.tsv")
#: Additive (Lidstone) smoothing of the feature counts.
ALPHA = 0.3
#: Letter groups of these lengths inside each word (its edges marked).
CHAR_SIZES = (3, 4, 5)
#: Naive Bayes counts correlated features (a word and its letter groups) as independent
#: evidence, which makes nearly every reading "certain": the log-likelihoods are divided
#: by this before the probabilities are taken, so that the threshold means something.
TEMPERATURE = 16.0
#: The probability the reader's intent needs to change a reply the rules read ``other``
#: (with the temperature, the most cautious setting that kept the current rules' 313 of
#: 313 in cross-validation and the near misses of tests/test_intent_families.py).
THRESHOLD = 0.9
#: The intents the reader may give a reply the rules read ``other``: not ``due_day``,
#: which it read wrongly whenever it was sure in cross-validation (questions about the
#: due date, "qual o vencimento?", are ``other``).
TARGETS = frozenset({PAID, PROMISE, CONTEST, STOP, HUMAN})
#: The probability of another intent at which the reader's second opinion hands a
#: reading of the rules to a person (:func:`disagrees`): chosen by cross-validation
#: (``scripts/intent_cv.py``), the knee between the harmful misreads it spares and the
#: right readings it costs.
GUARD = 0.8


def training_rows(part=None):
    """The ``(text, intent)`` rows of ``intent_train.tsv`` (``part``: "phrase" or
    "dev" for one part only)."""
    with TRAINING.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return [(row["text"], row["intent"]) for row in rows if part in (None, row["part"])]


def features(text, char_sizes=CHAR_SIZES):
    """The features of ``text``: its words as the rules read them (negations masked),
    the pairs of words that follow each other in a clause, the letter groups of each
    word."""
    found = []
    for clause in masked(normalize(text)).split("|"):
        words = clause.split()
        found += [f"w:{word}" for word in words]
        found += [f"b:{first} {second}" for first, second in zip(words, words[1:], strict=False)]
        for word in words:
            if word.startswith("_"):
                continue  # a mask of the rules ("_negpaid_") is one word, not letters
            padded = f"<{word}>"
            for size in char_sizes:
                found += [f"c:{padded[i : i + size]}" for i in range(len(padded) - size + 1)]
    return found


class NaiveBayes:
    """A multinomial naive Bayes over :func:`features` (deterministic: counts only)."""

    def __init__(self, rows, alpha=ALPHA, char_sizes=CHAR_SIZES, temperature=TEMPERATURE):
        self.char_sizes, self.temperature = char_sizes, temperature
        counts, documents = defaultdict(Counter), Counter()
        for text, label in rows:
            documents[label] += 1
            counts[label].update(features(text, char_sizes))
        self.intents = sorted(documents)
        self.vocabulary = frozenset().union(*counts.values())
        total, size = sum(documents.values()), len(self.vocabulary)
        self.prior = {label: math.log(documents[label] / total) for label in self.intents}
        self.unseen, self.weights = {}, {}
        for label in self.intents:
            mass = sum(counts[label].values()) + alpha * size
            self.unseen[label] = math.log(alpha / mass)
            self.weights[label] = {
                feature: math.log((count + alpha) / mass)
                for feature, count in counts[label].items()
            }

    def probabilities(self, text):
        """{intent: probability} of ``text``; empty when none of its features was seen
        in training (nothing to read it by)."""
        known = [
            feature for feature in features(text, self.char_sizes) if feature in self.vocabulary
        ]
        if not known:
            return {}
        logs = {
            label: self.prior[label]
            + sum(self.weights[label].get(feature, self.unseen[label]) for feature in known)
            / self.temperature
            for label in self.intents
        }
        top = max(logs.values())
        exps = {label: math.exp(value - top) for label, value in logs.items()}
        total = sum(exps.values())
        return {label: value / total for label, value in exps.items()}

    def predict(self, text):
        """``(intent, probability)`` of the most probable intent (the first in
        alphabetical order on a tie), ``(other, 0.0)`` when nothing of the text is
        known."""
        probabilities = self.probabilities(text)
        if not probabilities:
            return OTHER, 0.0
        label = max(self.intents, key=probabilities.__getitem__)
        return label, probabilities[label]


@lru_cache(maxsize=1)
def model():
    """The reader trained on ``intent_train.tsv`` (once per process)."""
    return NaiveBayes(training_rows())


def fallback(text, reader=None):
    """``(intent, probability)`` for a reply the rules read ``other`` when the reader is
    sure of one of :data:`TARGETS`, else None: the reply stays ``other``."""
    if "_" in masked(normalize(text)):
        return None  # the rules read a negated or asked payment, a step's time: not acting
    label, probability = (reader or model()).predict(text)
    if label not in TARGETS or probability < THRESHOLD:
        return None
    return label, probability


def disagrees(text, intents, reader=None):
    """True when the reader is at least :data:`GUARD` sure that ``text`` means an intent
    that is none of ``intents`` (the rules' readings of it): the two readers disagree,
    the reply is unsure, and a person reads it."""
    label, probability = (reader or model()).predict(text)
    return label not in intents and probability >= GUARD
