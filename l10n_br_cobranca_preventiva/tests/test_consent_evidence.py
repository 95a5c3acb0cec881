from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .lgpd_common import LgpdCommon


@tagged("post_install", "-at_install")
class TestConsentEvidence(LgpdCommon):
    """Consent evidence is append-only and server-stamped; only ``_cobranca_record``
    creates it; a consent's status is its last event by id."""

    def test_clerk_cannot_create_consents_or_events_over_rpc(self):
        consent = self.grant("whatsapp", self.customer.mobile)
        Event = self.env["cobranca.consent.event"].with_user(self.clerk)
        with self.assertRaises(AccessError):
            Event.create(
                {
                    "consent_id": consent.id,
                    "status": "granted",
                    "legal_basis": "consent",
                    "source": "portal",
                    "date": "2099-01-01 00:00:00",
                    "ip_address": "198.51.100.1",
                }
            )
        with self.assertRaises(AccessError):
            self.env["cobranca.consent"].with_user(self.clerk).create(
                {
                    "partner_id": self.customer.id,
                    "channel": "phone",
                    "contact": "+5511987654321",
                }
            )
        self.assertEqual(len(consent.event_ids), 1)

    def test_people_outside_collection_cannot_record_consents(self):
        with self.assertRaises(AccessError):
            self.Consent.with_user(self.employee)._cobranca_record(
                self.customer,
                "email",
                self.customer.email,
                "revoked",
                "consent",
                "clerk",
            )
        self.assertFalse(self.Consent.search([("partner_id", "=", self.customer.id)]))

    def test_event_date_and_author_are_the_server_s_even_as_superuser(self):
        consent = self.grant("whatsapp", self.customer.mobile)
        admin = self.env.ref("base.user_admin")
        with freeze_time("2026-03-05 12:00:00"):
            event = (
                self.env["cobranca.consent.event"]
                .with_user(self.clerk)
                .sudo()
                .create(
                    {
                        "consent_id": consent.id,
                        "status": "granted",
                        "legal_basis": "consent",
                        "source": "clerk",
                        "date": "2099-01-01 00:00:00",
                        "user_id": admin.id,
                    }
                )
            )
        self.assertEqual(event.date, datetime(2026, 3, 5, 12, 0))
        self.assertEqual(event.user_id, self.clerk)

    def test_a_revocation_after_a_grant_wins_whatever_the_dates(self):
        with freeze_time("2099-01-01"):
            consent = self.grant("whatsapp", self.customer.mobile)
        with freeze_time("2026-03-10"):
            self.revoke("whatsapp", self.customer.mobile)
        self.assertEqual(consent.status, "revoked")
        self.assertEqual(consent.last_event_id, consent.event_ids.sorted("id")[-1])
        move = self.post_at("2026-03-16")
        self.assertEqual(self.reminders(move)["D-1"].channel, "email")

    def test_recorded_by_the_clerk_and_stamped_by_the_server(self):
        with freeze_time("2026-03-05 12:00:00"):
            consent = self.Consent.with_user(self.clerk)._cobranca_record(
                self.customer,
                "email",
                self.customer.email,
                "revoked",
                "consent",
                "clerk",
            )
        self.assertEqual(consent.event_ids.user_id, self.clerk)
        self.assertEqual(consent.event_ids.date, datetime(2026, 3, 5, 12, 0))
        with self.assertRaises(AccessError):
            consent.with_user(self.clerk).write({"contact": "outro@example.com"})

    def test_the_wizard_cannot_claim_the_customer_answered_on_the_portal(self):
        with self.assertRaisesRegex(ValueError, "Wrong value"):
            self.env["cobranca.consent.wizard"].with_user(self.clerk).create(
                {
                    "partner_ids": [(6, 0, self.customer.ids)],
                    "channel": "email",
                    "action": "revoked",
                    "legal_basis": "consent",
                    "source": "portal",
                }
            )

    # ------------------------------------------------------------ ondelete
    def test_deleting_a_contact_with_consent_history_is_refused(self):
        consent = self.revoke("email", self.customer.email)
        with self.assertRaisesRegex(UserError, "archive the contact"):
            self.customer.unlink()
        self.assertTrue(consent.exists())
        self.customer.action_archive()
        self.assertEqual(consent.status, "revoked")

    def test_consents_cannot_be_deleted_even_as_superuser(self):
        consent = self.revoke("email", self.customer.email)
        with self.assertRaises(AccessError):
            consent.sudo().unlink()
        with self.assertRaises(AccessError):
            consent.event_ids.sudo().unlink()
        self.assertEqual(len(consent.event_ids.exists()), 1)
