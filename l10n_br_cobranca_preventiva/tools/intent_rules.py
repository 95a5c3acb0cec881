"""The phrase rules ``tools/intent.py`` reads customers' replies with (plain Python):
the intents (the negations rewritten before the rules run are ``intent_masks``) and,
per intent, weighted regular expressions on the normalised text (``_RULES``; see
``intent``'s module docstring for how the weights decide)."""

PAID, PROMISE, CONTEST, STOP, HUMAN, OTHER = (
    "paid",
    "promise",
    "contest",
    "stop",
    "human",
    "other",
)

_NEG = r"(?:nao|nunca|jamais|nem|ainda nao)"
_W = r"(?:\w+ )"  # one word and its space
_DAYS = r"(?:segunda|terca|quarta|quinta|sexta|sabado|domingo)"
_WHEN = (
    rf"(?:dia|amanha|hoje|depois|semana|{_DAYS}|mes|ate|quando|assim|no|na|fim|final|"
    r"inicio|comeco|proxim[oa]|\d{1,2}/\d{1,2})"
)
_PAY_VERB = r"(?:pagar|acertar|quitar|depositar|transferir|efetuar|fazer o (?:pix|pagamento))"
#: Settling, in any tense ("quito", "acerto", "transfiro", "resolvo isso").
_SETTLE = r"(?:pag\w*|quit\w*|acert\w*|resolv\w*|transfir\w*|transfer\w*|deposit\w*|fa\w+ o pix)"
#: A later time given as a duration or an event rather than a date.
_LATER = (
    r"(?:mes que vem|proximo mes|semana que vem|proxima semana|ano que vem|"
    r"daqui (?:a |uns |umas |ha )?(?:\d+|um|uma|dois|duas|tres|uns|umas|alguns|algumas) ?"
    r"(?:dias?|semanas?|mes|meses)|em (?:\d+|dois|duas|tres) (?:dias|semanas|meses)|"
    r"quando (?:eu )?(?:receber|recebo|cair|sair)|assim que (?:\w+ )?(?:receber|cair|sair)|"
    r"salario|decimo terceiro|13o|inicio do mes|comeco do mes|no proximo|na proxima|"
    r"em (?:janeiro|fevereiro|marco|abril|maio|junho|julho|agosto|setembro|outubro|novembro|"
    r"dezembro))"
)


#: "não autorizei ... mensagem/ligação/contato" refuses the contact (a stop), not the charge.
#: Paid or charged twice in figures ("fiz um Pix 2 vezes", "cobrado 2x"), not the
#: instalments of "em 2 vezes".
_TWICE = r"(?<!em )\b2 vezes\b|(?<!em )\b2x\b"
#: An amount unlike the one charged: "o valor que eu paguei é diferente do que cobram".
_UNLIKE = r"\bdiferente d[oa] (?:que )?(?:\w+ ){0,2}?cobr\w*"

#: A payment claim whose money also went out another way: "paguei e também saiu no débito".
_ALSO_RAN = r"\btambem (?:saiu|debitou|descontou|cobrou|cobraram|foi debitad[oa]|foi cobrad[oa])\b"

