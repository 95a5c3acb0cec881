"""Who may do what in l10n_br_cobranca_preventiva_answer: its rows of the family's
access table (the roles and the conventions are the app's: see its
tests/access_table.py).

``tests/test_access_table.py`` walks what this addon defines (its models, the fields it
adds or redefines on the app's and Odoo's models, its public methods, routes and
reports) and fails on any without a row here; then it checks every cell as the role's
real user.
"""

from odoo.addons.l10n_br_cobranca_preventiva.tests.access_table import (
    APPROVER,
    COLLECTION,
    COLLECTION_AB,
    COMPANY_READERS,
    EVERYONE,
    INTERNAL,
    INVOICE_READERS,
    NOBODY,
    ORM,
    SYSTEM,
    names,
    record,
)

# ---------------------------------------------------------------------- models
MODELS = {
    # a clerk records a promise made by phone (the invoice's "Paused Until"); it
    # changes through its button and the daily check only
    "cobranca.promise": record(COLLECTION, create=COLLECTION),
    # the customer proposes on its own channels; an approver may record one heard by
    # phone (its own, pending: create takes nothing else); the collector writes the
    # decision note while it is pending and presses Accept or Refuse
    "cobranca.installment.proposal": record(COLLECTION, create=APPROVER, write=COLLECTION),
    # the customer asks on its own channels (a collection user from the answer page,
    # in its own name, through the same service); the collector writes the decision
    # note while it waits and presses Approve or Refuse
    "cobranca.due.day.request": record(COLLECTION, write=COLLECTION),
    # the WhatsApp files still to download: ids, no customer text
    "cobranca.whatsapp.proof": record(SYSTEM),
    **dict.fromkeys(
        names("cobranca.answer cobranca.answer.guard cobranca.notice cobranca.email.inbound"),
        {"kind": "service"},
    ),
}

# ---------------------------------------------------------------- field groups
ANSWER_SETTINGS = names("""
    cobranca_promise_max_days cobranca_paid_claim_days cobranca_answer_lookback_days
    cobranca_answer_max_broken cobranca_answer_max_unpaid_claims cobranca_proof_max_count
    cobranca_proof_max_mb cobranca_due_days cobranca_due_day_min_days
""")
FIELD_GROUPS = {
    ("account.move", "pause"): {
        # computed from the answers here; a date written records the clerk's promise
        "fields": ("cobranca_paused_until",),
        "read": INVOICE_READERS,
        "write": COLLECTION,
    },
    ("account.move", "customer answers"): {
        # set by the customer's answers ("já paguei", contest) and by the payment
        # and counted by the daily checks (the answer budget)
        "fields": names("""
            cobranca_paid_claim_until cobranca_paid_claim_activity_id
            cobranca_dispute_activity_id cobranca_dispute_source cobranca_paid_claim_source
            cobranca_paid_claim_expired_count cobranca_paid_claim_expired_date
        """),
        "read": INVOICE_READERS,
        "write": NOBODY,
    },
    ("account.move", "answer page"): {
        "fields": ("cobranca_answer_url",),
        "read": INVOICE_READERS,
        "write": None,
    },
    ("account.move", "answer records"): {
        # computed from promises and proposals: Odoo refuses them to whoever cannot
        # read those
        "fields": names("cobranca_promise_ids cobranca_installment_ids cobranca_promise_id"),
        "read": COLLECTION,
        "write": None,
    },
    ("res.partner", "due day"): {
        # the payer profile's: computed from the approved requests, the payment terms
        # and the payments (each user's company's), the requests listed
        "fields": names("""
            cobranca_due_day cobranca_usual_pay_day cobranca_suggested_due_day
            cobranca_due_day_request_ids
        """),
        "read": COLLECTION_AB,
        "write": None,
    },
    ("res.company", "answer settings"): {
        "fields": ANSWER_SETTINGS,
        "read": COMPANY_READERS,
        "write": SYSTEM,
    },
    ("res.config.settings", "answer settings"): {
        "fields": ANSWER_SETTINGS,
        "read": SYSTEM,
        "write": SYSTEM,
    },
}

# --------------------------------------------------------------------- methods
METHODS = {
    **dict.fromkeys(
        [
            ("account.move", "write"),
            ("cobranca.promise", "create"),
            ("cobranca.installment.proposal", "create"),
            ("cobranca.installment.proposal", "write"),
            ("cobranca.due.day.request", "write"),
        ],
        ORM,
    ),
    ("account.move", "action_cobranca_resolve_dispute"): COLLECTION,
    ("account.move", "action_cobranca_resume"): COLLECTION,
    ("cobranca.promise", "action_cancel"): COLLECTION,
    ("cobranca.installment.proposal", "action_accept"): COLLECTION,
    ("cobranca.installment.proposal", "action_refuse"): COLLECTION,
    ("cobranca.due.day.request", "action_approve"): COLLECTION,
    ("cobranca.due.day.request", "action_refuse"): COLLECTION,
}

# ---------------------------------------------------------------------- routes
ROUTES = {
    ("/my/invoices/<int:invoice_id>/cobranca", "GET"): {
        "token": {200: EVERYONE},
        "no token": {200: INVOICE_READERS, 303: EVERYONE - INVOICE_READERS},
    },
    # the token's holder and the customer's portal user answer as the customer; an
    # internal user answers as itself (source clerk), with or without the token, and
    # only when it may write the invoice
    ("/my/invoices/<int:invoice_id>/cobranca", "POST"): {
        "token": {200: {"public", "portal"} | COLLECTION, 403: INTERNAL - COLLECTION},
        "no token": {200: {"portal"} | COLLECTION, 403: EVERYONE - {"portal"} - COLLECTION},
    },
}

REPORTS = {}

KNOWN_EXCEPTIONS = {}
