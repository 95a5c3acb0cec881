"""What a customer's reply means, read in Brazilian Portuguese (plain Python, no Odoo,
no external service): ``paid``, ``promise``, ``contest``, ``stop``, ``human`` or
``other``, and the date a promise names.

The text is normalised first (lower case, accents and emoji dropped, letters repeated
for emphasis collapsed, chat abbreviations such as "vc", "hj", "qdo", "blz" expanded,
one-letter typos of the words the rules use corrected: "comprovamte", "onten",
"pagei"), punctuation kept as clause breaks so that "paguei, não..." does not read as
"paguei não". Negations are read before the rules: "ainda não paguei", "não fiz o
pix", "paguei não" are never ``paid``; "não vou pagar" counts against the charge
(``contest``), "não consigo pagar" asks for time (``promise``).

Each intent's score is the weight of its strongest rule. Rules of weight
``STRONG`` or more decide; weaker ones (a bare date, a lone "errado") only when
nothing strong matched. When several intents match strongly, the first of
``PRECEDENCE`` wins:

1. ``paid``: the customer says the debt is settled; whatever else they say waits for
   that to be checked ("já paguei, parem de mandar" is ``paid``; "paguei mas cobraram
   duas vezes" too: the check of the payment is what settles a double charge).
2. ``contest``: the charge itself is disputed ("não reconheço", "valor errado").
3. ``promise``: a date or more time ("pago sexta", "preciso de mais prazo",
   "quero negociar").
4. ``stop``: no more messages ("PARAR", "não quero mais receber"; "esse número não
   é da Maria": a wrong number is a stop too, the message must not reach a third party).
5. ``human``: a person, please ("atendente", "me liga").

``IntentResult.intents`` lists every intent that matched strongly, in that order: a
``stop`` that comes with another intent ("pago dia 15, parem de mandar mensagem") is
still a request to stop, and the caller must honour it whatever the primary intent is.
"""

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

PAID, PROMISE, CONTEST, STOP, HUMAN, OTHER = (
    "paid",
    "promise",
    "contest",
    "stop",
    "human",
    "other",
)
INTENTS = (PAID, PROMISE, CONTEST, STOP, HUMAN, OTHER)
#: Which intent wins when several match strongly (see the module docstring).
PRECEDENCE = (PAID, CONTEST, PROMISE, STOP, HUMAN)
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

# -- normalisation ---------------------------------------------------------------------

#: Chat spellings and abbreviations, after accents are dropped.
_ABBREVIATIONS = {
    "jah": "ja",
    "vc": "voce",
    "vcs": "voces",
    "voceis": "voces",
    "c": "com",
    "cmg": "comigo",
    "q": "que",
    "oq": "o que",
    "n": "nao",
    "nn": "nao",
    "naum": "nao",
    "hj": "hoje",
    "hje": "hoje",
    "amn": "amanha",
    "amanhan": "amanha",
    "qdo": "quando",
    "qnd": "quando",
    "qndo": "quando",
    "qd": "quando",
    "blz": "beleza",
    "tb": "tambem",
    "tbm": "tambem",
    "pq": "porque",
    "msg": "mensagem",
    "msgs": "mensagens",
    "td": "tudo",
    "dps": "depois",
    "dpois": "depois",
    "pfv": "por favor",
    "pf": "por favor",
    "pfvr": "por favor",
    "porfavor": "por favor",
    "obg": "obrigado",
    "obgd": "obrigado",
    "obrigada": "obrigado",
    "vlw": "valeu",
    "to": "estou",
    "tou": "estou",
    "tah": "ta",
    "eh": "e",
    "algm": "alguem",
    "ngm": "ninguem",
    "mt": "muito",
    "mto": "muito",
    "agr": "agora",
    "sxta": "sexta",
    "seg": "segunda",
    "pgto": "pagamento",
    "pgt": "pagamento",
    "pagto": "pagamento",
    "comprov": "comprovante",
    "fds": "fim de semana",
    "dnv": "de novo",
    "zap": "whatsapp",
    "wpp": "whatsapp",
    "whats": "whatsapp",
}

