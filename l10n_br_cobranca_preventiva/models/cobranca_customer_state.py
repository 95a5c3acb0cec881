"""SQL for the customer's Brazilian state (UF), shared by the planner, the
dispatcher and the ranking.

The customer's state is its commercial partner's ``state_id.code`` when that
partner's country is Brazil; otherwise it has none ('' in SQL, None in Python).
Its holidays close the customer's calendar and its law sets the contact hours.
"""

from odoo.tools import SQL


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