_NOT_CONTACT = (
    r"(?![^|]*\b(?:mensage\w*|ligac\w*|ligar|contat\w*|whatsapp|numero|telefone|dados)\b)"
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
        # in banking words: TED, DOC, compensado, caiu na conta, debitou, efetivado
        (
            0.9,
            r"\b(?:fiz|mandei|enviei|realizei|efetuei|fizemos) (?:o |a |um |uma )?(?:ted|doc)\b|"
            r"\b(?:por|via|pela|uma|numa) (?:ted|doc)\b",
        ),
        (0.85, r"\bcompensad[oa]s?\b|\bcompensou\b"),
        (
            0.85,
            r"\b(?:ja )?caiu (?:na|em|la na) (?:\w+ ){0,1}?conta\b|"
            r"\b(?:valor|dinheiro|pagamento|pix|ted)\b[^|]{0,20}?\bsaiu da (?:minha )?conta\b",
        ),
        (
            0.85,
            r"\b(?:debitou|descontou)\b|\b(?:foi|ja|ficou) (?:debitad|descontad)[oa]\b|"
            r"\b(?:debitad|descontad)[oa] (?:na|da|no|do|em) (?:\w+ )?"
            r"(?:conta|cartao|folha|salario)\b",
        ),
        (0.85, r"\b(?:efetivad[oa]|liquidad[oa]|liquidacao concluida)\b"),
        (
            0.85,
            r"\b(?:pix|pagamento|agendamento|transferencia|ted|doc|deposito)\b[^|]{0,25}?"
            r"\b(?:processad|conclui?d|finalizad)[oa]\b|\bja saiu da (?:minha )?conta\b|"
            r"\b(?:saiu|caiu|passou|foi|pago|paga|debitad[oa]|descontad[oa]) (?:\w+ )?"
            r"(?:no|pelo|em) debito automatico\b",
        ),
        (0.85, r"\b(?:ja )?acertei\b"),
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
            r"\bmais (?:uns|alguns) dias\b|\b(?:da|de|dar|daria|dao|dariam) (?:mais )?"
            r"(?:(?:uns|umas|alguns|algumas|um|uma) (?:\d+ )?|\d+ )(?:dias?|semanas?|mes|meses)\b",
        ),
        (0.6, r"\bprazo\b"),
        (0.85, r"\bprorroga\w*\b|\badia(?:r|mento)\b|\bestender o vencimento\b"),
        (0.8, r"\b(?:re)?negocia\w*\b|\bparcela(?:r|mento|do|da)\b|\bem (?:\w+ )?parcelas\b"),
        (0.7, r"(?<!\bdo )(?<!\bno )\bacordo\b"),
        (0.9, r"\b_scheduled_\b"),
        (0.7, rf"\bpagar {_W}{{0,2}}?{_WHEN}\b"),
        (0.6, rf"\brecebo {_W}{{0,1}}?(?:dia|{_DAYS}|amanha|semana|mes|fim|no|na)\b"),
        (0.6, r"\b_cantpay_\b"),
        (
            0.6,
            r"\b(?:sem|nao tenho) (?:\w+ )?(?:dinheiro|grana|condicoes|condicao)\b|"
            r"\bdesempregad[oa]\b|\bapertad[oa]\b",
        ),
        # a delay as a duration or an event: "mês que vem eu quito", "quando receber o
        # salário eu acerto", "daqui a duas semanas te pago"
        (0.8, rf"^(?=.*\b{_SETTLE}\b)(?=.*\b{_LATER}\b)"),
        (
            0.75,
            r"\b(?:esperar|aguardar|aguarda|espera|segura)\b[^|]{0,20}?\b(?:mais|ate|uns|umas|"
            r"semana|mes)\b|\bmais (?:uma|um) (?:semana|semaninha|dia|mes|tempo)\b",
        ),
    ),
    CONTEST: (
        (
            0.95,
            r"\b(?:nao|nem) (?:\w+ )?(?:reconheco|reconhecemos)\b"
            r"(?! (?:essa |esse |a |o )?(?:pessoa|senhor|senhora|moca|rapaz|cliente)\b)|"
            r"\b(?:nao|nem) (?:\w+ )?conheco\b(?: (?:essa|esse|esta|este|a|o|nenhuma|nenhum|"
            r"essas|esses)? ?(?:cobranca|divida|boleto|compra|valor|empresa|loja|debito|fatura|"
            r"conta|servico|produto|contrato|pedido|isso|nada|voces)\w*\b|$| \|)",
        ),
        (0.9, r"\bdesconhe\w*\b"),
        (
            0.9,
            rf"\b(?:nao|nunca|jamais) {_W}{{0,2}}?(?:comprei|compramos|contratei|contratamos|"
            r"solicitei|pedi|assinei|autorizei"
            + _NOT_CONTACT
            + r"|fiz (?:essa |esta |nenhuma |uma )?compra|fiz (?:esse |este |nenhum )?pedido)\b",
        ),
        (
            0.9,
            r"\b(?:valor|preco|conta|fatura|cobranca|boleto|juros|multa|divida)s? "
            r"(?:\w+ ){0,3}?(?:(?:errad|incorret|indevid|absurd)[oa]s?|diferente|a mais)\b",
        ),
        (0.9, _UNLIKE),
        (
            0.9,
            r"\b(?:cobranca|cobrado|cobrada|cobraram|cobrando|cobrou)\b[^|]{0,30}?"
            r"(?:errad|indevid|duas vezes|em dobro|a mais|duplicad)",
        ),
        (0.75, r"\b(?:esta|ta|veio|vieram|estao|tao) (?:\w+ )?errad[oa]s?\b"),
        (0.8, r"\bduplicad[oa]s?\b|\bduas vezes\b|\bem dobro\b"),
        (0.8, _TWICE),
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
        # the reason named without "não reconheço"
        (0.85, r"\bduplicidade\b|\bcobra\w* (?:\w+ )?de novo\b"),
        (
            0.8,
            r"\b(?:produto|mercadoria|pedido|encomenda|compra)s? (?:\w+ ){0,2}?(?:nunca|nao) "
            r"(?:foi |foram )?(?:entregue|entregues|chegou|chegaram|veio|vieram)\b",
        ),
        (0.8, r"\bdevol(?:vi|vemos|ucao|vido|vida)\b|\bpedido (?:foi )?cancelad[oa]\b"),
        (
            0.8,
            r"\bdesconto\b[^|]{0,40}?\bnao (?:\w+ ){0,2}?(?:veio|vieram|aplic|deram|consta|entrou|"
            r"respeit|consider|foi|esta|ta|aparec)\w*|\bnao (?:\w+ ){0,1}?(?:aplicaram|deram|"
            r"consideraram|respeitaram|colocaram) (?:o |a )?desconto\b|\bsem o desconto\b|"
            r"\b(?:diferente|fora) do (?:combinado|acordado|anunciado|contratado)\b",
        ),
        (
            0.8,
            r"\bnao (?:\w+ ){0,2}?autoriz\w*" + _NOT_CONTACT + r"|\bsem (?:minha )?autorizacao\b",
        ),
        # the debt denied, stale or not genuine
        (
            0.9,
            r"\bnao (?:tenho|temos|possuo) (?:nenhuma |qualquer )?(?:divida|debito|pendencia)s?\b|"
            r"\b(?:divida|cobranca|debito|conta)\b[^|]{0,30}?\b(?:nem|nao) exist\w*|"
            r"\binexistente\b|\b(?:prescrev|prescrit|caduc)\w*",
        ),
        (
            0.8,
            r"\b(?:e|eh|sao|seria|parece|sera) (?:\w+ )?(?:verdadeir|legitim|confiave|fals)\w*|"
            r"\b(?:boleto|cobranca|mensagem|link|empresa|numero)s? (?:\w+ ){0,2}?"
            r"(?:falsificad|fals)[oa]s?\b|"
            r"\b(?:cnpj|beneficiario|favorecido|recebedor|razao social)\b[^|]{0,30}?"
            r"\b(?:nao (?:e|bate|confere)|diferente|outro nome|outra empresa|estranh)",
        ),
        (0.8, r"\bnao (?:uso|utilizo|assino) mais\b"),
        # given up or cancelled before, a price raised, goods not delivered or wrong, the
        # money back, a charge that also ran elsewhere
        (
            0.85,
            r"\bdesist\w* d[ao] (?:compra|pedido|contrato|servico|plano|curso|matricula)\b|"
            r"\b(?:pedi|solicitei|fiz|registrei) o cancelamento\b",
        ),
        (0.75, r"\breajust\w*\b"),
        (
            0.8,
            r"\bnao (?:\w+ ){0,2}?(?:entregou|entregaram|entregue|entregues)\b|"
            r"\bentregaram (?:\w+ ){0,3}?(?:errad|diferente|outr)\w*|\bate (?:entregarem|"
            r"trocarem|consertarem|resolverem|devolverem)\b|\bdinheiro de volta\b|"
            r"\bdesconto proporcional\b",
        ),
        (0.8, _ALSO_RAN),
        (
            0.8,
            r"\b(?:e|eh|sao|seria|sera) (?:mesmo|realmente|de verdade) d[aeo]s? (?:\w+ )?"
            r"(?:empresa|voces|loja|banco)\b|\b(?:e|eh) d[aeo] (?:\w+ )?(?:empresa|voces) mesmo\b",
        ),
    ),
    STOP: (
        (
            0.9,
            r"\b(?:nao|nunca) (?:\w+ ){0,2}?(?:autoriz\w*|dei autorizacao|consenti)\b"
            r"[^|]*\b(?:mensage\w*|ligac\w*|ligar|contat\w*|whatsapp|numero|telefone)\b|"
            r"\b(?:revog\w*|retir\w*) (?:o |meu |a |minha )?(?:consentimento|autorizacao)\b",
        ),
        (
            0.9,
            r"\b(?:(?:exclu|apag|elimin|delet|remov|retir)\w*|tir(?:e|em|ar|a))\b[^|]{0,30}?"
            r"\bmeus dados\b|"
            r"\bmeus dados\b[^|]{0,30}?\b(?:exclu|apag|elimin|delet|remov|retir)\w*",
        ),
        (0.9, r"\bnao (?:\w+ ){0,3}?(?:continuar|seguir) (?:recebendo|a receber|sendo contatad)"),
        (0.9, r"\b(?:pessoa|cliente) errad[oa]\b"),
        (0.85, r"\b(?:e|sou|aqui e|falando e) outra pessoa\b"),
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
            r"enviarem|encher|incomodar|ligar|mandando|enviando|ligando|perturbar|cobrar|"
            r"entrar em contato|contatar|procurar|chamar)\b",
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
        (
            0.9,
            r"\b(?:numero|telefone|whatsapp|celular|contato) (?:\w+ )?nao (?:e|pertence) (?:mais )?"
            r"(?:meu|minha|dele|dela)\b",
        ),
        (
            0.9,
            r"\bchega (?:dessas?|desses?) (?:\w+ )?(?:mensage|cobranc|lembrete|notificac|ligac)\w*",
        ),
        (
            0.9,
            r"^(?!.*\bnao (?:quero|vou|posso) (?:parar|deixar) de receber\b)"
            r".*\b(?:parar|deixar) de receber\b",
        ),
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
        (
            0.7,
            r"\brobo\b|\bbot\b|(?<!debito )\bautomatic[oa]\b|\bsuporte\b|\batendimento\b|\bsac\b",
        ),
        # a contact asked for: "me passa o telefone", "tem um número pra falar"
        (
            0.85,
            r"\b(?:passa|passar|manda|mandar|envia|da|tem|tens|teria|qual|quais)\b (?:\w+ ){0,3}?"
            r"(?<!\bpelo )(?<!\bpor )(?<!\bvia )"
            r"(?:telefone|numero|contato|whatsapp|fone|celular|ouvidoria|sac)\b"
            r"(?! d[oa]s? (?:boleto|fatura|nota|pedido|contrato|cpf|cnpj|protocolo|parcela|"
            r"conta|cartao|documento|processo|pix|codigo)\b)",
        ),
        (0.8, r"\bouvidoria\b|\bconversar com\b"),
        (0.85, r"\b(?:me atend\w*|atendid[oa] por)\b|\balguem (?:\w+ ){0,2}?atend\w*"),
    ),
}

