"""The negations and questions ``tools/intent.py`` rewrites before its rules run
(plain Python): "ainda não paguei" becomes one ``_negpaid_`` word, "como eu pago?" a
``_howpay_`` one, so that no rule reads a payment, a promise or a contest in them
(``intent_text.masked`` applies them; the statistical reader leaves alone a reply the
masks touched)."""

from .intent_rules import _NEG, _PAY_VERB, _W

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
    # the money did not arrive: "ainda não caiu", "não foi compensado"
    (
        rf"\b{_NEG} {_W}{{0,2}}?(?:caiu|compensou|foi compensad[oa]|saiu|debitou|"
        r"foi debitad[oa]|foi descontad[oa]|acertei|efetivou|foi efetivad[oa]|"
        r"foi (?:processad|conclui?d|finalizad|liquidad)[oa])\b",
        " _negpaid_ ",
    ),
    # a question, not a claim: "como saber se o boleto foi pago?"
    (r"\bse (?:\w+ ){0,3}?(?:foi|esta|ta|ja foi) pag[oa]\b", " _ifpaid_ "),
    # how or where to pay, asked with no time: "posso pagar esse boleto em lotérica?"
    (
        r"\b(?:posso|podemos|pode|da pra|consigo|tem como) (?:\w+ ){0,3}?pagar (?:\w+ ){0,3}?"
        r"(?:em|na|no|pelo|pela|com|por) (?:\w+ )?(?:loterica|banco|agencia|caixa|app|"
        r"aplicativo|cartao|credito|debito|internet|pix|boleto|dinheiro|qr|qrcode)\b"
        r"(?![^|]*\b(?:dia|amanha|hoje|semana|mes|depois|ate|fim|sexta|segunda|terca|quarta|"
        r"quinta|sabado|domingo|quando|assim)\b)",
        " _howpay_ ",
    ),
    # what paying late would cost, asked: "se eu pagar depois quanto fica a multa?"
    (
        r"\bse (?:eu )?(?:pagar|atrasar|quitar)\b(?=[^|]*\b(?:quanto|multa|juros|acrescimo)\b)",
        " _ifpay_ ",
    ),
    # an automatic debit set up is no payment yet: "cadastrei no débito automático"
    (
        r"\b(?:cadastrei|cadastramos|ativei|ativamos|coloquei|colocamos|inclui|aderi)\b"
        r"[^|]{0,25}?\b(?:debito|pix) automatico\b",
        " _autosetup_ ",
    ),
    # a payment that did not go through, or how to pay, asked: "tentei pagar na lotérica
    # mas não aceitaram", "como eu pago?", "a TED voltou"
    (
        r"\btentei (?:\w+ ){0,2}?pagar\b|"
        r"\bcomo (?:(?:eu|que eu|posso|devo|consigo|faco (?:pra|para)) )?pag(?:o|ar)\b|"
        r"\b(?:outro|outra) (?:jeito|forma|maneira|opcao) de (?:pagar|pagamento)\b",
        " _howpay_ ",
    ),
    (
        r"\b(?:ted|doc|pix|transferencia|pagamento|deposito) (?:\w+ ){0,2}?(?:voltou|retornou|"
        r"expirou|foi devolvid[oa]|foi estornad[oa])\b",
        " _bounced_ ",
    ),
    # scheduled at the bank, no money moved yet: a promise, whatever proof comes with it
    (
        r"\bcomprovante d[eo] agendamento\b|\b(?:deixei|deixamos|ficou|esta|ta|foi|fica) "
        r"agendad[oa]\b|\bfiz (?:o |um )?agendamento\b|\bagendei\b",
        " _scheduled_ ",
    ),
    # a team asked for, not a renegotiation: "falar com o setor de renegociação"
    (
        r"\b(?:setor|equipe|area|departamento|time|central) (?:de |da )?(?:re)?negociac\w*",
        " setor ",
    ),
    (r"\bperdi o prazo\b", " _late_ "),
    # a wrong person is a wrong number (a stop), not a wrong charge
    (r"\b(?:pessoa|cliente) errad[oa]\b", " _wrongperson_ "),
    # the time a step takes, not more time: "prazo de compensação"
    (
        r"\bprazo (?:de|da|do|para|pra) (?:a |o )?(?:compensa|entrega|confirma|baixa|estorno)\w*",
        " _steptime_ ",
    ),
)
