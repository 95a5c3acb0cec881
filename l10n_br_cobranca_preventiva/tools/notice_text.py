"""What the customer is told when its answer is decided, in Brazilian Portuguese
(plain Python): the WhatsApp texts, and the lines the answer page shows. The emails
say the same in their templates (``data/mail_template_decision_data.xml``).

Every value comes already formatted (``R$ 1.234,56``, ``dd/mm/aaaa``); text a person
wrote (the approver's reason) is plain text, kept as written: the page escapes it,
WhatsApp shows text as text.

An accepted installment plan states what CDC (Lei 8.078/1990) art. 52 asks a
supplier to tell a consumer it gives credit to: the price (the amount due, I), the
interest and the legal additions (II, III: none, "sem juros e multa", when the plan
adds nothing to the amount due), the number and periodicity of the installments
(IV, each with its amount and date) and the total to pay (V). Its sources and status:
row ``credit_information`` of ``tools/legal_sources.py``.
"""

#: What the customer is told of an invoice that no longer has an amount due.
CLOSED_SENTENCES = {
    "cancel": "A fatura foi cancelada: não há valor em aberto.",
    "reversed": "A fatura foi estornada: não há valor em aberto.",
    "paid": "A fatura está paga: não há valor em aberto.",
}
STOP_WHATSAPP = "Para não receber mais mensagens de cobrança por WhatsApp, responda PARAR."


def installment_lines(schedule):
    """One line per installment, from ``[(date, amount)]`` already formatted.

    >>> installment_lines([("20/03/2026", "R$ 500,00"), ("20/04/2026", "R$ 500,00")])
    ['1ª parcela: R$ 500,00 em 20/03/2026', '2ª parcela: R$ 500,00 em 20/04/2026']
    """
    return [
        f"{number}ª parcela: {amount} em {day}" for number, (day, amount) in enumerate(schedule, 1)
    ]


def charges_sentence(charges=None):
    """The plan's charges, or that it has none.

    >>> charges_sentence()
    'Sem juros e multa.'
    """
    return f"Encargos: {charges}." if charges else "Sem juros e multa."


def resume_sentence(day):
    """When the reminders of the invoice go on: ``day`` (formatted), or ``None``
    while another answer of the customer holds them (a contest, a proposal)."""
    if day:
        return (
            "Os lembretes de cobrança desta fatura voltam a seguir o calendário habitual "
            f"a partir de {day}."
        )
    return (
        "Os lembretes de cobrança desta fatura continuam suspensos enquanto outra "
        "solicitação sua estiver em análise."
    )


def open_or_closed(facts):
    """How the invoice stands: its amount due and when the reminders go on, or why
    nothing is due any more."""
    closed = facts.get("closed")
    if closed:
        return [CLOSED_SENTENCES[closed]]
    return [
        f"A fatura continua em aberto no valor de {facts['amount_open']}.",
        resume_sentence(facts.get("resume")),
    ]


def _plan_accepted(facts):
    lines = [
        f"A sua proposta de parcelamento da fatura {facts['invoice']} foi aceita.",
        f"Valor em aberto: {facts['amount_due']}, em {facts['count']} parcelas mensais:",
        *installment_lines(facts["schedule"]),
        charges_sentence(facts.get("charges")),
        f"Total a pagar: {facts['total']}.",
    ]
    if facts.get("reason"):
        lines.append(f"Observação: {facts['reason']}")
    lines.append(
        f"Não enviaremos lembretes de cobrança desta fatura até {facts['last_date']}, "
        "data da última parcela."
    )
    return lines


def _plan_refused(facts):
    return [
        f"A sua proposta de parcelamento da fatura {facts['invoice']} em {facts['count']} "
        f"parcelas mensais a partir de {facts['first_date']} não foi aceita.",
        f"Motivo: {facts['reason']}",
        *open_or_closed(facts),
    ]


def _dispute_resolved(facts):
    return [
        f"Analisamos a sua contestação da fatura {facts['invoice']}.",
        f"Resultado: {facts['reason']}",
        *open_or_closed(facts),
    ]


def _paid_confirmed(facts):
    return [f"Confirmamos o pagamento {facts['invoices']}. Obrigado!"]


def _paid_not_found(facts):
    if facts.get("several"):
        standing = [
            "As faturas continuam em aberto, nos valores indicados, e os lembretes de "
            "cobrança delas voltam a seguir o calendário habitual."
        ]
    else:
        standing = open_or_closed(facts)
    return [
        f"Não localizamos o pagamento que você informou {facts['invoices']}.",
        *standing,
        "Se já pagou, envie o comprovante pela página da fatura.",
    ]


def _handed_over(facts):
    return [
        f"Recebemos a sua mensagem sobre a fatura {facts['invoice']}. Uma pessoa da "
        "nossa equipe vai analisá-la.",
        "Enquanto isso, os lembretes de cobrança desta fatura continuam.",
    ]


def days_phrase(days):
    """'5, 10, 15, 20 e 25' from ``[5, 10, 15, 20, 25]``."""
    items = [str(day) for day in days]
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} e {items[-1]}"


def _due_day_approved(facts):
    return [
        f"O seu pedido foi aceito: as suas próximas faturas vencerão todo dia {facts['day']}.",
        "As faturas já emitidas mantêm o vencimento que têm.",
    ]


def _due_day_refused(facts):
    return [
        f"O seu pedido para que as suas faturas vençam todo dia {facts['day']} não foi aceito.",
        f"Motivo: {facts['reason']}",
        "O vencimento das suas faturas não muda.",
    ]


def _due_day_options(facts):
    return [
        "Recebemos o seu pedido para escolher o dia de vencimento das suas faturas.",
        f"Os dias de vencimento que oferecemos são: {facts['days']}.",
        "Para escolher um deles, use a página da fatura.",
    ]


BODIES = {
    "plan_accepted": _plan_accepted,
    "plan_refused": _plan_refused,
    "dispute_resolved": _dispute_resolved,
    "paid_confirmed": _paid_confirmed,
    "paid_not_found": _paid_not_found,
    "handed_over": _handed_over,
    # the customer picks its due day (the answer addon's requests)
    "due_day_approved": _due_day_approved,
    "due_day_refused": _due_day_refused,
    "due_day_options": _due_day_options,
}


def body_lines(kind, facts):
    """What was decided, line by line (the answer page shows these)."""
    return BODIES[kind](facts)


def invoices_phrase(invoices):
    """'da fatura FAT/1 (R$ 1.000,00)' or 'das faturas FAT/1 (R$ 1.000,00) e FAT/2
    (R$ 50,00)', from ``[(name, amount)]`` already formatted."""
    items = [f"{name} ({amount})" for name, amount in invoices]
    if len(items) == 1:
        return f"da fatura {items[0]}"
    return f"das faturas {', '.join(items[:-1])} e {items[-1]}"


def whatsapp_text(kind, facts):
    """The WhatsApp text of a decision: greeting, what was decided, how to answer
    (the invoice's answer page), how to stop WhatsApp, and the creditor (CDC art.
    42-A: name, CNPJ, address)."""
    name = facts.get("name")
    lines = [f"Olá, {name}!" if name else "Olá!", *body_lines(kind, facts)]
    if facts.get("answer_url"):
        lines.append(f"Página da fatura, para responder: {facts['answer_url']}")
    lines += [STOP_WHATSAPP, f"Credor: {facts['creditor']}"]
    return "\n".join(lines)