#: The words the rules are written with: a longer token one typo away from one of
#: them (same first letter) is read as that word.
_VOCABULARY = frozenset(
    """
    paguei pagamos pagou pagar pague pago paga pagarei pagaremos pagamento pagamentos
    comprovante comprovantes efetuado efetuada efetuei efetuamos realizado realizada
    realizei realizamos transferi transferencia deposito depositei depositado quitei
    quitado quitada quitar boleto boletos fatura faturas parcela parcelas conta
    ontem hoje amanha depois semana segunda terca quarta quinta sexta sabado domingo
    feira proxima proximo mes final inicio comeco quando salario receber recebo
    recebi recebemos reconheco reconhecemos desconheco desconhecida desconhecido
    comprei compramos contratei contratamos solicitei autorizei assinei cobranca
    cobrancas cobrado cobrada cobraram cobrando errado errada errados erradas
    incorreto incorreta indevida indevido duplicada duplicado defeito mercadoria
    produto pedido servico golpe fraude cancelei cancelado cancelada cancelar
    parar parem mandar manda mande mandem enviar envie enviem mensagem mensagens
    lembrete lembretes notificacao notificacoes descadastrar remover atendente
    atendimento alguem pessoa humano falar financeiro responsavel gerente
    supervisor telefone ligar ligue liguem retornar prazo prorrogar prorrogacao
    negociar negociacao parcelar parcelamento acordo consigo conseguir consegui
    consigo posso podemos poderia pretendo dinheiro desempregado desempregada
    condicoes obrigado verificar vencimento valor numero lista cadastro whatsapp
    voces comigo beleza tambem porque tudo agora muito verdade empresa dono dona
    transferencia juros multa preco absurdo diferente estornar estorno contestar
    reclamar advogado processo procon ninguem ajuda suporte nenhum nenhuma
    """.split()
)

_DOUBLE_LETTERS = re.compile(r"([a-z])\1+")
_CLAUSE = re.compile(r"[.,;:!?\n\r\t()\[\]\"]+")
_NOT_WORD = re.compile(r"[^a-z0-9/| ]+")


def normalize(text):
    """The text as the rules read it: lower case, ASCII, one space between tokens,
    ``|`` between clauses, abbreviations expanded and typos corrected."""
    text = unicodedata.normalize("NFKD", str(text or ""))
    text = text.encode("ascii", "ignore").decode("ascii").lower()
    text = re.sub(r"(\d{1,2})[.-](\d{1,2})(?:[.-](\d{2,4}))?", _slash_date, text)
    text = _CLAUSE.sub(" | ", text)
    text = _NOT_WORD.sub(" ", text.replace("-", " "))
    tokens = [_correct(token) for token in text.split()]
    text = " ".join(tokens)
    text = re.sub(r"(?:\| )+\|", "|", text)
    return text.strip(" |")


def _slash_date(match):
    day, month, year = match.groups()
    return f"{day}/{month}" + (f"/{year}" if year else "")


def _correct(token):
    if token == "|" or token.isdigit() or "/" in token:
        return token
    token = re.sub(r"([a-z])\1\1+", r"\1", token)  # "simmm", "jaaa"
    if token in _VOCABULARY:
        return token
    if token in _ABBREVIATIONS:
        return _ABBREVIATIONS[token]
    single = _DOUBLE_LETTERS.sub(r"\1", token)  # "jaa", "paguei" written "pagueii"
    if single in _ABBREVIATIONS:
        return _ABBREVIATIONS[single]
    if single in _VOCABULARY or single in _SHORT_WORDS:
        return single
    if len(token) >= 5 and not token.isdigit():
        near = [
            word
            for word in _VOCABULARY
            if word[0] == token[0]
            and abs(len(word) - len(token)) <= 1
            and _distance(word, token) <= 1
        ]
        if len(near) == 1:
            return near[0]
    return token


#: Short words the doubled-letter collapse may reach ("jaa" is "ja").
_SHORT_WORDS = frozenset("ja ta sim nao oi ola ok para pra pro foi vou dia que e".split())


def _distance(a, b):
    """Optimal string alignment distance (an adjacent swap is one edit)."""
    previous2, previous = None, list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            cost = ca != cb
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


# -- rules ---------------------------------------------------------------------------

_NEG = r"(?:nao|nunca|jamais|nem|ainda nao)"
_W = r"(?:\w+ )"  # one word and its space
_DAYS = r"(?:segunda|terca|quarta|quinta|sexta|sabado|domingo)"
_WHEN = (
    rf"(?:dia|amanha|hoje|depois|semana|{_DAYS}|mes|ate|quando|assim|no|na|fim|final|"
    r"inicio|comeco|proxim[oa]|\d{1,2}/\d{1,2})"
)
_PAY_VERB = r"(?:pagar|acertar|quitar|depositar|transferir|efetuar|fazer o (?:pix|pagamento))"

