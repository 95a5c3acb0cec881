"""The send hour learned per customer, and the dispatcher sending at it."""

from datetime import datetime, timedelta

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from odoo.addons.l10n_br_cobranca_preventiva.tests.common import CobrancaCommon


@tagged("post_install", "-at_install")
class TestSendHour(CobrancaCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.cobranca_send_hour_default = 9
        Partner = cls.env["res.partner"]
        rio = {
            "country_id": cls.env.ref("base.br").id,
            "state_id": cls.env.ref("base.state_br_rj").id,
        }
        cls.afternoon = Partner.create({"name": "Lúcia Tarde", "email": "lucia@example.com", **rio})
        cls.night = Partner.create({"name": "Noé Noite", "email": "noe@example.com"})
        cls.few = Partner.create({"name": "Paulo Pouco", "email": "paulo@example.com"})
        # reads in local time (São Paulo and Rio are UTC-3): 15:00–15:50 for Lúcia,
        # 22:00–22:50 for Noé (outside the window), only three for Paulo
        cls.read_at(cls.afternoon, [f"15:{m:02d}" for m in (0, 10, 20, 30, 40, 50)])
        cls.read_at(cls.night, [f"22:{m:02d}" for m in (0, 10, 20, 30, 40, 50)])
        cls.read_at(cls.few, ["16:00", "16:10", "16:20"])
        cls.env["cobranca.ranking"]._rank(cls.company, (cls.afternoon | cls.night | cls.few).ids)

    @classmethod
    def read_at(cls, partner, local_times):
        reminders = cls.env["cobranca.reminder"]
        for i in range(len(local_times)):
            move = cls.make_invoice(f"2026-01-{5 + i:02d}", partner=partner)
            reminders |= move.cobranca_reminder_ids[:1]
        hour, minute = zip(*(map(int, t.split(":")) for t in local_times), strict=True)
        cls.env["cobranca.reminder"]._set_states(
            {
                reminder.id: {
                    "state": "read",
                    "skip_reason": None,
                    "read_date": datetime(2026, 1, 5 + i, h, m) + timedelta(hours=3),
                }
                for i, (reminder, h, m) in enumerate(zip(reminders, hour, minute, strict=True))
            }
        )

    def test_the_hour_is_learned_from_reads_and_kept_in_the_window(self):
        self.assertEqual(self.afternoon.cobranca_send_hour, 15)
        self.assertEqual(self.afternoon.cobranca_send_hour_events, 6)
        # 22:00 is after the São Paulo window (08:00–20:00): its last hour
        self.assertEqual(self.night.cobranca_send_hour, 19)
        # three events are too few: the company's default applies
        self.assertFalse(self.few.cobranca_send_hour)
        self.assertEqual(self.few.cobranca_send_hour_events, 3)

    def test_a_reminder_due_today_goes_at_the_learned_hour(self):
        move = self.make_invoice("2026-03-16", partner=self.afternoon)
        reminder = self.reminders(move)["D-5"]
        self.assertEqual(reminder.scheduled_date.isoformat(), "2026-03-09")
        self.dispatch("2026-03-09 10:00")
        self.assertEqual(reminder.state, "scheduled")
        self.dispatch("2026-03-09 14:59")
        self.assertEqual(reminder.state, "scheduled")
        self.dispatch("2026-03-09 15:00")
        self.assertEqual(reminder.state, "sent")

    def test_without_history_the_default_hour_applies(self):
        move = self.make_invoice("2026-03-16", partner=self.few)
        reminder = self.reminders(move)["D-5"]
        self.dispatch("2026-03-09 08:30")
        self.assertEqual(reminder.state, "scheduled")
        self.dispatch("2026-03-09 09:00")
        self.assertEqual(reminder.state, "sent")

    def test_a_reminder_left_from_an_earlier_day_goes_when_the_window_opens(self):
        move = self.make_invoice("2026-03-16", partner=self.afternoon)
        reminder = self.reminders(move)["D-5"]
        self.dispatch("2026-03-10 08:59")  # Rio's law: 09:00
        self.assertEqual(reminder.state, "scheduled")
        self.dispatch("2026-03-10 09:00")
        self.assertEqual(reminder.state, "sent")

    def test_only_recent_reads_of_reminders_not_erased_teach_the_hour(self):
        """The profile (LGPD art. 12 §2) follows its data: reads older than the
        look-back period, or of reminders whose contents were erased, no longer count."""
        reminders = self.env["cobranca.reminder"].search(
            [("commercial_partner_id", "=", self.afternoon.id), ("state", "=", "read")]
        )
        self.env["cobranca.privacy"]._erase_reminders(reminders[:2], "Apagado")
        self.env["cobranca.ranking"]._rank(self.company, self.afternoon.ids)
        self.assertEqual(self.afternoon.cobranca_send_hour_events, 4)
        self.assertFalse(self.afternoon.cobranca_send_hour)
        self.company.cobranca_rank_lookback_days = 30  # the reads were in January
        self.env["cobranca.ranking"]._rank(self.company, self.night.ids)
        self.assertEqual(self.night.cobranca_send_hour_events, 0)
        self.assertFalse(self.night.cobranca_send_hour)

    def test_the_default_hour_is_an_hour_of_the_day(self):
        with self.assertRaises(ValidationError):
            self.company.cobranca_send_hour_default = 24
