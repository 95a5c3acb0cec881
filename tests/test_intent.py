"""The intent classifier on replies written as customers write them on WhatsApp:
typos, no accents, abbreviations ("vc", "blz", "qdo", "hj"), emoji, shouting."""

import csv
import hashlib
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from cobranca_tools import intent, intent_model
from cobranca_tools.intent import (
    BUTTON_INTENTS,
    INTENTS,
    IntentResult,
    button_intent,
    classify,
    extract_promise_date,
    normalize,
    secondary_answers,
)

#: A Friday: 13/03/2026.
TODAY = date(2026, 3, 13)

#: Hand-written replies (typos, abbreviations, emoji), shipped with the addon in
#: tools/intent_train.tsv (part "phrase": the statistical reader of tools/intent_model.py
#: is trained on them and on the dev replies). The 52 from "bom dia! o pagamento ja foi
#: feito viu" to the due day ones were written after the rules and measured before any change
#: to them (46 of 52 right, 88.5 %); the rules were then widened for what it missed.
PHRASES = intent_model.training_rows("phrase")


def test_every_intent_has_at_least_six_phrases():
    counts = Counter(expected for _text, expected in PHRASES)
    assert set(counts) == set(INTENTS)
    assert min(counts.values()) >= 6, counts
    assert len(PHRASES) >= 60


@pytest.mark.parametrize(("text", "expected"), PHRASES, ids=[text for text, _ in PHRASES])
def test_phrase(text, expected):
    assert classify(text, today=TODAY).intent == expected


def test_accuracy_over_all_phrases(capsys):
    wrong = [
        (text, expected, got)
        for text, expected in PHRASES
        if (got := classify(text, today=TODAY).intent) != expected
    ]
    accuracy = 1 - len(wrong) / len(PHRASES)
    report = [f"\nintent accuracy: {accuracy:.1%} over {len(PHRASES)} phrases\n"]
    report += [
        f"  misclassified: {text!r}: expected {exp}, got {got}\n" for text, exp, got in wrong
    ]
    with capsys.disabled():  # shown even without -s
        sys.stdout.write("".join(report))
    assert accuracy >= 0.9


@pytest.mark.parametrize(
    "text",
    [
        "ainda não paguei",
        "ainda nao paguei nao",
        "nao paguei ainda",
        "n paguei",
        "paguei não, esqueci",
        "ainda não fiz o pix",
        "nunca paguei isso",
        "nao foi pago ainda",
    ],
)
def test_negations_are_never_paid(text):
    assert classify(text, today=TODAY).intent != "paid"


def test_a_negated_payment_with_a_date_is_a_promise_with_its_date():
    result = classify("ainda não paguei, pago sexta", today=TODAY)
    assert result == IntentResult("promise", result.score, date(2026, 3, 20), ("promise",))


def test_paid_then_stop_keeps_both_paid_first():
    result = classify("já paguei, parem de mandar", today=TODAY)
    assert (result.intent, result.intents) == ("paid", ("paid", "stop"))
    assert result.promise_date_hint is None


def test_stop_with_a_promise_is_still_a_stop_request():
    result = classify("pago dia 15, parem de mandar mensagem", today=TODAY)
    assert (result.intent, result.promise_date_hint) == ("promise", date(2026, 3, 15))
    assert "stop" in result.intents


def test_not_wanting_to_receive_is_stop_not_contest():
    result = classify("não quero mais receber", today=TODAY)
    assert (result.intent, result.intents) == ("stop", ("stop",))


def test_a_lone_stop_word_is_stop_with_full_score():
    for word in ("STOP", "parar", "SAIR!!", "Cancelar.", "pare por favor"):
        result = classify(word, today=TODAY)
        assert (result.intent, result.score) == ("stop", 1.0), word


def test_other_has_no_score_nor_date():
    assert classify("ok obrigado", today=TODAY) == IntentResult("other", 0.0, None, ())
    assert classify("", today=TODAY).intent == "other"
    assert classify(None, today=TODAY).intent == "other"


