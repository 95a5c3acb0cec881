def uninstall_hook(env):
    """The effect report's materialized view (``cobranca_effect_facts``) is no model's
    table: Odoo would leave it behind."""
    env.cr.execute("DROP MATERIALIZED VIEW IF EXISTS cobranca_effect_facts")
