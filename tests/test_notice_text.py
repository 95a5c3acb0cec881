"""The Portuguese texts that tell the customer a decision on its answer (WhatsApp and
the answer page), without Odoo: an accepted plan lists each installment, the charges
or "sem juros e multa", and the total (CDC art. 52); every text identifies the
creditor and says how to stop WhatsApp."""

import pytest

from cobranca_tools.notice_text import (
    BODIES,
    body_lines,
    charges_sentence,
    days_phrase,
    invoices_phrase,
    resume_sentence,
    whatsapp_text,
)

CREDITOR = "Distribuidora Exemplo Ltda · CNPJ 11.222.333/0001-81 · Rua Augusta, 1500"
FACTS = {
    "name": "Maria",
    "creditor": CREDITOR,
    "invoice": "FAT/2026/00012",
    "invoices": "da fatura FAT/2026/00012 (R$ 1.000,00)",
    "amount_open": "R$ 1.000,00",
    "resume": "12/03/2026",
    "closed": None,
    "answer_url": "https://exemplo.com.br/my/invoices/7/cobranca?access_token=x",
    "reason": "Só aceitamos até 2 parcelas",
    "count": 3,
    "first_date": "20/03/2026",
    "last_date": "20/05/2026",
    "amount_due": "R$ 1.000,00",
    "total": "R$ 1.000,00",
    "charges": None,
    "schedule": [
        ("20/03/2026", "R$ 333,33"),
        ("20/04/2026", "R$ 333,33"),
        ("20/05/2026", "R$ 333,34"),
    ],
    # a due day request
    "day": 15,
    "days": "5, 10, 15, 20 e 25",
}


def test_an_accepted_plan_states_each_installment_the_charges_and_the_total():
    text = whatsapp_text("plan_accepted", FACTS)
    assert text.splitlines() == [
        "Olá, Maria!",
        "A sua proposta de parcelamento da fatura FAT/2026/00012 foi aceita.",
        "Valor em aberto: R$ 1.000,00, em 3 parcelas mensais:",
        "1ª parcela: R$ 333,33 em 20/03/2026",
        "2ª parcela: R$ 333,33 em 20/04/2026",
        "3ª parcela: R$ 333,34 em 20/05/2026",
        "Sem juros e multa.",
        "Total a pagar: R$ 1.000,00.",
        "Observação: Só aceitamos até 2 parcelas",
        "Não enviaremos lembretes de cobrança desta fatura até 20/05/2026, data da última parcela.",
        f"Página da fatura, para responder: {FACTS['answer_url']}",
        "Para não receber mais mensagens de cobrança por WhatsApp, responda PARAR.",
        f"Credor: {CREDITOR}",
    ]


def test_charges_are_named_when_a_plan_has_them():
    assert charges_sentence() == "Sem juros e multa."
    assert charges_sentence("R$ 25,00") == "Encargos: R$ 25,00."
    facts = {**FACTS, "charges": "R$ 25,00", "total": "R$ 1.025,00"}
    lines = body_lines("plan_accepted", facts)
    assert "Encargos: R$ 25,00." in lines
    assert "Sem juros e multa." not in lines
    assert "Total a pagar: R$ 1.025,00." in lines


def test_a_refusal_gives_the_reason_and_when_the_reminders_resume():
    assert body_lines("plan_refused", FACTS) == [
        "A sua proposta de parcelamento da fatura FAT/2026/00012 em 3 parcelas mensais a "
        "partir de 20/03/2026 não foi aceita.",
        "Motivo: Só aceitamos até 2 parcelas",
        "A fatura continua em aberto no valor de R$ 1.000,00.",
        "Os lembretes de cobrança desta fatura voltam a seguir o calendário habitual a "
        "partir de 12/03/2026.",
    ]


@pytest.mark.parametrize(
    ("closed", "sentence"),
    [
        ("cancel", "A fatura foi cancelada: não há valor em aberto."),
        ("reversed", "A fatura foi estornada: não há valor em aberto."),
        ("paid", "A fatura está paga: não há valor em aberto."),
    ],
)
def test_a_resolved_contest_says_when_nothing_is_due_any_more(closed, sentence):
    facts = {**FACTS, "reason": "Cobrança indevida", "closed": closed}
    lines = body_lines("dispute_resolved", facts)
    assert lines == [
        "Analisamos a sua contestação da fatura FAT/2026/00012.",
        "Resultado: Cobrança indevida",
        sentence,
    ]


def test_reminders_held_by_another_answer_have_no_date():
    assert "continuam suspensos" in resume_sentence(None)
    assert "a partir de 12/03/2026" in resume_sentence("12/03/2026")


def test_several_invoices_of_one_payment_reported():
    phrase = invoices_phrase([("FAT/1", "R$ 10,00"), ("FAT/2", "R$ 20,00"), ("FAT/3", "R$ 5,00")])
    assert phrase == "das faturas FAT/1 (R$ 10,00), FAT/2 (R$ 20,00) e FAT/3 (R$ 5,00)"
    lines = body_lines("paid_not_found", {**FACTS, "invoices": phrase, "several": True})
    assert lines[0] == f"Não localizamos o pagamento que você informou {phrase}."
    assert "As faturas continuam em aberto" in lines[1]


@pytest.mark.parametrize("kind", sorted(BODIES))
def test_every_whatsapp_text_identifies_the_creditor_and_how_to_stop(kind):
    lines = whatsapp_text(kind, FACTS).splitlines()
    assert lines[0] == "Olá, Maria!"
    assert lines[-2] == "Para não receber mais mensagens de cobrança por WhatsApp, responda PARAR."
    assert lines[-1] == f"Credor: {CREDITOR}"


def test_the_due_day_texts_say_the_day_the_reason_and_the_days_offered():
    assert days_phrase([5, 10, 15, 20, 25]) == "5, 10, 15, 20 e 25"
    assert days_phrase([10]) == "10"
    approved = body_lines("due_day_approved", FACTS)
    assert "as suas próximas faturas vencerão todo dia 15" in approved[0]
    assert approved[1] == "As faturas já emitidas mantêm o vencimento que têm."
    refused = body_lines("due_day_refused", FACTS)
    assert "vençam todo dia 15 não foi aceito" in refused[0]
    assert refused[1] == "Motivo: Só aceitamos até 2 parcelas"
    options = body_lines("due_day_options", FACTS)
    assert options[1] == "Os dias de vencimento que oferecemos são: 5, 10, 15, 20 e 25."
    assert options[2] == "Para escolher um deles, use a página da fatura."
