"""Customers' email replies: machine replies recognised (RFC 3834 and the headers and
subjects real responders use), the customer's words cut above the quoted reminder."""

from email import message_from_string

import pytest

from cobranca_tools.email_reply import is_auto_reply, reply_text

# An out-of-office as Gmail's vacation responder sends it (RFC 3834 header).
GMAIL_VACATION = """\
From: Maria <maria@example.com.br>
To: cobranca@empresa.com.br
Subject: Re: Sua fatura INV/2026/00001 vence em 5 dias
Auto-Submitted: auto-replied
Precedence: bulk
In-Reply-To: <123.456-account.move@empresa.com.br>

Estou de férias até 20/03.
"""

# Microsoft Exchange's Automatic Replies (OOF): the subject is localised.
EXCHANGE_OOF = """\
From: Financeiro <financeiro@cliente.com.br>
To: cobranca@empresa.com.br
Subject: Resposta automática: Sua fatura INV/2026/00001 vence em 5 dias
X-MS-Exchange-Generated-Message-Source: Mailbox Rules Agent
X-Auto-Response-Suppress: All

Estarei ausente.
"""

HUMAN = """\
From: Maria <maria@example.com.br>
To: cobranca@empresa.com.br
Subject: Re: Sua fatura INV/2026/00001 vence em 5 dias
Auto-Submitted: no

Já paguei ontem, segue o comprovante.
"""


@pytest.mark.parametrize(
    "raw, expected",
    [(GMAIL_VACATION, True), (EXCHANGE_OOF, True), (HUMAN, False)],
    ids=["gmail-vacation", "exchange-oof", "human"],
)
def test_auto_reply_by_headers_of_real_responders(raw, expected):
    message = message_from_string(raw)
    assert is_auto_reply(message) is expected


@pytest.mark.parametrize(
    "headers",
    [
        {"Auto-Submitted": "auto-generated"},
        {"auto-submitted": "auto-replied; owner-email=maria@example.com.br"},
        {"X-Autoreply": "yes"},
        {"X-Autorespond": "Out of office"},
        {"Precedence": "auto_reply"},
        {"X-Precedence": "auto_reply"},
    ],
)
def test_auto_reply_headers(headers):
    assert is_auto_reply(headers, "Re: Sua fatura")


@pytest.mark.parametrize(
    "subject",
    [
        "Resposta automática: Sua fatura vence amanhã",
        "RESPOSTA AUTOMATICA - Sua fatura",
        "Ausência temporária",
        "Re: Fora do escritório",
        "Out of Office: Your invoice",
        "Automatic reply: Sua fatura",
        "Auto-Reply: Sua fatura",
        "Mensagem automática",
    ],
)
def test_auto_reply_subjects_without_headers(subject):
    assert is_auto_reply({}, subject)


@pytest.mark.parametrize(
    "subject",
    ["Re: Sua fatura INV/2026/00001 vence em 5 dias", "RES: fatura", "Dúvida sobre a fatura"],
)
def test_human_subjects(subject):
    assert not is_auto_reply({"Auto-Submitted": "no"}, subject)
    assert not is_auto_reply(None, subject)


def test_reply_text_cuts_gmail_quote():
    text = (
        "Já paguei ontem, segue o comprovante.\n\nMaria\n\n"
        "Em sex., 13 de mar. de 2026 às 10:00, Empresa <cobranca@empresa.com.br> escreveu:\n"
        "> Olá Maria, sua fatura vence em 5 dias.\n"
    )
    assert reply_text(text) == "Já paguei ontem, segue o comprovante.\n\nMaria"


def test_reply_text_cuts_outlook_quote():
    text = (
        "Não reconheço esta cobrança.\r\n\r\n"
        "________________________________\r\n"
        "De: Empresa <cobranca@empresa.com.br>\r\n"
        "Enviado: sexta-feira, 13 de março de 2026 10:00\r\n"
    )
    assert reply_text(text) == "Não reconheço esta cobrança."


def test_reply_text_cuts_original_message_and_english_clients():
    assert reply_text("ok\n-----Mensagem original-----\nDe: x") == "ok"
    assert reply_text("paid\nOn Fri, Mar 13, 2026 at 10:00 AM Empresa <c@e.com> wrote:\n> x") == (
        "paid"
    )
    assert reply_text("a" * 5000, limit=10) == "a" * 10
    assert reply_text(None) == ""
