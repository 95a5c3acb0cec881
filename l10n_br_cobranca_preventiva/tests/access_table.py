"""Who may do what in l10n_br_cobranca_preventiva: the one declaration (each addon of
the family has its own, checked by the same test: ``TestAccessTable``).

``tests/test_access_table.py`` walks the registry and the routes and fails on any
model, field of a core model, field with ``groups``, public method, route or report
of this addon that has no row here; then it checks every cell as the role's real
user (``with_user``, JSON-RPC ``call_kw``, ``url_open`` with the role's session):
Odoo's ACLs, record rules, field groups and the methods' own checks decide, not a
copy of them.

A cell is the set of roles allowed (routes and reports: the HTTP status per role).
Records are company A's (the customer's invoices, its ladders...); ``clerk_b`` and
``approver_b`` work in company B only, so their column says what a user of *another
company* may do with company A's data. Where the code does not follow a row yet,
the cell is in ``KNOWN_EXCEPTIONS`` (at the end) with why; nothing else may differ.
"""

# ----------------------------------------------------------------------- roles
#: role -> (groups of its user, its company). ``public`` is Odoo's anonymous
#: visitor, ``portal`` a contact of the customer with portal access. The internal
#: roles but ``employee`` (base.group_user only) also get "Contact Creation", as
#: Odoo's default new user does. sales_team is not a dependency of the addon (no
#: salesperson group here): ``auditor`` stands for every employee who reads the
#: invoices without being in collection.
ROLES = {
    "public": (None, "a"),
    "portal": ("base.group_portal", "a"),
    "employee": ("base.group_user", "a"),
    "contact_editor": ("base.group_user,base.group_partner_manager", "a"),
    "auditor": ("account.group_account_readonly,base.group_partner_manager", "a"),
    "clerk": ("account.group_account_invoice,base.group_partner_manager", "a"),
    "approver": ("account.group_account_manager,base.group_partner_manager", "a"),
    "clerk_b": ("account.group_account_invoice,base.group_partner_manager", "b"),
    "approver_b": ("account.group_account_manager,base.group_partner_manager", "b"),
    "system": ("base.group_system", "a"),
}

NOBODY = frozenset()
APPROVER = frozenset({"approver"})
SYSTEM = frozenset({"system"})
#: collection users of company A: account.group_account_invoice implies the
#: collection user group, account.group_account_manager the approver group
COLLECTION = frozenset({"clerk", "approver"})
COLLECTION_AB = COLLECTION | {"clerk_b", "approver_b"}
APPROVERS_AB = APPROVER | {"approver_b"}
INVOICE_READERS = COLLECTION | {"portal", "auditor"}  # of company A's invoices
INTERNAL_A = COLLECTION | {"employee", "contact_editor", "auditor", "system"}
INTERNAL = INTERNAL_A | {"clerk_b", "approver_b"}
COMPANY_READERS = INTERNAL_A | {"portal"}  # who reads company A
EVERYONE = INTERNAL | {"public", "portal"}

#: A method row's value for an override of create/write/unlink/copy_data/default_get:
#: what it allows is said by the model's create/write/unlink cells and field groups.
ORM = "orm"


def record(read, create=NOBODY, write=NOBODY, unlink=NOBODY):
    """A model with a table: the cells on company A's sample record."""
    return {"kind": "record", "read": read, "create": create, "write": write, "unlink": unlink}


def names(text):
    return tuple(text.split())


