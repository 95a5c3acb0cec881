"""A/B variants of a step's template: a stable split by customer, the variant kept on
the reminder, the figures and the two-proportion test on a known data set."""

import math
from datetime import date, datetime

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.l10n_br_cobranca_preventiva.tests.common import CobrancaCommon

from ..tools import insight


@tagged("post_install", "-at_install")
class TestVariants(CobrancaCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.step = cls.regua_padrao.step_ids.filtered(lambda s: s.offset_days == -5)
        cls.template_b = cls.template_before_due.copy(
            {"name": "Lembrete B", "subject": "Variante B: sua fatura vence em breve"}
        )
        cls.variant_a, cls.variant_b = cls.env["cobranca.regua.step.variant"].create(
            [
                {
                    "step_id": cls.step.id,
                    "name": "A",
                    "weight": 50,
                    "mail_template_id": cls.template_before_due.id,
                },
                {
                    "step_id": cls.step.id,
                    "name": "B",
                    "weight": 50,
                    "mail_template_id": cls.template_b.id,
                },
            ]
        )
        cls.customers = cls.env["res.partner"].create(
            [{"name": f"Cliente {i:02d}", "email": f"cliente{i}@example.com"} for i in range(12)]
        )

    def expected_variant(self, partner):
        key = insight.variant_for(
            partner.id, self.step.id, [(self.variant_a.id, 50), (self.variant_b.id, 50)]
        )
        return self.env["cobranca.regua.step.variant"].browse(key)

    def test_each_customer_always_gets_its_variant_and_its_template(self):
        moves = [self.make_invoice("2026-03-16", partner=p) for p in self.customers]
        self.dispatch("2026-03-09 10:00")
        seen = set()
        for partner, move in zip(self.customers, moves, strict=True):
            reminder = self.reminders(move)["D-5"]
            variant = self.expected_variant(partner)
            self.assertEqual(reminder.state, "sent")
            self.assertEqual(reminder.variant_id, variant)
            subject = self.mails_of(move).subject
            if variant == self.variant_b:
                self.assertEqual(subject, "Variante B: sua fatura vence em breve")
            else:
                self.assertNotIn("Variante B", subject)
            seen.add(variant)
        self.assertEqual(seen, {self.variant_a, self.variant_b})  # both are used
        # the same customer's next invoice on this step gets the same variant
        partner = self.customers[0]
        later = self.make_invoice("2026-04-20", partner=partner)
        self.dispatch("2026-04-13 10:00")
        self.assertEqual(self.reminders(later)["D-5"].variant_id, self.expected_variant(partner))

    def test_a_variant_whose_template_was_deleted_gives_way_to_the_others(self):
        self.template_b.unlink()
        self.assertFalse(self.variant_b.mail_template_id)
        move = self.make_invoice("2026-03-16", partner=self.customers[1])
        self.dispatch("2026-03-09 10:00")
        reminder = self.reminders(move)["D-5"]
        self.assertEqual(reminder.state, "sent")
        self.assertEqual(reminder.variant_id, self.variant_a)

    def sent_with(self, variant, partner, paid_after_days):
        """A D-5 reminder sent with ``variant`` on 11/02; the invoice (due 16/02) is
        paid ``paid_after_days`` after it, or not at all."""
        move = self.make_invoice("2026-02-16", partner=partner)
        reminder = self.reminders(move)["D-5"]
        self.env["cobranca.reminder"]._set_states(
            {
                reminder.id: {
                    "state": "sent",
                    "skip_reason": None,
                    "sent_date": datetime(2026, 2, 11, 13, 0),
                    "variant_id": variant.id,
                }
            }
        )
        if paid_after_days is not None:
            self.pay(move, day=date(2026, 2, 11 + paid_after_days))
        return reminder

    def test_figures_p_value_and_winner_on_a_known_data_set(self):
        # A: 10 sent, paid 0, 1, 2, 3, 4, 5, 0, 1 days after, 2 unpaid;
        # B: 10 sent, paid 2, 4, 4 days after, 7 unpaid
        a = [0, 1, 2, 3, 4, 5, 0, 1, None, None]
        b = [2, 4, 4, None, None, None, None, None, None, None]
        for i, days in enumerate(a):
            self.sent_with(self.variant_a, self.customers[i], days)
        for i, days in enumerate(b):
            self.sent_with(self.variant_b, self.customers[i], days)
        self.env.invalidate_all()
        A, B = self.variant_a, self.variant_b
        self.assertEqual((A.sent_count, B.sent_count), (10, 10))
        # within 3 days: A 0,1,2,3,0,1 → 6; B: 2 → 1
        self.assertEqual((A.paid_3d_rate, B.paid_3d_rate), (60.0, 10.0))
        # by the due date (16/02 = 11/02 + 5): A 0..5,0,1 → 8; B 2,4,4 → 3
        self.assertEqual((A.paid_by_due_rate, B.paid_by_due_rate), (80.0, 30.0))
        # pooled z-test by hand: p = 7/20, se = √(p(1−p)(1/10 + 1/10))
        pooled = 7 / 20
        z = (0.6 - 0.1) / math.sqrt(pooled * (1 - pooled) * 0.2)
        p_value = math.erfc(abs(z) / math.sqrt(2))
        self.assertAlmostEqual(A.p_value, p_value, places=4)  # shown with 4 digits
        self.assertAlmostEqual(B.p_value, p_value, places=4)
        self.assertLess(p_value, 0.05)
        self.assertTrue(A.is_significant)
        self.step.action_cobranca_promote_winner()
        self.assertEqual((A.weight, B.weight), (100, 0))

    def test_no_winner_is_promoted_while_the_difference_does_not_hold(self):
        for i, days in enumerate([1, 2, None, None, None]):
            self.sent_with(self.variant_a, self.customers[i], days)
        for i, days in enumerate([1, None, None, None, None]):
            self.sent_with(self.variant_b, self.customers[5 + i], days)
        self.env.invalidate_all()
        self.assertGreater(self.variant_a.p_value, 0.05)
        self.assertFalse(self.variant_a.is_significant)
        with self.assertRaises(UserError):
            self.step.action_cobranca_promote_winner()
        self.assertEqual((self.variant_a.weight, self.variant_b.weight), (50, 50))

    def test_a_clerk_cannot_promote_a_winner_nor_change_weights(self):
        clerk = new_test_user(
            self.env,
            login="variant_clerk",
            groups="account.group_account_invoice",
            company_id=self.company.id,
            company_ids=[(6, 0, self.company.ids)],
        )
        for i, days in enumerate([0, 1, 0, 1, 2, 0, 1, 2, 0, 1]):
            self.sent_with(self.variant_a, self.customers[i], days)
        for i in range(10):
            self.sent_with(self.variant_b, self.customers[i], None)
        self.env.invalidate_all()
        with self.assertRaises(AccessError):
            self.step.with_user(clerk).action_cobranca_promote_winner()
        with self.assertRaises(AccessError):
            self.variant_b.with_user(clerk).weight = 100
        self.assertEqual((self.variant_a.weight, self.variant_b.weight), (50, 50))