def test_promise_carries_its_date_hint_other_intents_do_not():
    assert classify("posso pagar dia 15?", today=TODAY).promise_date_hint == date(2026, 3, 15)
    assert classify("paguei dia 10", today=TODAY).promise_date_hint is None
    assert classify("pode me ligar amanhã?", today=TODAY).promise_date_hint is None


def test_normalize_reads_accents_case_typos_and_abbreviations():
    assert normalize("JÁ PAGUEI!!! 🙏") == "ja paguei"
    assert normalize("jah pagei onten") == "ja paguei ontem"
    assert normalize("Segue comprovamte, vc confirma qdo puder? hj") == (
        "segue comprovante | voce confirma quando puder | hoje"
    )
    assert normalize("simmm blz") == "sim beleza"
    assert normalize("sexta-feira 10.04") == "sexta feira 10/04"


# -- buttons ------------------------------------------------------------------------


@pytest.mark.parametrize(("label", "expected"), sorted(BUTTON_INTENTS.items()))
def test_each_button_maps_to_its_intent(label, expected):
    assert button_intent(label) == expected
    assert classify(label, today=TODAY).intent == expected


def test_button_lookup_ignores_case_and_accents_and_tries_each_label():
    assert button_intent("JA PAGUEI") == "paid"
    assert button_intent("nao reconheco") == "contest"
    assert button_intent("payload-we-do-not-know", "Falar com atendente") == "human"
    assert button_intent("Talvez", "", None) is None


def test_every_button_intent_is_a_known_intent():
    assert set(BUTTON_INTENTS.values()) <= set(intent.INTENTS) - {"other"}


# -- dates --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("dia 15", date(2026, 3, 15)),  # still ahead this month
        ("dia 13", date(2026, 3, 13)),  # today
        ("dia 5", date(2026, 4, 5)),  # passed: next month
        ("no dia primeiro", date(2026, 4, 1)),
        ("15/12", date(2026, 12, 15)),
        ("10/03", date(2027, 3, 10)),  # passed this year: next year's
        ("15/12/2026", date(2026, 12, 15)),
        ("15/12/26", date(2026, 12, 15)),
        ("10.04", date(2026, 4, 10)),
        ("20 de abril", date(2026, 4, 20)),
        ("amanhã", date(2026, 3, 14)),
        ("amanha cedo", date(2026, 3, 14)),
        ("depois de amanhã", date(2026, 3, 15)),
        ("hoje a tarde", date(2026, 3, 13)),
        ("daqui a 3 dias", date(2026, 3, 16)),
        ("sexta", date(2026, 3, 20)),  # today is a Friday: the next one
        ("sexta-feira", date(2026, 3, 20)),
        ("segunda", date(2026, 3, 16)),
        ("segunda que vem", date(2026, 3, 16)),
        ("próxima terça", date(2026, 3, 17)),
        ("sabado", date(2026, 3, 14)),
        ("semana que vem", date(2026, 3, 16)),  # next Monday
        ("proxima semana", date(2026, 3, 16)),
        ("fim do mês", date(2026, 3, 31)),
        ("final do mes que vem", date(2026, 4, 30)),
        ("sexta dia 27", date(2026, 3, 27)),  # the explicit day wins
        ("pago dia 15 ou dia 20", date(2026, 3, 15)),  # the first written
    ],
)
def test_extract_promise_date(text, expected):
    assert extract_promise_date(text, TODAY) == expected


def test_day_of_month_clamps_to_the_month_end():
    assert extract_promise_date("dia 31", date(2026, 4, 10)) == date(2026, 4, 30)
    assert extract_promise_date("dia 30", date(2026, 1, 31)) == date(2026, 2, 28)
    assert extract_promise_date("dia 10", date(2026, 12, 20)) == date(2027, 1, 10)


