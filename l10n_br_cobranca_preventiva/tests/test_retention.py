import base64
from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .lgpd_common import LgpdCommon


@tagged("post_install", "-at_install")
class TestRetention(LgpdCommon):
    """After the company's retention period (default 5 years, Código Civil art. 206
    §5 I), reminder contents and superseded consent evidence are erased; states,
    dates, reasons and keyed hashes stay."""

    def test_contents_of_invoices_settled_five_years_ago_are_erased(self):
        paid = self.post_at("2026-03-16")
        still_open = self.post_at("2026-04-20")
        self.dispatch("2026-03-09 10:00")
        d5_paid = self.reminders(paid)["D-5"]
        notice = self.env["ir.attachment"].create(
            {
                "name": "Notificação.pdf",
                "raw": b"%PDF",
                "res_model": "account.move",
                "res_id": paid.id,
            }
        )
        d5_paid.mail_message_id.attachment_ids = notice
        with freeze_time("2026-03-20"):
            self.pay(paid, day=date(2026, 3, 20))
        self.dispatch("2026-04-13 10:00")
        d5_open = self.reminders(still_open)["D-5"]
        self.assertNotEqual(d5_paid.mail_message_id, d5_open.mail_message_id)
        body_open = d5_open.mail_message_id.body
        self.assertIn("em 7 dias", str(d5_paid.mail_message_id.body))

        self.run_retention("2031-03-19 12:00:00")
        self.assertIn("em 7 dias", str(d5_paid.mail_message_id.body))
        self.assertFalse(d5_paid.content_erased_date)

        self.run_retention("2031-03-21 12:00:00")
        self.assertIn("retention period", str(d5_paid.mail_message_id.body))
        self.assertTrue(d5_paid.content_erased_date)
        self.assertEqual((d5_paid.state, d5_paid.scheduled_date), ("sent", date(2026, 3, 9)))
        self.assertTrue(d5_paid.sent_date)
        self.assertFalse(notice.exists())
        cancelled = paid.cobranca_reminder_ids.filtered(lambda r: r.state == "cancelled")
        self.assertEqual(set(cancelled.mapped("skip_reason")), {"paid"})
        # the invoice never paid keeps everything until five years after its due date
        self.assertEqual(d5_open.mail_message_id.body, body_open)
        self.assertFalse(d5_open.content_erased_date)
        self.run_retention("2031-04-21 12:00:00")
        self.assertTrue(d5_open.content_erased_date)

    def test_cancelled_invoice_and_error_texts_are_erased_too(self):
        move = self.post_at("2026-03-16")
        self.customer.email = False
        self.dispatch("2026-03-09 10:00")
        d5 = self.reminders(move)["D-5"]
        self.assertTrue(d5.error)
        move.button_draft()
        move.button_cancel()
        self.run_retention("2026-04-01 12:00:00")
        self.assertTrue(d5.error)
        self.run_retention("2040-01-01 12:00:00")
        self.assertFalse(d5.error)
        self.assertEqual(d5.skip_reason, "no_email")

    def test_retention_is_a_company_setting(self):
        self.company.cobranca_retention_years = 1
        move = self.post_at("2026-03-16")
        self.dispatch("2026-03-09 10:00")
        with freeze_time("2026-03-20"):
            self.pay(move, day=date(2026, 3, 20))
        d5 = self.reminders(move)["D-5"]
        self.run_retention("2027-03-21 12:00:00")
        self.assertTrue(d5.content_erased_date)

    def test_superseded_evidence_is_erased_the_current_one_kept(self):
        with freeze_time("2026-03-01 12:00:00"):
            consent = self.grant(
                "whatsapp",
                self.customer.mobile,
                ip="203.0.113.7",
                evidence_file=base64.b64encode(b"%PDF termo"),
                evidence_filename="termo.pdf",
            )
        with freeze_time("2026-03-10 12:00:00"):
            self.Consent._cobranca_record(
                self.customer,
                "whatsapp",
                self.customer.mobile,
                "revoked",
                "consent",
                "whatsapp",
                evidence="PARAR",
            )
        grant, revocation = consent.event_ids.sorted("id")
        self.run_retention("2031-03-09 12:00:00")
        self.assertEqual(grant.ip_address, "203.0.113.7")

        self.run_retention("2031-03-11 12:00:00")
        self.assertFalse(grant.evidence or grant.ip_address or grant.evidence_filename)
        self.assertFalse(
            self.env["ir.attachment"].search(
                [
                    ("res_model", "=", "cobranca.consent.event"),
                    ("res_field", "=", "evidence_file"),
                    ("res_id", "=", grant.id),
                ]
            )
        )
        self.assertEqual(
            (grant.status, grant.legal_basis, grant.source, grant.date.date()),
            ("granted", "consent", "clerk", date(2026, 3, 1)),
        )
        self.assertEqual(revocation.evidence, "PARAR")
        self.assertEqual((consent.status, consent.contact), ("revoked", "+5511987654321"))
        self.assertTrue(consent.contact_hash)

    def test_the_purge_runs_in_batches(self):
        partners = self.env["res.partner"].create(
            [{"name": f"Cliente {i}", "email": f"c{i}@example.com"} for i in range(3)]
        )
        for partner in partners:
            with freeze_time("2026-03-01"):
                self.grant("email", partner.email, partner=partner)
            with freeze_time("2026-03-02"):
                self.revoke("email", partner.email, partner=partner)
        Retention = self.env["cobranca.retention"]
        erased = []
        with freeze_time("2031-04-01"):
            for _i in range(3):
                Retention._cron_retention(batch_size=2)
                self.env.invalidate_all()
                erased.append(
                    len(
                        self.env["cobranca.consent.event"].search(
                            [
                                ("partner_id", "in", partners.ids),
                                ("status", "=", "granted"),
                                ("evidence", "=", False),
                            ]
                        )
                    )
                )
        self.assertEqual(erased, [2, 3, 3])
