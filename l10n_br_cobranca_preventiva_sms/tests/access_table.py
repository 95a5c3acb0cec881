"""Who may do what in l10n_br_cobranca_preventiva_sms: its rows of the family's access
table (the roles and the conventions are the app's: see its tests/access_table.py).

``tests/test_access_table.py`` walks what this addon defines (its models, the fields it
adds or redefines on the app's and Odoo's models, its public methods, routes and
reports) and fails on any without a row here; then it checks every cell as the role's
real user.
"""

from odoo.addons.l10n_br_cobranca_preventiva.tests.access_table import (
    APPROVER,
    COLLECTION,
    COMPANY_READERS,
    EVERYONE,
    INVOICE_READERS,
    NOBODY,
    SYSTEM,
    names,
)

# ---------------------------------------------------------------------- models
MODELS = {
    "cobranca.channel.sms": {"kind": "service"},
}

# ---------------------------------------------------------------- field groups
#: The fields this addon adds, and the channel selections it extends (the value
#: ``sms``): who reads and writes them, on company A's sample records.
FIELD_GROUPS = {
    ("cobranca.regua.step", "SMS step"): {
        # the ladder's configuration: as the step's other fields
        "fields": names("channel fallback_channel sms_template_id"),
        "read": COLLECTION,
        "write": APPROVER,
    },
    ("cobranca.reminder", "channel"): {
        # written by the engine only
        "fields": ("channel",),
        "read": COLLECTION,
        "write": NOBODY,
    },
    ("cobranca.reminder", "SMS opt-out code"): {
        # the code is the link: whoever reads it may stop the customer's messages
        # (the field is for administrators, who cannot read reminders without the
        # collection groups: only the engine reads it)
        "fields": ("optout_code",),
        "read": NOBODY,
        "write": NOBODY,
    },
    ("cobranca.consent", "channel"): {
        # a consent never changes: a new event is recorded instead
        "fields": ("channel",),
        "read": COLLECTION,
        "write": NOBODY,
    },
    ("cobranca.consent.wizard", "channel"): {
        # another user's wizard
        "fields": ("channel",),
        "read": NOBODY,
        "write": NOBODY,
    },
    ("account.move", "collection facts"): {
        "fields": ("cobranca_optout_short_url",),
        "read": INVOICE_READERS,
        "write": None,
    },
    ("res.company", "collection settings"): {
        "fields": ("cobranca_consent_sms",),
        "read": COMPANY_READERS,
        "write": SYSTEM,
    },
    ("res.config.settings", "collection settings"): {
        "fields": ("cobranca_consent_sms",),
        "read": SYSTEM,
        "write": SYSTEM,
    },
}

# --------------------------------------------------------------------- methods
#: No public method: the channel service's methods are all private.
METHODS = {}

# ---------------------------------------------------------------------- routes
ROUTES = {
    # the SMS's short link to the opt-out page: its code is the token
    ("/cobranca/o/<string:code>", "GET"): {
        "token": {200: EVERYONE},
        "no token": {400: EVERYONE},
    },
    ("/cobranca/o/<string:code>", "POST"): {
        "token": {200: EVERYONE},
        "no token": {400: EVERYONE},
    },
}

REPORTS = {}

# ------------------------------------------------------------ known exceptions
KNOWN_EXCEPTIONS = {}
