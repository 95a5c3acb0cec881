#!/usr/bin/env python3
"""Cross-validation of the statistical intent reader on its training rows only
(``tools/intent_train.tsv``: the hand-written phrases and the dev replies; the held-out
replies of ``tests/data/intent`` are never read here).

    python3 scripts/intent_cv.py [--folds 5] [--repeats 4] [--rules-from TOOLS_DIR]

For each setting (temperature, threshold) the reader is trained on all folds but one and
reads the rows of the last one where the rules read ``other``, as ``intent.classify``
does; it prints, summed over the folds and the repetitions, the rows read right and the
harmful misses (an acting intent where another was meant), with the rules alone first.
``--rules-from`` reads with the rules of another ``tools`` folder (for example the rules
of an older commit, from ``git worktree add``): rules meeting wording they were not
written from, as the held-out replies do.
"""

# A command-line tool: it prints its table.
# pylint: disable=print-used

import argparse
import importlib.util
import random
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT / "l10n_br_cobranca_preventiva" / "tools"
SETTINGS = [(t, p) for t in (8.0, 12.0, 16.0, 24.0) for p in (0.8, 0.85, 0.9, 0.95)]
#: A second opinion: the rules' acting reading handed to a person when the reader (at
#: the shipped temperature) is at least this sure of another intent.
GUARDS = (0.6, 0.7, 0.8, 0.9, 0.95, 0.99)
#: The shipped reader's intents and constants (``intent``, ``intent_model``: the
#: readings that act, those the second opinion may question, those the reader may give),
#: set by :func:`main` from the tools it loads.
SHIPPED = {}


def load_tools(name, path):
    """The ``tools`` package at ``path`` as module ``name`` (it imports nothing of Odoo)."""
    spec = importlib.util.spec_from_file_location(
        name, Path(path) / "__init__.py", submodule_search_locations=[str(path)]
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    intent = importlib.import_module(f"{name}.intent")
    model = importlib.import_module(f"{name}.intent_model")
    return intent, model


def folds(rows, count, seed):
    """``count`` folds of ``rows``, stratified by intent."""
    by_intent = defaultdict(list)
    for row in rows:
        by_intent[row[1]].append(row)
    result = [[] for _ in range(count)]
    rng = random.Random(seed)
    position = 0
    for intent in sorted(by_intent):
        members = by_intent[intent]
        rng.shuffle(members)
        for row in members:
            result[position % count].append(row)
            position += 1
    return result


def combined(reading, read, probability, masked, threshold, guard=None):
    """What ``intent.classify`` answers: the rules' ``reading``; where it is ``other``,
    the reader's ``read`` when it is sure (``threshold``) and the rules masked nothing;
    with ``guard``, an acting reading the reader is that sure is another: ``other``."""
    got = reading.intent
    if got == "other":
        if not masked and read in SHIPPED["targets"] and probability >= threshold:
            return read
    elif guard is not None and got in SHIPPED["questioned"] and read not in {got, *reading.intents}:
        if probability >= guard:
            return "other"  # the two readers disagree: a person reads it
    return got


def evaluate(model, rows, readings, repeats, count):
    """({setting: rows read right}, {setting: harmful misses}, reader alone right),
    summed over the folds and repetitions."""
    masked = {text: "_" in model.masked(model.normalize(text)) for text, _label in rows}
    right = {"rules": 0, **dict.fromkeys(SETTINGS, 0), **{("guard", g): 0 for g in GUARDS}}
    harmful = dict.fromkeys(right, 0)
    alone = 0

    def score(key, got, label):
        right[key] += got == label
        harmful[key] += got != label and got in SHIPPED["acting"]

    for repeat in range(repeats):
        parts = folds(rows, count, seed=repeat)
        for index, test in enumerate(parts):
            train = [row for other, part in enumerate(parts) if other != index for row in part]
            for temperature in sorted({t for t, _p in SETTINGS}):
                reader = model.NaiveBayes(train, temperature=temperature)
                for text, label in test:
                    read, probability = reader.predict(text)
                    args = (readings[text], read, probability, masked[text])
                    for setting in [s for s in SETTINGS if s[0] == temperature]:
                        score(setting, combined(*args, setting[1]), label)
                    if temperature == model.TEMPERATURE:
                        alone += read == label
                        score("rules", readings[text].intent, label)
                        for guard in GUARDS:
                            got = combined(*args, model.THRESHOLD, guard)
                            score(("guard", guard), got, label)
    return right, harmful, alone


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=4)
    parser.add_argument("--rules-from", default=str(TOOLS))
    args = parser.parse_args()
    intent, rules_model = load_tools("cv_rules", args.rules_from)
    # the rules alone: neither the fallback nor the second opinion of the shipped reader
    rules_model.fallback = lambda text, reader=None: None
    rules_model.disagrees = lambda text, intents, reader=None: False
    shipped, model = load_tools("cv_tools", TOOLS)
    SHIPPED.update(
        acting=set(shipped.INTENTS) - {"human", "other"},
        questioned=shipped._QUESTIONED,  # pylint: disable=protected-access
        targets=model.TARGETS,
    )
    rows = model.training_rows()
    readings = {text: intent.classify(text) for text, _label in rows}
    right, harmful, alone = evaluate(model, rows, readings, args.repeats, args.folds)
    print(f"{len(rows)} training rows, {args.folds} folds x {args.repeats} repetitions")
    print(f"reader alone: {alone / (len(rows) * args.repeats):.1%} right")
    for key in right:
        if key == "rules":
            name = "rules alone"
        elif key[0] == "guard":
            name = f"shipped, guard {key[1]:g}"
        else:
            name = f"T={key[0]:g} p>={key[1]:g}"
        print(
            f"{name:<22} right {right[key] / args.repeats:7.1f}/{len(rows)}"
            f"  harmful {harmful[key] / args.repeats:5.1f}"
        )


if __name__ == "__main__":
    main()
