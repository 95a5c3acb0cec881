"""The public opt-out page over the real route, on a frozen clock: what it shows
(first name, masked contacts), what it revokes (every email and number the
dispatcher would use for that person) and how long its links live."""

from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.tests import HttpCase, tagged

from .common_whatsapp import CONSENTED, WhatsappCommon
from .test_consent import ConsentCommon

MINTED = datetime(2026, 3, 2, 15, 0)  # UTC


def days_later(days):
    return MINTED + timedelta(days=days)


class OptOutMixin:
    def optout_url(self, partner=None, when=MINTED):
        with freeze_time(when):
            token = self.env["cobranca.consent"]._optout_token(
                partner or self.customer, self.company
            )
        return f"/cobranca/optout/{token}"

    def open_page(self, url, when=MINTED, data=None):
        with freeze_time(when):
            response = self.url_open(url, data=data)
        self.env.invalidate_all()  # the request wrote through its own environment
        return response

    @staticmethod
    def csrf(page):
        return page.text.split('name="csrf_token" value="')[1].split('"')[0]

    @staticmethod
    def confirm_key(page):
        return page.text.split('name="confirm" value="')[1].split('"')[0]

    def choose(self, url, channels, when=MINTED, csrf_from=None):
        """POST the channels chosen on the page of ``url`` (the CSRF token of
        ``csrf_from``'s page, a valid page opened at the same time, when ``url``
        itself does not show a form): the page asking for the confirmation."""
        page = self.open_page(csrf_from or url, when)
        return self.open_page(url, when, data={"csrf_token": self.csrf(page), "channel": channels})

    def submit(self, url, channels, when=MINTED, csrf_from=None):
        """Choose the channels, then confirm as the confirmation page asks."""
        asked = self.choose(url, channels, when, csrf_from)
        if asked.status_code != 200 or 'name="confirm"' not in asked.text:
            return asked
        data = {"csrf_token": self.csrf(asked), "channel": channels}
        return self.open_page(url, when, data={**data, "confirm": self.confirm_key(asked)})

    def check_confirmation_lists_the_numbers(self, channel, label):
        """Choosing ``channel`` (whose contacts are the customer's mobile and phone) on
        the page asks for one confirmation listing them under ``label``; only that
        confirmation, with its CSRF token, for those channels, revokes them."""
        url = self.optout_url()
        asked = self.choose(url, [channel])
        self.assertEqual(asked.status_code, 200)
        stopping = asked.text.split("Confirme:")[1].split("Sim, parar")[0]
        self.assertIn(label, stopping)
        self.assertIn("(11) 9****-4321", stopping)  # the mobile
        self.assertIn("(11) 3***-4444", stopping)  # the phone
        self.assertNotIn("m***@e***.com", stopping)  # email was not chosen
        self.assertNotIn("Por e-mail", stopping)
        self.assertFalse(self.consents(), "choosing alone revokes nothing")
        csrf, confirm = self.csrf(asked), self.confirm_key(asked)
        # the confirmation holds for the channels it listed only
        for data in (
            {"csrf_token": csrf, "channel": [channel, "email"], "confirm": confirm},
            {
                "csrf_token": csrf,
                "channel": [channel],
                "confirm": confirm[:-1] + ("1" if confirm.endswith("0") else "0"),
            },
            {"csrf_token": csrf, "channel": [channel]},
        ):
            again = self.open_page(url, data=data)
            self.assertEqual(again.status_code, 200)
            self.assertIn("Sim, parar estes lembretes", again.text)
            self.assertFalse(self.consents())
        # without the CSRF token, refused
        refused = self.open_page(url, data={"channel": [channel], "confirm": confirm})
        self.assertEqual(refused.status_code, 400)
        self.assertFalse(self.consents())
        done = self.open_page(
            url, data={"csrf_token": csrf, "channel": [channel], "confirm": confirm}
        )
        self.assertIn("você não receberá mais lembretes de cobrança por", done.text)
        self.assertEqual(
            {(c.channel, c.contact, c.status) for c in self.consents()},
            {(channel, "+5511987654321", "revoked"), (channel, "+551133334444", "revoked")},
        )


