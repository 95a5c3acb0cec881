"""Uninstalling the addon leaves nothing of it in the database; installing it again works.

Module operations cannot run inside Odoo's test transaction, so this drives the ``odoo``
command on a throw-away database of its own, dropped at the end: a copy of
``COBRANCA_TEMPLATE_DB`` when scripts/test.sh names the database it has just installed
the addon on (without demo data), else a new database on which the addon is installed
first. The Python running these tests is the one that imports Odoo.
"""

import os
import re
from pathlib import Path

import pytest
from odoo_cli import copy_database, drop_database, odoo, query

ROOT = Path(__file__).resolve().parent.parent
ADDON = "l10n_br_cobranca_preventiva"
CORE_TABLES = {
    "account.move": "account_move",
    "res.partner": "res_partner",
    "res.company": "res_company",
}
# the crons the addon ships, as its data file declares them
SHIPPED_CRONS = len(
    re.findall(r'model="ir\.cron"', (ROOT / ADDON / "data" / "ir_cron_data.xml").read_text())
)
# and those of the satellites that install themselves with it (the insight addon's)
FAMILY_CRONS = sum(
    len(re.findall(r'model="ir\.cron"', path.read_text()))
    for path in ROOT.glob(f"{ADDON}_*/data/*.xml")
    if not path.parent.parent.name.endswith("_queue_job")
)

# Uses the addon as a company would, so that its tables, and the core columns pointing to
# them, hold rows when it goes: a customer on a ladder with a recorded consent, a posted
# invoice with its reminders and a promise to pay, the dispatcher and ranking crons run.
USE_IT = """
import json
from odoo import Command, fields

today = fields.Date.context_today(env.user)
company = env.company
# every step of the invoice planned now, not only the ones of the next 7 days
company.cobranca_plan_horizon_days = 60
partner = env["res.partner"].create({
    "name": "Cliente da Desinstalação Ltda",
    "email": "financeiro@desinstalacao.example.com",
    "mobile": "+55 11 98765-4321",
    "cobranca_regua_id": company.cobranca_default_regua_id.id,
})
move = env["account.move"].create({
    "move_type": "out_invoice",
    "partner_id": partner.id,
    "invoice_date": today,
    "invoice_date_due": fields.Date.add(today, days=20),
    "invoice_payment_term_id": False,
    "invoice_line_ids": [Command.create({
        "name": "Consultoria", "quantity": 1, "price_unit": 1000.0, "tax_ids": [Command.clear()],
    })],
})
move.action_post()
move.cobranca_paused_until = fields.Date.add(today, days=10)
env["cobranca.consent"]._cobranca_record(
    partner, "whatsapp", "+5511987654321", "granted", "consent", "form", evidence="assinado"
)
company.cobranca_daily_cap = 2
for xmlid in ("ir_cron_cobranca_dispatch", "ir_cron_cobranca_ranking"):
    env.ref(f"l10n_br_cobranca_preventiva.{xmlid}").method_direct_trigger()
env.cr.commit()
print("RESULT", json.dumps({
    "move": move.id,
    "partner": partner.id,
    "reminders": len(move.cobranca_reminder_ids),
    "consents": env["cobranca.consent"].search_count([("partner_id", "=", partner.id)]),
}))
"""

UNINSTALL = """
module = env["ir.module.module"].search([("name", "=", "l10n_br_cobranca_preventiva")])
module.button_immediate_uninstall()
print("RESULT", '"' + module.state + '"')
"""

