from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import CobrancaCommon


@tagged("post_install", "-at_install")
class TestReguaConstraints(CobrancaCommon):
    def make_regua(self, steps, **vals):
        return self.env["cobranca.regua"].create(
            {
                "name": "Régua de teste",
                "step_ids": [Command.create(step) for step in steps],
                **vals,
            }
        )

    def email_step(self, offset, **vals):
        return {
            "offset_days": offset,
            "channel": "email",
            "mail_template_id": self.template_before_due.id,
            **vals,
        }

    def test_ladder_without_steps_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "has no steps"):
            self.make_regua([])

    def test_removing_the_last_step_is_refused(self):
        regua = self.make_regua([self.email_step(-1)])
        with self.assertRaisesRegex(UserError, "needs at least one step"):
            regua.step_ids.unlink()
        with self.assertRaisesRegex(UserError, "needs at least one step"):
            regua.write({"step_ids": [Command.clear()]})
        # an archived ladder may be emptied
        regua.active = False
        regua.step_ids.unlink()
        self.assertFalse(regua.step_ids)

    def test_offset_is_limited_to_a_year(self):
        self.make_regua([self.email_step(365), self.email_step(-365)])
        with self.assertRaisesRegex(ValidationError, "at most 365 days"):
            self.make_regua([self.email_step(366)])
        with self.assertRaisesRegex(ValidationError, "at most 365 days"):
            self.make_regua([self.email_step(-400)])

    def test_one_default_ladder_per_company(self):
        with self.assertRaisesRegex(ValidationError, "already has a default"):
            self.make_regua([self.email_step(-2)], is_default=True)
        # another company may have its own default
        other = self.setup_other_company()["company"]
        self.assertTrue(other.cobranca_default_regua_id)
        self.assertNotEqual(other.cobranca_default_regua_id, self.regua_padrao)

    def test_changing_the_company_default_moves_the_flag(self):
        self.company.cobranca_default_regua_id = self.regua_discreta
        self.assertTrue(self.regua_discreta.is_default)
        self.assertFalse(self.regua_padrao.is_default)
        self.assertEqual(self.company.cobranca_default_regua_id, self.regua_discreta)

    def test_archived_ladder_is_no_longer_default(self):
        self.regua_padrao.active = False
        self.assertFalse(self.regua_padrao.is_default)
        self.assertFalse(self.company.cobranca_default_regua_id)

    def test_copy_is_not_default(self):
        copy = self.regua_padrao.copy()
        self.assertFalse(copy.is_default)
        self.assertEqual(len(copy.step_ids), len(self.regua_padrao.step_ids))
        self.assertIn("(copy)", copy.name)

    def test_email_step_needs_a_template(self):
        with self.assertRaisesRegex(ValidationError, "choose the email template"):
            self.make_regua([{"offset_days": -1, "channel": "email"}])
        # an email fallback needs one too
        with self.assertRaisesRegex(ValidationError, "choose the email template"):
            self.make_regua(
                [
                    {
                        "offset_days": -1,
                        "channel": "whatsapp",
                        "fallback_channel": "email",
                    }
                ]
            )
        regua = self.make_regua([{"offset_days": -1, "channel": "whatsapp"}])
        self.assertEqual(regua.step_ids.channel, "whatsapp")

    def test_activity_step_needs_an_activity_type(self):
        with self.assertRaisesRegex(ValidationError, "choose the activity type"):
            self.make_regua([{"offset_days": 7, "channel": "activity", "activity_type_id": False}])

    def test_fallback_must_differ_from_channel(self):
        with self.assertRaisesRegex(ValidationError, "fallback channel must differ"):
            self.make_regua([self.email_step(-1, fallback_channel="email")])

    def test_no_two_steps_at_the_same_offset_and_channel(self):
        with self.assertRaisesRegex(ValidationError, "two steps at D-1 on the same channel"):
            self.make_regua([self.email_step(-1), self.email_step(-1)])
        regua = self.make_regua([self.email_step(-1), {"offset_days": -1, "channel": "whatsapp"}])
        self.assertEqual(len(regua.step_ids), 2)
        with self.assertRaisesRegex(ValidationError, "two steps at D0"):
            regua.write(
                {
                    "step_ids": [
                        Command.create(self.email_step(0)),
                        Command.create(self.email_step(0)),
                    ]
                }
            )

    def test_messages_are_in_portuguese_for_a_brazilian_user(self):
        env_pt = self.env(context=dict(self.env.context, lang="pt_BR"))
        with self.assertRaisesRegex(ValidationError, "não tem etapas"):
            env_pt["cobranca.regua"].create({"name": "Vazia"})
        with self.assertRaisesRegex(ValidationError, "modelo de e-mail"):
            env_pt["cobranca.regua"].create(
                {"name": "Sem modelo", "step_ids": [Command.create({"offset_days": 1})]}
            )

    def test_step_names_follow_the_offset(self):
        names = self.regua_padrao.step_ids.sorted("offset_days").mapped("name")
        self.assertEqual(names, ["D-5", "D-1", "D0", "D+3", "D+7", "D+15"])
        step = self.regua_padrao.step_ids.filtered(lambda s: s.offset_days == -5)
        self.assertEqual(step.display_name, "Régua padrão · D-5 · Email")

    def test_activity_type_only_on_activity_steps(self):
        regua = self.make_regua([self.email_step(-1), {"offset_days": 7, "channel": "activity"}])
        email, call = regua.step_ids.sorted("offset_days")
        self.assertFalse(email.activity_type_id)
        self.assertEqual(call.activity_type_id, self.env.ref("mail.mail_activity_data_call"))
        call.channel = "whatsapp"
        self.assertFalse(call.activity_type_id)

    def test_escalations_need_an_approver(self):
        for flag in ("escalation_notice", "escalation_credit_hold", "escalation_protest"):
            with (
                self.subTest(flag=flag),
                self.assertRaisesRegex(ValidationError, "an approver must decide it"),
                self.env.cr.savepoint(),
            ):
                notice = self.email_step(10, escalation_notice=True, requires_approval=True)
                self.make_regua([notice, self.email_step(30, **{flag: True})])
        # and a step that escalates cannot drop its approval afterwards
        notice = self.regua_padrao.step_ids.filtered("escalation_notice")
        with (
            self.assertRaisesRegex(ValidationError, "an approver must decide it"),
            self.env.cr.savepoint(),
        ):
            notice.requires_approval = False
        # every shipped ladder, of every company, complies
        other = self.setup_other_company()["company"]
        escalating = self.env["cobranca.regua.step"].search(
            [
                ("company_id", "in", (self.company | other).ids),
                "|",
                "|",
                ("escalation_notice", "=", True),
                ("escalation_credit_hold", "=", True),
                ("escalation_protest", "=", True),
            ]
        )
        self.assertEqual(len(escalating), 4)
        self.assertTrue(all(escalating.mapped("requires_approval")))

    def test_notice_and_hand_off_cannot_share_a_step(self):
        self.company.cobranca_protest_notice_days = 0
        notice = self.regua_padrao.step_ids.filtered("escalation_notice")
        with self.assertRaisesRegex(ValidationError, "needs a formal notice"):
            notice.escalation_protest = True
