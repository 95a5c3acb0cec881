"""Every shipped reminder template, rendered on a real invoice, answered through the
shapes real clients give a reply (Gmail, Outlook, Apple Mail, Thunderbird; HTML and
text) with "Vou pagar na sexta-feira", "Ok, recebido" and an empty body: the reminder's
own closing ("Já pagou? Responda …", "Não reconhece a cobrança?") is never read as the
customer's answer."""

from datetime import date
from email.message import EmailMessage

from freezegun import freeze_time
from markupsafe import Markup, escape

from odoo import Command
from odoo.tests import tagged
from odoo.tools import html2plaintext, html_sanitize

from odoo.addons.l10n_br_cobranca_preventiva.tests.common import CobrancaCommon
from odoo.addons.l10n_br_cobranca_preventiva.tools import intent

TEMPLATES = (
    "mail_template_cobranca_before_due",
    "mail_template_cobranca_due_today",
    "mail_template_cobranca_overdue",
    "mail_template_cobranca_formal_notice",
)
ATTRIBUTION = "Em seg., 9 de mar. de 2026 às 10:00, {company} <catchall@empresa.example.com>"


def _quoted_text(sent_text):
    return "\n".join(f"> {line}" if line.strip() else ">" for line in sent_text.split("\n"))


def shapes(words, sent_html, sent_text, company):
    """The reply bodies as the gateway gets them (HTML as sent, text as sent)."""
    own = escape(words)
    attribution = escape(ATTRIBUTION.format(company=company))
    sent_html = Markup(sent_html)
    return {
        "gmail html": Markup(
            '<div dir="ltr">%s</div><br><div class="gmail_quote"><div class="gmail_attr">'
            '%s escreveu:<br></div><blockquote class="gmail_quote">%s</blockquote></div>'
        )
        % (own, attribution, sent_html),
        "gmail text": f"{words}\n\n{ATTRIBUTION.format(company=company)}\nescreveu:\n\n"
        + _quoted_text(sent_text),
        "outlook html": Markup(
            '<div>%s</div><div><div style="border:none;border-top:solid #E1E1E1 1.0pt">'
            "<p><b>De:</b> %s &lt;catchall@empresa.example.com&gt;<br><b>Enviado:</b> "
            "segunda-feira, 9 de março de 2026 10:00<br><b>Para:</b> Maria<br>"
            "<b>Assunto:</b> Sua fatura</p></div></div>%s"
        )
        % (own, company, sent_html),
        "outlook text": f"{words}\n\nDe: {company} <catchall@empresa.example.com>\n"
        "Enviado: segunda-feira, 9 de março de 2026 10:00\nPara: Maria\n"
        f"Assunto: Sua fatura\n\n{sent_text}",
        "apple html": Markup(
            '<div>%s</div><div><br><blockquote type="cite"><div>Em 9 de mar. de 2026, '
            "às 10:00, %s &lt;catchall@empresa.example.com&gt; escreveu:</div>%s"
            "</blockquote></div>"
        )
        % (own, company, sent_html),
        "thunderbird text": f"{words}\n\nEm 09/03/2026 10:00, {company} escreveu:\n"
        + _quoted_text(sent_text),
    }


@tagged("post_install", "-at_install")
class TestEmailRoundTrip(CobrancaCommon):
    def test_every_template_every_client(self):
        with freeze_time(self.sp_time("2026-03-02 09:00")):
            move = self.make_invoice("2026-03-16", invoice_date=date(2026, 3, 2))
        Inbound = self.env["cobranca.email.inbound"]
        today = date(2026, 3, 9)
        for xmlid in TEMPLATES:
            template = self.env.ref(f"l10n_br_cobranca_preventiva.{xmlid}")
            html = template._render_field("body_html", move.ids)[move.id]
            subject = template._render_field("subject", move.ids)[move.id]
            sent = self.env["mail.message"].create(
                {"model": "account.move", "res_id": move.id, "body": html, "subject": subject}
            )
            sent_text = html2plaintext(html)
            self.assertIn("Responda", sent_text)
            for words, expected in (
                ("Vou pagar na sexta-feira", "promise"),
                ("Ok, recebido", intent.OTHER),
                ("", None),
            ):
                for shape, body in shapes(words, html, sent_text, move.company_id.name).items():
                    with self.subTest(template=xmlid, shape=shape, words=words):
                        if isinstance(body, Markup):  # the gateway sanitizes an HTML part
                            body = html_sanitize(body, sanitize_tags=False, strip_classes=True)
                        else:  # and wraps a text part (append_content_to_html)
                            body = Markup("<pre>%s</pre>") % body
                        text = Inbound._customer_words(body, sent)
                        self.assertEqual(text, words)
                        if expected:
                            self.assertEqual(intent.classify(text, today=today).intent, expected)


