"""The public opt-out page offers SMS when this addon is installed: the numbers an SMS
would go to (the invoice contact's and the customer's, landlines too), each revoked
after one confirmation, over the real route."""

from odoo.tests import HttpCase, tagged

from odoo.addons.l10n_br_cobranca_preventiva.tests import test_consent, test_optout


@tagged("post_install", "-at_install")
class TestSmsOptOutPage(test_optout.OptOutMixin, test_consent.ConsentCommon, HttpCase):
    def consents(self):
        return self.Consent.search([("partner_id", "=", self.customer.id)])

    def test_revoking_asks_for_a_confirmation_listing_the_contacts(self):
        url = self.optout_url()
        asked = self.choose(url, ["sms"])
        self.assertEqual(asked.status_code, 200)
        stopping = asked.text.split("Confirme:")[1].split("Sim, parar")[0]
        self.assertIn("Por SMS", stopping)
        self.assertIn("(11) 9****-4321", stopping)  # the mobile
        self.assertIn("(11) 3***-4444", stopping)  # the phone
        self.assertNotIn("m***@e***.com", stopping)  # email was not chosen
        self.assertNotIn("Por e-mail", stopping)
        self.assertFalse(self.consents(), "choosing alone revokes nothing")
        csrf, confirm = self.csrf(asked), self.confirm_key(asked)
        # the confirmation holds for the channels it listed only
        for data in (
            {"csrf_token": csrf, "channel": ["sms", "email"], "confirm": confirm},
            {
                "csrf_token": csrf,
                "channel": ["sms"],
                "confirm": confirm[:-1] + ("1" if confirm.endswith("0") else "0"),
            },
            {"csrf_token": csrf, "channel": ["sms"]},
        ):
            again = self.open_page(url, data=data)
            self.assertEqual(again.status_code, 200)
            self.assertIn("Sim, parar estes lembretes", again.text)
            self.assertFalse(self.consents())
        # without the CSRF token, refused
        refused = self.open_page(url, data={"channel": ["sms"], "confirm": confirm})
        self.assertEqual(refused.status_code, 400)
        self.assertFalse(self.consents())
        done = self.open_page(
            url, data={"csrf_token": csrf, "channel": ["sms"], "confirm": confirm}
        )
        self.assertIn("você não receberá mais lembretes de cobrança por", done.text)
        self.assertEqual(
            {(c.channel, c.contact, c.status) for c in self.consents()},
            {("sms", "+5511987654321", "revoked"), ("sms", "+551133334444", "revoked")},
        )

    def test_sms_numbers_are_those_an_sms_would_go_to(self):
        self.customer.write({"is_company": True})
        contact = self.env["res.partner"].create(
            {
                "name": "Joana Financeiro",
                "parent_id": self.customer.id,
                "type": "invoice",
                "phone": "(11) 98877-6655",
            }
        )
        rows = self.env["cobranca.consent"]._optout_channels(contact, self.company)
        [row] = [row for row in rows if row["channel"] == "sms"]
        offered = [(partner, number) for partner, number, _masked, _revoked in row["contacts"]]
        self.assertEqual(
            offered,
            [
                (contact, "+5511988776655"),
                (self.customer, "+5511987654321"),
                (self.customer, "+551133334444"),  # the landline: an SMS may try it
            ],
        )
        self.assertEqual(row["label"], "SMS")
        sms = self.env["cobranca.channel.sms"]
        self.assertEqual([c for _p, c in sms._contacts(contact)], [c for _p, c in offered])
