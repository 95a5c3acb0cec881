from .models.res_company import SHIPPED_REGUAS


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
    main._cobranca_map_classes({regua: regua for regua in shipped if regua})
    env["res.company"].search([])._cobranca_setup_default_reguas()
    # rank the existing customers right away, in the background
    env.ref("l10n_br_cobranca_preventiva.ir_cron_cobranca_ranking")._trigger()
