# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Cobrança Preventiva (Brasil)",
    "summary": "Preventive collection for Brazil: dunning ladders before and after "
    "the due date, on the Brazilian banking calendar",
    "version": "18.0.1.0.0",
    "category": "Accounting",
    "license": "LGPL-3",
    "author": "l10n_br_cobranca_preventiva contributors",
    "depends": ["account", "l10n_br"],
    "external_dependencies": {"python": ["holidays"]},
    "data": [
        "security/security.xml",
        "security/ir.model.access.csv",
        "views/cobranca_regua_views.xml",
        "views/cobranca_timeline_templates.xml",
        "views/account_move_views.xml",
        "views/res_partner_views.xml",
        "views/res_config_settings_views.xml",
        "views/menus.xml",
        "data/mail_template_data.xml",
        "data/cobranca_regua_data.xml",
    ],
    "demo": ["demo/cobranca_demo.xml"],
    "post_init_hook": "post_init_hook",
    "installable": True,
    "application": True,
}
