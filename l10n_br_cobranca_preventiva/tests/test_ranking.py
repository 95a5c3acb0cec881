from datetime import date, timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from .common import CobrancaCommon

TODAY = "2026-06-15 12:00:00"


@tagged("post_install", "-at_install")
class TestRanking(CobrancaCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.collector = cls.env["res.users"].create(
            {
                "name": "Cobrador Ivo",
                "login": "ivo.cobranca",
                "email": "ivo@example.com",
            }
        )
        cls.company.cobranca_responsible_id = cls.collector

    def customer_paying(self, name, delays, dues=None, amount=1000.0, **vals):
        """A customer whose invoices were paid ``delays`` days after their due dates."""
        partner = self.env["res.partner"].create({"name": name, "email": "x@example.com"})
        # Tuesdays from 03/03/2026, all business days (no Carnaval, no holiday)
        dues = dues or [date(2026, 3, 3) + timedelta(weeks=2 * i) for i in range(len(delays))]
        for due, delay in zip(dues, delays, strict=True):
            move = self.paid_invoice(partner, due, delay, amount, **vals)
            self.assertEqual(move.payment_state, "paid")
        return partner

    def paid_invoice(self, partner, due, delay, amount=1000.0, **vals):
        with freeze_time(due - timedelta(days=30)):
            move = self.make_invoice(
                due,
                partner=partner,
                invoice_date=due - timedelta(days=30),
                post=False,
                **vals,
            )
            move.invoice_line_ids.price_unit = amount
            move.action_post()
        with freeze_time(due + timedelta(days=max(delay, 0))):
            self.pay(move, day=due + timedelta(days=delay))
        return move

    def rank(self, *partners):
        with freeze_time(TODAY):
            self.env["cobranca.ranking"]._rank(
                self.company, [p.commercial_partner_id.id for p in partners]
            )
        for partner in partners:
            partner.invalidate_recordset()

    # -------------------------------------------------------- known answers
    def test_histories_with_known_answers(self):
        on_time = self.customer_paying("Pontual", [0, 0, -3])
        late5 = self.customer_paying("Cinco dias", [5, 5, 5])
        late40 = self.customer_paying("Quarenta dias", [40, 40, 40])
        mixed = self.customer_paying("Misto", [0, 20, 20])
        few = self.customer_paying("Novo", [0, 0])
        self.rank(on_time, late5, late40, mixed, few)
        expected = {
            on_time: ("a", 100, 0.0, 1.0),
            late5: ("b", 47, 5.0, 0.0),
            late40: ("d", 23, 40.0, 0.0),
            mixed: ("c", 58, 40 / 3, 1 / 3),
            few: ("new", 100, 0.0, 1.0),
        }
        for partner, (klass, score, avg, rate) in expected.items():
            with self.subTest(partner=partner.name):
                self.assertEqual(partner.cobranca_class, klass)
                self.assertEqual(partner.cobranca_score, score)
                self.assertAlmostEqual(partner.cobranca_avg_days_late, avg, places=2)
                self.assertAlmostEqual(partner.cobranca_on_time_rate, rate, places=2)
                self.assertEqual(partner.cobranca_ranking_date, date(2026, 6, 15))
        self.assertEqual(late5.cobranca_paid_count, 3)
        self.assertEqual(late5.cobranca_usual_delay, 5)

    def test_average_is_weighted_by_amount(self):
        partner = self.env["res.partner"].create({"name": "Pesos"})
        self.paid_invoice(partner, date(2026, 2, 2), 0, amount=1000)
        self.paid_invoice(partner, date(2026, 3, 2), 30)
        self.paid_invoice(partner, date(2026, 4, 1), 0)
        self.rank(partner)
        # three invoices of the same amount: (0 + 30 + 0) / 3
        self.assertAlmostEqual(partner.cobranca_avg_days_late, 10.0, places=2)
        heavy = self.env["res.partner"].create({"name": "Pesado"})
        self.paid_invoice(heavy, date(2026, 2, 2), 0, amount=100)
        self.paid_invoice(heavy, date(2026, 3, 2), 30, amount=900)
        self.rank(heavy)
        self.assertAlmostEqual(heavy.cobranca_avg_days_late, 27.0, places=2)  # 0.1*0 + 0.9*30

    def test_saturday_due_date_paid_on_monday_is_on_time(self):
        # due Saturday 14/03/2026, payable until Monday 16/03
        partner = self.customer_paying(
            "Sábado",
            [2, 2, 2],
            dues=[date(2026, 3, 14), date(2026, 3, 21), date(2026, 3, 28)],
        )
        self.rank(partner)
        self.assertEqual(partner.cobranca_avg_days_late, 0)
        self.assertEqual(partner.cobranca_class, "a")

    def test_pinned_class_is_kept(self):
        partner = self.customer_paying("Fixado", [40, 40, 40])
        partner.cobranca_class_manual = "a"
        self.rank(partner)
        self.assertEqual(partner.cobranca_class, "a")
        self.assertEqual(partner.cobranca_avg_days_late, 40)  # the figures are still computed

    def test_open_overdue_makes_chronic_and_counts(self):
        partner = self.customer_paying("Em atraso", [0, 0, 0])
        with freeze_time("2026-04-01"):
            self.make_invoice("2026-05-04", partner=partner, invoice_date=date(2026, 4, 1))
        self.rank(partner)  # 15/06: 42 days past 04/05
        self.assertEqual(partner.cobranca_class, "d")
        self.assertEqual(partner.cobranca_overdue_amount, 1000.0)

    def test_the_overdue_amount_is_shown_in_the_current_company_s_currency(self):
        """The customer's Collection tab shows the overdue amount as money (R$), in
        the currency of the company it was ranked for (account's partner currency)."""
        partner = self.env["res.partner"].create({"name": "Moeda"})
        self.assertEqual(partner.currency_id.name, "BRL")
        usd = self.env.ref("base.USD")
        other = self.setup_other_company(name="Exporter Inc", currency_id=usd.id)["company"]
        self.assertEqual(partner.with_company(other).currency_id, usd)
        form = self.env["res.partner"].get_view(
            self.env.ref("l10n_br_cobranca_preventiva.view_partner_form_cobranca").inherit_id.id
        )["arch"]
        self.assertRegex(
            form,
            r'<field name="cobranca_overdue_amount" widget="monetary" '
            r"options=\"\{'currency_field': 'currency_id'\}\"",
        )

    # ------------------------------------------------------------- bad input
    def test_only_credit_notes_is_new(self):
        partner = self.env["res.partner"].create({"name": "Só notas de crédito"})
        self.make_invoice("2026-03-02", partner=partner, move_type="out_refund")
        self.rank(partner)
        self.assertEqual(partner.cobranca_class, "new")
        self.assertEqual(partner.cobranca_paid_count, 0)

    def test_partial_and_reversed_payments_are_not_paid(self):
        partner = self.customer_paying("Parcial", [0, 0, 0])
        with freeze_time("2026-03-01"):
            partial = self.make_invoice(
                "2026-03-02", partner=partner, invoice_date=date(2026, 3, 1)
            )
            self.pay(partial, amount=400, day=date(2026, 3, 2))
            reverted = self.make_invoice(
                "2026-03-02", partner=partner, invoice_date=date(2026, 3, 1)
            )
            payment = self.pay(reverted, day=date(2026, 3, 2))
            payment.move_id.line_ids.remove_move_reconcile()
        self.rank(partner)
        self.assertEqual(partner.cobranca_paid_count, 3)
        self.assertEqual(partner.cobranca_overdue_amount, 600.0 + 1000.0)

    def test_invoice_cancelled_by_credit_note_is_not_a_payment(self):
        partner = self.customer_paying("Estorno", [0, 0, 0])
        with freeze_time("2026-03-01"):
            move = self.make_invoice("2026-03-02", partner=partner, invoice_date=date(2026, 3, 1))
            move._reverse_moves([{"date": date(2026, 3, 20)}], cancel=True)
        self.assertEqual(move.payment_state, "reversed")
        self.rank(partner)
        self.assertEqual(partner.cobranca_paid_count, 3)

    def test_foreign_currency_invoices_count_in_company_currency(self):
        usd = self.setup_other_currency("USD")
        partner = self.customer_paying("Importadora", [10, 10, 10], currency_id=usd.id)
        self.rank(partner)
        self.assertEqual(partner.cobranca_paid_count, 3)
        self.assertEqual(partner.cobranca_avg_days_late, 10)

    def test_merged_customer_brings_its_history(self):
        source = self.customer_paying("Origem", [40, 40])
        target = self.customer_paying("Destino", [40])
        wizard = self.env["base.partner.merge.automatic.wizard"].create({})
        wizard._merge((source | target).ids, target)
        self.rank(target)
        self.assertEqual(target.cobranca_paid_count, 3)
        self.assertEqual(target.cobranca_class, "d")

    def test_cron_ranks_in_batches_and_survives_odd_customers(self):
        partners = [self.customer_paying(f"Lote {i}", [i, i, i]) for i in range(3)]
        Partner = self.env["res.partner"]
        # customers whose data is odd: they are ranked too, and stop nothing
        archived = self.customer_paying("Arquivado", [3, 3, 3])
        archived.active = False
        only_open = Partner.create({"name": "Só em aberto"})
        with freeze_time("2026-05-01"):
            self.make_invoice("2026-05-20", partner=only_open, invoice_date=date(2026, 5, 1))
        no_due = Partner.create({"name": "Sem vencimento"})
        with freeze_time("2026-05-01"):
            self.make_invoice("2026-05-20", partner=no_due, invoice_date=date(2026, 5, 1))
        self.env.cr.execute(
            "UPDATE account_move SET cobranca_due_date = NULL WHERE commercial_partner_id = %s",
            [no_due.id],
        )
        self.env.invalidate_all()
        usd = self.setup_other_currency("USD", rates=[("2026-01-01", 0.2)])
        foreign = self.customer_paying("Estrangeiro", [1, 1, 1], currency_id=usd.id)
        odd = [archived, only_open, no_due, foreign]
        with freeze_time(TODAY):
            for _run in range(5):
                Partner._cron_cobranca_ranking(batch_size=2)
            left = self.env["cobranca.ranking"]._to_rank(self.company)
        self.assertEqual(left, [])
        for partner in partners + odd:
            partner.invalidate_recordset()
            self.assertEqual(partner.cobranca_ranking_date, date(2026, 6, 15), partner.name)
        self.assertEqual(only_open.cobranca_class, "new")
        self.assertEqual(foreign.cobranca_paid_count, 3)

    # ----------------------------------------------------------- boundaries
    def test_average_exactly_at_the_chronic_threshold_is_chronic(self):
        at = self.customer_paying("Trinta dias", [30, 30, 30])
        below = self.customer_paying("Vinte e nove dias", [29, 29, 29])
        self.rank(at, below)
        self.assertEqual((at.cobranca_avg_days_late, at.cobranca_class), (30.0, "d"))
        self.assertEqual((below.cobranca_avg_days_late, below.cobranca_class), (29.0, "c"))

    def test_open_invoice_exactly_at_the_early_warning_limit(self):
        # usually 4 days late: the limit is 4 + 10 = 14 days overdue (TODAY is 15/06)
        at_limit = self.customer_paying("No limite", [4, 4, 4])
        below = self.customer_paying("Abaixo do limite", [4, 4, 4])
        with freeze_time("2026-05-01"):
            self.make_invoice("2026-06-01", partner=at_limit, invoice_date=date(2026, 5, 1))
            self.make_invoice("2026-06-02", partner=below, invoice_date=date(2026, 5, 1))
        self.rank(at_limit, below)
        self.assertEqual(at_limit.cobranca_usual_delay, 4.0)
        self.assertTrue(at_limit.cobranca_early_warning)
        self.assertIn("14", at_limit.cobranca_early_warning_reason)
        self.assertFalse(below.cobranca_early_warning)

    def test_an_early_payment_counts_as_on_time_not_as_credit(self):
        # paid 20 days early, then twice 10 days late: early counts 0, not -20
        partner = self.customer_paying("Adiantado", [-20, 10, 10])
        self.rank(partner)
        self.assertAlmostEqual(partner.cobranca_avg_days_late, 20 / 3, places=1)
        self.assertAlmostEqual(partner.cobranca_on_time_rate, 1 / 3, places=2)
        self.assertEqual(partner.cobranca_score, 62)  # 100 × (0.5/3 + 0.4 × (1 − 6.67/60) + 0.1)
        self.assertEqual(partner.cobranca_class, "b")

    # ----------------------------------------------------- early warning
    def test_early_warning_raised_once_and_cleared(self):
        partner = self.customer_paying("Atrasou mais", [15, 15, 15, 25])
        self.rank(partner)
        self.assertTrue(partner.cobranca_early_warning)
        self.assertIn("25", partner.cobranca_early_warning_reason)
        activities = self.env["mail.activity"].search(
            [("res_model", "=", "res.partner"), ("res_id", "=", partner.id)]
        )
        self.assertEqual(len(activities), 1)
        self.assertEqual(activities.user_id, self.collector)
        # ranking again does not warn twice
        self.rank(partner)
        self.assertEqual(
            self.env["mail.activity"].search_count(
                [("res_model", "=", "res.partner"), ("res_id", "=", partner.id)]
            ),
            1,
        )
        # the next invoice is paid as usual: the flag clears
        self.paid_invoice(partner, date(2026, 5, 4), 15)
        self.rank(partner)
        self.assertFalse(partner.cobranca_early_warning)

    def test_early_warning_moves_invoices_to_a_stricter_ladder(self):
        partner = self.customer_paying("Bom pagador", [0, 0, 0, 0])
        self.rank(partner)
        self.assertEqual(partner.cobranca_class, "a")
        with freeze_time("2026-06-01"):
            move = self.make_invoice("2026-06-22", partner=partner, invoice_date=date(2026, 6, 1))
        self.assertEqual(move.cobranca_regua_id, self.regua_discreta)
        # an open invoice 12 days overdue where the customer usually pays on time
        with freeze_time("2026-05-01"):
            late = self.make_invoice("2026-06-03", partner=partner, invoice_date=date(2026, 5, 1))
        with freeze_time(TODAY):
            self.assertEqual((late.payment_state, late.cobranca_days_to_due), ("not_paid", -12))
        self.rank(partner)
        self.assertTrue(partner.cobranca_early_warning)
        self.assertEqual(partner.cobranca_class, "a")
        self.assertEqual(move.cobranca_regua_id, self.regua_padrao)  # class b's ladder
        self.assertTrue(move.cobranca_early_warning)

    def test_a_class_pinned_after_review_is_not_made_worse_by_the_early_warning(self):
        """LGPD art. 20: a person reviewed the case and pinned the class; the automated
        warning is still shown, but the ladder stays the pinned class's."""
        partner = self.customer_paying("Revisado", [0, 0, 0, 0])
        with freeze_time("2026-06-01"):
            move = self.make_invoice("2026-06-22", partner=partner, invoice_date=date(2026, 6, 1))
        with freeze_time("2026-05-01"):
            self.make_invoice("2026-06-03", partner=partner, invoice_date=date(2026, 5, 1))
        self.rank(partner)
        self.assertTrue(partner.cobranca_early_warning)
        self.assertEqual(move.cobranca_regua_id, self.regua_padrao)  # class b's ladder
        with freeze_time(TODAY):
            partner.cobranca_class_manual = "a"
        self.assertEqual(move.cobranca_regua_id, self.regua_discreta)
        self.assertEqual(
            move.cobranca_reminder_ids.filtered(lambda r: r.state == "scheduled").regua_id,
            self.regua_discreta,
        )
        self.rank(partner)  # the daily ranking keeps the warning and the pinned ladder
        self.assertTrue(partner.cobranca_early_warning)
        self.assertEqual(
            (partner.cobranca_class, move.cobranca_regua_id), ("a", self.regua_discreta)
        )

    # ------------------------------------------------ class → ladder, re-plan
    def test_class_change_replans_pending_reminders(self):
        partner = self.customer_paying("Pontual novo", [0, 0, 0])
        with freeze_time("2026-06-10"):
            move = self.make_invoice("2026-06-30", partner=partner, invoice_date=date(2026, 6, 10))
        self.assertEqual(move.cobranca_regua_id, self.regua_padrao)  # still "new"
        sent = move.cobranca_reminder_ids.filtered(lambda r: r.step_name == "D-5")
        self.env.cr.execute("UPDATE cobranca_reminder SET state = 'sent' WHERE id = %s", [sent.id])
        self.env.invalidate_all()
        self.rank(partner)
        self.assertEqual(partner.cobranca_class, "a")
        self.assertEqual(move.cobranca_regua_id, self.regua_discreta)
        by_step = {(r.regua_id, r.step_name): r.state for r in move.cobranca_reminder_ids}
        self.assertEqual(by_step[(self.regua_padrao, "D-5")], "sent")
        self.assertEqual(by_step[(self.regua_padrao, "D0")], "cancelled")
        self.assertEqual(by_step[(self.regua_discreta, "D-3")], "scheduled")

    def test_class_ladders_per_company_setting(self):
        self.assertEqual(self.company.cobranca_regua_a_id, self.regua_discreta)
        self.assertEqual(self.company.cobranca_regua_b_id, self.regua_padrao)
        self.assertEqual(self.company.cobranca_regua_new_id, self.regua_padrao)
        self.assertEqual(self.company.cobranca_regua_c_id, self.regua_intensiva)
        self.assertEqual(self.company.cobranca_regua_d_id, self.regua_intensiva)
        partner = self.customer_paying("Crônico", [40, 40, 40])
        self.rank(partner)
        with freeze_time("2026-06-10"):
            move = self.make_invoice("2026-06-30", partner=partner, invoice_date=date(2026, 6, 10))
        self.assertEqual(move.cobranca_regua_id, self.regua_intensiva)
        # the customer's own ladder wins over its class
        partner.cobranca_regua_id = self.regua_discreta
        self.assertEqual(move.cobranca_regua_id, self.regua_discreta)

    def test_report_and_buttons(self):
        good = self.customer_paying("Ótimo", [0, 0, 0])
        bad = self.customer_paying("Ruim", [40, 40, 40])
        with freeze_time(TODAY):
            good.action_cobranca_rank()
            bad.action_cobranca_rank()
        report = self.env["cobranca.ranking.report"].search(
            [
                ("partner_id", "in", (good | bad).ids),
                ("company_id", "=", self.company.id),
            ]
        )
        self.assertEqual({r.partner_id: r.payer_class for r in report}, {good: "a", bad: "d"})
        groups = self.env["cobranca.ranking.report"]._read_group(
            [("partner_id", "in", (good | bad).ids)],
            ["payer_class"],
            ["customer_count:sum"],
        )
        self.assertEqual(dict(groups), {"a": 1, "d": 1})
        best = self.env["cobranca.ranking.report"].search(
            [("partner_id", "in", (good | bad).ids), ("payer_class", "in", ("a", "b"))]
        )
        self.assertEqual(best.partner_id, good)
        settings = self.env["res.config.settings"].create({})
        settings.action_cobranca_rank_all()
        self.assertIn(good.id, self.env["cobranca.ranking"]._to_rank(self.company))

    def test_payments_without_journal_entry_count(self):
        # Odoo 18: a payment method without outstanding account makes no entry
        self.inbound_payment_method_line.payment_account_id = False
        partner = self.customer_paying("Sem lançamento", [3, 3, 3])
        invoices = self.env["account.move"].search([("partner_id", "=", partner.id)])
        self.assertTrue(invoices.matched_payment_ids)
        self.assertFalse(invoices.line_ids.matched_credit_ids)  # nothing reconciled
        self.rank(partner)
        self.assertEqual(partner.cobranca_paid_count, 3)
        self.assertEqual(partner.cobranca_avg_days_late, 3)

    def test_pinning_a_class_applies_at_once(self):
        partner = self.customer_paying("Fixar já", [40, 40, 40])
        self.rank(partner)
        with freeze_time("2026-06-10"):
            move = self.make_invoice("2026-06-30", partner=partner, invoice_date=date(2026, 6, 10))
        self.assertEqual(move.cobranca_regua_id, self.regua_intensiva)
        with freeze_time(TODAY):
            partner.cobranca_class_manual = "a"
        self.assertEqual(partner.cobranca_class, "a")
        self.assertEqual(move.cobranca_regua_id, self.regua_discreta)
        self.assertEqual(
            set(move.cobranca_reminder_ids.filtered("regua_id").mapped("regua_id.name")),
            {self.regua_discreta.name, self.regua_intensiva.name},
        )
        with freeze_time(TODAY):
            partner.cobranca_class_manual = False
        self.assertEqual(partner.cobranca_class, "d")
