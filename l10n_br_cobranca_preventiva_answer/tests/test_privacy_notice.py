"""The answer page links the company's privacy notice, and the customer's copy of its
data words every value of the answers in Portuguese."""

from freezegun import freeze_time

from odoo.tests import HttpCase, tagged

from odoo.addons.l10n_br_cobranca_preventiva.tests.test_consent import ConsentCommon


@tagged("post_install", "-at_install")
class TestAnswerPrivacyNotice(ConsentCommon, HttpCase):
    def test_the_answer_page_links_to_the_notice(self):
        move = self.post_at("2026-03-16")
        move._portal_ensure_token()
        with freeze_time("2026-03-09 13:00:00"):
            page = self.url_open(
                f"/my/invoices/{move.id}/cobranca?access_token={move.access_token}"
            )
        self.assertEqual(page.status_code, 200)
        self.assertIn(f'href="{self.company.cobranca_privacy_url}"', page.text)

    def test_every_value_of_the_answers_in_the_export_has_a_portuguese_label(self):
        shown = {
            "channel": [
                ("cobranca.promise", "channel"),
                ("cobranca.installment.proposal", "channel"),
            ],
            "answer_source": [("cobranca.promise", "source")],
            "promise_state": [("cobranca.promise", "state")],
            "proposal_state": [("cobranca.installment.proposal", "state")],
            "proof_state": [("cobranca.whatsapp.proof", "state")],
        }
        self.assert_export_labels(shown)
