# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Cobrança Preventiva (Brasil) - Answers",
    "summary": "What customers answer a collection reminder: the answer page, promises "
    'to pay, contests, installment proposals, "já paguei" with proofs, email and '
    "WhatsApp replies, and the decisions told back",
    "version": "18.0.1.0.0",
    "category": "Accounting",
    "license": "LGPL-3",
    "author": "l10n_br_cobranca_preventiva contributors",
    "depends": ["l10n_br_cobranca_preventiva"],
    "data": [
        "security/ir.model.access.csv",
        "security/security.xml",
        "views/cobranca_promise_views.xml",
        "views/cobranca_installment_proposal_views.xml",
        "views/cobranca_due_day_request_views.xml",
        "views/cobranca_portal_templates.xml",
        "views/cobranca_mail_parts.xml",
        "views/account_move_views.xml",
        "views/res_config_settings_views.xml",
        "report/cobranca_data_subject_report.xml",
        "views/menus.xml",
        "data/mail_template_decision_data.xml",
        "data/ir_cron_data.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "l10n_br_cobranca_preventiva_answer/static/src/js/tours/*.js",
        ],
    },
    "demo": ["demo/cobranca_demo.xml"],
    # with the app, always (a company may uninstall it)
    "auto_install": ["l10n_br_cobranca_preventiva"],
    "installable": True,
}