# After installing again: the shipped ladders, an invoice planned, and the invoice
# posted before the uninstall planned again by the dispatcher.
CHECK_AGAIN = """
import json
from odoo import Command, fields

old_move = env["account.move"].browse(%(move)d)
company = env.company
company.cobranca_plan_horizon_days = 60
today = fields.Date.context_today(env.user)
move = env["account.move"].create({
    "move_type": "out_invoice",
    "partner_id": old_move.partner_id.id,
    "invoice_date": today,
    "invoice_date_due": fields.Date.add(today, days=20),
    "invoice_payment_term_id": False,
    "invoice_line_ids": [Command.create({
        "name": "Consultoria", "quantity": 1, "price_unit": 500.0, "tax_ids": [Command.clear()],
    })],
})
move.action_post()
env.ref("l10n_br_cobranca_preventiva.ir_cron_cobranca_dispatch").method_direct_trigger()
print("RESULT", json.dumps({
    "state": env["ir.module.module"].search([("name", "=", "l10n_br_cobranca_preventiva")]).state,
    "default_regua": company.cobranca_default_regua_id.name,
    "reguas": env["cobranca.regua"].search_count([("company_id", "=", company.id)]),
    "new_reminders": len(move.cobranca_reminder_ids),
    "old_reminders": len(old_move.cobranca_reminder_ids),
    "old_paused_until": str(old_move.cobranca_paused_until),
    "crons": env["ir.cron"].search_count([("cron_name", "ilike", "Collection")]),
}))
"""


@pytest.fixture(scope="module")
def db():
    name = f"cobranca_uninstall_{os.getpid()}"
    template = os.environ.get("COBRANCA_TEMPLATE_DB")
    copy_database(name, template)
    try:
        if not template:
            odoo(name, "-i", ADDON, "--without-demo=all", "--stop-after-init")
        yield name
    finally:
        drop_database(name)


def owned(db, model):
    """ids of the addon's records of ``model`` (by their xml ids)."""
    rows = query(
        db, "SELECT res_id FROM ir_model_data WHERE module = %s AND model = %s", ADDON, model
    )
    return [row[0] for row in rows]


def addon_columns(db, names):
    """(table, column) of the three core tables that are one of ``names`` or look like
    the addon's (cobranca_ prefix)."""
    return query(
        db,
        """
        SELECT table_name, column_name FROM information_schema.columns
         WHERE table_schema = current_schema() AND table_name = ANY(%s)
           AND (column_name = ANY(%s) OR column_name LIKE 'cobranca%%')
         ORDER BY 1, 2
        """,
        list(CORE_TABLES.values()),
        names,
    )


@pytest.fixture(scope="module")
def uninstalled(db):
    """Uses the addon, notes what it owns, uninstalls it; returns what it owned."""
    used = odoo(db, "shell", stdin=USE_IT)
    assert used["reminders"] == 6 and used["consents"] == 1
    fields = query(
        db,
        """
        SELECT f.id, f.model, f.name FROM ir_model_fields f
          JOIN ir_model_data d ON d.model = 'ir.model.fields' AND d.res_id = f.id
         WHERE d.module = %s AND f.model = ANY(%s)
           -- a field another installed module declares too stays with it (Odoo's
           -- mail.thread.phone on res.partner: the app's and Odoo's texting addon's)
           AND NOT EXISTS (
                SELECT 1 FROM ir_model_data o
                  JOIN ir_module_module mo ON mo.name = o.module AND mo.state = 'installed'
                 WHERE o.model = 'ir.model.fields' AND o.res_id = f.id AND o.module != d.module)
        """,
        ADDON,
        list(CORE_TABLES),
    )
    crons = owned(db, "ir.cron")
    before = {
        "used": used,
        "fields": fields,
        "field_names": sorted({name for _id, _model, name in fields}),
        "crons": crons,
        "triggers": [
            r[0] for r in query(db, "SELECT id FROM ir_cron_trigger WHERE cron_id = ANY(%s)", crons)
        ],
        "menus": owned(db, "ir.ui.menu"),
        "tables": [
            r[0]
            for r in query(
                db,
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = current_schema() AND table_name LIKE '%%cobranca%%'",
            )
        ],
    }
    before["columns"] = addon_columns(db, before["field_names"])
    assert odoo(db, "shell", stdin=UNINSTALL) == "uninstalled"
    return before


