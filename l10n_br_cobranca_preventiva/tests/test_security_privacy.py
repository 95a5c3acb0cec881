from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged

from .lgpd_common import LgpdCommon


@tagged("post_install", "-at_install")
class TestCollectionDecisionsSecurity(LgpdCommon):
    """Collection decisions about a customer belong to collection users; the
    WhatsApp parameters follow the companies; the ranking button too."""

    def test_a_plain_employee_cannot_exclude_hold_or_pin_a_customer(self):
        customer = self.customer.with_user(self.employee)
        for field, value in (
            ("cobranca_excluded", True),
            ("cobranca_credit_hold", True),
            ("cobranca_class_manual", "a"),
        ):
            with self.subTest(field=field), self.assertRaises(AccessError):
                customer.write({field: value})
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(self.employee).create(
                {"name": "Outro", "cobranca_excluded": True}
            )
        self.assertEqual(
            (
                self.customer.cobranca_excluded,
                self.customer.cobranca_credit_hold,
                self.customer.cobranca_class_manual,
            ),
            (False, False, False),
        )
        collector = new_test_user(
            self.env,
            login="lgpd_collector",
            groups="account.group_account_invoice,base.group_partner_manager",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        self.customer.with_user(collector).cobranca_excluded = True
        self.assertTrue(self.customer.cobranca_excluded)

    def test_the_customer_form_still_works_for_a_plain_employee(self):
        self.customer.cobranca_credit_hold = True
        arch = (
            self.env["res.partner"]
            .with_user(self.employee)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        for field in (
            "cobranca_excluded",
            "cobranca_credit_hold",
            "cobranca_class_manual",
        ):
            self.assertNotIn(f'name="{field}"', arch)
        with Form(self.customer.with_user(self.employee)) as form:
            form.name = "Maria Aparecida Souza Lima"
        self.assertEqual(self.customer.name, "Maria Aparecida Souza Lima")
        # a contact added under a company on credit hold inherits it (system sync)
        self.customer.is_company = True
        contact = (
            self.env["res.partner"]
            .with_user(self.employee)
            .create({"name": "Financeiro", "parent_id": self.customer.id})
        )
        self.assertTrue(contact.cobranca_credit_hold)

    def test_ranking_button_is_for_collection_users(self):
        with self.assertRaises(AccessError):
            self.customer.with_user(self.employee).action_cobranca_rank()
        self.assertFalse(self.customer.cobranca_ranking_date)
        self.customer.with_user(self.clerk).action_cobranca_rank()
        self.assertEqual(self.customer.cobranca_class, "new")

    def test_whatsapp_parameters_of_another_company_are_hidden(self):
        step = self.regua_padrao.step_ids[0]
        step.whatsapp_param_ids = [Command.create({"sequence": 1, "value": "customer_name"})]
        param = step.whatsapp_param_ids
        self.assertEqual(param.company_id, self.company)
        Param = self.as_user(self.env["cobranca.whatsapp.param"], self.approver_b)
        self.assertFalse(Param.search([("id", "=", param.id)]))
        with self.assertRaises(AccessError):
            param.with_user(self.approver_b).read(["value"])
        self.assertEqual(
            self.as_user(self.env["cobranca.whatsapp.param"], self.approver).search(
                [("id", "=", param.id)]
            ),
            param,
        )
