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
        self.check_confirmation_lists_the_numbers("sms", "Por SMS")

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
