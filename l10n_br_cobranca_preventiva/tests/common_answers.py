from datetime import date

from freezegun import freeze_time

from .common import CobrancaCommon

#: A small real PDF: what a customer's bank app exports as a proof of payment.
PROOF_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


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
                "l10n_br_cobranca_preventiva.ir_cron_cobranca_promises"
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
