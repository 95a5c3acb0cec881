"""Who speaks on the answer page ``/my/invoices/<id>/cobranca``, over the real route:
the holder of the invoice's token and a portal user of its customer answer as the
customer; an internal user never does, with the token or without it: it answers in its
own name (source ``clerk``, itself the chatter's author) and only when it may change
the invoice; the page tells it so. Anybody else is refused and nothing changes."""

from datetime import date

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

from .common_answers import AnswerPageMixin, AnswersCommon

STAFF_BANNER = "usuário interno: o que registrar aqui fica em seu nome"
NOT_ALLOWED = "Você não tem permissão para alterar esta fatura"


@tagged("post_install", "-at_install")
class TestAnswerActors(AnswerPageMixin, AnswersCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = {"company_id": cls.company.id, "company_ids": [Command.set(cls.company.ids)]}
        # reads every invoice, changes none (Accounting's read-only access: an auditor)
        cls.auditor = new_test_user(
            cls.env, login="auditora", groups="account.group_account_readonly", **company
        )
        cls.employee = new_test_user(cls.env, login="vendedor", groups="base.group_user", **company)
        cls.clerk = new_test_user(
            cls.env, login="faturista", groups="account.group_account_invoice", **company
        )
        cls.customer_user = new_test_user(
            cls.env,
            login="maria.portal",
            groups="base.group_portal",
            partner_id=cls.env["res.partner"]
            .create({"name": "Maria (portal)", "parent_id": cls.customer.id, "type": "contact"})
            .id,
        )
        cls.stranger = new_test_user(
            cls.env,
            login="outro.portal",
            groups="base.group_portal",
            partner_id=cls.env["res.partner"].create({"name": "Outra Empresa ME"}).id,
        )

    def setUp(self):
        super().setUp()
        self.move = self.post_at("2026-03-16")
        self.move._portal_ensure_token()

    def assert_untouched(self):
        self.assertFalse(self.move.cobranca_promise_ids)
        self.assertFalse(self.move.cobranca_dispute)
        self.assertFalse(self.move.cobranca_paid_claim_until)
        self.assertFalse(self.move.cobranca_paused_until)
        self.assertFalse(self.activities(self.move))

    def note(self, text):
        """The invoice's chatter note that says ``text`` (not the tracking messages)."""
        [note] = self.move.message_ids.filtered(lambda m: text in (m.body or ""))
        return note

    def answers(self, token=None):
        """Post a promise, a contest and a "já paguei"; return their statuses."""
        return [
            self.post("promise", token=token, date="2026-03-18").status_code,
            self.post("contest", token=token, reason="não comprei").status_code,
            self.post("paid", token=token, note="paguei").status_code,
        ]

    # ------------------------------------------------------------ the customer
    def test_a_portal_user_of_the_customer_answers_as_the_customer(self):
        self.authenticate("maria.portal", "maria.portal")
        page = self.open(self.url(token=""))
        self.assertEqual(page.status_code, 200)
        self.assertNotIn(STAFF_BANNER, page.text)
        response = self.post("promise", token="", date="2026-03-18")
        self.assertEqual(response.status_code, 200)
        promise = self.move.cobranca_promise_id
        self.assertEqual((promise.source, promise.channel), ("portal", "portal"))
        self.assertEqual(self.note("Promise to pay").author_id, self.customer)

    def test_anonymous_answers_as_the_customer_only_with_the_token(self):
        self.assertEqual(self.answers(token=""), [403, 403, 403])
        self.assert_untouched()
        self.assertEqual(self.post("promise", date="2026-03-18").status_code, 200)
        self.assertEqual(self.move.cobranca_promise_id.source, "portal")

    def test_a_portal_user_of_another_customer_is_refused(self):
        # it follows the invoice (so the portal shows it), but it is not the customer
        self.move.message_subscribe(self.stranger.partner_id.ids)
        self.authenticate("outro.portal", "outro.portal")
        page = self.open(self.url(token=""), redirects=False)
        self.assertIn(page.status_code, (302, 303))
        self.assertEqual(self.answers(token=""), [403, 403, 403])
        self.assert_untouched()

    # ------------------------------------------------------------------- staff
    def test_a_read_only_user_cannot_answer_with_or_without_the_token(self):
        self.authenticate("auditora", "auditora")
        for token in ("", None):  # None: the invoice's own token
            with self.subTest(token=token):
                page = self.open(self.url(token=token))
                self.assertEqual(page.status_code, 200)
                self.assertIn(STAFF_BANNER, page.text)
                self.assertIn(NOT_ALLOWED, page.text)
                self.assertNotIn("Informar pagamento", page.text, "no form to post")
                self.assertEqual(self.answers(token=token), [403, 403, 403])
        self.assert_untouched()
        self.assertFalse(self.move.message_ids.filtered(lambda m: "Recorded by" in (m.body or "")))

    def test_an_internal_user_with_the_token_does_not_become_the_customer(self):
        self.authenticate("vendedor", "vendedor")
        page = self.open(self.url())
        self.assertIn(STAFF_BANNER, page.text)
        self.assertIn(NOT_ALLOWED, page.text)
        self.assertEqual(self.answers(), [403, 403, 403])
        self.assert_untouched()

    def test_an_invoicing_user_answers_in_its_own_name(self):
        self.authenticate("faturista", "faturista")
        page = self.open(self.url(token=""))
        self.assertIn(STAFF_BANNER, page.text)
        self.assertNotIn(NOT_ALLOWED, page.text)
        response = self.post("contest", token="", reason="Cliente ligou: valor errado")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(self.move.cobranca_dispute)
        note = self.note("contests")
        self.assertEqual(note.author_id, self.clerk.partner_id)
        self.assertIn("Recorded by faturista", note.body)
        self.assertNotIn("Customer Portal", note.body)
        # with the token too: still itself, never the customer
        response = self.post("promise", date="2026-03-18")
        self.assertEqual(response.status_code, 200)
        promise = self.move.cobranca_promise_id
        self.assertEqual(
            (promise.source, promise.channel, promise.create_uid, promise.date),
            ("clerk", False, self.clerk, date(2026, 3, 18)),
        )
        self.assertEqual(self.note("Promise to pay").author_id, self.clerk.partner_id)
        self.assertFalse(self.move.message_ids.filtered(lambda m: m.author_id == self.customer))
