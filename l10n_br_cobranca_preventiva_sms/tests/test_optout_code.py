"""The opt-out link of an SMS (``/cobranca/o/<code>``) and the rate limit of the
opt-out pages, over the real routes as the anonymous visitor: a code of 128 random
bits drawn once per SMS reminder, never by reading a field; guessed, short or old
codes get nothing; a client walking codes gets HTTP 429, whichever worker answers."""

import base64
import re
import secrets
from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.tests import HttpCase, tagged

from odoo.addons.l10n_br_cobranca_preventiva.tests import test_consent, test_optout

#: The D-5 SMS of an invoice due 16/03/2026 goes out on Monday 09/03 at 10:00 (São Paulo).
SENT = datetime(2026, 3, 9, 13, 0)  # UTC


@tagged("post_install", "-at_install")
class TestOptOutCode(test_optout.OptOutMixin, test_consent.ConsentCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Consent._cobranca_record(
            cls.customer, "sms", cls.customer.mobile, "granted", "consent", "clerk",
            evidence="Cliente pediu SMS",
        )  # fmt: skip
        cls.regua = cls.env["cobranca.regua"].create(
            {
                "name": "SMS D-5 e D0",
                "step_ids": [
                    Command.create(
                        {
                            "offset_days": offset,
                            "channel": "sms",
                            "sms_template_id": cls.env.ref(
                                f"l10n_br_cobranca_preventiva_sms.{template}"
                            ).id,
                        }
                    )
                    for offset, template in (
                        (-5, "sms_template_cobranca_before_due"),
                        (0, "sms_template_cobranca_due_today"),
                    )
                ],
            }
        )

    def sms_reminder(self, move, step):
        reminder = self.reminders(move)[step]
        self.assertEqual(reminder.state, "sent", reminder.error)
        return reminder

    def code_in_sms(self, reminder):
        body = (
            self.env["sms.sms"]
            .sudo()
            .search([("mail_message_id", "=", reminder.mail_message_id.id)])
            .body
        )
        return body.split("/cobranca/o/")[1].split()[0]

    def sent_code(self):
        """The code of the D-5 SMS of a new invoice (its reminder, its code)."""
        move = self.post_at("2026-03-16", cobranca_regua_id=self.regua.id)
        self.dispatch("2026-03-09 10:00")
        reminder = self.sms_reminder(move, "D-5")
        return move, reminder, reminder.sudo().optout_code

    @staticmethod
    def contacts_shown(page):
        return re.findall(r'o_cobranca_optout_contact">([^<]*)<', page.text)

    def codes_stored(self):
        return self.env["cobranca.reminder"].sudo().search_count([("optout_code", "!=", False)])

    def sms_consents(self):
        return self.Consent.search([("partner_id", "=", self.customer.id), ("channel", "=", "sms")])

    # ------------------------------------------------------------------ the code
    def test_code_has_128_bits_is_drawn_once_per_reminder_and_never_by_reading(self):
        move, d5, code = self.sent_code()
        self.assertEqual(self.code_in_sms(d5), code)
        self.assertGreaterEqual(len(base64.urlsafe_b64decode(code + "==")), 16)
        # two reads give the same code; reading or rendering creates none
        template = self.env.ref("l10n_br_cobranca_preventiva_sms.sms_template_cobranca_before_due")
        for _i in range(2):
            self.env.invalidate_all()
            self.assertEqual(d5.sudo().optout_code, code)
            self.assertFalse(move.cobranca_optout_short_url)
            self.assertNotIn("/cobranca/o/", template._render_field("body", move.ids)[move.id])
        self.assertEqual(self.codes_stored(), 1)
        # the next reminder of the same invoice gets its own
        self.dispatch("2026-03-16 10:00")
        d0 = self.sms_reminder(move, "D0")
        self.assertEqual(self.codes_stored(), 2)
        self.assertNotEqual(d0.sudo().optout_code, code)
        self.assertEqual(self.code_in_sms(d0), d0.sudo().optout_code)

    def test_code_names_the_person_and_company_of_the_signed_link(self):
        _move, _d5, code = self.sent_code()
        when = SENT + timedelta(hours=2)
        with freeze_time(when):
            self.assertEqual(self.Consent._optout_code_target(code), (self.customer, self.company))
        by_code = self.open_page(f"/cobranca/o/{code}", when)
        by_token = self.open_page(self.optout_url(when=when), when)
        self.assertEqual(by_code.status_code, 200)
        self.assertIn("Olá, <strong>Maria</strong>", by_code.text)
        self.assertEqual(self.contacts_shown(by_code), self.contacts_shown(by_token))
        for masked in ("(11) 9****-4321", "(11) 3***-4444", "m***@e***.com"):
            self.assertIn(masked, self.contacts_shown(by_code))
        response = self.submit(f"/cobranca/o/{code}", ["sms"], when)
        self.assertIn("você não receberá mais lembretes de cobrança por", response.text)
        consents = self.sms_consents()
        self.assertEqual(set(consents.mapped("status")), {"revoked"})
        self.assertEqual(set(consents.mapped("source")), {"portal"})  # the latest event

    def test_guessed_short_or_old_code_gets_nothing_and_changes_nothing(self):
        _move, _d5, code = self.sent_code()
        url = f"/cobranca/o/{code}"
        when = SENT + timedelta(hours=2)
        other = code[:-1] + ("A" if code[-1] != "A" else "B")
        for bad in (secrets.token_urlsafe(16), other, code[:4], "abc", code + "x"):
            response = self.open_page(f"/cobranca/o/{bad}", when)
            self.assertEqual(response.status_code, 400, bad)
            self.assertIn("Link inválido ou expirado", response.text)
            response = self.submit(f"/cobranca/o/{bad}", ["sms"], when, csrf_from=url)
            self.assertEqual(response.status_code, 400, bad)
        self.assertEqual(self.sms_consents().mapped("status"), ["granted"])
        # it lives as long as the signed link: 90 days from the SMS
        old = SENT + timedelta(days=91)
        self.assertEqual(self.open_page(url, old).status_code, 400)
        fresh = self.optout_url(when=old)
        self.assertEqual(self.submit(url, ["sms"], old, csrf_from=fresh).status_code, 400)
        self.assertEqual(self.sms_consents().mapped("status"), ["granted"])
        self.assertEqual(self.open_page(url, SENT + timedelta(days=89)).status_code, 200)

    # ---------------------------------------------------------------- rate limit
    def test_walking_codes_from_one_address_is_refused_with_429(self):
        _move, _d5, code = self.sent_code()
        url = f"/cobranca/o/{code}"
        when = SENT + timedelta(hours=2)
        page = self.open_page(url, when)  # the visitor's own page: one request
        for _i in range(19):
            response = self.open_page(f"/cobranca/o/{secrets.token_urlsafe(16)}", when)
            self.assertEqual(response.status_code, 400)
        for refused in (
            f"/cobranca/o/{secrets.token_urlsafe(16)}",
            url,
            self.optout_url(when=when),  # the signed links share the limit
        ):
            response = self.open_page(refused, when)
            self.assertEqual(response.status_code, 429, refused)
            self.assertIn("Muitas tentativas", response.text)
            self.assertEqual(response.headers.get("Retry-After"), "60")
        data = {"csrf_token": self.csrf(page), "channel": ["sms"]}
        self.assertEqual(self.open_page(url, when, data=data).status_code, 429)
        self.assertEqual(self.sms_consents().mapped("status"), ["granted"])
        # a minute later the address may try again
        self.assertEqual(self.open_page(url, when + timedelta(seconds=61)).status_code, 200)

    def test_rate_limit_is_counted_in_the_database_for_every_worker(self):
        _move, _d5, code = self.sent_code()
        when = SENT + timedelta(hours=2)
        Requests = self.env["cobranca.optout.request"].sudo()
        self.env["ir.config_parameter"].sudo().set_param("cobranca.optout_rate_limit", "3")
        with freeze_time(when):  # three requests answered by other workers
            self.assertEqual(
                [Requests._allow("127.0.0.1") for _i in range(4)], [True, True, True, False]
            )
            self.assertTrue(Requests._allow("192.0.2.10"), "another address has its own count")
        self.assertEqual(self.open_page(f"/cobranca/o/{code}", when).status_code, 429)
        self.assertNotIn("127.0.0.1", str(Requests.search([]).mapped("client_hash")))