#: Negations rewritten before the rules run (see the module docstring).
_MASKS = (
    (
        rf"\b{_NEG} {_W}{{0,2}}?(?:paguei|pagamos|pagou|efetuei|efetuamos|realizei|quitei|"
        r"transferi|depositei|fiz (?:o |a |um )?(?:pix|pagamento|transferencia|deposito)|"
        r"(?:foi|esta|ta) pag[oa])\b",
        " _negpaid_ ",
    ),
    (r"\b(?:paguei|pagamos|pago) nao\b", " _negpaid_ "),
    (rf"\bnao {_W}{{0,1}}?vou {_W}{{0,1}}?pagar\b", " _refuse_ "),
    (
        rf"\bnao {_W}{{0,1}}?(?:consigo|posso|tenho como|vou conseguir|consegui|conseguimos)"
        rf" {_W}{{0,1}}?{_PAY_VERB}\b",
        " _cantpay_ ",
    ),
)

_RULES = {
    PAID: (
        (0.95, r"\bpaguei\b"),
        (0.9, r"\b(?:ja )pag(?:amos|ou)\b"),
        (0.95, r"\bja (?:foi |esta |ta |estao |tao )?pag[oa]s?\b"),
        (0.9, r"\b(?:ta|esta|estao|tao|foi|foram|ficou) (?:tudo |ja |sim )?pag[oa]s?\b"),
        (
            0.9,
            r"\b(?:boleto|fatura|conta|parcela|divida|nota|titulo)s? (?:ja |foi |esta |ta )*"
            r"pag[oa]s?\b",
        ),
        (0.9, r"\bcomprovantes?\b"),
        (
            0.95,
            r"\bpagamentos? (?:ja )?(?:foi |esta |ta )?(?:efetuad|realizad|feit|confirmad|"
            r"enviad|concluid)[oa]s?\b",
        ),
        (
            0.95,
            r"\b(?:efetuei|realizei|fiz|efetuamos|realizamos|fizemos) (?:o |a |um |uma )?"
            r"(?:pagamento|pix|transferencia|deposito|ted)\b",
        ),
        (0.9, r"\bpix (?:ja )?(?:foi )?(?:feito|enviado|realizado|efetuado|pago|caiu)\b"),
        (
            0.9,
            r"\b(?:mandei|enviei|transferi|depositei) (?:o |um |a )?(?:pix|valor|dinheiro|"
            r"deposito|transferencia)\b",
        ),
        (0.8, r"\b(?:transferi|depositei)\b"),
        (0.9, r"\b(?:quitei|quitamos|quitad[oa])\b"),
        (
            0.9,
            rf"\bacab(?:ei|amos) de {_W}{{0,1}}?"
            r"(?:pagar|quitar|transferir|depositar|fazer o pix)\b",
        ),
    ),
    PROMISE: (
        (
            0.85,
            r"\b(?:posso|consigo|vou|irei|pretendo|vamos|podemos|conseguimos|conseguiria|"
            rf"poderia|da pra|daria pra|tem como|quero|queria|preciso|devo) {_W}{{0,3}}?"
            rf"{_PAY_VERB}\b",
        ),
        (0.85, r"\b(?:pagarei|pagaremos|acertarei|quitarei|depositarei)\b"),
        (0.85, rf"\bpago {_W}{{0,2}}?{_WHEN}\b"),
        (0.8, r"\beu pago\b"),
        (0.85, r"\b(?:pagar|pago|deixa pra pagar|deixar pra pagar) depois\b"),
        (
            0.85,
            r"\b(?:mais|outro|novo) (?:um )?(?:prazo|tempo|dia|dias|semana)\b|"
            r"\bmais (?:uns|alguns) dias\b",
        ),
        (0.6, r"\bprazo\b"),
        (0.85, r"\bprorroga\w*\b|\badia(?:r|mento)\b|\bestender o vencimento\b"),
        (0.8, r"\bnegocia\w*\b|\bparcela(?:r|mento|do|da)\b|\bem (?:\w+ )?parcelas\b"),
        (0.7, r"\bacordo\b|\bagendei\b"),
        (0.7, rf"\bpagar {_W}{{0,2}}?{_WHEN}\b"),
        (0.6, rf"\brecebo {_W}{{0,1}}?(?:dia|{_DAYS}|amanha|semana|mes|fim|no|na)\b"),
        (0.6, r"\b_cantpay_\b"),
        (
            0.6,
            r"\b(?:sem|nao tenho) (?:\w+ )?(?:dinheiro|grana|condicoes|condicao)\b|"
            r"\bdesempregad[oa]\b|\bapertad[oa]\b",
        ),
    ),
    CONTEST: (
        (
            0.95,
            r"\b(?:nao|nem) (?:\w+ )?(?:reconheco|reconhecemos|conheco)\b"
            r"(?! (?:essa |esse |a |o )?(?:pessoa|senhor|senhora|moca|rapaz|cliente)\b)",
        ),
        (0.9, r"\bdesconhe\w*\b"),
        (
            0.9,
            rf"\b(?:nao|nunca|jamais) {_W}{{0,2}}?(?:comprei|compramos|contratei|contratamos|"
            r"solicitei|pedi|assinei|autorizei|fiz (?:essa |esta |nenhuma |uma )?compra|"
            r"fiz (?:esse |este |nenhum )?pedido)\b",
        ),
        (
            0.9,
            r"\b(?:valor|preco|conta|fatura|cobranca|boleto|juros|multa|divida)s? "
            r"(?:\w+ ){0,3}?(?:(?:errad|incorret|indevid|absurd)[oa]s?|diferente|a mais)\b",
        ),
        (
            0.9,
            r"\b(?:cobranca|cobrado|cobrada|cobraram|cobrando|cobrou)\b[^|]{0,30}?"
            r"(?:errad|indevid|duas vezes|em dobro|a mais|duplicad)",
        ),
        (0.75, r"\b(?:esta|ta|veio|vieram|estao|tao) (?:\w+ )?errad[oa]s?\b"),
        (0.8, r"\bduplicad[oa]s?\b|\bduas vezes\b|\bem dobro\b"),
        (0.9, r"\bindevid[oa]s?\b|\bnao devo\b|\bnao (?:e|sao) (?:minha|meu|minhas|meus)\b"),
        (0.85, r"\bgolpe\w*\b|\bfraude\w*\b"),
        (
            0.8,
            r"\bdefeito\b|\bestragad[oa]\b|\bnao (?:recebi|chegou|veio) (?:o |a |meu |minha )?"
            r"(?:produto|mercadoria|pedido|encomenda|servico)\b",
        ),
        (0.8, r"\bcancelei\b|\bja (?:foi )?cancelad[oa]\b"),
        (0.6, r"\b_refuse_\b"),
        (0.7, r"\bprocon\b|\badvogado\b|\bprocess(?:ar|o)\b|\bcontest\w*\b|\breclama\w*\b"),
        (0.6, r"\bengano\b|\bestorn\w*\b"),
        (0.45, r"\berrad[oa]s?\b"),
    ),
    STOP: (
        (
            1.0,
            r"^(?:parar|pare|para|sair|stop|cancelar|descadastrar|remover|unsubscribe|chega|"
            r"bloquear|parem)(?: (?:por favor|ja|agora|obrigado|mensagens?|isso))*$",
        ),
        (
            0.95,
            rf"\bnao (?:quero|desejo|gostaria de|preciso) {_W}{{0,2}}?(?:receber|mensagem|"
            r"mensagens|lembrete|lembretes|notificac\w*|ser (?:contatad|incomodad)\w*|"
            r"que (?:me )?(?:mandem|enviem|mande|envie|liguem))\b"
            # "não quero receber por email": a preference for another channel, not a stop
            r"(?![^|]*\b(?:email|s\.?m\.?s|carta|correio|ligacao)\b)",
        ),
        (
            0.95,
            r"\b(?:para|pare|parem|parar|parai) (?:de |com )?(?:me )?(?:mandar|enviar|mandarem|"
            r"enviarem|encher|incomodar|ligar|mandando|enviando|ligando|perturbar|cobrar)\b",
        ),
        (
            0.95,
            rf"\bnao (?:me )?(?:mande|mandem|envie|enviem|ligue|liguem|manda|envia|mandar|"
            rf"enviar) {_W}{{0,2}}?mais\b",
        ),
        (
            0.9,
            r"\b(?:tira|tire|tirem|tirar|remove|remova|removam|remover|exclui|exclua|"
            r"excluam|excluir|bloqueia|bloqueie|bloquear|sair)\b[^|]{0,25}?\b(?:lista|cadastro|contatos?|numero|whatsapp|"
            r"daqui)\b",
        ),
        (0.95, r"\bdescadastr\w*\b"),
        (0.9, r"\bchega de (?:mensage|cobranca|lembrete|notificac|ligac|mandar|me)\w*\b"),
        (
            0.9,
            rf"\b(?:cancelar|parar|suspender|bloquear) {_W}{{0,2}}?(?:mensagens?|envios?|"
            r"notificac\w*|lembretes?|whatsapp)\b",
        ),
        (
            0.9,
            r"\b(?:numero|telefone|contato) errado\b|\b(?:numero|telefone) nao (?:e|pertence) "
            r"(?:mais )?(?:d[aoe]|a|ao)\b|\bnao (?:conheco|sou) (?:essa |esse |a |o )?"
            r"(?:pessoa|senhor|senhora|moca|rapaz)\b",
        ),
        (0.75, r"\bnao sou (?:o|a) (?!cliente\b|responsavel\b|dono\b|dona\b)[a-z]+\b"),
    ),
    HUMAN: (
        (0.95, r"\batendente\w*\b|\bhumano\b|\bpessoa (?:real|de verdade)\b"),
        (
            0.95,
            r"\bfalar (?:com|pessoalmente com) (?:\w+ ){0,2}?(?:alguem|pessoa|atendente|humano|"
            r"gerente|responsavel|financeiro|setor|voce|voces|supervisor|vendedor|cobranca|"
            r"empresa|dono|dona)\b",
        ),
        (0.8, r"\b(?:quero|preciso|gostaria de|posso|tem como|queria) falar\b|\bfalar com\b"),
        (
            0.9,
            r"\b(?:me|pode me|podem me|poderia me|alguem pode me) (?:liga|ligue|ligar|ligam|"
            r"retorna|retornar|retorne|chama|chamar)\b|\bligar (?:pra|para) mim\b",
        ),
        (
            0.8,
            r"\b(?:telefone|numero|contato|fone) (?:de |da |do )?(?:voces|voce|empresa|"
            r"atendimento|sac|central|financeiro|escritorio|loja)\b",
        ),
        (0.85, r"\btem alguem\b|\bninguem (?:responde|atende)\b"),
        (0.7, r"\brobo\b|\bbot\b|\bautomatic[oa]\b|\bsuporte\b|\batendimento\b|\bsac\b"),
    ),
}

