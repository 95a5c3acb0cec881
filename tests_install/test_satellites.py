"""The family installed together, and each satellite uninstalled alone: the app goes on.

Installing the app installs its satellites (``auto_install``); a company that does not
want one uninstalls it, and the app keeps planning and sending on its own channels,
with the satellite's history (reminders, consents) kept as it was. Runs on a copy of
``COBRANCA_TEMPLATE_DB`` (scripts/test.sh: the app just installed, no demo data), else
on a new database where the app is installed first.
"""

import os

from odoo_cli import copy_database, drop_database, odoo, query

APP = "l10n_br_cobranca_preventiva"
SMS = "l10n_br_cobranca_preventiva_sms"
ANSWER = "l10n_br_cobranca_preventiva_answer"
INSIGHT = "l10n_br_cobranca_preventiva_insight"
SATELLITES = (SMS, ANSWER, INSIGHT)

# What every script below starts with: a company that can send (the creditor every
# collection message names, CDC art. 42-A; every step planned at posting), and the way an
# invoice is posted on ``posted`` and its reminder on ``step`` dispatched on its own day,
# 10:00 in São Paulo.
PRELUDE = """
import json
from freezegun import freeze_time
from odoo import Command, fields

company = env.company
company.cobranca_plan_horizon_days = 60
company.write({
    "vat": "11.222.333/0001-81",
    "street": "Av. Paulista, 1000",
    "city": "São Paulo",
    "zip": "01310-100",
    "state_id": env.ref("base.state_br_sp").id,
    "country_id": env.ref("base.br").id,
})


def post_and_send(partner, step, posted, due, amount):
    with freeze_time(f"{posted} 13:00:00"):
        move = env["account.move"].create({
            "move_type": "out_invoice",
            "partner_id": partner.id,
            "invoice_date": posted,
            "invoice_date_due": due,
            "invoice_payment_term_id": False,
            "invoice_line_ids": [Command.create({
                "name": "Consultoria", "quantity": 1, "price_unit": amount,
                "tax_ids": [Command.clear()],
            })],
        })
        move.action_post()
    reminder = move.cobranca_reminder_ids.filtered(lambda r: r.step_id == step)
    with freeze_time(f"{reminder.scheduled_date} 13:00:00"):
        env["cobranca.dispatcher"]._dispatch()
    return reminder
"""

# Uses the SMS channel before it goes: the customer's SMS consent is recorded and the
# default ladder's first step sends an SMS, which is queued for an invoice.
USE_SMS = (
    PRELUDE
    + """
company.cobranca_consent_sms = "opt_out"
step = company.cobranca_default_regua_id.step_ids.sorted("offset_days")[0]
template = env.ref("l10n_br_cobranca_preventiva_sms.sms_template_cobranca_before_due")
step.write({"channel": "sms", "fallback_channel": "email", "sms_template_id": template.id})
partner = env["res.partner"].create({
    "name": "Cliente do SMS Ltda",
    "email": "financeiro@sms.example.com",
    "mobile": "+55 11 98765-4321",
    "cobranca_regua_id": company.cobranca_default_regua_id.id,
})
env["cobranca.consent"]._cobranca_record(
    partner, "sms", "+5511987654321", "granted", "consent", "form", evidence="assinado"
)
reminder = post_and_send(partner, step, "2026-02-02", "2026-03-16", 1000.0)
env.cr.commit()
print("RESULT", json.dumps({
    "partner": partner.id,
    "step": step.id,
    "reminder": reminder.id,
    "reminder_channel": reminder.channel,
    "reminder_state": reminder.state,
    "reminder_error": [reminder.skip_reason, reminder.error],
    "queued_sms": env["sms.sms"].search_count([("partner_id", "=", partner.id)]),
}))
"""
)

UNINSTALL = """
module = env["ir.module.module"].search([("name", "=", "%(module)s")])
module.button_immediate_uninstall()
print("RESULT", '"' + module.state + '"')
"""

