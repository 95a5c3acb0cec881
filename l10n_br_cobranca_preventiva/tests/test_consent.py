from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged

from ..tools.lgpd import LABELS
from .common import CobrancaCommon


class ConsentCommon(CobrancaCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.write({"mobile": "(11) 98765-4321", "phone": "(11) 3333-4444"})
        cls.Consent = cls.env["cobranca.consent"]
        cls.clerk = new_test_user(
            cls.env,
            login="consent_clerk",
            groups="account.group_account_invoice",
            company_id=cls.company.id,
            company_ids=[(6, 0, cls.company.ids)],
        )

    def post_at(self, due, posted="2026-03-02", partner=None, **vals):
        with freeze_time(self.sp_time(f"{posted} 09:00")):
            return self.make_invoice(
                due, partner=partner, invoice_date=date.fromisoformat(posted), **vals
            )

    def grant(self, channel, contact, partner=None, **kw):
        return self.Consent._cobranca_record(
            partner or self.customer,
            channel,
            contact,
            "granted",
            "consent",
            "clerk",
            evidence="Cliente respondeu SIM no formulário",
            **kw,
        )

    def revoke(self, channel, contact, partner=None, **kw):
        return self.Consent._cobranca_record(
            partner or self.customer,
            channel,
            contact,
            "revoked",
            "consent",
            "clerk",
            **kw,
        )

    def assert_export_labels(self, shown):
        """Every value of these selections ({label kind: [(model, field)]}) has the
        Portuguese label the customer's copy of its data prints (``tools.lgpd``); the
        channels name themselves (those of other addons too)."""
        channels = self.env["cobranca.channel"]._customer_labels()
        for kind, fields in shown.items():
            known = LABELS[kind].keys() | (channels.keys() if kind == "channel" else set())
            for model, name in fields:
                field = self.env[model]._fields[name]
                keys = {key for key, _label in field._description_selection(self.env)}
                with self.subTest(model=model, field=name):
                    self.assertEqual(keys - known, set())


@tagged("post_install", "-at_install")
class TestConsent(ConsentCommon):
    # ------------------------------------------------------------- channels
    def test_whatsapp_without_consent_falls_back_to_email(self):
        move = self.post_at("2026-03-16")
        d1 = self.reminders(move)["D-1"]
        self.assertEqual(d1.channel, "email")  # planned on its fallback
        self.dispatch("2026-03-13 10:00")
        self.assertEqual((d1.state, d1.channel), ("sent", "email"))
        self.assertEqual(d1.fallback_reason, "no_consent")
        self.assertEqual(d1.legal_basis, "contract")  # email: contract, by policy

    def test_whatsapp_with_consent_is_planned_on_whatsapp(self):
        consent = self.grant("whatsapp", "11 98765 4321")
        self.assertEqual(consent.contact, "+5511987654321")
        self.assertEqual(consent.status, "granted")
        move = self.post_at("2026-03-16")
        d1 = self.reminders(move)["D-1"]
        self.assertEqual(d1.channel, "whatsapp")
        # the company has no WhatsApp account: the fallback goes, and says why
        self.dispatch("2026-03-13 10:00")
        self.assertEqual(
            (d1.state, d1.channel, d1.fallback_reason),
            ("sent", "email", "channel_unavailable"),
        )

    def test_consent_change_refreshes_planned_channels(self):
        move = self.post_at("2026-03-16")
        d1 = self.reminders(move)["D-1"]
        self.assertEqual(d1.channel, "email")
        self.grant("whatsapp", self.customer.mobile)
        self.assertEqual(d1.channel, "whatsapp")
        self.revoke("whatsapp", self.customer.mobile)
        self.assertEqual(d1.channel, "email")

    def test_revoked_email_stops_emails(self):
        move = self.post_at("2026-03-16")
        self.revoke("email", self.customer.email)
        self.dispatch("2026-03-09 10:00")
        d5 = self.reminders(move)["D-5"]
        self.assertEqual((d5.state, d5.skip_reason), ("skipped", "revoked"))
        self.assertFalse(self.mails_of(move))

    def test_granted_consent_is_the_legal_basis_of_the_message(self):
        consent = self.grant("email", self.customer.email)
        move = self.post_at("2026-03-16")
        self.dispatch("2026-03-09 10:00")
        d5 = self.reminders(move)["D-5"]
        self.assertEqual((d5.state, d5.consent_id, d5.legal_basis), ("sent", consent, "consent"))

    def test_policy_is_a_company_setting(self):
        self.company.cobranca_consent_email = "opt_in"
        move = self.post_at("2026-03-16")
        self.dispatch("2026-03-09 10:00")
        self.assertEqual(self.reminders(move)["D-5"].skip_reason, "no_consent")

    def test_revoked_calls_stop_call_activities(self):
        self.customer.cobranca_collector_id = self.env.user
        self.revoke("phone", self.customer.phone)
        move = self.post_at("2026-03-02", posted="2026-02-02")
        self.dispatch("2026-03-11 10:00")
        self.assertEqual(self.reminders(move)["D+7"].skip_reason, "revoked")

    # ------------------------------------------------------------- history
    def test_history_is_append_only(self):
        consent = self.grant("whatsapp", self.customer.mobile)
        self.revoke("whatsapp", self.customer.mobile)
        self.assertEqual(consent.status, "revoked")
        self.assertEqual(len(consent.event_ids), 2)
        self.assertEqual(consent.event_ids.sorted("id").mapped("status"), ["granted", "revoked"])
        event = consent.event_ids[0]
        admin = self.env.ref("base.user_admin")
        for env in (self.env, self.env(user=admin), self.env(su=True)):
            with self.assertRaises(AccessError):
                event.with_env(env).write({"evidence": "outra"})
            with self.assertRaises(AccessError):
                event.with_env(env).unlink()
        with self.assertRaises(AccessError):
            event.with_user(self.clerk).write({"status": "granted"})

    def test_revoking_twice_is_harmless(self):
        consent = self.revoke("email", self.customer.email)
        self.revoke("email", self.customer.email.upper())
        self.assertEqual(len(consent.event_ids), 1)
        self.assertEqual(consent.status, "revoked")

    def test_invalid_contacts_are_refused(self):
        with self.assertRaisesRegex(ValidationError, "not a valid phone number"):
            self.grant("whatsapp", "12345")
        with self.assertRaisesRegex(ValidationError, "not a valid email address"):
            self.grant("email", "maria.example.com")
        self.assertFalse(self.Consent.search([("partner_id", "=", self.customer.id)]))

    def test_consent_of_another_company_is_never_applied(self):
        other = self.setup_other_company()["company"]
        self.revoke("email", self.customer.email, company=other)
        move = self.post_at("2026-03-16")
        self.dispatch("2026-03-09 10:00")
        self.assertEqual(self.reminders(move)["D-5"].state, "sent")
        self.assertFalse(
            self.Consent.with_user(self.clerk).search([("partner_id", "=", self.customer.id)])
        )

    def test_wizard_records_for_one_or_many_customers(self):
        others = self.env["res.partner"].create(
            [
                {"name": "Cliente com celular", "mobile": "(21) 99876-5432"},
                {"name": "Cliente sem celular"},
            ]
        )
        wizard = (
            self.env["cobranca.consent.wizard"]
            .with_user(self.clerk)
            .with_context(active_model="res.partner", active_ids=others.ids)
            .create(
                {
                    "channel": "whatsapp",
                    "legal_basis": "consent",
                    "source": "import",
                    "evidence": "Contrato assinado, cláusula 7",
                }
            )
        )
        result = wizard.action_confirm()
        self.assertEqual(result["params"]["type"], "warning")
        self.assertIn("1 consent(s) recorded", result["params"]["message"])
        self.assertIn("Cliente sem celular", result["params"]["message"])
        consent = self.Consent.search([("partner_id", "=", others[0].id)])
        self.assertEqual(
            (consent.contact, consent.status, consent.source),
            ("+5521998765432", "granted", "import"),
        )
        self.assertEqual(consent.event_ids.user_id, self.clerk)
        # a consent without evidence is refused
        single = self.env["cobranca.consent.wizard"].create(
            {
                "partner_ids": [(6, 0, self.customer.ids)],
                "channel": "phone",
                "legal_basis": "consent",
            }
        )
        with self.assertRaisesRegex(Exception, "evidence"):
            single.action_confirm()

    # ------------------------------------------------------------ LGPD art. 18
    def test_export_contains_every_reminder_of_the_customer(self):
        self.grant("whatsapp", self.customer.mobile)
        first = self.post_at("2026-03-16")
        second = self.post_at("2026-04-15")
        self.dispatch("2026-03-09 10:00")
        self.customer.action_cobranca_rank()
        data = self.customer._cobranca_subject_data()
        reminders = (first | second).cobranca_reminder_ids
        self.assertEqual(len(data["reminders"]), len(reminders))
        self.assertEqual({r["invoice"] for r in data["reminders"]}, {first.name, second.name})
        sent = [r for r in data["reminders"] if r["state"] == "sent"]
        self.assertTrue(sent, data["reminders"])
        self.assertIn("em 7 dias", sent[0]["content"])
        self.assertEqual(
            data["consents"][0]["history"][0]["evidence"],
            "Cliente respondeu SIM no formulário",
        )
        self.assertEqual(data["ranking"][0]["cobranca_class"], "new")
        html, _fmt = self.env["ir.actions.report"]._render_qweb_html(
            "l10n_br_cobranca_preventiva.report_cobranca_data_subject",
            self.customer.ids,
        )
        self.assertIn(first.name, html.decode())

    def test_export_and_anonymise_are_for_approvers(self):
        with self.assertRaises(AccessError):
            self.customer.with_user(self.clerk).action_cobranca_export_data()
        with self.assertRaises(AccessError):
            self.customer.with_user(self.clerk).action_cobranca_anonymise()

    def test_anonymisation_keeps_invoices_intact(self):
        consent = self.grant("whatsapp", self.customer.mobile, ip="203.0.113.7")
        move = self.post_at("2026-03-16")
        self.dispatch("2026-03-09 10:00")
        d5 = self.reminders(move)["D-5"]
        before = (
            move.name,
            move.amount_total,
            move.amount_residual,
            move.state,
            move.line_ids.ids,
        )
        self.customer.action_cobranca_anonymise()
        move.invalidate_recordset()
        self.assertEqual(
            (
                move.name,
                move.amount_total,
                move.amount_residual,
                move.state,
                move.line_ids.ids,
            ),
            before,
        )
        self.assertIn("Content removed", d5.mail_message_id.body)
        grant, erasure = consent.event_ids.sorted("id")
        self.assertFalse(grant.evidence or grant.ip_address)
        self.assertEqual((erasure.status, consent.status), ("revoked", "revoked"))
        self.assertFalse(consent.contact)  # erased; its keyed hash keeps the revocation
        self.assertTrue(self.customer.cobranca_excluded)
        self.assertFalse(self.customer.cobranca_class)
