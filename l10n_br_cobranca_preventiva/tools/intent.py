"""What a customer's reply means, read in Brazilian Portuguese (plain Python, no Odoo, no
external service): ``paid``, ``promise``, ``contest``, ``stop``, ``human``, ``due_day``
or ``other``, the date a promise names and the day of the month a ``due_day`` request
names.

The text is normalised first (``intent_text``: lower case, accents and emoji dropped,
letters repeated for emphasis collapsed, chat abbreviations such as "vc", "hj", "qdo",
"blz" expanded, one-letter typos of the words the rules use corrected: "comprovamte",
"onten", "pagei"), punctuation kept as clause breaks so that "paguei, não..." does not
read as "paguei não". Negations are read before the rules: "ainda não paguei", "não fiz
o pix", "paguei não" are never ``paid``; "não vou pagar" counts against the charge
(``contest``), "não consigo pagar" asks for time (``promise``).

Each intent's score is the weight of its strongest rule. Rules of weight ``STRONG`` or
more decide; weaker ones (a bare date, a lone "errado") only when nothing strong
matched. When several intents match strongly, the first of ``PRECEDENCE`` wins:

1. ``paid``: the customer says the debt is settled, also in banking words ("caiu na
   conta", "boleto compensado", "fiz uma TED", "debitou"); whatever else they say waits
   for that to be checked ("já paguei, parem de mandar" is ``paid``) — unless they also
   dispute the charge itself: "paguei mas cobraram duas vezes", a wrong amount, returned
   or undelivered goods, a cancelled order, a discount left out (``_DISPUTES``) make it a
   ``contest``, with ``paid`` still among ``intents``.
2. ``contest``: the charge itself is disputed ("não reconheço", "valor errado",
   "cobrança em duplicidade", "devolvi o produto", "já cancelei").
   ``due_day``: a day of the month for the invoices to come ("quero mudar o
   vencimento para o dia 10", "pode ser todo dia 15?"); more time on this invoice
   ("prorrogar o vencimento") stays a ``promise``.
3. ``promise``: a date or more time ("pago sexta", "preciso de mais prazo",
   "quero negociar").
4. ``stop``: no more messages ("PARAR", "não quero mais receber"; "esse número não
   é da Maria": a wrong number is a stop too, the message must not reach a third party).
5. ``human``: a person, please ("atendente", "me liga").

``IntentResult.intents`` lists every intent that matched strongly, in that order: a
``stop`` beside another intent ("pago dia 15, parem de mandar mensagem") is still a
request to stop, the caller honours it; a ``due_day`` beside another ("já paguei, mas
quero mudar o vencimento para o dia 10") too: ``due_day_hint`` carries its day. Where
no rule matches, the statistical reader of ``intent_model`` may read it when sure; where
the rules act (but on a stop or a tapped button), a reader sure of another intent makes
the reply ``other``, for a person.
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from . import intent_model
from .intent_rules import (
    _DAYS,
    _DISPUTES,
    _RULES,
    CONTEST,
    DUE_DAY,
    HUMAN,
    OTHER,
    PAID,
    PROMISE,
    STOP,
)
from .intent_text import masked, normalize

INTENTS = (PAID, PROMISE, CONTEST, STOP, HUMAN, OTHER, DUE_DAY)
#: Which intent wins when several match strongly (see the module docstring).
PRECEDENCE = (PAID, CONTEST, DUE_DAY, PROMISE, STOP, HUMAN)
#: The readings of the rules the statistical reader's second opinion may hand to a
#: person: those that act, but a request to stop (always honoured).
_QUESTIONED = frozenset({PAID, PROMISE, CONTEST, DUE_DAY})
#: A rule at least this heavy decides on its own; lighter ones only break silence.
STRONG = 0.5


@dataclass(frozen=True)
class IntentResult:
    """The intent of a message, the weight of the rule that decided it (0 for
    ``other``), the date a ``promise`` names (else None) and every intent that
    matched strongly, in ``PRECEDENCE`` order."""

    intent: str
    score: float
    promise_date_hint: date | None = None
    intents: tuple = ()
    #: the day of the month a ``due_day`` request names (1-31) when ``due_day`` is
    #: among ``intents`` (primary or not), else None
    due_day_hint: int | None = None


#: Quick-reply buttons of the template suggestions (their text as the customer sees
#: it, and the payloads we give them) and what each means. Keys are normalised with
#: :func:`normalize`, so "JÁ PAGUEI" and "ja paguei" find the same entry.
BUTTON_INTENTS = {
    "Já paguei": PAID,
    "Quero negociar": PROMISE,
    "Pagar depois": PROMISE,
    "Não reconheço": CONTEST,
    "Falar com atendente": HUMAN,
    "Parar mensagens": STOP,
    # payloads
    "COBRANCA_PAID": PAID,
    "COBRANCA_PROMISE": PROMISE,
    "COBRANCA_NEGOTIATE": PROMISE,
    "COBRANCA_CONTEST": CONTEST,
    "COBRANCA_HUMAN": HUMAN,
    "COBRANCA_STOP": STOP,
}

_COMPILED = {
    intent: tuple((weight, re.compile(pattern)) for weight, pattern in rules)
    for intent, rules in _RULES.items()
}
_COMPILED_DISPUTES = re.compile(_DISPUTES)
_BUTTONS = {}


def _buttons():
    if not _BUTTONS:
        _BUTTONS.update({normalize(key): intent for key, intent in BUTTON_INTENTS.items()})
    return _BUTTONS


def button_intent(*labels):
    """The intent of a quick-reply button or an interactive reply from its payload,
    id or title (the first of ``labels`` that is one of :data:`BUTTON_INTENTS`), or
    None when none is."""
    buttons = _buttons()
    for label in labels:
        intent = buttons.get(normalize(label)) if label else None
        if intent:
            return intent
    return None


def scores(text):
    """{intent: weight of its strongest matching rule} for ``text`` (raw or not)."""
    normalized = normalize(text)
    masked_text = masked(normalized)
    found = {}
    for intent, rules in _COMPILED.items():
        subject = normalized if intent == STOP else masked_text
        best = max((weight for weight, rule in rules if rule.search(subject)), default=0.0)
        if best:
            found[intent] = best
    return found


def classify(text, today=None):
    """The :class:`IntentResult` of a customer's message (see the module docstring).

    ``today`` anchors the promise date hint (default: the machine's date)."""
    button = button_intent(text)
    found = {button: 1.0} if button else scores(text)
    strong = [intent for intent in PRECEDENCE if found.get(intent, 0) >= STRONG]
    if PAID in strong and CONTEST in strong and _COMPILED_DISPUTES.search(normalize(text)):
        strong.remove(CONTEST)
        strong.insert(0, CONTEST)  # a payment claim that disputes the charge itself
    if strong:
        intent = strong[0]
    else:
        weak = sorted(found.items(), key=lambda item: (-item[1], PRECEDENCE.index(item[0])))
        intent = weak[0][0] if weak else None
    # "pago sexta, e quero mudar o vencimento para o dia 10": the promise's date is read
    # without the day asked for the invoices to come
    dated = _without_due_day(text) if DUE_DAY in strong and PROMISE in strong else text
    hint = extract_promise_date(dated, today or date.today()) if text else None
    if intent is None and hint is not None:
        intent, found = PROMISE, {PROMISE: 0.4}  # a bare date: "só dia 20"
    if intent is None:  # the rules are silent: the statistical reader, when it is sure
        read = intent_model.fallback(text) if text else None
        if read is None:
            return IntentResult(OTHER, 0.0, None, ())
        return IntentResult(read[0], round(read[1], 2), None, (read[0],))  # no date found
    if not button and intent in _QUESTIONED and STOP not in strong:
        if intent_model.disagrees(text, {intent, *strong}):  # unsure: a person reads it
            return IntentResult(OTHER, 0.0, None, ())
    intents = tuple(strong) or (intent,)
    # a promise, also beside a due day request (a date beside "paguei" is when it was paid)
    promised = intent == PROMISE or (intent == DUE_DAY and PROMISE in intents)
    return IntentResult(
        intent=intent,
        score=found[intent],
        promise_date_hint=hint if promised else None,
        intents=intents,
        due_day_hint=extract_due_day(text) if DUE_DAY in intents else None,  # primary or not
    )


def secondary_answers(result):
    """The intents a reply (an :class:`IntentResult` or None) gives besides its primary
    one that act too: a ``due_day`` beside another answer, a ``promise`` with its date
    beside a ``due_day`` (read first); none when the reply asks to stop."""
    if result is None or STOP in result.intents:
        return []
    acting = (
        (DUE_DAY, result.intent != DUE_DAY),
        (PROMISE, result.intent == DUE_DAY and result.promise_date_hint is not None),
    )
    return [kind for kind, acts in acting if acts and kind in result.intents]


# -- dates ---------------------------------------------------------------------------

_WEEKDAYS = {
    "segunda": 0,
    "terca": 1,
    "quarta": 2,
    "quinta": 3,
    "sexta": 4,
    "sabado": 5,
    "domingo": 6,
}
_MONTHS = {
    name: number
    for number, name in enumerate(
        "janeiro fevereiro marco abril maio junho julho agosto setembro outubro novembro "
        "dezembro".split(),
        start=1,
    )
}
_MONTH_NAMES = "|".join(_MONTHS)


def extract_promise_date(text, today):
    """The date a promise names, or None. Read: "15/12", "15/12/2026" (a date without
    a year is this year's when not past, else next year's), "dia 15" / "15 de dezembro"
    (this month's when today or later, else next month's; a day the month lacks is its
    last day), "hoje", "amanhã", "depois de amanhã", "daqui a 3 dias", weekday names
    ("sexta", "sexta-feira", "segunda que vem": the next such day after today), "semana
    que vem" / "próxima semana" (next Monday), "fim de semana" (next Saturday), "fim do
    mês" (the last day of this month; "fim do mês que vem": of next month). An explicit
    day wins over a weekday or a relative word; among equals, the first one written."""
    text = normalize(text)
    if not text:
        return None
    found = []  # (priority, position, date)

    def add(priority, match, value):
        if value is not None:
            found.append((priority, match.start(), value))

    for match in re.finditer(r"\b(\d{1,2})/(\d{1,2})(?:/(\d{2,4}))?\b", text):
        day, month, year = match.groups()
        add(0, match, _full_date(today, int(day), int(month), year))
    for match in re.finditer(rf"\b(\d{{1,2}}|primeiro) de ({_MONTH_NAMES})\b", text):
        day = 1 if match.group(1) == "primeiro" else int(match.group(1))
        add(0, match, _full_date(today, day, _MONTHS[match.group(2)], None))
    for match in re.finditer(r"\bdia (\d{1,2}|primeiro)\b(?! de (?:" + _MONTH_NAMES + r"))", text):
        day = 1 if match.group(1) == "primeiro" else int(match.group(1))
        add(0, match, _day_of_month(today, day))
    for match in re.finditer(r"\b(?:daqui a|daqui|em) (\d{1,2}) dias?\b", text):
        add(1, match, today + timedelta(days=int(match.group(1))))
    for match in re.finditer(r"\bdepois de amanha\b", text):
        add(1, match, today + timedelta(days=2))
    for match in re.finditer(r"\b(?<!depois de )amanha\b", text):
        add(1, match, today + timedelta(days=1))
    for match in re.finditer(r"\bhoje\b", text):
        add(1, match, today)
    for match in re.finditer(r"\b(?:fim|final) do mes( que vem)?\b", text):
        add(1, match, _month_end(today, 1 if match.group(1) else 0))
    for match in re.finditer(r"\b(?:semana que vem|proxima semana)\b", text):
        add(1, match, today + timedelta(days=7 - today.weekday()))
    for match in re.finditer(r"\b(?:fim|final) de semana\b", text):
        add(1, match, _next_weekday(today, 5))
    # "segunda via" is a copy, "pela segunda vez" a count
    for match in re.finditer(rf"\b({_DAYS})\b(?! via| vez)", text):
        add(1, match, _next_weekday(today, _WEEKDAYS[match.group(1)]))
    if not found:
        return None
    return min(found, key=lambda item: (item[0], item[1]))[2]


#: the day a ``due_day`` request names, in a normalized text; and that day after the
#: word "vencimento"/"vencer" (the request itself)
_DUE_DAY = re.compile(
    rf"\bdia (\d{{1,2}}|primeiro)\b(?!/| de (?:{_MONTH_NAMES}))"
    r"|\b(\d{1,2}) de (?:cada|todo) mes\b"
)
_DUE_DAY_ASKED = re.compile(r"\bvenc\w*\b[^|.;!?]*?(?:" + _DUE_DAY.pattern + ")")


def _due_day_match(text):
    """The match of the day a due day request names in ``text`` (normalized): the one
    after "vencimento"/"vencer" when there is one, else the first day written."""
    return _DUE_DAY_ASKED.search(text) or _DUE_DAY.search(text)


def _without_due_day(text):
    """``text``, normalized, without the part that asks for a due day: from the word
    "vencimento"/"vencer" to the day it names, else the day alone."""
    text = normalize(text)
    part = _due_day_match(text)
    return text if part is None else f"{text[: part.start()]} {text[part.end() :]}"


def extract_due_day(text):
    """The day of the month a ``due_day`` request names (1-31), or None: "dia 10",
    "dia primeiro", "10 de cada mês"; the one after "vencimento" when there is one
    ("pago dia 20 e quero o vencimento no dia 10": 10), else the first one written."""
    found = _due_day_match(normalize(text))
    if not found:
        return None
    day = found.group(1) or found.group(2)
    day = 1 if day == "primeiro" else int(day)
    return day if 1 <= day <= 31 else None


def _full_date(today, day, month, year):
    if year is not None:
        year = int(year)
        year += 2000 if year < 100 else 0
        return _safe_date(year, month, day)
    value = _safe_date(today.year, month, day)
    if value is not None and value < today:
        value = _safe_date(today.year + 1, month, day)
    return value


def _day_of_month(today, day):
    if not 1 <= day <= 31:
        return None
    year, month = today.year, today.month
    if day < today.day:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _safe_date(year, month, day):
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month_end(today, months_ahead):
    year, month = today.year, today.month + months_ahead
    if month > 12:
        year, month = year + 1, month - 12
    return date(year, month, calendar.monthrange(year, month)[1])


def _next_weekday(today, weekday):
    """The next ``weekday`` after today (a week ahead when today is that day)."""
    return today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)