@tagged("post_install", "-at_install")
class TestEmailRoundTripGateway(CobrancaCommon):
    """The same replies as whole RFC 5322 messages (HTML shapes as multipart/alternative
    with the text part their client writes beside it), given to Odoo's mail gateway
    (``message_process``) in reply to the reminder each template really sent: what the
    addon does is what the customer wrote, never what the reminder's closing says."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.alias_domain = cls.env["mail.alias.domain"].create(
            {"name": "empresa.example.com", "catchall_alias": "catchall", "bounce_alias": "bounce"}
        )
        cls.company.alias_domain_id = cls.alias_domain

    def sent(self, xmlid):
        template = self.env.ref(f"l10n_br_cobranca_preventiva.{xmlid}")
        regua = self.env["cobranca.regua"].create(
            {
                "name": xmlid,
                "step_ids": [
                    Command.create(
                        {"offset_days": -5, "channel": "email", "mail_template_id": template.id}
                    )
                ],
            }
        )
        # a customer per template: one reminder a day reaches a customer
        customer = self.customer.copy({"email": f"{xmlid}@example.com"})
        with freeze_time(self.sp_time("2026-03-02 09:00")):
            move = self.make_invoice(
                "2026-03-16", customer, invoice_date=date(2026, 3, 2), cobranca_regua_id=regua.id
            )
        self.dispatch("2026-03-09 10:00")
        reminder = move.cobranca_reminder_ids
        self.assertEqual(reminder.state, "sent", xmlid)
        return move, reminder

    def raw(self, reminder, body, tag):
        """The reply as its client sends it: an HTML shape with its text part."""
        sent = reminder.mail_message_id
        mail = EmailMessage()
        mail["From"] = f"Maria Aparecida Souza <{reminder.move_id.partner_id.email}>"
        mail["To"] = self.alias_domain.catchall_email
        mail["Subject"] = f"Re: {sent.subject}"
        mail["Date"] = "Mon, 09 Mar 2026 14:30:00 -0300"
        mail["Message-ID"] = f"<reply.{tag}@example.com>"
        mail["In-Reply-To"] = sent.message_id
        mail["References"] = sent.message_id
        if isinstance(body, Markup):
            mail.set_content(html2plaintext(body))
            mail.add_alternative(str(body), subtype="html")
        else:
            mail.set_content(body)
        return mail.as_bytes()

    def test_every_template_every_client_through_the_gateway(self):
        friday = date(2026, 3, 13)
        for xmlid in TEMPLATES:
            move, reminder = self.sent(xmlid)
            sent = reminder.mail_message_id
            html, company = sent.body, move.company_id.name
            sent_text = html2plaintext(html)
            for words, expected in (
                ("Vou pagar na sexta-feira", "promise"),
                ("Ok, recebido", intent.OTHER),
                ("", None),
            ):
                for shape, body in shapes(words, html, sent_text, company).items():
                    tag = f"{xmlid}.{shape}.{len(words)}".replace(" ", "-")
                    with self.subTest(template=xmlid, shape=shape, words=words):
                        savepoint = self.env.cr.savepoint()
                        with freeze_time(self.sp_time("2026-03-09 14:30")):
                            self.env["mail.thread"].sudo().message_process(
                                None, self.raw(reminder, body, tag)
                            )
                        self.env.invalidate_all()
                        replies = move.message_ids.filtered(
                            lambda m, tag=tag: m.message_id == f"<reply.{tag}@example.com>"
                        )
                        self.assertEqual(len(replies), 1, "in the invoice's chatter")
                        self.assertFalse(move.cobranca_paid_claim_until, "never read as paid")
                        self.assertFalse(move.cobranca_dispute, "never read as a contest")
                        if expected == "promise":
                            self.assertEqual(move.cobranca_paused_until, friday)
                        else:
                            self.assertFalse(move.cobranca_paused_until)
                        savepoint.close()  # rolled back: the next reply finds the same invoice
                        self.env.invalidate_all()
