"""Promises to pay and installment proposals change only through their services, not
by a user's ``create``/``write`` (what RPC calls): a clerk records only its own promise
(source clerk, today or later, on an invoice it may change), never one "from the
customer", in the past or already broken; nobody rewrites how a promise or a proposal
came or how it was decided; the decision buttons check who presses them."""

from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException

from ..models.cobranca_answer import CobrancaAnswerError
from .common_answers import AnswersCommon


class ForgeryCommon(AnswersCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = {"company_id": cls.company.id, "company_ids": [Command.set(cls.company.ids)]}
        cls.clerk = new_test_user(
            cls.env, login="clerk.forja", groups="account.group_account_invoice", **company
        )
        cls.approver = new_test_user(
            cls.env, login="approver.forja", groups="account.group_account_manager", **company
        )
        cls.employee = new_test_user(
            cls.env, login="employee.forja", groups="base.group_user", **company
        )

    def forged_promise(self, move, day):
        """What a clerk sends to make a promise "the customer made on WhatsApp", already
        decided, for an amount of its choosing."""
        return {
            "move_id": move.id,
            "date": day,
            "source": "whatsapp",
            "channel": "whatsapp",
            "state": "broken",
            "closed_date": "2026-03-01",
            "amount": 400.0,
            "amount_due": 5000.0,
            "note": "Cliente prometeu",
        }


@tagged("post_install", "-at_install")
class TestAnswerForgery(ForgeryCommon):
    # ----------------------------------------------------------------- promises
    def test_a_clerk_cannot_create_a_past_promise_of_the_customer(self):
        move = self.post_at("2026-03-16")
        Promise = self.Promise.with_user(self.clerk)
        with self.at("2026-03-10 10:00"), self.assertRaises(CobrancaAnswerError) as refused:
            Promise.create(self.forged_promise(move, "2026-03-05"))
        self.assertEqual(refused.exception.code, "date_past")
        self.assertFalse(move.cobranca_promise_ids)
        # nothing the daily check could break, no ranking point lost
        self.check_answers("2026-03-11 03:00")
        self.assertFalse(self.Promise.search([("partner_id", "=", self.customer.id)]))

    def test_a_clerk_creates_only_its_own_open_promise(self):
        move = self.post_at("2026-03-16")
        with self.at("2026-03-10 10:00"):
            promise = self.Promise.with_user(self.clerk).create(
                self.forged_promise(move, "2026-03-20")
            )
        self.assertEqual(
            (promise.source, promise.channel, promise.state, promise.closed_date),
            ("clerk", False, "open", False),
        )
        self.assertEqual((promise.amount, promise.amount_due), (400.0, 1000.0))
        self.assertEqual(promise.create_uid, self.clerk)
        self.assertEqual(move.cobranca_paused_until, date(2026, 3, 20))

    def test_a_promise_on_an_invoice_the_user_cannot_change_is_refused(self):
        move = self.post_at("2026-03-16")
        readonly = new_test_user(
            self.env,
            login="auditor.forja",
            groups="account.group_account_readonly,l10n_br_cobranca_preventiva.group_cobranca_user",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        with self.at("2026-03-10 10:00"), self.assertRaises(AccessError):
            self.Promise.with_user(readonly).create({"move_id": move.id, "date": "2026-03-20"})
        self.assertFalse(move.cobranca_promise_ids)

    def test_nobody_rewrites_a_promise(self):
        move = self.post_at("2026-03-16")
        promise = self.promise_of(move)
        for user in (self.clerk, self.approver):
            for vals in (
                {"state": "broken"},
                {"source": "whatsapp"},
                {"channel": "whatsapp"},
                {"date": date(2026, 3, 1)},
                {"amount_due": 5000.0},
                {"note": "outra coisa"},
            ):
                with self.subTest(user=user.login, vals=vals), self.assertRaises(AccessError):
                    promise.with_user(user).write(vals)
        self.assertEqual(
            (promise.state, promise.source, promise.date), ("open", "portal", date(2026, 3, 12))
        )
        # the button stays: a clerk lifts the promise
        promise.with_user(self.clerk).action_cancel()
        self.assertEqual(promise.state, "cancelled")

    def test_only_collection_users_cancel_a_promise(self):
        promise = self.promise_of(self.post_at("2026-03-16"))
        with self.assertRaises(AccessError):
            promise.with_user(self.employee).action_cancel()
        self.assertEqual(promise.state, "open")

    def test_the_counted_unpaid_claims_are_not_written_by_users(self):
        move = self.post_at("2026-03-16")
        for vals in (
            {"cobranca_paid_claim_expired_count": 5},
            {"cobranca_paid_claim_expired_date": date(2026, 3, 1)},
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                move.with_user(self.clerk).write(vals)

    def promise_of(self, move):
        with self.at("2026-03-10 10:00"):
            return move.env["cobranca.answer"]._promise(move, "2026-03-12", "portal", "portal")

    # ---------------------------------------------------------------- proposals
    def proposal_of(self, move):
        with self.at("2026-03-10 10:00"):
            return move.env["cobranca.installment.proposal"]._propose(
                move, 4, "2026-03-16", "portal", "portal", note="Quatro vezes"
            )

    def test_nobody_rewrites_how_a_proposal_came_or_was_decided(self):
        proposal = self.proposal_of(self.post_at("2026-03-02"))
        for user in (self.clerk, self.approver):
            for vals in (
                {"state": "accepted"},
                {"source": "clerk"},
                {"channel": "phone"},
                {"decided_by_id": user.id},
                {"decided_date": "2026-03-10 10:00:00"},
                {"installment_count": 12},
                {"note": "outra coisa"},
            ):
                with self.subTest(user=user.login, vals=vals), self.assertRaises(AccessError):
                    proposal.with_user(user).write(vals)
        self.assertEqual(
            (proposal.state, proposal.source, proposal.decided_by_id),
            ("pending", "portal", self.env["res.users"]),
        )
        # the reason may be written while pending, the buttons decide
        proposal.with_user(self.clerk).decision_note = "Cliente confiável"
        with self.at("2026-03-10 11:00"):
            proposal.with_user(self.clerk).action_accept()
        self.assertEqual((proposal.state, proposal.decided_by_id), ("accepted", self.clerk))
        with self.assertRaises(UserError):
            proposal.with_user(self.clerk).decision_note = "Mudei de ideia"

    def test_only_collection_users_of_the_company_decide(self):
        proposal = self.proposal_of(self.post_at("2026-03-02"))
        other = self.setup_other_company(name="Outra Cobradora Ltda")["company"]
        outsider = new_test_user(
            self.env,
            login="approver.outra",
            groups="account.group_account_manager",
            company_id=other.id,
            company_ids=[Command.set(other.ids)],
        )
        for user in (self.employee, outsider):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                proposal.with_user(user).action_refuse()
        self.assertEqual(proposal.state, "pending")

    def test_a_clerk_creates_no_proposal_and_an_approver_only_its_own(self):
        move = self.post_at("2026-03-02")
        forged = {
            "move_id": move.id,
            "installment_count": 6,
            "first_date": "2026-03-16",
            "source": "portal",
            "channel": "portal",
            "state": "accepted",
            "decided_by_id": self.approver.id,
            "decided_date": "2026-03-10 10:00:00",
        }
        with self.at("2026-03-10 10:00"):
            with self.assertRaises(AccessError):
                self.Proposal.with_user(self.clerk).create(forged)
            proposal = self.Proposal.with_user(self.approver).create(forged)
        self.assertEqual(
            (proposal.source, proposal.channel, proposal.state, proposal.decided_by_id),
            ("clerk", False, "pending", self.env["res.users"]),
        )
        self.assertFalse(move.cobranca_paused_until, "pending: nothing decided")


@tagged("post_install", "-at_install")
class TestAnswerForgeryRpc(ForgeryCommon, HttpCase):
    def call_kw(self, model, method, args):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": {}},
        )

    def test_a_forged_promise_over_json_rpc_is_refused(self):
        move = self.post_at("2026-03-16")
        self.authenticate("clerk.forja", "clerk.forja")
        with self.at("2026-03-10 10:00"), self.assertRaises(JsonRpcException) as refused:
            self.call_kw("cobranca.promise", "create", [self.forged_promise(move, "2026-03-05")])
        self.assertIn("CobrancaAnswerError", str(refused.exception))  # the error's name
        self.assertFalse(move.cobranca_promise_ids)
        with self.at("2026-03-10 10:00"):
            [promise_id] = self.call_kw(
                "cobranca.promise", "create", [[self.forged_promise(move, "2026-03-20")]]
            )
        self.env.invalidate_all()
        promise = self.Promise.browse(promise_id)
        self.assertEqual((promise.source, promise.state), ("clerk", "open"))
