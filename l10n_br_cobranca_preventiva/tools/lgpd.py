"""What the data subject reads (plain Python, no Odoo): the Portuguese labels of the
values of the collection records (the readable export prints them instead of the
keys). The laws the privacy notice cites are rows of the one table of legal rules,
``tools/legal_sources.py`` (``cite(key)``), with their sources and status.
"""

#: Portuguese labels of the values the readable export shows.
LABELS = {
    "channel": {
        "email": "e-mail",
        "whatsapp": "WhatsApp",
        "phone": "ligações",
        "activity": "ligação ou tarefa",
        "portal": "portal",
        "in_person": "pessoalmente",
        "other": "outro",
    },
    "consent_status": {"granted": "autorizado", "revoked": "revogado"},
    "legal_basis": {
        "consent": "consentimento",
        "contract": "execução do contrato",
        "legitimate_interest": "legítimo interesse",
        "credit_protection": "proteção do crédito",
    },
    "consent_source": {
        "form": "formulário",
        "portal": "portal ou página de descadastro",
        "whatsapp": "resposta no WhatsApp",
        "email": "resposta por e-mail",
        "import": "importação",
        "clerk": "registrado por um atendente",
        "policy": "política da empresa",
    },
    "reminder_state": {
        "scheduled": "agendado",
        "to_approve": "aguardando aprovação",
        "sending": "em envio",
        "sent": "enviado",
        "delivered": "entregue",
        "read": "lido",
        "bounced": "devolvido",
        "failed": "falhou",
        "skipped": "não enviado",
        "cancelled": "cancelado",
    },
    "answer_source": {
        "clerk": "registrado por um atendente",
        "portal": "portal",
        "whatsapp": "WhatsApp",
        "email": "e-mail",
    },
    "promise_state": {
        "open": "em aberto",
        "kept": "cumprida",
        "broken": "não cumprida",
        "cancelled": "cancelada",
    },
    "proposal_state": {
        "pending": "aguardando decisão",
        "accepted": "aceita",
        "refused": "recusada",
        "cancelled": "cancelada",
    },
    "payer_class": {
        "new": "novo",
        "a": "A (pontual)",
        "b": "B (bom)",
        "c": "C (irregular)",
        "d": "D (crônico)",
    },
    "proof_state": {"pending": "a baixar", "done": "recebido", "failed": "não recebido"},
}


def label(kind, value, extra=None):
    """The Portuguese label of ``value`` (a selection key); '' for no value, the
    value itself when the table does not know it. ``extra``: {kind: {key: label}}
    that other parts add (the channels of other addons)."""
    if value in (None, False, ""):
        return ""
    found = (extra or {}).get(kind, {}).get(value)
    return found or LABELS[kind].get(value, str(value))


def yes_no(value):
    return "sim" if value else "não"
