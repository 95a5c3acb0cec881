"""Who may do what in l10n_br_cobranca_preventiva_insight: its rows of the family's
access table (the roles and the conventions are the app's: see its tests/access_table.py).

``tests/test_access_table.py`` walks what this addon defines (its models, the fields it
adds to the app's and Odoo's models, its public methods) and fails on any without a
row here; then it checks every cell as the role's real user.
"""

from odoo.addons.l10n_br_cobranca_preventiva.tests.access_table import (
    APPROVER,
    COLLECTION,
    COLLECTION_AB,
    CONFIGURATION,
    NOBODY,
    SYSTEM,
    names,
    record,
)

# ---------------------------------------------------------------------- models
MODELS = {
    # a step's A/B variants: the ladder's configuration
    "cobranca.regua.step.variant": CONFIGURATION,
    # the dashboard's kept figures: ids and figures, no customer text
    "cobranca.insight.cache": record(SYSTEM),
    **dict.fromkeys(
        names("""
            cobranca.aging.report cobranca.kpi.report cobranca.effect.report
            cobranca.forecast.report
        """),
        {"kind": "report", "read": COLLECTION},
    ),
    "cobranca.send.hour": {"kind": "service"},
}

# ---------------------------------------------------------------- field groups
FIELD_GROUPS = {
    ("cobranca.regua.step", "A/B variants"): {
        # the ladder's configuration: as the step's other fields
        "fields": ("variant_ids",),
        "read": COLLECTION,
        "write": APPROVER,
    },
    ("cobranca.reminder", "A/B variant"): {
        # written by the engine only
        "fields": ("variant_id",),
        "read": COLLECTION,
        "write": NOBODY,
    },
    ("res.partner", "payer profile"): {
        # personal data computed by the send-hour learning (in SQL): nobody writes it
        "fields": ("cobranca_send_hour", "cobranca_send_hour_events"),
        "read": COLLECTION_AB,
        "write": NOBODY,
    },
    ("account.move", "payer profile on the invoice"): {
        "fields": ("cobranca_predicted_pay_date",),
        "read": COLLECTION,
        "write": None,
    },
}

# --------------------------------------------------------------------- methods
METHODS = {
    ("cobranca.regua.step", "action_cobranca_promote_winner"): APPROVER,
}

ROUTES = {}

REPORTS = {}

# ------------------------------------------------------------ known exceptions
KNOWN_EXCEPTIONS = {}