def test_semana_que_vem_from_a_sunday_and_a_monday():
    assert extract_promise_date("semana que vem", date(2026, 3, 15)) == date(2026, 3, 16)
    assert extract_promise_date("semana que vem", date(2026, 3, 16)) == date(2026, 3, 23)


def test_fim_do_mes_on_december_rolls_the_year():
    assert extract_promise_date("fim do mes que vem", date(2026, 12, 3)) == date(2027, 1, 31)


@pytest.mark.parametrize(
    "text", ["", "ja paguei", "32/13", "dia 40", "obrigado", "mes que vem talvez", None]
)
def test_no_date(text):
    assert extract_promise_date(text, TODAY) is None


def test_a_preference_for_another_channel_is_not_a_stop():
    assert classify("nao quero receber boleto por email, so por aqui", today=TODAY).intent != "stop"


@pytest.mark.parametrize(
    "text", ["Não sou a Maria", "numero errado", "esse número não é mais da Maria"]
)
def test_a_wrong_number_is_a_stop(text):
    """The message must not reach a third party (CDC art. 42): stop writing there."""
    assert classify(text, today=TODAY).intent == "stop"


@pytest.mark.parametrize(
    "text",
    [
        "paguei mas cobraram duas vezes",
        "já paguei e veio cobrança em duplicidade",
        "paguei, mas o valor está errado",
        "já paguei e devolvi o produto",
    ],
)
def test_a_paid_claim_that_disputes_the_charge_is_a_contest_and_keeps_the_claim(text):
    """Charged twice, a wrong amount, returned goods: a person settles it."""
    result = classify(text, today=TODAY)
    assert (result.intent, result.intents) == ("contest", ("contest", "paid"))


def test_a_paid_claim_with_no_dispute_of_the_charge_stays_paid():
    assert classify("já paguei, não devo nada", today=TODAY).intent == "paid"
    # the rules read it paid; the statistical reader is sure it is a contest: the two
    # disagree, and a person reads it (never a contest read from "continuam cobrando")
    assert intent.scores("já paguei, continuam me cobrando") == {"paid": 0.95}
    assert classify("já paguei, continuam me cobrando", today=TODAY).intent == "other"


# -- the customer picks its due day ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("quero mudar o vencimento para o dia 10", 10),
        ("pode ser todo dia 15?", 15),
        ("vencimento dia 20 fica melhor pra mim", 20),
        ("o vencimento pode ser mudado pro dia primeiro?", 1),
        ("prefiro que vença todo dia 5", 5),
        ("recebo 10 de cada mês, pode mudar o vencimento?", 10),
        ("dá pra trocar o vencimento?", None),  # no day: the allowed days are offered
    ],
)
def test_a_due_day_request_carries_its_day(text, day):
    result = classify(text, today=TODAY)
    assert (result.intent, result.due_day_hint, result.promise_date_hint) == ("due_day", day, None)


@pytest.mark.parametrize(
    "text",
    [
        "a TED ainda não caiu na conta",
        "o boleto ainda não foi compensado",
        "não debitou nada da minha conta",
        "não acertei ainda",
        "como saber se o boleto foi pago?",
    ],
)
def test_banking_words_negated_or_asked_are_never_paid(text):
    assert classify(text, today=TODAY).intent != "paid"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("me passa o contato do responsável", "human"),
        ("qual o whatsapp do financeiro?", "human"),
        ("qual o número do boleto?", "other"),
        ("me passa a chave pix", "other"),
        ("qual o prazo de compensação do boleto?", "other"),
        ("o valor já vem descontado?", "other"),
        ("tem desconto pra pagar à vista?", "other"),
    ],
)
def test_a_contact_asked_for_is_a_person_other_questions_are_other(text, expected):
    assert classify(text, today=TODAY).intent == expected


# -- replies in other words, from public pages (tests/data/intent/README.md) --------

