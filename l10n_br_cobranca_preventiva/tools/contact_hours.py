"""Legal collection-contact hours per Brazilian state (plain Python, no Odoo).

There is no federal rule on the hours of collection contacts beyond CDC art. 71
(``collection_no_coercion``: a collection must not interfere with the debtor's work,
rest or leisure); some states set the hours by law. The hours are the DEBTOR's local
time, so every row carries the state's IANA timezone.

This module holds the hours; the law of each, its source and whether it is confirmed
or only reported come from ``legal_sources`` (rows ``sp_contact_hours``,
``rj_contact_hours``, ``es_contact_hours``, ``am_contact_hours``, ``al_contact_hours``).
A confirmed law applies its hours; a law only reported applies its narrowest reported
hours (no wider than São Paulo's), labelled "reported" wherever it is shown and never
cited to the customer as law: sending inside a narrower window breaks no law, sending
at 19:30 in Vitória might. Everywhere else São Paulo's rule applies as the default: it
is the rule Brazilian collectors follow nationally, and no other state's confirmed or
reported law is wider.

Searched and not found (São Paulo's default applies; see ``SEARCHED_NOT_FOUND``):

- PR — no state law on the hours of collection contacts found. Read: Lei
  17.352/2012 (transparency of consumer debt collection; its art. 2º-A, § 1º, added by
  Lei 19.498/2018, has collection calls recorded, no hours: ``pr_call_recording``),
  https://www.legislacao.pr.gov.br/legislacao/listarAtosAno.do?action=exibirImpressao&codAto=81116
  ; the state's consumer code (2024), only in articles quoted by jurishand.com (none
  on collection hours). Queries (corpus pages, docs): "lei
  estadual Paraná horário ligações de cobrança telefone proíbe cobrança";
  "Paraná lei cobrança dívidas ligações horário das 8h às 20h sábados proibido
  consumidor inadimplente"; "Lei 22.130/2024 Paraná consolidação cobrança de
  dívidas ligações telefônicas horário vedado"; "jurishand Lei 22.130 Paraná
  cobrança ligações horário consumidor inadimplente dias úteis"; "Paraná lei
  horário para ligações de cobrança Procon-PR telefonemas cobrança horário
  permitido"; "lei estadual horário cobrança telefônica Paraná Mato Grosso do
  Sul 8h 20h sábado 8h 14h".
- MS — bills only, no law found: a 2017 bill of deputy Felipe Orro (calls in
  the business hours of the debtor's municipality, never on Saturdays, Sundays
  or holidays):
  http://www.acritica.net/editorias/geral/projeto-de-felipe-orro-cria-normas-para-cobranca-por-telefone/234670/
  and bill PL 130/2025 of deputy Mara Caseiro (weekdays 08h-18h), sent
  to the committee (CCJR) in May 2025:
  https://correiodoestado.com.br/politica/ligacoes-de-telemarketing-para-cobranca-de-dividas-podem-ser-proibidas/448605/
  A bill is not a law: not applied. Queries: "Mato Grosso do Sul lei estadual
  horário cobrança telefone consumidor" (and with the text-message acronym);
  "Felipe Orro lei cobrança por telefone horário comercial sancionada Mato Grosso
  do Sul Lei nº"; "MS lei proíbe ligações de cobrança aos sábados domingos
  feriados horário comercial município"; "Mara Caseiro lei sancionada cobrança
  de dívidas ligações fora do horário comercial publicada Diário Oficial MS"; and
  the last PR query above.
"""

from dataclasses import dataclass, replace
from datetime import time

from . import legal_sources
from .sending_window import SendingWindow

DEFAULT_STATE = "SP"

