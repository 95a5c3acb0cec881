"""The learned send hour is a profile (LGPD art. 12 §2): the privacy notice says how
it is learned and how long it is kept, the customer's copy of its data holds it, and
it goes with the customer's erasure and with the data it was learned from."""

import json

from odoo.tests import HttpCase, tagged

from odoo.addons.l10n_br_cobranca_preventiva.tests.lgpd_common import (
    EXPORT_URL,
    REPORT_URL,
    LgpdCommon,
)
from odoo.addons.l10n_br_cobranca_preventiva.tools.legal_sources import cite

NOTICE_URL = "/cobranca/privacidade/%s"


@tagged("post_install", "-at_install")
class TestSendHourRetention(LgpdCommon):
    def test_a_send_hour_with_no_event_left_in_the_look_back_period_is_erased(self):
        quiet, reader = self.env["res.partner"].create(
            [{"name": "Cliente quieto"}, {"name": "Cliente leitor"}]
        )
        move = self.post_at("2026-03-16", partner=reader)
        self.env["cobranca.reminder"]._set_states(
            {
                move.cobranca_reminder_ids[0].id: {
                    "state": "read",
                    "skip_reason": None,
                    "read_date": self.sp_time("2026-03-02 15:10"),
                }
            }
        )
        # as the send-hour learning writes it (nobody writes it by hand)
        (quiet | reader).sudo().write({"cobranca_send_hour": 15, "cobranca_send_hour_events": 6})
        self.run_retention("2026-06-01 12:00:00")
        self.assertEqual((quiet.cobranca_send_hour, reader.cobranca_send_hour), (0, 15))
        self.assertFalse(quiet.cobranca_send_hour_events)
        self.run_retention("2027-03-03 12:00:00")  # the read is past the 365-day look-back
        self.assertFalse(reader.cobranca_send_hour or reader.cobranca_send_hour_events)


@tagged("post_install", "-at_install")
class TestSendHourPrivacy(LgpdCommon, HttpCase):
    def test_the_learned_send_hour_is_exported_and_erased_with_the_customer(self):
        self.post_at("2026-03-16")
        customer = self.customer.with_company(self.company)
        # as the send-hour learning writes it (nobody writes it by hand)
        customer.sudo().write({"cobranca_send_hour": 15, "cobranca_send_hour_events": 6})
        self.authenticate(self.approver.login, self.approver.login)
        data = json.loads(self.url_open(EXPORT_URL % self.customer.id).content)
        self.assertEqual(data["send_hour"], {"hour": 15, "events": 6})
        page = self.url_open(REPORT_URL % self.customer.id)
        self.assertEqual(page.status_code, 200)
        self.assertIn("Horário de envio aprendido", page.text)
        self.assertIn("A partir das 15 h", page.text)

        self.as_user(self.customer, self.approver).action_cobranca_anonymise()
        self.env.invalidate_all()
        self.assertFalse(customer.cobranca_send_hour or customer.cobranca_send_hour_events)

    def test_the_privacy_notice_says_how_the_send_hour_is_learned_and_kept(self):
        page = self.url_open(NOTICE_URL % self.company.id)
        self.assertEqual(page.status_code, 200)
        for text in (
            "O horário de envio aprendido.",
            "Horário de envio aprendido",
            "calculamos o horário do dia em que você costuma ler",
            "apagado quando não há nenhuma nesse período",
            cite("lgpd_behavioural_profile"),
        ):
            self.assertIn(text, page.text)
