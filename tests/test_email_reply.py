"""Customers' email replies: machine replies recognised (RFC 3834 and the headers and
subjects real responders use), the customer's words cut above the quoted reminder."""

from email import message_from_string

import pytest

from cobranca_tools.email_reply import (
    customer_text,
    is_auto_reply,
    reply_text,
    strip_quoted_html,
)

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


SENT = (
    "Sua fatura INV/2026/00001 vence em 5 dias\n"
    "Olá Maria, sua fatura INV/2026/00001 de R$ 1.500,00 vence em 16/03/2026.\n"
    "Já pagou? Responda a este e-mail com o comprovante.\n"
    "Não reconhece a cobrança? Fale conosco."
)


def test_customer_text_never_reads_back_what_was_sent():
    """The reminder's own lines are dropped whatever marker survived (bold, ``>``,
    case, accents, a rewrapped line)."""
    text = (
        "Ok, recebido\n"
        "*JÁ PAGOU?* Responda a este e-mail com o comprovante.\n"
        "> Nao reconhece a cobranca? Fale conosco.\n"
        "sua fatura INV/2026/00001 de R$ 1.500,00 vence\n"
    )
    assert customer_text(text, SENT) == "Ok, recebido"
    assert customer_text("Já pagou? Responda a este e-mail com o comprovante.", SENT) == ""


def test_customer_text_outlook_block_without_separator():
    text = (
        "Vou pagar na sexta-feira\n"
        "*De:* Distribuidora Exemplo Ltda <catchall@empresa.example.com>\n"
        "*Enviado:* segunda-feira, 9 de março de 2026 10:00\n"
        "*Para:* Maria\n"
        "*Assunto:* Sua fatura\n"
        "Já pagou? Responda a este e-mail com o comprovante.\n"
    )
    assert customer_text(text) == "Vou pagar na sexta-feira"


@pytest.mark.parametrize(
    "attribution",
    [
        "Em seg., 9 de mar. de 2026 às 10:00, Distribuidora Exemplo de Produtos Alimentícios"
        " e Bebidas do Vale do Paraíba Ltda <catchall@empresa.example.com> escreveu:",
        "Em seg., 9 de mar. de 2026 às 10:00, Distribuidora Exemplo Ltda <\n"
        "catchall@empresa.example.com> escreveu:",
        "Em 9 de mar. de 2026, às 10:00, Distribuidora Exemplo Ltda\n"
        "<catchall@empresa.example.com>\nescreveu:",
        "2026-03-09 10:00 GMT-03:00 Distribuidora <catchall@empresa.example.com>:",
        "---- Em seg, 09 mar 2026 10:00:00 -0300 catchall@empresa.example.com escreveu ----",
    ],
    ids=["long-company", "wrapped", "three-lines", "date-first", "zoho"],
)
def test_customer_text_attributions(attribution):
    text = f"Vou pagar na sexta-feira\n{attribution}\nOlá Maria, sua fatura vence.\n"
    assert customer_text(text) == "Vou pagar na sexta-feira"


def test_customer_text_keeps_bottom_posts_and_inline_answers():
    text = (
        "Em seg., 9 de mar. de 2026 às 10:00, Empresa <c@e.com> escreveu:\n"
        "> Já pagou?\n"
        "Sim, paguei ontem.\n"
        "> Não reconhece a cobrança?\n"
        "Reconheço.\n"
    )
    assert customer_text(text) == "Sim, paguei ontem.\nReconheço."


def test_customer_text_drops_a_quoted_line_the_client_wrapped_without_its_marker():
    text = (
        "Vou pagar na sexta-feira\n\n"
        "Em seg., 9 de mar. de 2026 às 10:00, Empresa <c@e.com> escreveu:\n"
        "> Olá Maria, a sua fatura INV/2026/00001 de R$ 1.250,00 venceu em 5 de\n"
        "março. Já pagou?\n"
        ">\n"
    )
    assert customer_text(text) == "Vou pagar na sexta-feira"


def test_customer_text_drops_a_quoted_signature_and_list_footer_keeps_its_own():
    quoted = (
        "Ok, recebido\n\n"
        "Em seg., 9 de mar. de 2026 às 10:00, Empresa <c@e.com> escreveu:\n"
        "> Já pagou?\n\n"
        "-- \n"
        "Empresa Exemplo Ltda - Financeiro\n"
    )
    assert customer_text(quoted) == "Ok, recebido"
    footer = "Ok, recebido\n> Já pagou?\n__\nlista-financeiro mailing list\n"
    assert customer_text(footer) == "Ok, recebido"
    own = "Vou pagar na sexta-feira\n\n--\nMaria Souza"
    assert customer_text(own) == own


def test_customer_text_phone_signature_above_an_unmarked_quote():
    text = "Vou pagar na sexta-feira\nEnviado do meu iPhone\nOlá Maria, sua fatura vence."
    assert customer_text(text) == "Vou pagar na sexta-feira\nEnviado do meu iPhone"
    assert customer_text("Enviado do meu escritório, não do celular.") == (
        "Enviado do meu escritório, não do celular."
    )


def test_strip_quoted_html_marks_what_odoo_detected():
    html = (
        '<div>Ok, recebido</div><div data-o-mail-quote-container="1">'
        '<blockquote data-o-mail-quote="1"><p data-o-mail-quote="1">Já pagou?</p>'
        "</blockquote></div>"
    )
    stripped = strip_quoted_html(html)
    assert "Já pagou" not in stripped and "&gt;" in stripped and "Ok, recebido" in stripped
    assert strip_quoted_html("<p>Oi</p>") == "<p>Oi</p>"


@pytest.mark.parametrize(
    "subject",
    [
        "Resposta automática: Re: Sua fatura INV/2026/00001 vence em 5 dias",
        "Resposta Automática: Sua fatura",
        "Ausente: Sua fatura INV/2026/00001",
        "RES: Ausência temporária",
        "Resposta de ausência: Sua fatura",
        "Auto-resposta: Sua fatura",
        "Aviso de ausência",
    ],
)
def test_portuguese_out_of_office_subjects(subject):
    assert is_auto_reply({}, subject)
