"""The companies' collection calendar: their collection day ("today" in their
timezone), their closed days, the business calendars where a bill is paid and where
a person is reminded, and the sending windows of the messages and calls.

A service over ``res.company`` records (each method takes the company, or the
companies, as its first argument); the rules themselves are plain Python in
``tools/`` (``business_calendar``, ``sending_window``, ``contact_hours``). The
debtor's place (state and city) is read by ``res.partner._cobranca_place``.
"""

from datetime import UTC
from zoneinfo import ZoneInfo

from odoo import api, fields, models

from ..tools.business_calendar import ClosedDays, get_calendar
from ..tools.contact_hours import default_rule, rule_for
from ..tools.sending_window import DEFAULT_TZ, SendingWindow


class CobrancaCalendar(models.AbstractModel):
    _name = "cobranca.calendar"
    _description = "Collection: Company Calendar and Sending Windows"

    # ------------------------------------------------------------------ the day
    @api.model
    def _today(self, company, now=None):
        """The company's collection day (in its timezone)."""
        company.ensure_one()
        return self._today_by_company(company, now)[company.id]

    @api.model
    def _today_by_company(self, companies, now=None):
        """{company id: its collection day}: the date in its timezone."""
        now = (now or fields.Datetime.now()).replace(tzinfo=UTC)
        return {
            company.id: now.astimezone(ZoneInfo(company.cobranca_tz or DEFAULT_TZ)).date()
            for company in companies
        }

    # ----------------------------------------------------------- closed days
    @api.model
    def _closed_days_by_company(self, companies):
        """{company id: ``ClosedDays``}: these companies' closed days, those for
        everybody and the municipal ones of a city, in one query."""
        general = {company.id: [] for company in companies}
        local = {company.id: [] for company in companies}
        for record in (
            self.env["cobranca.closed.date"]
            .sudo()
            .search_fetch(
                [("company_id", "in", companies.ids)],
                ["company_id", "date", "name", "city", "state_id"],
            )
        ):
            if record.city_key:
                local[record.company_id.id].append(
                    (record.city, record.state_id.code, record.date, record.name)
                )
            else:
                general[record.company_id.id].append((record.date, record.name))
        return {
            company_id: ClosedDays(general[company_id], local[company_id]) for company_id in general
        }

    @api.model
    def _extra_closed_by_company(self, companies):
        """{company id: frozenset of (date, name)} of these companies' closed days
        for everybody (not the municipal ones of a city), in one query."""
        return {
            company_id: closed_days.general
            for company_id, closed_days in self._closed_days_by_company(companies).items()
        }

    @api.model
    def _extra_closed(self, company):
        company.ensure_one()
        return self._extra_closed_by_company(company)[company.id]

    # ------------------------------------------------------------- calendars
    @api.model
    def _company_state(self, company):
        """The company's Brazilian state (UF code), None outside Brazil."""
        company.ensure_one()
        return company.state_id.code if company.country_id.code == "BR" else None

    @api.model
    def _calendar(self, company, partner=None, state=None, extra_closed=None):
        """Business calendar of the company for a customer: national holidays, the
        holidays of the company's state and of the customer's (``partner``'s, or
        ``state``), and the company's closed days (with ``partner``, those of its
        customer's city too). It is where a bill is paid: the due date's "payable
        until" date and the formal notice's deadline are counted on it."""
        company.ensure_one()
        if partner:
            state = partner._cobranca_state_code()
            if extra_closed is None:
                closed_days = self._closed_days_by_company(company)[company.id]
                extra_closed = closed_days.for_place(state, partner.commercial_partner_id.city)
        if extra_closed is None:
            extra_closed = self._extra_closed(company)
        return get_calendar(states=(self._company_state(company), state), extra_closed=extra_closed)

    @api.model
    def _contact_calendar(self, company, partner, closed_days=None):
        """Business calendar of the messages and calls to ``partner`` (a person:
        the invoice's contact or the customer): the holidays of the company's state
        and of the person's own (``res.partner._cobranca_place``), the company's
        closed days and those of the person's city. For the customer itself it is
        the customer's calendar; the due date stays payable on that one (where the
        payment is made), see ``BusinessCalendar.contact_step_date``."""
        company.ensure_one()
        if closed_days is None:
            closed_days = self._closed_days_by_company(company)[company.id]
        state, city = partner._cobranca_place()
        return self._calendar(company, state=state, extra_closed=closed_days.for_place(state, city))

    @api.model
    def _payment_calendar_key(self, move):
        """(company id, customer's state, customer's city) of an invoice: what its
        payment calendar depends on (see ``_payment_calendars``)."""
        move.ensure_one()
        customer = move.commercial_partner_id
        return move.company_id.id, customer._cobranca_state_code(), customer.city or ""

    @api.model
    def _payment_calendars(self, moves):
        """{``_payment_calendar_key``: business calendar} for these invoices: a day is
        a business day for the company, for the customer's state and for its city
        (the company's closed days, the municipal ones of the customer's city). It is
        where the bill is paid: the calendar of the due date and of the deadlines."""
        closed = self._closed_days_by_company(moves.company_id)
        calendars = {}
        for move in moves:
            key = self._payment_calendar_key(move)
            company_id, state, city = key
            if key not in calendars:
                calendars[key] = (
                    self._calendar(
                        move.company_id,
                        state=state,
                        extra_closed=closed[company_id].for_place(state, city),
                    )
                    if move.company_id
                    else get_calendar(state)
                )
        return calendars

    # ------------------------------------------------------- sending windows
    @api.model
    def _window(self, company, extra_closed=None):
        """The company's sending window, in its timezone, closed on its holidays
        and its closed days."""
        company.ensure_one()
        if extra_closed is None:
            extra_closed = self._extra_closed(company)
        return SendingWindow.from_hours(
            weekday=(
                company.cobranca_window_weekday_start,
                company.cobranca_window_weekday_end,
            ),
            saturday=(
                company.cobranca_window_saturday_start,
                company.cobranca_window_saturday_end,
            )
            if company.cobranca_window_saturday
            else None,
            tz=company.cobranca_tz,
            states=tuple(filter(None, [self._company_state(company)])),
            extra_closed=extra_closed,
        )

    @api.model
    def _state_rule(self, company, state):
        """The contact rule of a customer's state; without one, the default rule
        in the company's timezone."""
        company.ensure_one()
        return rule_for(state) or default_rule(company.cobranca_tz or DEFAULT_TZ)

    @api.model
    def _contact_window(self, company, state, extra_closed=None):
        """The window a reminder of a customer in ``state`` (a UF code, or None)
        goes out in: the company's window and the legal contact hours of the
        customer's state (its timezone, its holidays and the company's closed
        days) must both be open. Without a Brazilian state, São Paulo's rule
        applies in the company's timezone."""
        company.ensure_one()
        if extra_closed is None:
            extra_closed = self._extra_closed(company)
        window = self._window(company, extra_closed)
        return window.combined(self._state_rule(company, state).window(extra_closed))

    @api.model
    def _partner_window(self, company, partner, closed_days=None):
        """The window a message or a call to ``partner`` (a person: the invoice's
        contact or the customer) goes out in: the company's window and the legal
        contact hours of the person's own state (its timezone, its holidays, the
        company's closed days and those of the person's city; see
        ``res.partner._cobranca_place``). ``closed_days``: the company's
        ``ClosedDays``, read when not given."""
        company.ensure_one()
        if closed_days is None:
            closed_days = self._closed_days_by_company(company)[company.id]
        state, city = partner._cobranca_place()
        return self._contact_window(company, state, closed_days.for_place(state, city))