_REPLIES = Path(__file__).parent / "data" / "intent" / "heldout.tsv"
#: Measured once on the held-out part after the rules were improved on the dev part
#: only; floors, not goals: the goal is 95 %. First batch: before dev 55/83, held-out
#: 44/74; after dev 83/83, held-out 61/74. With the second batch (tests/data/intent/
#: README.md): before dev 133/156, held-out 110/136 (6 harmful, 20 safe misses); after
#: dev 156/156, held-out 114/136 (4 harmful, 18 safe). With the statistical reader of
#: tools/intent_model.py where the rules are silent (chosen by cross-validation on the
#: phrases and dev replies, then measured once): held-out 119/136 (4 harmful, 13 safe).
#: Third batch: as it came dev 199/216, held-out 167/197 (10 harmful, 20 safe); after the
#: reader was retrained on the new dev rows and the rules widened on the dev misses,
#: measured once: dev 209/216, held-out 170/197 (10 harmful, 17 safe).
#: Fourth batch: as it came dev 285/331, held-out 247/302 (30 harmful, 25 safe); the
#: reader retrained and the rules widened on the dev misses: held-out 251/302 (29
#: harmful, 22 safe); then the reader's second opinion where the rules act (chosen by
#: cross-validation on the training rows, scripts/intent_cv.py), measured once: dev
#: 323/331, held-out 249/302 (22 harmful, 31 safe). The harmful misses have a ceiling.
DEV_FLOOR, HELDOUT_FLOOR, HELDOUT_HARM_CEILING = 323, 249, 22


#: The intents the reader acts on by itself (`human` and `other` hand the reply to a person).
_ACTING = frozenset(INTENTS) - {"human", "other"}


def _replies(part):
    """The labelled replies of ``part`` ("dev" or "heldout"): a reply is held out when
    the first byte of the SHA-256 of its text is odd (a split fixed before the rules)."""
    with _REPLIES.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return [
        (row["text"], row["intent"])
        for row in rows
        if ("heldout" if hashlib.sha256(row["text"].encode()).digest()[0] % 2 else "dev") == part
    ]


def test_replies_in_other_words_dev_and_held_out(capsys):
    dev, heldout = _replies("dev"), _replies("heldout")
    assert len(dev) + len(heldout) >= 150
    # every intent the reader knows is in the held-out part (the due day since the
    # second batch)
    assert {expected for _text, expected in heldout} == set(INTENTS)

    def wrong(rows):
        return [
            (text, expected, got)
            for text, expected in rows
            if (got := classify(text, today=TODAY)).intent != expected
        ]

    dev_wrong, heldout_wrong = wrong(dev), wrong(heldout)
    # a harmful misread acts wrongly (pauses, closes or reschedules the collection); a
    # safe one is read `other` or `human`: a person reads the reply
    harmful = sum(got.intent in _ACTING for _text, _expected, got in heldout_wrong)
    # of which act at once: a promise only acts with its date (else a person reads it)
    acting = sum(
        got.intent in _ACTING and (got.intent != "promise" or got.promise_date_hint is not None)
        for _text, _expected, got in heldout_wrong
    )
    report = [
        f"\nreplies in other words, dev: {1 - len(dev_wrong) / len(dev):.1%}"
        f" ({len(dev) - len(dev_wrong)}/{len(dev)})\n",
        *(f"  dev misclassified: {t!r}: expected {e}, got {g.intent}\n" for t, e, g in dev_wrong),
        # the held-out misses are not printed: the rules must not be tuned on them
        f"replies in other words, held out: {1 - len(heldout_wrong) / len(heldout):.1%}"
        f" ({len(heldout) - len(heldout_wrong)}/{len(heldout)});"
        f" misses: {harmful} harmful (read as another acting intent, {acting} of them act"
        f" at once), {len(heldout_wrong) - harmful} safe (read other or human)\n",
    ]
    with capsys.disabled():
        sys.stdout.write("".join(report))
    assert len(dev) - len(dev_wrong) >= DEV_FLOOR
    assert len(heldout) - len(heldout_wrong) >= HELDOUT_FLOOR
    assert harmful <= HELDOUT_HARM_CEILING