# ---------------------------------------------------------------------- models
#: The addon's own models. "report": an SQL view, read only. "wizard": a transient
#: model; its read/write/unlink cells are on *another user's* wizard. "service": an
#: abstract model, no record (its methods are all private: the walk checks it).
CONFIGURATION = record(COLLECTION, APPROVER, APPROVER, APPROVER)
MODELS = {
    "cobranca.regua": CONFIGURATION,
    "cobranca.regua.step": CONFIGURATION,
    "cobranca.whatsapp.param": CONFIGURATION,
    "cobranca.closed.date": CONFIGURATION,
    # synchronised from Meta (system administrators, as superuser)
    "cobranca.whatsapp.template": record(COLLECTION),
    # the engine's records, written as superuser or in SQL
    "cobranca.reminder": record(COLLECTION),
    "cobranca.move.plan": record(COLLECTION),
    "cobranca.approval.batch": record(COLLECTION),
    # only through cobranca.consent._cobranca_record; never changed nor deleted
    "cobranca.consent": record(COLLECTION),
    "cobranca.consent.event": record(COLLECTION),
    # the customers' WhatsApp messages that answer no reminder and the collectors'
    # chatter texts queued for WhatsApp: written by the webhook and the engine
    "cobranca.whatsapp.message": record(COLLECTION),
    # the opt-out pages' rate limit (keyed hashes of client addresses)
    "cobranca.optout.request": record(SYSTEM),
    # technical queues and caches: ids and figures, no customer text
    "cobranca.whatsapp.received": record(SYSTEM),
    "cobranca.ranking.report": {"kind": "report", "read": COLLECTION},
    "cobranca.consent.wizard": {"kind": "wizard", "create": COLLECTION_AB},
    "cobranca.approval.wizard": {"kind": "wizard", "create": APPROVERS_AB},
    **dict.fromkeys(
        names("""
            cobranca.calendar cobranca.channel cobranca.channel.activity
            cobranca.channel.email cobranca.channel.whatsapp
            cobranca.daily.cap cobranca.data.subject cobranca.demo cobranca.dispatcher
            cobranca.escalation cobranca.planner cobranca.privacy
            cobranca.privacy.notice cobranca.ranking cobranca.render.values
            cobranca.retention cobranca.timeline
            cobranca.whatsapp.delivery cobranca.whatsapp.inbound
            report.l10n_br_cobranca_preventiva.report_cobranca_data_subject
            report.l10n_br_cobranca_preventiva.report_formal_notice
        """),
        {"kind": "service"},
    ),
}