# The app alone, after the satellite went: a new invoice of the same customer is
# planned and its reminder on the former SMS step goes by email; the opt-out page, the
# privacy notice and the step's form work; the SMS history is kept.
CHECK_APP = (
    PRELUDE
    + """
partner = env["res.partner"].browse(%(partner)d)
step = env["cobranca.regua.step"].browse(%(step)d)
reminder = post_and_send(partner, step, "2026-03-17", "2026-04-30", 700.0)
optout = env["cobranca.consent"]._optout_channels(partner, company)
notice = env["cobranca.privacy.notice"]._notices(company)[0]
old = env["cobranca.reminder"].browse(%(reminder)d)
step_form = env["cobranca.regua.step"].get_views([(False, "form")])
print("RESULT", json.dumps({
    "states": dict(env["ir.module.module"].search([("name", "in", %(modules)r)]).mapped(
        lambda m: (m.name, m.state))),
    "reminder_channel": reminder.channel,
    "reminder_state": reminder.state,
    "reminder_error": [reminder.skip_reason, reminder.error],
    "optout_channels": [row["channel"] for row in optout],
    "notice_company": notice["company"],
    "old_reminder": [old.exists().id, old.state],
    "sms_consents": env["cobranca.consent"].search_count(
        [("partner_id", "=", partner.id), ("channel", "=", "sms")]),
    "step_form": bool(step_form["views"]["form"]["arch"]),
}))
"""
)


def states(db, names):
    return dict(query(db, "SELECT name, state FROM ir_module_module WHERE name = ANY(%s)", names))


def uninstall_alone(db, module, columns):
    """Uninstalls ``module`` alone; checks the app stays and the module leaves nothing:
    its ``columns`` ({table: [column]}) and its external ids are gone."""
    assert odoo(db, "shell", stdin=UNINSTALL % {"module": module}) == "uninstalled"
    assert states(db, [APP, module]) == {APP: "installed", module: "uninstalled"}
    left = query(
        db,
        "SELECT table_name || '.' || column_name FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND table_name = ANY(%s) "
        "AND column_name = ANY(%s)",
        list(columns),
        [name for names in columns.values() for name in names],
    )
    assert left == [], "the satellite's columns go with it"
    assert query(db, "SELECT count(*) FROM ir_model_data WHERE module = %s", module) == [(0,)]


def test_installing_the_app_installs_the_family(template):
    assert states(template, [APP, *SATELLITES]) == dict.fromkeys([APP, *SATELLITES], "installed")


def test_the_app_goes_on_when_the_sms_addon_is_uninstalled(template):
    db = f"cobranca_without_sms_{os.getpid()}"
    copy_database(db, template)
    try:
        used = odoo(db, "shell", stdin=USE_SMS)
        # the satellite worked: the SMS is queued, its reminder sent
        assert used["reminder_channel"] == "sms"
        assert used["reminder_state"] == "sent", used["reminder_error"]
        assert used["queued_sms"] == 1
        uninstall_alone(
            db,
            SMS,
            {
                "res_company": ["cobranca_consent_sms"],
                "cobranca_regua_step": ["sms_template_id"],
                "cobranca_reminder": ["optout_code"],
            },
        )

        after = odoo(db, "shell", stdin=CHECK_APP % {**used, "modules": [APP, SMS]})
        assert after["states"] == {APP: "installed", SMS: "uninstalled"}
        # the former SMS step sends on its fallback channel
        assert after["reminder_channel"] == "email"
        assert after["reminder_state"] in ("sent", "delivered"), after["reminder_error"]
        assert "sms" not in after["optout_channels"]
        assert {"email", "whatsapp"} <= set(after["optout_channels"])
        assert after["notice_company"]
        assert after["step_form"]
        # the history stays: the SMS reminder and the customer's SMS consent
        assert after["old_reminder"] == [used["reminder"], "sent"]
        assert after["sms_consents"] == 1
    finally:
        drop_database(db)


# Uses the insight addon before it goes: the default ladder's first step tries an A/B
# variant (the same email template), the customer has a learned send hour, the
# reminder goes out with its variant and the dashboard counts it.
USE_INSIGHT = (
    PRELUDE
    + """
step = company.cobranca_default_regua_id.step_ids.sorted("offset_days")[0]
step.write({"channel": "email", "fallback_channel": False})
step.variant_ids = [Command.create(
    {"name": "B", "weight": 100, "mail_template_id": step.mail_template_id.id}
)]
partner = env["res.partner"].create({
    "name": "Cliente do Painel Ltda",
    "email": "financeiro@painel.example.com",
    "cobranca_regua_id": company.cobranca_default_regua_id.id,
})
partner.sudo().write({"cobranca_send_hour": 9, "cobranca_send_hour_events": 6})
reminder = post_and_send(partner, step, "2026-02-02", "2026-03-16", 1000.0)
env["ir.config_parameter"].sudo().set_param("cobranca.insight_cache_minutes", "0")
effect = env["cobranca.effect.report"].search([("reminder_id", "=", reminder.id)])
env.cr.commit()
print("RESULT", json.dumps({
    "partner": partner.id,
    "step": step.id,
    "reminder": reminder.id,
    "reminder_state": reminder.state,
    "reminder_error": [reminder.skip_reason, reminder.error],
    "variant": bool(reminder.variant_id),
    "effect": len(effect),
}))
"""
)