def test_uninstall_leaves_no_cron_menu_field_column_or_table(db, uninstalled):
    before = uninstalled
    # what the addon had, so that this test cannot pass on an empty addon
    assert ("account_move", "cobranca_paused_until") in before["columns"]
    assert ("res_partner", "cobranca_regua_id") in before["columns"]
    assert ("res_company", "cobranca_default_regua_id") in before["columns"]
    assert {model for _id, model, _name in before["fields"]} == set(CORE_TABLES)
    assert SHIPPED_CRONS >= 4  # dispatch, ranking, retention, WhatsApp queue (answers: theirs)
    assert len(before["crons"]) == SHIPPED_CRONS and before["triggers"] and before["menus"]
    assert {"cobranca_reminder", "cobranca_consent_event", "cobranca_regua"} <= set(
        before["tables"]
    )

    [(state,)] = query(db, "SELECT state FROM ir_module_module WHERE name = %s", ADDON)
    assert state == "uninstalled"
    assert addon_columns(db, before["field_names"]) == []
    assert (
        query(
            db,
            "SELECT model, name FROM ir_model_fields WHERE id = ANY(%s) "
            "OR (model = ANY(%s) AND name = ANY(%s)) OR model LIKE 'cobranca.%%'",
            [field_id for field_id, _model, _name in before["fields"]],
            list(CORE_TABLES),
            before["field_names"],
        )
        == []
    )
    assert (
        query(
            db,
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = current_schema() AND table_name LIKE '%%cobranca%%'",
        )
        == []
    )
    # the effect report's materialized view is not in information_schema.tables
    assert (
        query(db, "SELECT matviewname FROM pg_matviews WHERE matviewname LIKE 'cobranca%%'") == []
    )
    assert query(db, "SELECT id FROM ir_cron WHERE id = ANY(%s)", before["crons"]) == []
    assert query(db, "SELECT id FROM ir_cron_trigger WHERE id = ANY(%s)", before["triggers"]) == []
    assert query(db, "SELECT id FROM ir_ui_menu WHERE id = ANY(%s)", before["menus"]) == []
    # nor any other trace: models, views, actions, constraints, external ids
    assert query(db, "SELECT model FROM ir_model WHERE model LIKE 'cobranca.%%'") == []
    assert query(db, "SELECT id FROM ir_ui_view WHERE arch_db::text LIKE '%%cobranca%%'") == []
    assert query(db, "SELECT id FROM ir_act_window WHERE res_model LIKE 'cobranca.%%'") == []
    assert (
        query(
            db,
            "SELECT c.name FROM ir_model_constraint c JOIN ir_module_module m ON m.id = c.module "
            "WHERE m.name = %s",
            ADDON,
        )
        == []
    )
    assert query(db, "SELECT id FROM ir_model_data WHERE module = %s", ADDON) == []
    # the company's own records stay: the customer and its posted invoice
    move, partner = before["used"]["move"], before["used"]["partner"]
    assert query(db, "SELECT state FROM account_move WHERE id = %s", move) == [("posted",)]
    assert query(db, "SELECT active FROM res_partner WHERE id = %s", partner) == [(True,)]


def test_installs_again_after_uninstall_and_plans_reminders(db, uninstalled):
    odoo(db, "-i", ADDON, "--stop-after-init")
    again = odoo(db, "shell", stdin=CHECK_AGAIN % {"move": uninstalled["used"]["move"]})
    assert again["state"] == "installed"
    assert again["default_regua"] == "Régua padrão"
    assert again["reguas"] == 3
    # installing the app again brings back the satellites that come with it
    assert again["crons"] == SHIPPED_CRONS + FAMILY_CRONS
    assert again["new_reminders"] == 6
    # the invoice posted before the uninstall is planned again, its promise forgotten
    assert again["old_reminders"] == 6
    assert again["old_paused_until"] == "False"
