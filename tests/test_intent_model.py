"""The statistical reader beside the word rules (tools/intent_model.py): trained on the
shipped phrases and dev replies only, deterministic, and heard only where the rules are
silent and it is sure (an unsure reply stays ``other``, a task for a person)."""

import csv
import hashlib
from datetime import date
from pathlib import Path

import pytest

from cobranca_tools import intent, intent_model
from cobranca_tools.intent import classify

#: A Friday: 13/03/2026.
TODAY = date(2026, 3, 13)
_REPLIES = Path(__file__).parent / "data" / "intent" / "heldout.tsv"


def _set_parts():
    """{"dev": [...], "heldout": [...]} of the labelled replies, split as
    tests/test_intent.py splits them (the first byte of the text's SHA-256: odd, held
    out)."""
    with _REPLIES.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    parts = {"dev": [], "heldout": []}
    for row in rows:
        held = hashlib.sha256(row["text"].encode()).digest()[0] % 2
        parts["heldout" if held else "dev"].append((row["text"], row["intent"]))
    return parts


def test_trained_on_the_dev_replies_and_never_on_a_held_out_one():
    parts = _set_parts()
    trained = {text for text, _label in intent_model.training_rows()}
    assert not trained & {text for text, _label in parts["heldout"]}
    # the shipped dev rows are the dev part of the set, labels included (copy them again
    # into tools/intent_train.tsv when replies are added to the set)
    assert sorted(intent_model.training_rows("dev")) == sorted(parts["dev"])
    assert len(intent_model.training_rows("phrase")) >= 150


def test_the_reader_is_deterministic():
    texts = ["o dinheiro ja foi enviado pra vocês ontem", "ok vou ver", "", "xyz"]
    first = intent_model.NaiveBayes(intent_model.training_rows())
    second = intent_model.NaiveBayes(intent_model.training_rows())
    assert [first.probabilities(t) for t in texts] == [second.probabilities(t) for t in texts]
    assert [classify(t, today=TODAY) for t in texts] == [classify(t, today=TODAY) for t in texts]


def test_a_text_with_nothing_known_reads_nothing():
    assert intent_model.model().predict("xyzzy qwrtp") == ("other", 0.0)
    assert intent_model.fallback("xyzzy qwrtp") is None
    assert intent.classify("") == intent.IntentResult("other", 0.0, None, ())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("o dinheiro ja foi enviado pra vocês ontem", "paid"),
        ("clonaram meu cartao e fizeram essa compra", "contest"),
        ("preciso de mais um tempinho pra pagar", "promise"),
    ],
)
def test_a_reply_the_rules_leave_other_read_by_the_reader_when_sure(text, expected):
    """Phrasings in none of the sets: no rule matches them (``scores`` is empty), the
    reader is sure; the result carries no date and the reader's probability."""
    assert intent.scores(text) == {}
    result = classify(text, today=TODAY)
    assert (result.intent, result.intents, result.promise_date_hint) == (
        expected,
        (expected,),
        None,
    )
    assert intent_model.THRESHOLD <= result.score <= 1


@pytest.mark.parametrize(
    "text",
    [
        "ok vou ver",  # the reader leans to a promise, unsure
        "vou dar um jeito de pagar logo",
        "esse valor não bate com a nota",  # the reader leans to a contest, unsure
    ],
)
def test_a_reply_the_reader_is_unsure_of_stays_other(text):
    label, probability = intent_model.model().predict(text)
    assert label in intent_model.TARGETS and probability < intent_model.THRESHOLD
    assert classify(text, today=TODAY) == intent.IntentResult("other", 0.0, None, ())


@pytest.mark.parametrize(
    "text",
    ["a transferencia ainda nao caiu na conta de voces", "a transferencia nao caiu na conta"],
)
def test_a_negated_payment_stays_other_however_sure_the_reader_is(text):
    """The rules masked a negated payment: the reader, sure of ``paid`` there from the
    words around it, is not asked."""
    label, probability = intent_model.model().predict(text)
    assert (label, probability >= intent_model.THRESHOLD) == ("paid", True)
    assert classify(text, today=TODAY).intent == "other"


def test_the_reader_never_gives_a_due_day():
    """Cross-validation found the reader wrong whenever it was sure of a due day: a
    question about the due date is ``other``."""
    text = "a data de vencimento mudou?"
    label, probability = intent_model.model().predict(text)
    assert (label, probability >= intent_model.THRESHOLD) == ("due_day", True)
    assert classify(text, today=TODAY).intent == "other"


def test_a_reader_that_agrees_with_one_of_the_rules_readings_changes_nothing():
    """The reader is sure of ``human``, which the rules read beside ``paid``: no
    disagreement, the rules' reading stands."""
    text = "paguei, quero conversar com alguém"
    label, probability = intent_model.model().predict(text)
    assert (label, probability >= intent_model.GUARD) == ("human", True)
    result = classify(text, today=TODAY)
    assert (result.intent, result.intents) == ("paid", ("paid", "human"))


@pytest.mark.parametrize(
    ("text", "rules", "reader"),
    [
        ("já paguei, continuam me cobrando", "paid", "contest"),
        ("estão cobrando uma parcela que já foi paga", "paid", "contest"),
    ],
)
def test_a_reading_the_reader_is_sure_is_another_goes_to_a_person(text, rules, reader):
    """The rules act, the reader is at least GUARD sure of an intent they did not read:
    the reply is unsure, ``other``, for a person (never the reader's guess)."""
    assert max(intent.scores(text).items(), key=lambda item: item[1])[0] == rules
    label, probability = intent_model.model().predict(text)
    assert (label, probability >= intent_model.GUARD) == (reader, True)
    assert classify(text, today=TODAY) == intent.IntentResult("other", 0.0, None, ())


def test_a_reader_unsure_of_another_reading_leaves_the_rules_reading():
    text = "a nota quitada voltou a ser cobrada"
    label, probability = intent_model.model().predict(text)
    assert label == "paid" or probability < intent_model.GUARD
    assert classify(text, today=TODAY).intent == "paid"


def test_a_request_to_stop_is_never_questioned():
    """Every phrase the rules read as a stop keeps its stop, whatever the reader says
    (the caller honours it)."""
    stops = [text for text, label in intent_model.training_rows("phrase") if label == "stop"]
    assert len(stops) >= 6
    for text in stops:
        assert "stop" in classify(text, today=TODAY).intents, text
