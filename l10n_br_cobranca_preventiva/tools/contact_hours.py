"""Legal collection-contact hours per Brazilian state (plain Python, no Odoo).

There is no federal rule on the hours of collection contacts beyond CDC art. 71
(a collection must not interfere with the debtor's work, rest or leisure); some
states set the hours by law. The hours are the DEBTOR's local time, so every row
carries the state's IANA timezone.

A row has its own law only where its number, article and content were confirmed
(sources below and in the README); a law only reported is applied with its
narrowest reported hours (below). Everywhere else São Paulo's rule applies as
the default: it is the rule Brazilian collectors follow nationally, and no other
state's confirmed or reported law is wider.

Confirmed:

- SP — Lei estadual 15.426, de 22/05/2014, art. 2º: "os telefonemas de cobrança
  de débitos devem ser realizados de segunda a sexta-feira, das 8h às 20h, e aos
  sábados, das 8h às 14h, excetuando-se os feriados, casos em que tais
  telefonemas são vedados" (Sundays are outside the days it allows). Source:
  the law's text (DOE 23/05/2014); its sanction reported in
  http://sao-paulo.estadao.com.br/blogs/seus-direitos/projeto-de-lei-proibe-ligacoes-de-cobranca-em-horarios-improprios/
  A secondary source says it was consolidated, with the same words, into Lei
  17.832/2023 (Consolidação das Leis em Defesa do Consumidor), art. 51; not
  confirmed in the official text, and the hours do not change.
- RJ — Lei estadual 6.854/2014, art. 3º, § 4º, in the wording of Lei 7.868, de
  01/03/2018: collection calls only on business days (dias úteis), 09h–19h.
  Sources: http://www.normasbrasil.com.br/norma/lei-6854-2014-rj_272050.html
  (art. 3º "Redação do artigo dada pela Lei Nº 7868 DE 01/03/2018") and
  https://www.proteste.org.br/seus-direitos/direito-do-consumidor/noticia/cobranca-vexatoria-o-que-fazer
  ("Conforme o §4º do artigo 3º ... as ligações de cobrança só poderão ser
  realizadas nos dias úteis, entre 09h e 19h").

Reported, not confirmed (no official text read; number or article missing): a
state law that secondary sources report (with hours no wider than São Paulo's) is
applied with the narrowest reported hours, labelled "reported" wherever it is shown,
never cited to the customer as law. Sending inside a narrower window breaks no
law; sending at 19:30 in Vitória might.

- ES — Lei estadual 10.626/2017: business days 08h–19h, never Saturdays. Source:
  https://efic.com.br/?p=368 (a collection company's table of the state laws).
- AM — law number unknown (the same table says "306/16", which is not a state
  law's number): weekdays 08h–18h and Saturdays 08h–14h per
  https://amnews.com.br/nova-lei-proibe-cobrancas-por-telefone-fora-do-horario-comercial
  (the Assembly's vote), until 19h and never Saturdays per the table above; both
  hold with weekdays 08h–18h and no Saturday.
- AL — Lei estadual 7.782/2016: calls and SMS, weekdays 08h–20h, Saturdays
  08h–14h, never Sundays or holidays (São Paulo's hours). Source: Procon
  Arapiraca, https://7segundos.com.br/arapiraca/noticias/2018/04/16/92926-cobrancas-via-telefone-e-sms-sao-orientadas-pelo-procon-arapiraca

Searched and not found (São Paulo's default applies; see ``SEARCHED_NOT_FOUND``):

- PR — no state law on the hours of collection contacts found. Read: Lei
  17.352/2012 (transparency of consumer debt collection; its art. 2º-A, added by
  Lei 19.498/2018, has collection calls recorded, no hours),
  https://www.legislacao.pr.gov.br/legislacao/listarAtosAno.do?action=exibirImpressao&codAto=81116
  ; the state's consumer code, Lei 22.130/2024, only in articles quoted by
  jurishand.com (none on collection hours). Queries (corpus pages, docs): "lei
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
  and Projeto de Lei 130/2025 of deputy Mara Caseiro (weekdays 08h-18h), sent
  to the committee (CCJR) in May 2025:
  https://correiodoestado.com.br/politica/ligacoes-de-telemarketing-para-cobranca-de-dividas-podem-ser-proibidas/448605/
  A bill is not a law: not applied. Queries: "Mato Grosso do Sul lei estadual
  horário cobrança telefone SMS consumidor"; "Felipe Orro lei cobrança por
  telefone horário comercial sancionada Mato Grosso do Sul Lei nº"; "MS lei
  proíbe ligações de cobrança aos sábados domingos feriados horário comercial
  município"; "Mara Caseiro lei sancionada cobrança de dívidas ligações fora do
  horário comercial publicada Diário Oficial MS"; and the last PR query above.
"""

from dataclasses import dataclass, replace
from datetime import time

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
    law: str  # the law whose hours apply, with its article where confirmed
    source: str  # where its text was read
    own_law: bool  # a confirmed state law
    reported: bool = False  # a state law reported, its text not confirmed
    # neither: no state law known, São Paulo's rule applies by default

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


_SP_LAW = "Lei SP 15.426/2014, art. 2º"
_SP_SOURCE = (
    "http://sao-paulo.estadao.com.br/blogs/seus-direitos/"
    "projeto-de-lei-proibe-ligacoes-de-cobranca-em-horarios-improprios/"
)
_SP_HOURS = {"weekday": (time(8), time(20)), "saturday": (time(8), time(14))}

#: Confirmed state laws (see the module docstring).
_OWN_LAWS = {
    "SP": {**_SP_HOURS, "law": _SP_LAW, "source": _SP_SOURCE},
    "RJ": {
        "weekday": (time(9), time(19)),
        "saturday": None,
        "law": "Lei RJ 6.854/2014, art. 3º, § 4º (redação da Lei 7.868/2018)",
        "source": "http://www.normasbrasil.com.br/norma/lei-6854-2014-rj_272050.html",
    },
}


#: State laws reported by secondary sources, not confirmed (see the module docstring):
#: the narrowest reported hours apply; never cited to the customer as law.
_REPORTED_LAWS = {
    "AL": {
        **_SP_HOURS,
        "law": "Lei AL 7.782/2016",
        "source": (
            "https://7segundos.com.br/arapiraca/noticias/2018/04/16/"
            "92926-cobrancas-via-telefone-e-sms-sao-orientadas-pelo-procon-arapiraca"
        ),
    },
    "AM": {
        "weekday": (time(8), time(18)),
        "saturday": None,
        "law": "Lei estadual do AM, nº não confirmado",
        "source": (
            "https://amnews.com.br/nova-lei-proibe-cobrancas-por-telefone-fora-do-horario-comercial"
        ),
    },
    "ES": {
        "weekday": (time(8), time(19)),
        "saturday": None,
        "law": "Lei ES 10.626/2017",
        "source": "https://efic.com.br/?p=368",
    },
}


#: States whose collection-hours law was searched for and not found (see the module
#: docstring, with the queries): São Paulo's default applies to them.
SEARCHED_NOT_FOUND = {
    "MS": "bills only (2017, Felipe Orro; PL 130/2025, weekdays 08h-18h): no law found",
    "PR": "no collection-hours law found (Lei 17.352/2012 has calls recorded, no hours)",
}


def _rule(state):
    own = _OWN_LAWS.get(state)
    reported = _REPORTED_LAWS.get(state)
    law = own or reported or {**_SP_HOURS, "law": _SP_LAW, "source": _SP_SOURCE}
    return ContactRule(
        state=state, tz=TIMEZONES[state], own_law=bool(own), reported=bool(reported), **law
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
