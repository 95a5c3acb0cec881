"""Each collection rule is written once, as a Python predicate and its SQL twin
(``models/cobranca_rules.py``, the debtor's place in ``models/cobranca_place.py``):
both must say the same on the same records, case by case."""

from datetime import date

from odoo import Command
from odoo.tests import tagged
from odoo.tools import SQL

from odoo.addons.l10n_br_cobranca_preventiva.models import cobranca_place as places
from odoo.addons.l10n_br_cobranca_preventiva.models import cobranca_rules as rules

from .common import CobrancaCommon


def sql_values(env, expression, moves):
    """{invoice id: the SQL ``expression`` on ``m``} of these invoices."""
    env.flush_all()
    rows = env.execute_query(
        SQL("SELECT m.id, %s FROM account_move m WHERE m.id = ANY(%s)", expression, moves.ids)
    )
    return dict(rows)


@tagged("post_install", "-at_install")
class TestRuleAgreement(CobrancaCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.case = {}
        cls.case["draft"] = cls.make_invoice("2026-03-16", post=False)
        cls.case["cancelled"] = cls.make_invoice("2026-03-16", post=False)
        cls.case["cancelled"].button_cancel()
        cls.case["not_paid"] = cls.make_invoice("2026-03-16")
        cls.case["partial"] = cls.make_invoice("2026-03-16")
        cls.case["paid_by_entry"] = cls.make_invoice("2026-03-16")
        cls.case["in_payment"] = cls.make_invoice("2026-03-16")
        cls.case["blocked"] = cls.make_invoice("2026-03-16")
        cls.case["blocked"].action_toggle_block_payment()
        cls.case["reversed"] = cls.make_invoice("2026-03-16")
        cls.case["reversed"]._reverse_moves(cancel=True)
        cls.case["credit_note"] = cls.make_invoice("2026-03-16", move_type="out_refund")
        cls.case["zero"] = cls.make_invoice(
            "2026-03-16",
            invoice_line_ids=[Command.create({"name": "Brinde", "price_unit": 0.0, "tax_ids": []})],
        )
        cls.pay(cls, cls.case["partial"], amount=400)
        cls.pay(cls, cls.case["paid_by_entry"])
        cls.pay(cls, cls.case["in_payment"])
        # paid, its payment not yet matched with the bank: what Odoo's accountant
        # module calls "in payment" (``_get_invoice_in_payment_state``)
        cls.env.flush_all()
        cls.env.execute_query(
            SQL(
                "UPDATE account_move SET payment_state = 'in_payment' WHERE id = %s",
                cls.case["in_payment"].id,
            )
        )
        cls.env.invalidate_all()
        # Odoo 18's default: payments without a journal entry, "paid" for any amount
        method_line = cls.inbound_payment_method_line
        account, method_line.payment_account_id = method_line.payment_account_id, False
        cls.case["paid"] = cls.make_invoice("2026-03-16")
        cls.case["paid_in_part"] = cls.make_invoice("2026-03-16")
        cls.pay(cls, cls.case["paid"])
        cls.pay(cls, cls.case["paid_in_part"], amount=400)
        method_line.payment_account_id = account
        cls.moves = cls.env["account.move"].union(*cls.case.values())

    # ----------------------------------------------------------------- helpers
    def sql_ids(self, condition, alias="m"):
        """The cases that ``condition`` (SQL on ``alias``, or on bare columns) holds for."""
        self.env.flush_all()
        table = SQL("account_move %s", SQL.identifier(alias)) if alias else SQL("account_move")
        rows = self.env.execute_query(
            SQL("SELECT id FROM %s WHERE id = ANY(%s) AND %s", table, self.moves.ids, condition)
        )
        return {row[0] for row in rows}

    def names(self, ids):
        return {name for name, move in self.case.items() if move.id in ids}

    def assert_agree(self, predicate, sql, expected):
        """Python, SQL on ``m`` and SQL on bare columns pick the same cases, these."""
        python = {move.id for move in self.moves if predicate(move)}
        self.assertEqual(self.names(python), expected)
        self.assertEqual(self.names(self.sql_ids(sql("m"))), expected, "SQL twin (alias m)")
        self.assertEqual(self.names(self.sql_ids(sql(None), alias=None)), expected, "no alias")

    # ------------------------------------------------------------------- cases
    def test_the_cases_cover_every_payment_state(self):
        states = {name: move.payment_state for name, move in self.case.items()}
        for name in ("not_paid", "partial", "in_payment", "paid", "reversed", "blocked"):
            self.assertEqual(states[name], name)
        self.assertEqual(states["paid_by_entry"], "paid")
        # Odoo calls it paid; 600 is still due
        self.assertEqual(states["paid_in_part"], "paid")
        self.assertEqual(self.case["paid_in_part"].cobranca_amount_due, 600)
        self.assertEqual(self.case["partial"].cobranca_amount_due, 600)
        self.assertEqual(self.case["zero"].cobranca_amount_due, 0)

    # ------------------------------------------------------------------- rules
    def test_posted_invoice_agrees(self):
        expected = set(self.case) - {"draft", "cancelled", "credit_note"}
        self.assert_agree(rules.is_posted_invoice, rules.posted_invoice_sql, expected)
        found = self.moves.search([("id", "in", self.moves.ids), *rules.POSTED_INVOICE_DOMAIN])
        self.assertEqual(self.names(set(found.ids)), expected, "domain")

    def test_collected_invoice_agrees(self):
        expected = set(self.case) - {"draft", "cancelled", "credit_note", "blocked", "reversed"}
        self.assert_agree(rules.is_collected_invoice, rules.collected_invoice_sql, expected)

    def test_open_invoice_agrees(self):
        expected = {"not_paid", "partial", "paid_in_part"}
        self.assert_agree(rules.is_open_invoice, rules.open_invoice_sql, expected)
        found = self.moves.search([("id", "in", self.moves.ids), *rules.OPEN_INVOICE_DOMAIN])
        self.assertEqual(self.names(set(found.ids)), expected, "domain")
        self.assertEqual(self.names({m.id for m in self.moves if m._cobranca_is_open()}), expected)

    def test_settled_invoice_agrees(self):
        expected = {"paid_by_entry", "in_payment", "paid", "zero"}
        self.assert_agree(rules.is_settled_invoice, rules.settled_invoice_sql, expected)

    def test_odoo_closed_agrees(self):
        expected = {"paid_by_entry", "in_payment", "paid", "paid_in_part", "zero", "reversed"}
        self.assert_agree(rules.is_odoo_closed, rules.odoo_closed_sql, expected)

    def test_closed_reason_agrees(self):
        python = {move.id: rules.closed_reason(move) for move in self.moves}
        self.assertEqual(python, sql_values(self.env, rules.closed_reason_sql(), self.moves))
        by_name = {name: python[move.id] for name, move in self.case.items()}
        self.assertEqual(
            {n: by_name[n] for n in ("draft", "cancelled", "not_paid", "reversed", "paid")},
            {
                "draft": "invoice_draft",
                "cancelled": "invoice_cancelled",
                "not_paid": None,
                "reversed": "invoice_reversed",
                "paid": "paid",
            },
        )
        self.assertIsNone(by_name["paid_in_part"])

    # ------------------------------------------------------------------- waits
    def test_wait_reason_agrees(self):
        """A contest holds, a date written on the invoice pauses (the answer addon adds
        the waits of its answers: its own test)."""
        wait = {name: self.make_invoice("2026-03-16") for name in (
            "none", "dispute", "dispute_and_promise", "promise"
        )}  # fmt: skip
        wait["dispute"].cobranca_dispute = True
        wait["dispute_and_promise"].write(
            {"cobranca_dispute": True, "cobranca_paused_until": date(2026, 3, 20)}
        )
        wait["promise"].cobranca_paused_until = date(2026, 3, 20)
        moves = self.env["account.move"].union(*wait.values())
        for today in ("2026-03-02", "2026-03-10", "2026-03-20", "2026-03-21"):
            day = date.fromisoformat(today)
            python = {move.id: rules.wait_reason(move, day) for move in moves}
            self.assertEqual(python, sql_values(self.env, rules.wait_reason_sql(day), moves), today)
            self.assertEqual(
                python, sql_values(self.env, rules.wait_reason_sql(SQL("%s::date", day)), moves)
            )
        on_the_10th = {name: rules.wait_reason(m, date(2026, 3, 10)) for name, m in wait.items()}
        self.assertEqual(
            on_the_10th,
            {
                "none": None,
                "dispute": "dispute",
                "dispute_and_promise": "dispute",
                "promise": "paused",
            },
        )
        self.assertIsNone(rules.wait_reason(wait["promise"], date(2026, 3, 21)))

    # --------------------------------------------------------- customer's state
    def test_customer_state_and_place_agree(self):
        Partner = self.env["res.partner"]
        br, us = self.env.ref("base.br"), self.env.ref("base.us")
        sp, rj = self.env.ref("base.state_br_sp"), self.env.ref("base.state_br_rj")
        firm = Partner.create(
            {
                "name": "Firma SP",
                "is_company": True,
                "country_id": br.id,
                "state_id": sp.id,
                "city": "Campinas",
            }
        )
        people = {
            "br_state": firm,
            "br_no_state": Partner.create({"name": "Sem UF", "country_id": br.id, "city": "X"}),
            "abroad": Partner.create(
                {
                    "name": "Abroad",
                    "country_id": us.id,
                    "state_id": self.env.ref("base.state_us_5").id,
                }
            ),
            "no_country": Partner.create({"name": "Sem país", "state_id": rj.id, "city": "Rio"}),
            "child_own_state": Partner.create(
                {
                    "name": "Filial RJ",
                    "parent_id": firm.id,
                    "type": "invoice",
                    "country_id": br.id,
                    "state_id": rj.id,
                    "city": "Niterói",
                }
            ),  # fmt: skip
            "child_no_state": Partner.create(
                {"name": "Contato", "parent_id": firm.id, "type": "invoice", "country_id": br.id}
            ),
        }
        moves = self.env["account.move"].union(
            *(self.make_invoice("2026-03-16", partner=p, post=False) for p in people.values())
        )
        self.env.flush_all()
        rows = self.env.execute_query(
            SQL(
                """
                SELECT m.id, %(state)s, cust_partner.city, %(contact_state)s, %(contact_city)s
                  FROM account_move m %(state_join)s %(contact_join)s
                 WHERE m.id = ANY(%(ids)s)
                """,
                ids=moves.ids,
                **places.place_sql(),
            )
        )
        sql = {
            move_id: (state or None, city or "", contact_state or None, contact_city or "")
            for move_id, state, city, contact_state, contact_city in rows
        }
        python = {
            move.id: (
                places.customer_state(move.partner_id),
                move.commercial_partner_id.city or "",
                *places.place(move.partner_id),
            )
            for move in moves
        }
        self.assertEqual(sql, python)
        # the partner's methods are the predicates
        for move in moves:
            self.assertEqual(
                (move.partner_id._cobranca_state_code(), move.partner_id._cobranca_place()),
                (python[move.id][0], tuple(python[move.id][2:])),
            )
        # the join on any partner column (the ranking's and the insight's
        # ``r.commercial_partner_id``): each customer's own state
        customers = moves.commercial_partner_id
        rows = self.env.execute_query(
            SQL(
                "SELECT p.id, %(state)s FROM res_partner p %(join)s WHERE p.id = ANY(%(ids)s)",
                state=places.customer_state_code("x"),
                join=places.customer_state_join(SQL("p.id"), "x"),
                ids=customers.ids,
            )
        )
        self.assertEqual(
            {partner_id: state or None for partner_id, state in rows},
            {customer.id: places.customer_state(customer) for customer in customers},
        )
        by_person = dict(zip(people, (python[m.id] for m in moves), strict=True))
        self.assertEqual(by_person["child_own_state"], ("SP", "Campinas", "RJ", "Niterói"))
        self.assertEqual(by_person["child_no_state"], ("SP", "Campinas", "SP", "Campinas"))
        self.assertEqual(by_person["abroad"][::2], (None, None))
        self.assertEqual(by_person["no_country"][::2], (None, None))