#: IANA timezone of each federative unit (its capital's).
TIMEZONES = {
    "AC": "America/Rio_Branco",
    "AL": "America/Maceio",
    "AM": "America/Manaus",
    "AP": "America/Belem",
    "BA": "America/Bahia",
    "CE": "America/Fortaleza",
    "DF": "America/Sao_Paulo",
    "ES": "America/Sao_Paulo",
    "GO": "America/Sao_Paulo",
    "MA": "America/Fortaleza",
    "MG": "America/Sao_Paulo",
    "MS": "America/Campo_Grande",
    "MT": "America/Cuiaba",
    "PA": "America/Belem",
    "PB": "America/Fortaleza",
    "PE": "America/Recife",
    "PI": "America/Fortaleza",
    "PR": "America/Sao_Paulo",
    "RJ": "America/Sao_Paulo",
    "RN": "America/Fortaleza",
    "RO": "America/Porto_Velho",
    "RR": "America/Boa_Vista",
    "RS": "America/Sao_Paulo",
    "SC": "America/Sao_Paulo",
    "SE": "America/Maceio",
    "SP": "America/Sao_Paulo",
    "TO": "America/Araguaina",
}


@dataclass(frozen=True)
class ContactRule:
    """Legal contact hours of one state: (start, end) per kind of day, end
    excluded; ``saturday=None`` closes Saturdays. Sundays and holidays are
    always closed."""

    state: str | None  # None: a customer without a Brazilian state
    tz: str
    weekday: tuple
    saturday: tuple | None
    law: str  # the citation of the law whose hours apply (legal_sources)
    source: str  # where its text was read
    own_law: bool  # a confirmed state law
    reported: bool = False  # a state law reported, its text not confirmed
    # neither: no state law known, São Paulo's rule applies by default
    key: str = ""  # the law's row in legal_sources

    def window(self, extra_closed=frozenset()):
        """The sending window of this rule, in the state's timezone, closed on its
        holidays and on ``extra_closed`` (the company's closed dates)."""
        return SendingWindow(
            weekday_start=self.weekday[0],
            weekday_end=self.weekday[1],
            saturday_start=self.saturday[0] if self.saturday else None,
            saturday_end=self.saturday[1] if self.saturday else None,
            tz=self.tz,
            states=(self.state,) if self.state else (),
            extra_closed=frozenset(extra_closed),
        )


_SP_HOURS = {"weekday": (time(8), time(20)), "saturday": (time(8), time(14))}

#: The hours of each state with a law, confirmed or reported, and the law's row in
#: ``legal_sources`` (its citation, source and status). A reported law's hours are the
#: narrowest reported: AM's weekdays end at 18:00 (two reports: 18:00 and 19:00, one
#: with Saturdays), ES's at 19:00.
_HOURS = {
    "SP": ("sp_contact_hours", _SP_HOURS),
    "RJ": ("rj_contact_hours", {"weekday": (time(9), time(19)), "saturday": None}),
    "AL": ("al_contact_hours", _SP_HOURS),
    "AM": ("am_contact_hours", {"weekday": (time(8), time(18)), "saturday": None}),
    "ES": ("es_contact_hours", {"weekday": (time(8), time(19)), "saturday": None}),
}


#: States whose collection-hours law was searched for and not found (see the module
#: docstring, with the queries): São Paulo's default applies to them.
SEARCHED_NOT_FOUND = {
    "MS": "bills only (2017, Felipe Orro; PL 130/2025, weekdays 08h-18h): no law found",
    "PR": "no collection-hours law found (Lei 17.352/2012 has calls recorded, no hours)",
}


def _rule(state):
    key, hours = _HOURS.get(state) or _HOURS[DEFAULT_STATE]
    row = legal_sources.RULES[key]
    has_law = state in _HOURS
    return ContactRule(
        state=state,
        tz=TIMEZONES[state],
        law=row.citation,
        source=legal_sources.source_url(key),
        own_law=has_law and row.status == legal_sources.CONFIRMED,
        reported=has_law and row.status == legal_sources.REPORTED,
        key=key,
        **hours,
    )


#: One row per federative unit.
RULES = {state: _rule(state) for state in sorted(TIMEZONES)}


def rule_for(state):
    """The contact rule of a state code; None for anything else (no state, a
    foreign one)."""
    return RULES.get((state or "").strip().upper())


def default_rule(tz):
    """The rule for a customer without a Brazilian state: São Paulo's hours in
    ``tz`` (the company's timezone), national holidays only."""
    return replace(RULES[DEFAULT_STATE], state=None, tz=tz, own_law=False)


__all__ = [
    "DEFAULT_STATE",
    "RULES",
    "SEARCHED_NOT_FOUND",
    "TIMEZONES",
    "ContactRule",
    "default_rule",
    "rule_for",
]
