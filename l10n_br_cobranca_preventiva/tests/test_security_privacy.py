import re

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


@tagged("post_install", "-at_install")
class TestPayerProfilePrivacy(LgpdCommon):
    """The payer profile is personal data for collection users; the customer's
    ladder and collector are collection decisions; the engine alone computes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.collector = new_test_user(
            cls.env,
            login="profile_collector",
            groups="account.group_account_invoice,base.group_partner_manager",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.auditor = new_test_user(
            cls.env,
            login="profile_auditor",
            groups="account.group_account_readonly,base.group_partner_manager",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )

    def test_a_plain_employee_cannot_choose_the_ladder_or_the_collector(self):
        customer = self.customer.with_user(self.employee)
        for field, value in (
            ("cobranca_regua_id", self.regua_intensiva.id),
            ("cobranca_collector_id", self.employee.id),
        ):
            with self.subTest(field=field), self.assertRaises(AccessError):
                customer.write({field: value})
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(self.employee).create(
                {"name": "Outro", "cobranca_collector_id": self.employee.id}
            )
        # a form sending back the values it shows changes nothing and passes
        customer.write({"cobranca_regua_id": False, "name": "Maria A. Souza"})
        self.customer.with_user(self.collector).write(
            {
                "cobranca_regua_id": self.regua_intensiva.id,
                "cobranca_collector_id": self.collector.id,
            }
        )
        self.assertEqual(self.customer.cobranca_regua_id, self.regua_intensiva)
        self.assertEqual(self.customer.cobranca_collector_id, self.collector)

    def test_the_payer_profile_is_for_collection_users(self):
        self.post_at("2026-03-16")
        self.env.ref("l10n_br_cobranca_preventiva.ir_cron_cobranca_ranking").method_direct_trigger()
        self.assertEqual(self.customer.cobranca_class, "new")  # the cron ranks, as before
        profile = ("cobranca_class", "cobranca_score", "cobranca_whatsapp_last_number")
        for user in (self.employee, self.auditor):
            for field in profile:
                with self.subTest(user=user.login, field=field), self.assertRaises(AccessError):
                    self.customer.with_user(user).read([field])
        self.assertEqual(
            self.customer.with_user(self.clerk).read(profile)[0]["cobranca_class"], "new"
        )

    def test_customer_and_invoice_screens_still_open_without_collection_rights(self):
        move = self.post_at("2026-03-16")
        for user, records in (
            (self.employee, self.customer),
            (self.auditor, self.customer),
            (self.auditor, move),
        ):
            Model = self.env[records._name].with_user(user)
            for view_type in ("list", "form"):
                arch = Model.get_views([(False, view_type)])["views"][view_type]["arch"]
                names = set(re.findall(r'<field name="([a-z_0-9]+)"', arch))
                with self.subTest(user=user.login, model=records._name, view=view_type):
                    self.assertNotIn("cobranca_score", names)
                    self.assertNotIn("cobranca_early_warning", names)
                    specification = {name: {} for name in names if name in Model._fields}
                    self.assertTrue(records.with_user(user).web_read(specification))

    def test_nobody_writes_the_computed_payer_profile(self):
        customer = self.customer.with_user(self.collector)
        for field, value in (
            ("cobranca_score", 100),
            ("cobranca_class", "a"),
            ("cobranca_whatsapp_last_number", "5511900000000"),
        ):
            with self.subTest(field=field), self.assertRaises(AccessError):
                customer.write({field: value})
        customer.cobranca_class_manual = "a"  # pinning is how a user overrules it
        self.assertEqual(self.customer.cobranca_class, "a")

    def test_a_clerk_duplicates_a_ranked_customer(self):
        self.customer.action_cobranca_rank()
        copy = self.customer.with_user(self.collector).copy()
        self.assertFalse(copy.cobranca_ranking_date)

    def test_collection_plans_of_another_company_are_hidden(self):
        move = self.post_at("2026-03-16")
        plan = self.env["cobranca.move.plan"].search([("move_id", "=", move.id)])
        self.assertTrue(plan)
        Plan = self.as_user(self.env["cobranca.move.plan"], self.approver_b)
        self.assertFalse(Plan.search([("id", "=", plan.id)]))
        with self.assertRaises(AccessError):
            plan.with_user(self.approver_b).read(["due_date"])
        self.assertEqual(
            self.as_user(self.env["cobranca.move.plan"], self.clerk).search([("id", "=", plan.id)]),
            plan,
        )

    def test_a_settings_button_refuses_who_cannot_use_settings(self):
        """Over RPC a button takes any settings record's id (here the admin's)."""
        self.customer.action_cobranca_rank()
        settings = self.env["res.config.settings"].create({})
        for button in ("action_cobranca_open_mail_servers", "action_cobranca_rank_all"):
            with self.subTest(button=button), self.assertRaises(AccessError):
                getattr(settings.with_user(self.clerk), button)()
        self.assertTrue(self.customer.cobranca_ranking_date, "the ranking was not reset")

    def test_another_users_wizard_is_refused(self):
        wizard = (
            self.env["cobranca.consent.wizard"]
            .with_user(self.clerk)
            .create(
                {
                    "partner_ids": [Command.set(self.customer.ids)],
                    "channel": "whatsapp",
                    "evidence": "Contrato assinado em 01/03/2026",
                }
            )
        )
        for user in (self.approver, self.approver_b):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.as_user(wizard, user).read(["evidence"])
        self.assertEqual(wizard.with_user(self.clerk).evidence, "Contrato assinado em 01/03/2026")
