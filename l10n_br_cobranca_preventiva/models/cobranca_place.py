"""The debtor's place, written once: where an invoice's people are, as a Python
predicate on a partner and its SQL twin on an invoice's joins, which
``tests/test_rule_agreement.py`` checks against each other on the same records.

The customer (commercial partner) pays where it is: its Brazilian state (UF) is its
``state_id.code`` when its country is Brazil, else it has none ('' in SQL, None in
Python); that state's holidays and its city's closed days decide when a bill is
payable. The invoice contact (a billing address, a child contact) is reminded where
it is: its own state and city when it has a Brazilian state of its own, else the
customer's; messages and calls to it follow that state's holidays and legal contact
hours. ``res.partner._cobranca_state_code`` and ``_cobranca_place`` read these
predicates; the planner, the dispatcher, the ranking and the insight addon's reports
read the SQL.
"""

from odoo.tools import SQL

from ..tools.business_calendar import ClosedDays


# ------------------------------------------------------------------- predicates
def customer_state(partner):
    """The state code (UF) of ``partner``'s customer (its commercial partner) when that
    customer is in Brazil, else None; None without a partner."""
    if not partner:
        return None  # an invoice being edited without a customer yet
    partner.ensure_one()
    customer = partner.commercial_partner_id
    if customer.country_id.code == "BR" and customer.state_id:
        return customer.state_id.code
    return None


def place(partner):
    """(state code or None, city) where ``partner`` is reminded: its own address when it
    has a Brazilian state, else its customer's (a child contact's address is usually its
    parent's anyway)."""
    if not partner:
        return None, ""  # an invoice being edited without a customer yet
    partner.ensure_one()
    for person in (partner, partner.commercial_partner_id):
        if person.country_id.code == "BR" and person.state_id:
            return person.state_id.code, person.city or ""
    return None, partner.commercial_partner_id.city or ""


# ------------------------------------------------------------------- SQL twins
def customer_state_join(partner_column, alias):
    """LEFT JOINs after which ``customer_state_code(alias)`` is the state of the
    partner whose id is ``partner_column`` (an SQL expression)."""
    return SQL(
        """
        LEFT JOIN res_partner %(p)s ON %(p)s.id = %(column)s
        LEFT JOIN res_country %(c)s ON %(c)s.id = %(p)s.country_id
        LEFT JOIN res_country_state %(s)s
               ON %(s)s.id = %(p)s.state_id AND %(c)s.code = 'BR'
        """,
        p=SQL.identifier(f"{alias}_partner"),
        c=SQL.identifier(f"{alias}_country"),
        s=SQL.identifier(f"{alias}_state"),
        column=partner_column,
    )


def customer_state_code(alias):
    """The state code joined by ``customer_state_join`` ('' when none)."""
    return SQL("coalesce(%s.code, '')", SQL.identifier(f"{alias}_state"))


def place_sql():
    """SQL of the places of an invoice ``m``: ``state`` (its customer's, '') after
    ``state_join`` (the customer's city is ``cust_partner.city``); ``contact_state``
    and ``contact_city`` of its invoice contact after ``contact_join`` too."""
    own = SQL.identifier("rcpt_state")
    return {
        "state": customer_state_code("cust"),
        "state_join": customer_state_join(SQL("m.commercial_partner_id"), "cust"),
        "contact_join": customer_state_join(SQL("m.partner_id"), "rcpt"),
        "contact_state": SQL("coalesce(%s.code, %s)", own, customer_state_code("cust")),
        "contact_city": SQL(
            "CASE WHEN %s.code IS NULL THEN cust_partner.city ELSE rcpt_partner.city END", own
        ),
    }


# ------------------------------------------------------- the planner's calendars
def row_calendars(companies, rows):
    """{invoice id: (payment calendar, contact calendar or None)} of the planner's
    rows (``customer_state``, ``customer_city``, ``contact_state``,
    ``contact_city``): where its bill is paid (the company's and the customer's
    state, the company's closed days and those of the customer's city), and where
    its invoice contact is reminded when that is elsewhere. Invoices share them."""
    closed = companies.env["cobranca.calendar"]._closed_days_by_company(companies)
    shared = {}

    def calendar(company_id, state, city):
        extra = closed[company_id].for_place(state or None, city or "")
        key = (company_id, state or None, extra)
        if key not in shared:
            shared[key] = companies.env["cobranca.calendar"]._calendar(
                companies.browse(company_id), state=state or None, extra_closed=extra
            )
        return shared[key]

    result = {}
    for row in rows:
        company_id = row["company_id"]
        payment = calendar(company_id, row["customer_state"], row["customer_city"])
        contact = calendar(company_id, row["contact_state"], row["contact_city"])
        result[row["id"]] = (payment, None if contact is payment else contact)
    return result


def moves_in_places(env, places, scope):
    """Ids of the invoices in ``scope`` (SQL on ``m``) whose customer or invoice
    contact is in one of ``places``, {(company id, state code or None, city key)}:
    the places of municipal closed days, matched as they close a calendar."""
    by_company = {}
    for company_id, state, city in places:
        by_company.setdefault(company_id, []).append((city, state, None, None))
    closed = {company_id: ClosedDays(local=days) for company_id, days in by_company.items()}
    rows = env.execute_query(
        SQL(
            """
            SELECT m.id, m.company_id, %(state)s, cust_partner.city,
                   %(contact_state)s, %(contact_city)s
              FROM account_move m
              %(state_join)s
              %(contact_join)s
             WHERE %(scope)s AND m.company_id = ANY(%(companies)s)
            """,
            scope=scope,
            companies=list(closed),
            **place_sql(),
        )
    )
    return [
        move_id
        for move_id, company_id, state, city, contact_state, contact_city in rows
        if closed[company_id].matches(state or None, city)
        or closed[company_id].matches(contact_state or None, contact_city)
    ]