# The app alone, after the insight addon went: a new invoice of the same customer is
# planned and its reminder sent with the step's own template; the ranking, the
# retention purge, the privacy notice, the customer's copy and its erasure work; the
# dashboard's menus are gone.
CHECK_WITHOUT_INSIGHT = (
    PRELUDE
    + """
partner = env["res.partner"].browse(%(partner)d)
step = env["cobranca.regua.step"].browse(%(step)d)
with freeze_time("2026-03-17 13:00:00"):
    env["cobranca.ranking"]._rank(company, partner.ids)
    env["cobranca.retention"]._cron_retention()
reminder = post_and_send(partner, step, "2026-03-17", "2026-04-30", 700.0)
notice = env["cobranca.privacy.notice"]._notices(company)[0]
data = env["cobranca.data.subject"]._data(partner)
env["cobranca.privacy"]._anonymise(partner, company)
menus = env["ir.ui.menu"].search([("name", "in", ["Dashboard", "Payer Ranking"])])
print("RESULT", json.dumps({
    "states": dict(env["ir.module.module"].search([("name", "in", %(modules)r)]).mapped(
        lambda m: (m.name, m.state))),
    "reminder_state": reminder.state,
    "reminder_error": [reminder.skip_reason, reminder.error],
    "menus": sorted(menus.mapped("name")),
    "dashboard": bool(env.ref(
        "l10n_br_cobranca_preventiva_insight.action_cobranca_dashboard", raise_if_not_found=False
    )),
    "notice": "send_hour" in notice,
    "export": "send_hour" in data,
    "old_reminder": env["cobranca.reminder"].browse(%(reminder)d).state,
    "step_form": bool(step.get_views([(False, "form")])["views"]["form"]["arch"]),
}))
"""
)


def test_the_app_goes_on_when_the_insight_addon_is_uninstalled(template):
    db = f"cobranca_without_insight_{os.getpid()}"
    copy_database(db, template)
    try:
        used = odoo(db, "shell", stdin=USE_INSIGHT)
        # the satellite worked: the reminder went with its variant, the effect counts it
        assert used["reminder_state"] == "sent", used["reminder_error"]
        assert used["variant"]
        assert used["effect"] == 1
        uninstall_alone(
            db,
            INSIGHT,
            {
                "res_partner": ["cobranca_send_hour", "cobranca_send_hour_events"],
                "cobranca_reminder": ["variant_id"],
            },
        )
        assert query(
            db, "SELECT count(*) FROM pg_matviews WHERE matviewname = %s", "cobranca_effect_facts"
        ) == [(0,)]

        after = odoo(db, "shell", stdin=CHECK_WITHOUT_INSIGHT % {**used, "modules": [APP, INSIGHT]})
        assert after["states"] == {APP: "installed", INSIGHT: "uninstalled"}
        # the app still plans and sends, with the step's own template
        assert after["reminder_state"] in ("sent", "delivered"), after["reminder_error"]
        assert after["old_reminder"] == "sent"
        # the dashboard's menu is gone, the payer ranking's stays
        assert after["menus"] == ["Payer Ranking"]
        assert not after["dashboard"]
        assert not after["notice"] and not after["export"]
        assert after["step_form"]
    finally:
        drop_database(db)


# Uses the answer addon before it goes: the customer's email reminder links the answer
# page, the customer promises to pay from it, which pauses the next reminders.
USE_ANSWERS = (
    PRELUDE
    + """
step = company.cobranca_default_regua_id.step_ids.sorted("offset_days")[0]
step.write({"channel": "email", "fallback_channel": False})
partner = env["res.partner"].create({
    "name": "Cliente da Resposta Ltda",
    "email": "financeiro@resposta.example.com",
    "cobranca_regua_id": company.cobranca_default_regua_id.id,
})
reminder = post_and_send(partner, step, "2026-02-02", "2026-03-16", 1000.0)
move = reminder.move_id
with freeze_time("2026-03-11 13:00:00"):
    promise = env["cobranca.answer"]._promise(move, "2026-03-20", "portal", "portal")
env.cr.commit()
print("RESULT", json.dumps({
    "partner": partner.id,
    "step": step.id,
    "move": move.id,
    "reminder_state": reminder.state,
    "reminder_error": [reminder.skip_reason, reminder.error],
    "answer_link": "Responda aqui" in (reminder.mail_message_id.body or ""),
    "paused_until": str(move.cobranca_paused_until),
    "promise": promise.state,
}))
"""
)