#: A dispute of the charge itself: with a payment claim ("paguei mas cobraram duas
#: vezes"), the message is a ``contest``, not ``paid`` (see ``intent``'s docstring).
_DISPUTES = (
    r"\bduplicad[oa]s?\b|\bduplicidade\b|\bduas vezes\b|\bem dobro\b|"
    r"\bcobra\w* (?:\w+ )?de novo\b|\b(?:valor|preco|conta|fatura|cobranca|boleto)s? "
    r"(?:\w+ ){0,3}?(?:(?:errad|incorret|indevid)[oa]s?|diferente|a mais)\b|\ba mais\b|"
    r"\bdevol\w*|\bestorn\w*|\bdefeito\b|\bcancel(?:ei|ad[oa])\b|"
    r"\bnao (?:recebi|chegou|veio) (?:o |a |meu |minha )?(?:produto|mercadoria|pedido|encomenda)\b|"
    r"\bsem o desconto\b|\bdesconto\b[^|]{0,40}?\bnao\b|\bnao (?:\w+ ){0,2}?autoriz\w*|"
    + _TWICE
    + "|"
    + _UNLIKE
    + "|"
    + _ALSO_RAN
)

# -- the customer picks its due day ----------------------------------------------------
#: "quero mudar o vencimento para o dia 10", "pode ser todo dia 15?": a day of the month
#: for the invoices to come, not more time on this one ("prorrogar o vencimento" stays a
#: promise). Read before ``PROMISE`` (see ``intent.PRECEDENCE``).
DUE_DAY = "due_day"
_NOT_EXTEND = r"(?:^|\| )(?![^|]*\b(?:prorrog|adia|estend|extend))"
_RULES[DUE_DAY] = (
    (
        0.9,
        _NOT_EXTEND + r"[^|]*\b(?:mudar|alterar|trocar|mude|altere|troque|muda|altera|troca|"
        r"mudem|alterem|troquem|mudanca|alteracao|passar|passe|mudo|altero|troco)\b[^|]{0,40}?"
        r"\b(?:vencimentos?|dia de pagamento)\b",
    ),
    (
        0.85,
        _NOT_EXTEND + r"[^|]*\bvencimentos? [^|]{0,25}?\b(?:mudad|alterad|trocad|mudar|alterar|"
        r"trocar)",
    ),
    (
        0.85,
        _NOT_EXTEND + r"[^|]*\bvencimentos? (?:(?:\w+ ){0,3}?(?:para|pra|pro|no|em|todo|sempre) )?"
        r"(?:o )?dia \d{1,2}\b",
    ),
    (
        0.85,
        r"\bvencimentos? (?:\w+ ){0,2}?(?:sempre|fixo)\b|\bvencimentos? (?:\w+ ){0,2}?ser dia \d",
    ),
    (
        0.8,
        r"\b(?:datas?|dias?|opc\w+) de vencimento\b[^|]*\b(?:disponive\w*|tem|temos|oferec\w*|"
        r"escolher|existe\w*)\b|\bopc\w+ de vencimento\b|\bvencimento\b[^|]{0,30}?"
        r"\b(?:bata|bater|coincid\w*|combine)\b",
    ),
    (
        0.85,
        r"\b(?:melhor|prefiro|preferencia|escolher|definir|outra|outro|nova|novo) "
        r"(?:\w+ ){0,2}?(?:data|dia)(?: \d{1,2})? (?:de|do|para o|pro|pra) vencimento\b",
    ),
    (0.8, r"\b(?:todo|todos os|cada|sempre no|sempre) dias? \d{1,2}\b"),
    (0.8, r"\b(?:quais|que) (?:\w+ )?(?:datas|dias) (?:de vencimento|(?:\w+ )?posso escolher)\b"),
    (
        0.8,
        r"\b(?:prefiro|preferia|gostaria|queria|quero) que (?:\w+ ){0,3}?"
        r"(?:venca|vencam|vencesse|vencessem)\b",
    ),
    # the due day falls before the payday, and a change is asked for
    (
        0.85,
        _NOT_EXTEND + r"(?=[^|]*\bvence\w* (?:\w+ ){0,2}?(?:antes|depois) (?:de|do|da) (?:eu )?"
        r"(?:receber|salario|pagamento))(?=.*\b(?:mudar|trocar|alterar|mude|troque|altere)\b)",
    ),
    (0.8, r"\b(?:dia )?\d{1,2} de (?:cada|todo) mes\b|\btodo mes (?:no )?dia \d{1,2}\b"),
    (
        0.8,
        r"\b(?:venca|vencer|vencam|vencesse|vencessem)\b (?:\w+ ){0,2}?(?:sempre |todo )?"
        r"(?:no )?dia \d{1,2}\b",
    ),
)