@tagged("post_install", "-at_install")
class TestOptOutPage(OptOutMixin, ConsentCommon, HttpCase):
    def consents(self):
        return self.Consent.search([("partner_id", "=", self.customer.id)])

    def test_email_carries_a_working_opt_out_link(self):
        move = self.post_at("2026-03-16")
        self.dispatch("2026-03-09 10:00")
        body = str(self.reminders(move)["D-5"].mail_message_id.body)
        self.assertIn("/cobranca/optout/", body)
        link = body.split('href="')[-1].split('"')[0]
        response = self.open_page(
            link[link.index("/cobranca/optout/") :],
            when=self.sp_time("2026-03-09 14:00"),
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("Parar os lembretes por", response.text)

    def test_opt_out_page_revokes_and_the_next_run_sends_nothing(self):
        move = self.post_at("2026-03-16")
        url = self.optout_url()
        response = self.submit(url, ["email", "whatsapp"])
        self.assertEqual(response.status_code, 200)
        self.assertIn("você não receberá mais lembretes", response.text)
        consents = self.consents()
        self.assertEqual(set(consents.mapped("channel")), {"email", "whatsapp"})
        self.assertEqual(set(consents.mapped("status")), {"revoked"})
        self.assertEqual(consents.event_ids.mapped("source"), ["portal", "portal"])
        self.assertTrue(all(consents.event_ids.mapped("ip_address")))
        self.dispatch("2026-03-09 10:00")
        self.assertEqual(self.reminders(move)["D-5"].skip_reason, "revoked")
        self.assertFalse(self.mails_of(move))

    def test_page_shows_the_first_name_and_masked_contacts_only(self):
        page = self.open_page(self.optout_url())
        self.assertEqual(page.status_code, 200)
        self.assertIn("Maria", page.text)
        self.assertIn("m***@e***.com", page.text)  # maria.souza@example.com
        self.assertIn("(11) 9****-4321", page.text)  # the mobile
        self.assertIn("(11) 3***-4444", page.text)  # the phone
        for hidden in (
            "Aparecida",
            "Souza",
            "maria.souza",
            "example.com",
            "98765",
            "3333",
        ):
            self.assertNotIn(hidden, page.text)

    def test_link_works_89_days_and_is_refused_at_91(self):
        url = self.optout_url()
        self.assertEqual(self.open_page(url, days_later(89)).status_code, 200)
        expired = self.open_page(url, days_later(91))
        self.assertEqual(expired.status_code, 400)
        self.assertIn("Link inválido ou expirado", expired.text)
        # a POST with the expired link (and a valid CSRF token) changes nothing
        fresh = self.optout_url(when=days_later(91))
        response = self.submit(url, ["email", "whatsapp"], days_later(91), csrf_from=fresh)
        self.assertEqual(response.status_code, 400)
        self.assertIn("Link inválido ou expirado", response.text)
        self.assertFalse(self.consents())
        # the same POST inside the validity revokes: only the expiry refused it
        self.submit(url, ["email"], days_later(89))
        self.assertEqual(self.consents().mapped("status"), ["revoked"])

    def test_validity_is_a_company_setting(self):
        self.assertEqual(self.company.cobranca_optout_validity_days, 90)
        self.company.cobranca_optout_validity_days = 30
        url = self.optout_url()
        self.assertEqual(self.open_page(url, days_later(29)).status_code, 200)
        self.assertEqual(self.open_page(url, days_later(31)).status_code, 400)
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.cobranca_optout_validity_days, 30)

    def test_revoking_asks_for_a_confirmation_listing_the_contacts(self):
        self.check_confirmation_lists_the_numbers("phone", "Por ligações")

    def test_forged_token_changes_nothing(self):
        url = self.optout_url()
        forged = url[:-4] + ("AAAA" if not url.endswith("AAAA") else "BBBB")
        for bad in (forged, "/cobranca/optout/not-a-token", "/cobranca/optout/AQ"):
            response = self.open_page(bad)
            self.assertEqual(response.status_code, 400)
            self.assertIn("Link inválido ou expirado", response.text)
        response = self.submit(forged, ["email", "whatsapp", "phone"], csrf_from=url)
        self.assertEqual(response.status_code, 400)
        self.assertIn("Link inválido ou expirado", response.text)
        self.assertFalse(self.consents())