_COMPILED = {
    intent: tuple((weight, re.compile(pattern)) for weight, pattern in rules)
    for intent, rules in _RULES.items()
}
_COMPILED_MASKS = tuple((re.compile(pattern), repl) for pattern, repl in _MASKS)
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
    masked = f" {normalized} "
    for pattern, replacement in _COMPILED_MASKS:
        masked = pattern.sub(replacement, masked)
    masked = " ".join(masked.split())
    found = {}
    for intent, rules in _COMPILED.items():
        subject = normalized if intent == STOP else masked
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
    if strong:
        intent = strong[0]
    else:
        weak = sorted(found.items(), key=lambda item: (-item[1], PRECEDENCE.index(item[0])))
        intent = weak[0][0] if weak else None
    hint = extract_promise_date(text, today or date.today()) if text else None
    if intent is None and hint is not None:
        intent, found = PROMISE, {PROMISE: 0.4}  # a bare date: "só dia 20"
    if intent is None:
        return IntentResult(OTHER, 0.0, None, ())
    return IntentResult(
        intent=intent,
        score=found[intent],
        promise_date_hint=hint if intent == PROMISE else None,
        intents=tuple(strong) or (intent,),
    )


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
    """The date a promise names, or None.

    Read: "15/12", "15/12/2026" (a date without a year is this year's when not past,
    else next year's), "dia 15" / "15 de dezembro" (this month's when today or later,
    else next month's; a day the month lacks is its last day), "hoje", "amanhã",
    "depois de amanhã", "daqui a 3 dias", weekday names ("sexta", "sexta-feira",
    "segunda que vem": the next such day after today), "semana que vem" / "próxima
    semana" (next Monday), "fim de semana" (next Saturday), "fim do mês" (the last
    day of this month; "fim do mês que vem": of next month). An explicit day wins over
    a weekday or a relative word; among equals, the first one written.
    """
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
    for match in re.finditer(rf"\b({_DAYS})\b(?! via)", text):  # "segunda via" is a copy
        add(1, match, _next_weekday(today, _WEEKDAYS[match.group(1)]))
    if not found:
        return None
    return min(found, key=lambda item: (item[0], item[1]))[2]


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