@pytest.mark.parametrize(
    "text",
    [
        "tem como prorrogar o vencimento para o dia 20?",
        "posso adiar o vencimento pro dia 20?",
        "posso pagar dia 15?",
        "Recebo dia 5, ai eu pago",
    ],
)
def test_more_time_on_this_invoice_stays_a_promise(text):
    result = classify(text, today=TODAY)
    assert (result.intent, result.due_day_hint) == ("promise", None)


def test_a_payment_claim_with_a_due_day_request_is_paid_and_keeps_the_request():
    result = classify("já paguei, mas quero mudar o vencimento pra dia 10", today=TODAY)
    assert (result.intent, result.intents) == ("paid", ("paid", "due_day"))
    assert result.due_day_hint == 10


@pytest.mark.parametrize(
    ("text", "intents", "day"),
    [
        ("já paguei, mas quero mudar o vencimento para o dia 10", ("paid", "due_day"), 10),
        ("não reconheço essa cobrança. Vencimento todo dia 15", ("contest", "due_day"), 15),
        ("paguei ontem, pode mudar o vencimento?", ("paid", "due_day"), None),  # no day
    ],
)
def test_a_secondary_due_day_request_carries_its_day(text, intents, day):
    result = classify(text, today=TODAY)
    assert (result.intents, result.due_day_hint, result.promise_date_hint) == (intents, day, None)


@pytest.mark.parametrize(
    ("text", "promised", "day"),
    [
        # the promise's date is read without the day asked for the invoices to come
        ("pago sexta, e quero mudar o vencimento para o dia 10", date(2026, 3, 6), 10),
        ("pago dia 20 e quero que o vencimento passe para o dia 10", date(2026, 3, 20), 10),
        ("posso mudar o vencimento pro dia 15? essa eu pago amanhã", date(2026, 3, 5), 15),
    ],
)
def test_a_promise_besides_a_due_day_request_keeps_its_own_date(text, promised, day):
    """``due_day`` comes before ``promise``: the request is the primary intent, and the
    promise's date is read without the due day (the answer addon records both)."""
    result = classify(text, today=date(2026, 3, 4))
    assert (result.intent, result.intents) == ("due_day", ("due_day", "promise"))
    assert (result.promise_date_hint, result.due_day_hint) == (promised, day)


def test_a_date_beside_a_payment_claim_is_no_promise():
    result = classify("comprovante, pago dia 12, e quero mudar o vencimento", today=TODAY)
    assert result.intent == "paid"
    assert result.promise_date_hint is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("já paguei, mas quero mudar o vencimento para o dia 10", ["due_day"]),
        ("pago dia 20 e quero que o vencimento passe para o dia 10", ["promise"]),
        ("quero mudar o vencimento para o dia 10", []),
        ("pago sexta", []),
        ("paguei, quero mudar o vencimento pro dia 10 e parem de mandar mensagem", []),
        ("", []),
    ],
)
def test_the_answers_besides_the_primary_one_that_act(text, expected):
    """One rule for both channels: a due day beside another answer, a promise with
    its date beside a due day request; nothing when the reply asks to stop."""
    assert secondary_answers(classify(text, today=TODAY) if text else None) == expected


def test_a_due_day_request_alone_promises_nothing():
    result = classify("quero mudar o vencimento para o dia 10", today=date(2026, 3, 4))
    assert (result.intents, result.promise_date_hint, result.due_day_hint) == (
        ("due_day",),
        None,
        10,
    )


def test_other_intents_have_no_due_day():
    assert classify("pago dia 15", today=TODAY).due_day_hint is None
    assert classify("paguei dia 10", today=TODAY).due_day_hint is None
    assert classify("ok obrigado", today=TODAY) == IntentResult("other", 0.0, None, ())
