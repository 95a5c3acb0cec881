"""The word families the intent reader learnt from the second, third and fourth batches
of replies in other words (tests/data/intent/README.md), each in phrasings that are not
in the set, and the near misses that must stay where they were (an unsure reply is
``other``: a person reads it)."""

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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # contest: paid or charged twice in figures, not instalments ("em 2 vezes")
        ("paguei a fatura 2 vezes", "contest"),
        ("me cobraram 2x a mesma parcela", "contest"),
        ("posso pagar em 2 vezes?", "promise"),
        ("vou pagar a fatura em 2x no cartão", "promise"),
        # contest: an amount unlike the one charged, with a payment claim
        ("o que eu paguei é diferente do que foi cobrado", "contest"),
        # contest: a doubt whether the sender is the company
        ("essa chave pix é realmente de vocês?", "contest"),
        ("esse número é mesmo da empresa?", "contest"),
        ("o link é de vocês mesmo?", "contest"),
        # what paying late would cost is a question, not a promise
        ("se eu pagar depois quanto fica o juros?", "other"),
        ("se eu pagar com atraso quanto é o acréscimo?", "other"),
        ("se eu pagar amanhã tudo bem?", "promise"),
        # due day: the day of payment changed, a day named for the due date
        ("quero trocar o dia de pagamento das mensalidades", "due_day"),
        ("posso definir o dia 5 pro vencimento?", "due_day"),
        ("prefiro o dia 15 pra vencimento", "due_day"),
        # an automatic debit set up is no payment yet, and the reader is not asked
        ("coloquei a conta no pix automático", "other"),
    ],
)
def test_third_batch_word_families(text, expected):
    assert classify(text, today=TODAY).intent == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a payment that did not go through, or how to pay: a question for a person
        ("tentei pagar pelo app e deu erro", "other"),
        ("como eu pago esse boleto vencido?", "other"),
        ("tem outra forma de pagamento sem ser boleto?", "other"),
        ("da pra pagar com qr code?", "other"),
        ("a transferencia retornou pra minha conta", "other"),
        ("o boleto nao foi liquidado, faltou saldo", "other"),
        ("o boleto do acordo venceu, como eu pago?", "other"),
        # scheduled at the bank: a promise, whatever proof comes with it
        ("deixei agendado pro dia 20", "promise"),
        ("fiz o agendamento no app pra segunda", "promise"),
        ("segue o comprovante de agendamento", "promise"),
        ("segue o comprovante", "paid"),
        # a team asked for is a person; a delay tied to the 13th salary or a month
        ("quero falar com a equipe de negociação", "human"),
        ("quero negociar essa divida", "promise"),
        ("perdi o prazo, e agora?", "other"),
        ("vou quitar quando sair o 13o", "promise"),
        ("em janeiro eu acerto tudo", "promise"),
        # contest: given up or cancelled before, a price raised, goods not delivered,
        # the money back, a charge that also ran elsewhere
        ("desisti do curso antes de começar, não devo nada", "contest"),
        ("pedi o cancelamento em janeiro e continuam cobrando", "contest"),
        ("vou cancelar o plano a partir do mes que vem", "other"),
        ("o condominio teve reajuste sem assembleia", "contest"),
        ("a escola reajustou a mensalidade pela segunda vez", "contest"),
        ("a loja nunca entregou a geladeira", "contest"),
        ("ate trocarem o produto eu nao pago", "contest"),
        ("quero meu dinheiro de volta", "contest"),
        ("o desconto combinado nao aparece na fatura", "contest"),
        ("paguei no pix e tambem debitou no cartao", "contest"),
        # stop: data removed, another person answering
        ("retirem meu cadastro e meus dados, por favor", "stop"),
        ("de onde tiraram meus dados?", "other"),
        ("aqui é outra pessoa, o fulano trocou de numero", "stop"),
        # due day: always on a day, the days offered, a day that matches the payday
        ("prefiro o vencimento sempre no dia 5", "due_day"),
        ("quais opcoes de vencimento voces tem?", "due_day"),
        ("qual e a data de vencimento dessa fatura?", "other"),
        ("queria um vencimento que coincida com meu pagamento", "due_day"),
        # a channel is not a contact asked for
        ("pode mandar o boleto pelo whatsapp?", "other"),
        ("me passa o whatsapp do financeiro", "human"),
    ],
)
def test_fourth_batch_word_families(text, expected):
    assert classify(text, today=TODAY).intent == expected