# ---------------------------------------------------------------- field groups
#: (model, group) -> its fields, who reads them and who writes them; write None: a
#: computed field without inverse or a one2many, nothing to write (checked). Every
#: field this addon adds to a core model, and every field of its own models that
#: carries ``groups``, is in exactly one group. The record is company A's customer,
#: invoice, company, or the Settings screen's record (made by the administrator).
COMPANY_SETTINGS = names("""
    cobranca_tz cobranca_window_weekday_start cobranca_window_weekday_end
    cobranca_window_saturday cobranca_window_saturday_start cobranca_window_saturday_end
    cobranca_daily_cap cobranca_plan_horizon_days cobranca_send_hour_default
    cobranca_responsible_id cobranca_approver_id cobranca_rank_lookback_days
    cobranca_rank_min_paid cobranca_rank_a_max_days cobranca_rank_a_min_on_time
    cobranca_rank_b_max_days cobranca_rank_b_min_on_time cobranca_rank_d_min_days
    cobranca_rank_warning_days cobranca_regua_new_id cobranca_regua_a_id
    cobranca_regua_b_id cobranca_regua_c_id cobranca_regua_d_id cobranca_consent_email
    cobranca_consent_whatsapp cobranca_consent_phone
    cobranca_optout_validity_days cobranca_whatsapp_api_version
    cobranca_whatsapp_phone_number_id cobranca_whatsapp_waba_id cobranca_retention_years
    cobranca_late_fee_percent cobranca_late_interest_percent cobranca_notice_deadline_days
    cobranca_protest_notice_days cobranca_privacy_officer cobranca_privacy_contact
""")
WHATSAPP_SECRETS = names("""
    cobranca_whatsapp_base_url cobranca_whatsapp_token cobranca_whatsapp_app_secret
    cobranca_whatsapp_verify_token
""")
FIELD_GROUPS = {
    # ---- the customer
    ("res.partner", "collection decisions"): {
        # every employee reads them (a salesperson sees the credit hold), and the
        # customer's portal user; only collection users change them
        "fields": names("""
            cobranca_regua_id cobranca_collector_id cobranca_excluded cobranca_credit_hold
        """),
        "read": INTERNAL | {"portal"},
        "write": COLLECTION_AB,
    },
    ("res.partner", "payer profile"): {
        # personal data computed by the ranking and the WhatsApp webhook (as
        # superuser or in SQL): nobody writes it by hand
        "fields": names("""
            cobranca_class cobranca_score cobranca_avg_days_late cobranca_on_time_rate
            cobranca_overdue_amount cobranca_paid_count cobranca_usual_delay
            cobranca_broken_promise_count cobranca_early_warning
            cobranca_early_warning_reason cobranca_ranking_date cobranca_whatsapp_last_inbound
            cobranca_whatsapp_last_number
        """),
        "read": COLLECTION_AB,
        "write": NOBODY,
    },
    ("res.partner", "pinned class"): {
        "fields": ("cobranca_class_manual",),
        "read": COLLECTION_AB,
        "write": COLLECTION_AB,
    },
    ("res.partner", "consents, evidence, reminders"): {
        "fields": names("""
            cobranca_consent_ids cobranca_consent_event_ids cobranca_reminder_count
            cobranca_whatsapp_message_ids
        """),
        "read": COLLECTION_AB,  # each its own company's
        "write": None,
    },
    # ---- the invoice
    ("account.move", "payer profile on the invoice"): {
        "fields": ("cobranca_early_warning", "cobranca_early_warning_reason"),
        "read": COLLECTION,
        "write": None,
    },
    ("account.move", "collection plan"): {
        "fields": names("""
            cobranca_regua_id cobranca_regua_forced cobranca_paused_until cobranca_dispute
            cobranca_dispute_reason cobranca_dispute_resolution
        """),
        "read": INVOICE_READERS,
        "write": COLLECTION,
    },
    ("account.move", "erasure"): {
        # when what the customer answered was erased (the retention, an erasure)
        "fields": ("cobranca_answers_erased_date",),
        "read": INVOICE_READERS,
        "write": NOBODY,
    },
    ("account.move", "collection facts"): {
        "fields": names("""
            cobranca_due_date cobranca_effective_due_date cobranca_days_to_due
            cobranca_planned_regua_id cobranca_planned_due_date cobranca_pause_reason
            cobranca_amount_due cobranca_amount_due_signed cobranca_installment_pending
            cobranca_resume_date cobranca_credit_hold
        """),
        "read": INVOICE_READERS,
        "write": None,
    },
    ("account.move", "collection records"): {
        # computed from reminders and plans: Odoo refuses them to whoever cannot
        # read those
        "fields": names("""
            cobranca_plan_ids cobranca_reminder_ids cobranca_reminder_count
            cobranca_timeline_html
        """),
        "read": COLLECTION,
        "write": None,
    },
    # ---- the company and the Settings screen
    ("res.company", "collection settings"): {
        # read by the company's users (as Odoo's own company fields), written by the
        # administrators (Access Rights)
        "fields": COMPANY_SETTINGS,
        "read": COMPANY_READERS,
        "write": SYSTEM,
    },
    ("res.company", "default ladder"): {
        # its inverse marks the ladder: needs Settings and ladder rights (the admin)
        "fields": ("cobranca_default_regua_id",),
        "read": COMPANY_READERS,
        "write": NOBODY,
    },
    ("res.company", "ladders and closed days"): {
        "fields": ("cobranca_regua_ids", "cobranca_closed_date_ids"),
        "read": COLLECTION,
        "write": None,
    },
    ("res.company", "creditor identity"): {
        "fields": names(
            "cobranca_creditor_identity cobranca_creditor_missing cobranca_charges_text"
        ),
        "read": COMPANY_READERS,
        "write": None,
    },
    ("res.company", "privacy notice and checks"): {
        # the public privacy page's address (anyone may read the notice) and what
        # Settings warn about
        "fields": names("""
            cobranca_privacy_url cobranca_privacy_missing cobranca_charges_consumer_warning
        """),
        "read": COMPANY_READERS,
        "write": None,
    },
    ("res.company", "whatsapp secrets"): {
        "fields": WHATSAPP_SECRETS,
        "read": SYSTEM,
        "write": SYSTEM,
    },
    ("res.config.settings", "collection settings"): {
        "fields": COMPANY_SETTINGS,
        "read": SYSTEM,
        "write": SYSTEM,
    },
    ("res.config.settings", "default ladder"): {
        "fields": ("cobranca_default_regua_id",),
        "read": SYSTEM,
        "write": NOBODY,  # as on the company
    },
    ("res.config.settings", "setup checks"): {
        "fields": names("""
            cobranca_creditor_identity cobranca_creditor_missing cobranca_setup_no_mail_server
            cobranca_setup_no_whatsapp cobranca_setup_no_pix cobranca_setup_ready
            cobranca_privacy_url cobranca_privacy_missing cobranca_charges_consumer_warning
        """),
        "read": SYSTEM,
        "write": None,
    },
    # ---- fields with groups on the addon's own models
    ("res.config.settings", "whatsapp secrets"): {
        "fields": WHATSAPP_SECRETS,
        "read": SYSTEM,
        "write": SYSTEM,
    },
}

