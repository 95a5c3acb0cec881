# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Cobrança Preventiva (Brasil) - Job Queue",
    "summary": "Plan and send the collection reminders as queue_job jobs, in parallel on every "
    "Odoo worker and host that share the database",
    "version": "18.0.1.0.0",
    "category": "Accounting",
    "license": "LGPL-3",
    "author": "l10n_br_cobranca_preventiva contributors",
    "depends": ["l10n_br_cobranca_preventiva", "queue_job"],
    "data": ["data/queue_job_data.xml"],
    "auto_install": True,
    "installable": True,
}
