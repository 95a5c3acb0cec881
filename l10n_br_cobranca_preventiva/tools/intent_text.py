"""How the intent rules read a reply (plain Python): :func:`normalize` (lower case,
ASCII, chat abbreviations expanded, one-letter typos of the rules' words corrected,
clauses kept apart by ``|``) and :func:`masked` (negations and questions of
``intent_masks._MASKS`` masked). Shared by the word rules of ``intent.py`` and the
statistical reader of ``intent_model.py``."""

import re
import unicodedata

from .intent_masks import _MASKS

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
    transferencia transfere transfira juros multa preco absurdo diferente estornar estorno contestar
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


_COMPILED_MASKS = tuple((re.compile(pattern), repl) for pattern, repl in _MASKS)


def masked(normalized):
    """A normalized text with the negations and questions of ``_MASKS`` masked."""
    text = f" {normalized} "
    for pattern, replacement in _COMPILED_MASKS:
        text = pattern.sub(replacement, text)
    return " ".join(text.split())