# --------------------------------------------------------------------- methods
#: Every public method (no leading underscore, not ``init``) of a class of this
#: addon, with the roles whose call passes its checks (a refusal is an AccessError;
#: a UserError after the checks counts as passing). Called on company A's sample;
#: a wizard's or Settings' button on a record the role makes, as the web client does
#: (over JSON-RPC on someone else's: Settings users only, nobody for a wizard).
METHODS = {
    **dict.fromkeys(
        [
            ("account.move", "write"),
            ("account.partial.reconcile", "create"),
            ("account.partial.reconcile", "unlink"),
            ("account.payment", "create"),
            ("account.payment", "write"),
            ("mail.notification", "write"),
            ("res.partner", "create"),
            ("res.partner", "write"),
            ("res.company", "create"),
            ("res.company", "write"),
            ("cobranca.regua", "write"),
            ("cobranca.regua", "unlink"),
            ("cobranca.regua", "copy_data"),
            ("cobranca.regua.step", "create"),
            ("cobranca.regua.step", "write"),
            ("cobranca.regua.step", "unlink"),
            ("cobranca.closed.date", "create"),
            ("cobranca.closed.date", "write"),
            ("cobranca.closed.date", "unlink"),
            ("cobranca.consent", "create"),
            ("cobranca.consent", "write"),
            ("cobranca.consent.event", "create"),
            ("cobranca.consent.event", "write"),
            ("cobranca.consent.wizard", "default_get"),
            ("cobranca.approval.wizard", "default_get"),
        ],
        ORM,
    ),
    ("account.move", "action_cobranca_reminders"): COLLECTION,
    ("account.move", "action_cobranca_reset_regua"): COLLECTION,
    ("account.move", "action_cobranca_resolve_dispute"): COLLECTION,
    ("account.move", "action_cobranca_resume"): COLLECTION,
    # the customer is shared: a user of company B acts on company B's data about it
    ("res.partner", "action_cobranca_reminders"): COLLECTION_AB,
    ("res.partner", "action_cobranca_rank"): COLLECTION_AB,
    ("res.partner", "action_cobranca_consent_wizard"): COLLECTION_AB,
    ("res.partner", "action_cobranca_export_data"): APPROVERS_AB,
    ("res.partner", "action_cobranca_export_report"): APPROVERS_AB,
    ("res.partner", "action_cobranca_anonymise"): APPROVERS_AB,
    ("res.company", "action_cobranca_whatsapp_sync"): SYSTEM,
    ("res.config.settings", "action_cobranca_open_mail_servers"): SYSTEM,
    ("res.config.settings", "action_cobranca_open_bank_accounts"): SYSTEM,
    ("res.config.settings", "action_cobranca_open_company"): SYSTEM,
    ("res.config.settings", "action_cobranca_whatsapp_sync"): SYSTEM,
    ("res.config.settings", "action_cobranca_rank_all"): SYSTEM,
    ("cobranca.regua.step", "action_open_step"): COLLECTION,
    ("cobranca.reminder", "action_approve"): APPROVER,
    ("cobranca.reminder", "action_reject"): APPROVER,
    ("cobranca.approval.batch", "action_open_reminders"): COLLECTION,
    ("cobranca.consent.wizard", "action_confirm"): COLLECTION_AB,  # in the user's company
    ("cobranca.approval.wizard", "action_confirm"): APPROVER,
}