# The app alone, after the answer addon went: the invoice keeps its pause; a new
# invoice's reminder goes without the answer page's link; a clerk still pauses and
# holds an invoice by hand; the ranking, the retention, the privacy notice, the
# customer's copy and its erasure work.
CHECK_WITHOUT_ANSWERS = (
    PRELUDE
    + """
partner = env["res.partner"].browse(%(partner)d)
step = env["cobranca.regua.step"].browse(%(step)d)
old = env["account.move"].browse(%(move)d)
with freeze_time("2026-03-17 13:00:00"):
    env["cobranca.ranking"]._rank(company, partner.ids)
    env["cobranca.retention"]._cron_retention()
reminder = post_and_send(partner, step, "2026-03-17", "2026-04-30", 700.0)
new = reminder.move_id
held = post_and_send(partner, step, "2026-03-18", "2026-04-30", 300.0).move_id
with freeze_time("2026-03-19 13:00:00"):
    new.write({"cobranca_paused_until": "2026-05-10"})
    held.cobranca_dispute = True
pending = lambda m: m.cobranca_reminder_ids.filtered(lambda r: r.state == "scheduled")
notice = env["cobranca.privacy.notice"]._notices(company)[0]
data = env["cobranca.data.subject"]._data(partner)
env["cobranca.privacy"]._anonymise(partner, company)
print("RESULT", json.dumps({
    "states": dict(env["ir.module.module"].search([("name", "in", %(modules)r)]).mapped(
        lambda m: (m.name, m.state))),
    "old_paused_until": str(old.cobranca_paused_until),
    "reminder_state": reminder.state,
    "reminder_error": [reminder.skip_reason, reminder.error],
    "answer_link": "Responda aqui" in (reminder.mail_message_id.body or ""),
    "paused": sorted(set(pending(new).mapped("skip_reason"))),
    "held": sorted(set(pending(held).mapped("skip_reason"))),
    "menus": env["ir.ui.menu"].search_count([("name", "=", "Promises to Pay")]),
    "notice": bool(notice["company"]),
    "export": sorted(key for key in ("promises", "contests") if key in data),
    "move_form": bool(old.get_views([(False, "form")])["views"]["form"]["arch"]),
}))
"""
)


def test_the_app_goes_on_when_the_answer_addon_is_uninstalled(template):
    db = f"cobranca_without_answers_{os.getpid()}"
    copy_database(db, template)
    try:
        used = odoo(db, "shell", stdin=USE_ANSWERS)
        # the satellite worked: the email links the answer page, the promise pauses
        assert used["reminder_state"] == "sent", used["reminder_error"]
        assert used["answer_link"]
        assert (used["paused_until"], used["promise"]) == ("2026-03-20", "open")
        uninstall_alone(
            db,
            ANSWER,
            {
                "account_move": ["cobranca_paid_claim_until", "cobranca_dispute_source"],
                "res_company": ["cobranca_promise_max_days", "cobranca_proof_max_mb"],
            },
        )
        assert query(
            db, "SELECT count(*) FROM pg_tables WHERE tablename = %s", "cobranca_promise"
        ) == [(0,)]

        after = odoo(db, "shell", stdin=CHECK_WITHOUT_ANSWERS % {**used, "modules": [APP, ANSWER]})
        assert after["states"] == {APP: "installed", ANSWER: "uninstalled"}
        # the pause the promise gave stays on the invoice (the app's own column)
        assert after["old_paused_until"] == "2026-03-20"
        # the app still plans and sends, without the answer page's link
        assert after["reminder_state"] in ("sent", "delivered"), after["reminder_error"]
        assert not after["answer_link"]
        # a clerk pauses and holds by hand
        assert after["paused"] == ["paused"]
        assert "dispute" in after["held"]  # (a reminder the daily cap moved keeps its reason)
        assert after["menus"] == 0
        assert after["notice"]
        assert after["export"] == ["contests"]
        assert after["move_form"]
    finally:
        drop_database(db)
