"""Where an invoice's people are reminded (plain helpers of the planner and the
dispatcher, no model).

The customer (commercial partner) pays where it is: its state's holidays and its
city's closed days decide when a bill is payable. The invoice contact (a billing
address, a child contact) is reminded where it is: its own state and city when it
has a Brazilian address of its own, else the customer's (see
``res.partner._cobranca_place``); messages and calls to it follow its holidays and
legal hours.
"""

from odoo.tools import SQL

from ..tools.business_calendar import ClosedDays
from .cobranca_customer_state import customer_state_code, customer_state_join


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


def row_calendars(companies, rows):
    """{invoice id: (payment calendar, contact calendar or None)} of the planner's
    rows (``customer_state``, ``customer_city``, ``contact_state``,
    ``contact_city``): where its bill is paid (the company's and the customer's
    state, the company's closed days and those of the customer's city), and where
    its invoice contact is reminded when that is elsewhere. Invoices share them."""
    closed = companies._cobranca_closed_days_by_company()
    shared = {}

    def calendar(company_id, state, city):
        extra = closed[company_id].for_place(state or None, city or "")
        key = (company_id, state or None, extra)
        if key not in shared:
            shared[key] = companies.browse(company_id)._cobranca_calendar(
                state=state or None, extra_closed=extra
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
