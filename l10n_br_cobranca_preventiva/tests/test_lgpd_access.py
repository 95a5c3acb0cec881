import json

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from .lgpd_common import EXPORT_URL, REPORT_URL, LgpdCommon


@tagged("post_install", "-at_install")
class TestDataSubjectAccess(LgpdCommon, HttpCase):
    """The data-subject dossier (readable report, JSON export, RPC): collection
    approvers only, and only what their current companies hold."""

    def test_clerk_is_refused_the_report_url(self):
        self.grant("whatsapp", self.customer.mobile, ip="203.0.113.7")
        self.post_at("2026-03-16")
        self.dispatch("2026-03-09 10:00")
        self.authenticate("consent_clerk", "consent_clerk")
        response = self.url_open(REPORT_URL % self.customer.id)
        self.assertEqual(response.status_code, 403)
        for secret in (
            self.customer.email,
            "Cliente respondeu SIM",
            "203.0.113.7",
            "+5511987654321",
        ):
            self.assertNotIn(secret, response.text)

    def test_clerk_is_refused_the_json_export(self):
        self.grant("whatsapp", self.customer.mobile)
        self.authenticate("consent_clerk", "consent_clerk")
        response = self.url_open(EXPORT_URL % self.customer.id)
        self.assertEqual(response.status_code, 403)
        self.assertNotIn(self.customer.email, response.text)
        self.assertNotIn("Cliente respondeu SIM", response.text)

    def test_clerk_is_refused_the_data_over_rpc(self):
        with self.assertRaises(AccessError):
            self.as_user(self.customer, self.clerk)._cobranca_subject_data()
        with self.assertRaises(AccessError):
            self.as_user(self.customer, self.clerk).action_cobranca_export_data()

    def test_approver_of_company_b_sees_only_company_b_in_the_report(self):
        move_a, move_b = self.shared_customer_history()
        self.authenticate("lgpd_approver_b", "lgpd_approver_b")
        response = self.url_open(REPORT_URL % self.customer.id)
        self.assertEqual(response.status_code, 200)
        self.assertIn(move_b.name, response.text)
        self.assertIn("Empresa B Ltda", response.text)
        self.assertNotIn(self.company.name, response.text)
        self.assertNotIn("+5511987654321", response.text)  # A's WhatsApp consent
        if move_a.name != move_b.name:
            self.assertNotIn(move_a.name, response.text)

    def test_approver_of_company_b_exports_only_company_b_data(self):
        _move_a, move_b = self.shared_customer_history()
        self.authenticate("lgpd_approver_b", "lgpd_approver_b")
        response = self.url_open(EXPORT_URL % self.customer.id)
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment", response.headers["Content-Disposition"])
        data = json.loads(response.content)
        self.assertEqual({c["company"] for c in data["consents"]}, {"Empresa B Ltda"})
        self.assertEqual(
            data["consents"][0]["history"][0]["evidence"], "Evidência da empresa B"
        )
        self.assertEqual({r["company"] for r in data["reminders"]}, {"Empresa B Ltda"})
        self.assertEqual(
            {r["invoice"] for r in data["reminders"]}, {move_b.name}, data["reminders"]
        )
        self.assertEqual([k["company"] for k in data["ranking"]], ["Empresa B Ltda"])
        self.assertEqual([p["company"] for p in data["processing"]], ["Empresa B Ltda"])

    def test_export_is_streamed_and_only_a_note_stays_on_the_customer(self):
        self.grant("whatsapp", self.customer.mobile)
        self.authenticate("lgpd_approver_a", "lgpd_approver_a")
        action = self.as_user(
            self.customer, self.approver
        ).action_cobranca_export_data()
        self.assertEqual(action["url"], EXPORT_URL % self.customer.id)
        response = self.url_open(action["url"])
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            json.loads(response.content)["data_subject"]["name"], self.customer.name
        )
        attachments = (
            self.env["ir.attachment"]
            .sudo()
            .search(
                [("res_model", "=", "res.partner"), ("res_id", "=", self.customer.id)]
            )
        )
        self.assertFalse(attachments)
        note = self.customer.message_ids[0]
        self.assertIn("exported", note.body)
        self.assertIn(self.approver.name, note.body)
        self.assertFalse(note.attachment_ids)
