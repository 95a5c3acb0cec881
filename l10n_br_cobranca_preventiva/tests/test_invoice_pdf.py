"""The step option "Attach Invoice PDF": the reminder email carries Odoo's invoice
report of each invoice it lists (the PDF stored on the invoice when it was sent, else
printed), owned by the invoice; off by default; an invoice whose report cannot be
printed goes without it, and the chatter says so."""

from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from .common import CobrancaCommon


@tagged("post_install", "-at_install")
class TestInvoicePdf(CobrancaCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.regua = cls.env["cobranca.regua"].create(
            {
                "name": "E-mail com PDF",
                "step_ids": [
                    Command.create(
                        {
                            "offset_days": -5,
                            "channel": "email",
                            "mail_template_id": cls.template_before_due.id,
                        }
                    )
                ],
            }
        )
        cls.step = cls.regua.step_ids

    def post(self, due="2026-03-16"):
        with freeze_time(self.sp_time("2026-03-02 09:00")):
            return self.make_invoice(
                due, invoice_date=date(2026, 3, 2), cobranca_regua_id=self.regua.id
            )

    def sent_mail(self, move):
        reminder = move.cobranca_reminder_ids
        self.assertEqual(reminder.state, "sent", reminder.error)
        return reminder.mail_message_id.sudo()

    def test_off_by_default(self):
        self.assertFalse(self.step.attach_invoice_pdf)
        move = self.post()
        self.dispatch("2026-03-09 10:00")
        self.assertFalse(self.sent_mail(move).attachment_ids)

    def test_the_stored_invoice_pdf_goes_with_the_email(self):
        self.step.attach_invoice_pdf = True
        move = self.post()
        stored = self.env["ir.attachment"].create(
            {
                "name": "fatura.pdf",
                "raw": b"%PDF-1.4 fatura com QR Pix",
                "mimetype": "application/pdf",
                "res_model": "account.move",
                "res_id": move.id,
                "res_field": "invoice_pdf_report_file",
            }
        )
        move.invalidate_recordset(["invoice_pdf_report_id"])
        self.assertEqual(move.invoice_pdf_report_id, stored)
        self.dispatch("2026-03-09 10:00")
        message = self.sent_mail(move)
        pdf = message.attachment_ids
        self.assertEqual(pdf.mapped("name"), [f"{move.name.replace('/', '_')}.pdf"])
        self.assertEqual(pdf.raw, b"%PDF-1.4 fatura com QR Pix")
        self.assertEqual((pdf.res_model, pdf.res_id), ("account.move", move.id))
        mail = self.mails_of(move)
        self.assertEqual(mail.attachment_ids, pdf, "the queued email carries it")

    def test_one_pdf_per_invoice_of_a_grouped_email(self):
        self.step.attach_invoice_pdf = True
        first, second = self.post(), self.post()
        self.dispatch("2026-03-09 10:00")
        messages = (first | second).cobranca_reminder_ids.mail_message_id.sudo()
        self.assertEqual(len(messages), 1, "one email lists both invoices")
        names = sorted(messages.attachment_ids.mapped("name"))
        self.assertEqual(names, sorted(f"{m.name.replace('/', '_')}.pdf" for m in first | second))
        self.assertTrue(all(messages.attachment_ids.mapped("raw")))

    def test_a_report_that_cannot_print_is_said_and_the_email_goes(self):
        self.step.attach_invoice_pdf = True
        self.env.ref("account.account_invoices").sudo().report_name = "account.no_such_report"
        move = self.post()
        self.dispatch("2026-03-09 10:00")
        self.assertFalse(self.sent_mail(move).attachment_ids)
        notes = move.message_ids.filtered(lambda m: "could not be printed" in (m.body or ""))
        self.assertEqual(len(notes), 1)
