"""Customer-facing wording of the reminders, in Brazilian Portuguese (plain Python).

One place decides how a due date is spoken of, so that the subject, the intro and the
table of a message never disagree: every count is taken from the date the invoice is
payable until (the due date moved to the next business day), and "vence hoje" is said
only on that day.
"""

from decimal import ROUND_HALF_UP, Decimal


def due_phrase(days_to_due):
    """How an invoice stands, from the days left until it is payable (negative: late).

    >>> due_phrase(0)
    'vence hoje'
    >>> due_phrase(-3)
    'está vencida há 3 dias'
    """
    days = int(days_to_due)
    if days > 1:
        return f"vence em {days} dias"
    if days == 1:
        return "vence amanhã"
    if days == 0:
        return "vence hoje"
    if days == -1:
        return "venceu ontem"
    return f"está vencida há {-days} dias"


def days_left_and_late(days_to_due):
    """(days left until the invoice is payable, days late), neither ever negative: a
    message never says "vence em -3 dias"; on the due date both are 0.

    >>> days_left_and_late(-3)
    (0, 3)
    """
    days = int(days_to_due)
    return max(days, 0), max(-days, 0)


def discount_phrase(amount, last_day, percent=None):
    """The early-payment discount, stated as a fact of the invoice: ``amount`` and
    ``last_day`` already formatted (R$, dd/mm/aaaa), ``percent`` a number or None.

    Neutral on purpose: a reminder is a UTILITY message (``whatsapp_utility_templates``:
    Meta refuses or re-categorises promotional wording in it, and "obtenha 5% de
    desconto se pagar até…" reads as an offer), so every channel says the
    discounted amount and its last day.

    >>> discount_phrase("R$ 980,00", "10/03/2026", 2)
    'valor com desconto de 2% até 10/03/2026: R$ 980,00'
    """
    if percent:
        return f"valor com desconto de {percent_br(percent)} até {last_day}: {amount}"
    return f"valor com desconto até {last_day}: {amount}"


def percent_br(value):
    """2 -> '2%', 1.5 -> '1,5%', 0.033 -> '0,03%' (two decimals at most, comma)."""
    number = Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    text = f"{number:f}".rstrip("0").rstrip(".")
    return f"{text.replace('.', ',')}%"


def charges_phrase(late_fee, monthly_interest):
    """The late charges the invoices carry, stated with their figures, or ''.

    Nothing is said about fees or interest unless the company's invoices carry them.
    """
    parts = []
    if late_fee:
        parts.append(f"multa de {percent_br(late_fee)}")
    if monthly_interest:
        parts.append(f"juros de mora de {percent_br(monthly_interest)} ao mês")
    if not parts:
        return ""
    return (
        "Após o vencimento, incidem sobre o valor em aberto "
        + " e ".join(parts)
        + ", conforme as condições da fatura."
    )


#: Said to a consumer whose overdue invoice carries no fine nor interest the module may
#: state (none set, or above the consumer ceilings: see tools/late_charges.py).
SETTLES_SENTENCE = "O valor indicado quita a fatura: não há multa nem juros por atraso."


def itemised_charges(charges, money, day):
    """The amount of an overdue invoice item by item, as SP Lei 14.953/2013 art. 2º
    asks (``sp_itemised_charges``: the original amount, each addition named, their
    total): ``charges`` a ``late_charges.LateCharges``, ``money`` a function formatting
    an amount (R$), ``day`` the date of the figures already formatted (dd/mm/aaaa):
    'Valor atualizado em 17/03/2026: R$ 1.000,00 (valor original) + R$ 20,00 (multa de
    2%) + R$ 5,00 (juros de mora de 1% ao mês, 15 dias de atraso) = R$ 1.025,00.' An
    addition that is zero is not named.
    """
    items = [f"{money(charges.principal)} (valor original)"]
    if charges.fine:
        items.append(f"{money(charges.fine)} (multa de {percent_br(charges.fine_percent)})")
    if charges.interest:
        days = charges.days_late
        items.append(
            f"{money(charges.interest)} (juros de mora de "
            f"{percent_br(charges.monthly_interest_percent)} ao mês, {days} "
            f"{'dia' if days == 1 else 'dias'} de atraso)"
        )
    return f"Valor atualizado em {day}: {' + '.join(items)} = {money(charges.total)}."


def itemised_amount(charges, money, day):
    """The same figures in one value, for a message variable that states an amount
    (a WhatsApp template's): 'R$ 1.025,00 em 17/03/2026 (valor original R$ 1.000,00 +
    multa R$ 20,00 + juros R$ 5,00)'."""
    items = [f"valor original {money(charges.principal)}"]
    if charges.fine:
        items.append(f"multa {money(charges.fine)}")
    if charges.interest:
        items.append(f"juros {money(charges.interest)}")
    return f"{money(charges.total)} em {day} ({' + '.join(items)})"


def full_amount_phrase(last_day, amount):
    """What a discounted invoice costs after the discount's last day (``last_day``
    as dd/mm, ``amount`` formatted): 'após 12/03, valor integral (R$ 1.000,00)'."""
    return f"após {last_day}, valor integral ({amount})"


def creditor_line(name, vat, address_parts):
    """'Name · CNPJ 00.000.000/0001-00 · street, number · city/UF · CEP 00000-000'.

    CDC art. 42-A (``creditor_identified``): every collection document shows the
    creditor's name, address and CNPJ. Empty parts are left out (the dispatcher holds
    messages of a company whose identity is incomplete, see ``missing_creditor_fields``).
    """
    parts = [name] if name else []
    if vat:
        parts.append(f"CNPJ {vat}")
    parts.extend(part for part in address_parts if part)
    return " · ".join(parts)


def missing_creditor_fields(name, vat, street, city, state):
    """Keys of what a company lacks to identify itself as creditor (CDC art. 42-A)."""
    values = {"name": name, "vat": vat, "street": street, "city": city, "state": state}
    return [key for key, value in values.items() if not (value or "").strip()]
