"""What the data subject reads (plain Python, no Odoo): the LGPD articles the privacy
notice cites, each with its source, and the Portuguese labels of the values of the
collection records (the readable export prints them instead of the keys).

LGPD is Lei 13.709/2018. The official text (planalto.gov.br, L13709) was not among
the sources read: every article below is **reported**, its wording read in the
secondary reproduction named in ``source``, not confirmed in the official text; so
is the Código Civil article of the retention period. The customer-facing texts cite
laws only from these tables (:func:`cite`), so that nothing else is cited.
"""

from collections import namedtuple

Citation = namedtuple("Citation", "ref summary status source")

_MSPA = "https://compliance.mspa.com.br/regulamentos/lgpd/artigo-%s"

#: Every LGPD article the notice and the export cite.
LGPD = {
    "7_I": Citation("art. 7º, I", "consent of the data subject", "reported", _MSPA % 7),
    "7_V": Citation(
        "art. 7º, V",
        "performance of a contract to which the data subject is party",
        "reported",
        _MSPA % 7,
    ),
    "7_VI": Citation(
        "art. 7º, VI",
        "regular exercise of rights in judicial, administrative or arbitral proceedings",
        "reported",
        _MSPA % 7,
    ),
    "7_IX": Citation(
        "art. 7º, IX", "legitimate interests of the controller", "reported", _MSPA % 7
    ),
    "7_X": Citation("art. 7º, X", "protection of credit", "reported", _MSPA % 7),
    "12_2": Citation(
        "art. 12, §2º",
        "data used to build the behavioural profile of an identified person are personal data",
        "reported",
        _MSPA % 12,
    ),
    "16_I": Citation(
        "art. 16, I",
        "data may be kept after the processing ends to comply with a legal obligation",
        "reported",
        _MSPA % 16,
    ),
    "18": Citation(
        "art. 18",
        "rights of the data subject: confirmation, access, correction, anonymisation, "
        "blocking or deletion, portability, sharing, consent and its revocation",
        "reported",
        "https://trilhante.com.br/trilha/formacao-complementar/curso/lgpd/aula/"
        "direito-dos-titulares-2",
    ),
    "20": Citation(
        "art. 20",
        "review of decisions taken solely by automated processing, including profiles; "
        "clear information on their criteria",
        "reported",
        "https://baptistaluz.com.br/privacyhub/artigo-20o-direito-de-revisao-de-decisoes-"
        "baseadas-em-tratamentos-automatizados-de-dados-pessoais",
    ),
    "33_IX": Citation(
        "art. 33, IX",
        "international transfer when necessary for the cases of art. 7, II, V and VI",
        "reported",
        _MSPA % 33,
    ),
    "41": Citation(
        "art. 41",
        "the controller names a data protection officer (encarregado) whose identity "
        "and contact are published, preferably on its website",
        "reported",
        "https://cardosoadv.com.br/o-encarregado-pelo-tratamento-de-dados-pessoais",
    ),
}


#: The other law the notice cites: how long a debt can be claimed (the retention).
CIVIL_CODE = {
    "206_5_I": Citation(
        "Código Civil, art. 206, §5º, I",
        "five years to claim a liquid debt stated in a public or private instrument, "
        "counted from its due date",
        "reported",
        "https://meusitejuridico.editorajuspodivm.com.br/?p=12834",
    ),
}


def cite(*keys):
    """'LGPD art. 7º, V' (or several: 'LGPD art. 33, IX, e art. 7º, V')."""
    return "LGPD " + " e ".join(LGPD[key].ref for key in keys)


#: Portuguese labels of the values the readable export shows.
LABELS = {
    "channel": {
        "email": "e-mail",
        "whatsapp": "WhatsApp",
        "sms": "SMS",
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


def label(kind, value):
    """The Portuguese label of ``value`` (a selection key); '' for no value, the
    value itself when the table does not know it."""
    if value in (None, False, ""):
        return ""
    return LABELS[kind].get(value, str(value))


def yes_no(value):
    return "sim" if value else "não"
