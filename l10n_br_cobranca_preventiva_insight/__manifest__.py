# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Cobrança Preventiva (Brasil) - Insight",
    "summary": "The collection dashboard (aging, DSO, CEI, on-time rate, effect of the "
    "reminders, cash-in forecast), each invoice's predicted payment date, A/B variants of "
    "a step's template and the hour each customer reads",
    "version": "18.0.1.0.0",
    "category": "Accounting",
    "license": "LGPL-3",
    "author": "l10n_br_cobranca_preventiva contributors",
    "depends": ["l10n_br_cobranca_preventiva", "board"],
    "data": [
        "security/ir.model.access.csv",
        "security/security.xml",
        "views/cobranca_regua_views.xml",
        "views/cobranca_reminder_views.xml",
        "views/res_partner_views.xml",
        "views/account_move_views.xml",
        "views/cobranca_privacy_templates.xml",
        "report/cobranca_insight_views.xml",
        "report/cobranca_data_subject_report.xml",
        "views/cobranca_dashboard_views.xml",
        "views/menus.xml",
        "data/ir_cron_data.xml",
    ],
    # with the app, even where Odoo's board is not installed yet (it pulls it in)
    "auto_install": ["l10n_br_cobranca_preventiva"],
    "uninstall_hook": "uninstall_hook",
    "installable": True,
}
