"""The word families the intent reader learnt from the second batch of replies in other
words (tests/data/intent/README.md), each in phrasings that are not in the set, and the
near misses that must stay where they were (an unsure reply is ``other``: a person
reads it)."""

from datetime import date

import pytest

from cobranca_tools.intent import classify

#: A Friday: 13/03/2026.
TODAY = date(2026, 3, 13)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # paid: the bank shows the transfer done, the money left, the automatic debit ran
        ("a transferência já foi concluída", "paid"),
        ("o pagamento foi processado ontem", "paid"),
        ("o dinheiro ja saiu da minha conta", "paid"),
        ("foi pago no débito automático", "paid"),
        ("o pagamento ainda não foi processado", "other"),
        ("não saiu da minha conta", "other"),
        ("cadastrei no débito automático", "other"),
        # promise: more days asked for, renegotiation
        ("me dá 2 semanas", "promise"),
        ("me da um mes pra acertar", "promise"),
        ("dá pra renegociar?", "promise"),
        ("posso pagar com pix amanhã?", "promise"),
        # how or where to pay, with no time: a question
        ("posso pagar no cartão?", "other"),
        ("dá pra pagar pelo app do banco?", "other"),
        # contest: the debt denied, stale, or not genuine
        ("não tenho dívida com vocês", "contest"),
        ("essa dívida já prescreveu, ta prescrita", "contest"),
        ("esse boleto é falso?", "contest"),
        ("essa cobrança é legítima?", "contest"),
        ("o beneficiário é outra empresa", "contest"),
        ("não uso mais esse plano", "contest"),
        ("não autorizei essa compra", "contest"),
        ("não conheço essa cobrança", "contest"),
        # stop: no consent to the contact, data erased, a wrong person
        ("nunca autorizei vocês a usar meu telefone", "stop"),
        ("retiro minha autorização", "stop"),
        ("apaguem meus dados", "stop"),
        ("parem de me procurar", "stop"),
        ("não quero continuar recebendo isso", "stop"),
        ("é a pessoa errada", "stop"),
        ("não conheço esse rapaz", "stop"),
        # human: a bank's "débito automático" is no robot; "transfere" is no transfer
        ("me transfere pra uma atendente", "human"),
        # due day: which days, a preference, the payday after the due day
        ("quais dias posso escolher?", "due_day"),
        ("gostaria que vencesse depois do dia 10", "due_day"),
        ("vence antes do salário, quero mudar", "due_day"),
        ("como mudo o vencimento?", "due_day"),
        ("que dia vence?", "other"),
    ],
)
def test_second_batch_word_families(text, expected):
    assert classify(text, today=TODAY).intent == expected