# ---------------------------------------------------------------------- routes
#: Every route of controllers/: (path, method) -> {variant: {status: roles}}. The
#: variants: "token" (the link's token, signature or verify token is right) and
#: "no token" (missing or wrong); a route without a token has "session" only.
LOGIN_FIRST = {303: {"public"}}  # auth="user": the visitor goes to /web/login
ROUTES = {
    # an approver of company B gets what company B holds on the customer
    ("/cobranca/lgpd/export/<int:partner_id>", "GET"): {
        "session": {**LOGIN_FIRST, 200: APPROVERS_AB, 403: INTERNAL - APPROVERS_AB | {"portal"}},
    },
    ("/cobranca/optout/<string:token>", "GET"): {
        "token": {200: EVERYONE},
        "no token": {400: EVERYONE},
    },
    ("/cobranca/optout/<string:token>", "POST"): {
        "token": {200: EVERYONE},
        "no token": {400: EVERYONE},
    },
    # the company's privacy notice: public, no token
    ("/cobranca/privacidade/<int:company_id>", "GET"): {"session": {200: EVERYONE}},
    ("/cobranca/whatsapp/webhook", "GET"): {"token": {200: EVERYONE}, "no token": {403: EVERYONE}},
    ("/cobranca/whatsapp/webhook", "POST"): {"token": {200: EVERYONE}, "no token": {403: EVERYONE}},
    # the chatter's "Send message" (the addon marks it for the WhatsApp session
    # reply): a JSON route, "ok" or the error the answer carries. The token is the
    # portal's; what an internal user's post may then send on WhatsApp is not a cell
    # here (being fixed in parallel: WhatsApp chatter messages)
    ("/mail/message/post", "POST"): {
        "token": {"ok": EVERYONE},
        "no token": {"ok": INVOICE_READERS, "NotFound": EVERYONE - INVOICE_READERS},
    },
}

#: Every QWeb report of this addon, over Odoo's /report/html route (which ignores a
#: report's groups: what the report reads checks access itself).
REPORTS = {
    "l10n_br_cobranca_preventiva.report_formal_notice": {
        **LOGIN_FIRST,
        200: COLLECTION,
        403: INTERNAL - COLLECTION | {"portal"},
    },
    "l10n_br_cobranca_preventiva.report_cobranca_data_subject": {
        **LOGIN_FIRST,
        200: APPROVERS_AB,  # as the export: what the approver's companies hold
        403: INTERNAL - APPROVERS_AB | {"portal"},
    },
}

# ------------------------------------------------------------ known exceptions
#: Cells (one role each) where the code does not follow the rows above yet:
#: (*cell, role) -> (what the code does, why). The test expects the code's behaviour
#: here, and fails once a cell follows its row, so that it leaves this list.
BEING_FIXED = "being fixed in parallel"
KNOWN_EXCEPTIONS = {}
