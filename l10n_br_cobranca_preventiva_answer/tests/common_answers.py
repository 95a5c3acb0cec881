from datetime import date, datetime

from freezegun import freeze_time

from odoo.addons.l10n_br_cobranca_preventiva.tests.common import CobrancaCommon

#: A small real PDF: what a customer's bank app exports as a proof of payment.
PROOF_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
#: São Paulo 10:00 on Tuesday 10/03/2026 (UTC).
NOW = datetime(2026, 3, 10, 13, 0)


class AnswersCommon(CobrancaCommon):
    """Invoices of a customer whose collector gets the answers' to-dos."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.collector = cls.env["res.users"].create(
            {"name": "Cobradora Rita", "login": "rita.cobranca", "email": "rita@example.com"}
        )
        cls.customer.with_company(cls.company).cobranca_collector_id = cls.collector
        cls.Promise = cls.env["cobranca.promise"]
        cls.Proposal = cls.env["cobranca.installment.proposal"]

    def post_at(self, due, posted="2026-03-02", partner=None, **vals):
        with freeze_time(self.sp_time(f"{posted} 09:00")):
            return self.make_invoice(
                due, partner=partner, invoice_date=date.fromisoformat(posted), **vals
            )

    def at(self, when):
        """The clock at São Paulo time 'YYYY-MM-DD HH:MM'."""
        return freeze_time(self.sp_time(when))

    def check_answers(self, when):
        """The daily check of promises and reported payments, as its cron runs it."""
        with self.at(when):
            self.env.ref(
                "l10n_br_cobranca_preventiva_answer.ir_cron_cobranca_promises"
            ).method_direct_trigger()
        self.env.invalidate_all()

    def activities(self, record):
        return self.env["mail.activity"].search(
            [("res_model", "=", record._name), ("res_id", "in", record.ids)]
        )

    def notes(self, move):
        """The chatter notes of the invoice, newest first, as plain text."""
        return [
            str(m.body)
            for m in move.message_ids
            if m.message_type == "notification" and m.body  # not the tracking messages
        ]


class AnswerPageMixin:
    """The answer page ``/my/invoices/<id>/cobranca`` over the real route (with
    ``HttpCase``), for ``self.move``; the session is whoever ``authenticate`` made."""

    def url(self, move=None, token=None):
        move = move or self.move
        token = move.access_token if token is None else token
        query = f"?access_token={token}" if token else ""
        return f"/my/invoices/{move.id}/cobranca{query}"

    def open(self, url, data=None, files=None, when=NOW, redirects=True):
        with freeze_time(when):
            response = self.url_open(url, data=data, files=files, allow_redirects=redirects)
        self.env.invalidate_all()  # the request wrote through its own environment
        return response

    @staticmethod
    def csrf(page):
        """The session's CSRF token, as the frontend layout gives it to every page."""
        return page.text.split('csrf_token: "')[1].split('"')[0]

    def post(self, action, move=None, token=None, files=None, when=NOW, **fields):
        """POST one of the page's forms; the CSRF token comes from the valid page."""
        move = move or self.move
        page = self.open(self.url(move), when=when)
        data = {
            "csrf_token": self.csrf(page),
            "action": action,
            "access_token": move.access_token if token is None else token,
            **fields,
        }
        return self.open(f"/my/invoices/{move.id}/cobranca", data=data, files=files, when=when)
