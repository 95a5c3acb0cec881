# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Cobrança Preventiva (Brasil) - SMS",
    "summary": "Collection reminders by SMS, through Odoo's SMS: a ladder step's channel, "
    "its consent policy and a short opt-out link per message",
    "version": "18.0.1.0.0",
    "category": "Accounting",
    "license": "LGPL-3",
    "author": "l10n_br_cobranca_preventiva contributors",
    "depends": ["l10n_br_cobranca_preventiva", "sms"],
    "data": [
        "views/cobranca_regua_views.xml",
        "views/cobranca_reminder_views.xml",
        "views/res_config_settings_views.xml",
        "data/sms_template_data.xml",
    ],
    "auto_install": True,
    "installable": True,
}
