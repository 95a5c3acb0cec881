from odoo.tools import SQL

from .models.cobranca_regua import SHIPPED_REGUAS


def post_init_hook(env):
    """Brazilian Portuguese for customer-facing texts, ladders for every company."""
    # Reminders format amounts and dates as pt_BR (R$ 1.234,56, dd/mm/aaaa): the
    # language must be active, with its translations, like installing it by hand.
    if not env["res.lang"]._lang_get("pt_BR"):
        env["res.lang"]._activate_lang("pt_BR")
        # this addon is still "to install" here: its own terms must be loaded too
        modules = env["ir.module.module"].search(
            [("state", "in", ("installed", "to install", "to upgrade"))]
        )
        modules._update_translations("pt_BR")
    # Data files create the ladders of the main company only: it maps them to the
    # payer classes, other companies get copies.
    shipped = [env.ref(xmlid, raise_if_not_found=False) for xmlid in SHIPPED_REGUAS]
    main = env.ref("base.main_company")
    Regua = env["cobranca.regua"]
    Regua._map_classes(main, {regua: regua for regua in shipped if regua})
    Regua._setup_company_defaults(env["res.company"].search([]))
    # rank the existing customers right away, in the background
    env.ref("l10n_br_cobranca_preventiva.ir_cron_cobranca_ranking")._trigger()


def uninstall_hook(env):
    """Make the uninstall remove the addon cleanly.

    - Reminders keep the steps they were sent for (``ondelete="restrict"``), so Odoo
      could not delete the shipped ladders as it removes the addon's records, and would
      log an error when it looks for them again after dropping their table. The
      reminders' table goes with the addon: empty it first.
    - Odoo drops the foreign keys before it deletes the ladders one by one, so the
      companies, customers and invoices would keep ids of ladders already deleted, and
      recomputing an invoice's ladder as the next one goes would fail on them: clear
      those references first (their columns go with the addon too).
    - Foreign keys are reflected in ``ir.model.constraint`` without an xml id: Odoo
      drops them with their columns and tables but keeps their records.
    - The pending runs of the addon's crons (``ir.cron.trigger``) would stay behind
      without their cron.
    """
    module = "l10n_br_cobranca_preventiva"
    Reminder = env["cobranca.reminder"]
    Reminder.flush_model()
    env.cr.execute(SQL("DELETE FROM %s", SQL.identifier(Reminder._table)))
    Reminder.invalidate_model()
    for model in ("res.company", "res.partner", "account.move"):
        Model = env[model]
        columns = [
            name
            for name, field in Model._fields.items()
            if field.type == "many2one" and field.comodel_name == "cobranca.regua" and field.store
        ]
        if columns:
            Model.flush_model(columns)
            env.cr.execute(
                SQL(
                    "UPDATE %s SET %s",
                    SQL.identifier(Model._table),
                    SQL(", ").join(SQL("%s = NULL", SQL.identifier(name)) for name in columns),
                )
            )
            Model.invalidate_model(columns)
    crons = (
        env["ir.model.data"]
        .search([("module", "=", module), ("model", "=", "ir.cron")])
        .mapped("res_id")
    )
    env["ir.cron.trigger"].search([("cron_id", "in", crons)]).unlink()
    env["ir.model.constraint"].search([("module.name", "=", module), ("type", "=", "f")]).unlink()