@tagged("post_install", "-at_install")
class TestOptOutNumbers(OptOutMixin, WhatsappCommon):
    """The page offers and revokes what the dispatcher would use for the person."""

    A = "+5511987654321"  # the customer's mobile (WhatsApp consent in WhatsappCommon)
    B = "+5511988776655"  # a mobile kept in the billing contact's phone field
    LANDLINE = "+551133334444"  # the customer's phone

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.write({"is_company": True, "phone": "(11) 3333-4444"})
        cls.contact = cls.env["res.partner"].create(
            {
                "name": "Joana Financeiro",
                "parent_id": cls.customer.id,
                "type": "invoice",
                "phone": "(11) 98877-6655",
                "email": "joana@empresa.com.br",
            }
        )
        with freeze_time(CONSENTED):
            cls.env["cobranca.consent"]._cobranca_record(
                cls.contact,
                "whatsapp",
                cls.B,
                "granted",
                "consent",
                "form",
                evidence="Contrato",
            )

    def offered(self, channel):
        rows = self.env["cobranca.consent"]._optout_channels(self.contact, self.company)
        [row] = [row for row in rows if row["channel"] == channel]
        return [(partner, contact) for partner, contact, _masked, _revoked in row["contacts"]]

    def test_page_lists_the_numbers_and_emails_the_sender_would_use(self):
        move = self.post_at(partner=self.contact)
        d1 = self.reminders(move)["D-1"]
        Channel = self.env["cobranca.channel"]
        partners, number = Channel._get("whatsapp")._consent_contact(d1)
        self.assertEqual((partners[:1], number), (self.contact, self.B))
        self.assertEqual(Channel._get("email")._recipient(d1), self.contact)
        whatsapp = [(self.contact, self.B), (self.customer, self.A)]
        self.assertEqual(self.offered("whatsapp"), whatsapp)  # never the landline
        # calls: the same numbers, landline included
        self.assertEqual(self.offered("phone"), [*whatsapp, (self.customer, self.LANDLINE)])
        self.assertEqual(
            self.offered("email"),
            [
                (self.contact, "joana@empresa.com.br"),
                (self.customer, "maria.souza@example.com"),
            ],
        )
        page = self.open_page(self.optout_url(self.contact))
        self.assertIn("Joana", page.text)
        self.assertNotIn("Financeiro", page.text)
        for masked in (
            "(11) 9****-6655",
            "(11) 9****-4321",
            "j***@e***.com.br",
            "m***@e***.com",
        ):
            self.assertIn(masked, page.text)

    def test_stopping_whatsapp_on_the_page_stops_the_number_the_sender_uses(self):
        move = self.post_at(partner=self.contact)
        self.assertEqual(self.reminders(move)["D-1"].channel, "whatsapp")  # planned for B
        response = self.submit(self.optout_url(self.contact), ["whatsapp"])
        self.assertEqual(response.status_code, 200)
        consents = self.env["cobranca.consent"].search([("channel", "=", "whatsapp")])
        self.assertEqual(
            {(c.partner_id, c.contact): c.status for c in consents},
            {(self.contact, self.B): "revoked", (self.customer, self.A): "revoked"},
        )
        self.dispatch("2026-03-13 10:00")
        d1 = self.reminders(move)["D-1"]
        self.assertEqual((d1.state, d1.channel, d1.fallback_reason), ("sent", "email", "revoked"))
        self.assertFalse(self.server.log)  # nothing went to WhatsApp
        self.assertIn("já interrompido", self.open_page(self.optout_url(self.contact)).text)
