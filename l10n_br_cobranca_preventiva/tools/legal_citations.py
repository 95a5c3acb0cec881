"""Find the legal citations in a text and tell the ones no row of the table holds
(plain Python, no Odoo).

A citation is a law (a "Lei", "Decreto", "Resolução", "Súmula" with its number, or a
code by its name: CDC, LGPD, Código Civil, CTN), with the article and paragraph the text
gives. An article without a law in front of it ("art. 7º, IX" after "LGPD art. 7º, V")
belongs to the law named last before it, or to the one right after it ("art. 14 da Lei
9.492/1997"); an article of no law is unknown. A citation is known when a row of
``legal_sources.RULES`` cites the same law and, if the text names an article, the same
article and paragraph (incisos are not compared). Tests run this over every text a
customer reads and over the addon's sources.
"""

import re
from collections import namedtuple

#: kind ("lei", "decreto", "resolucao", "sumula"), number (digits), year (4 digits or
#: ""), state ("" unless the text names one).
Law = namedtuple("Law", "kind number year state")
Citation = namedtuple("Citation", "law article paragraph text")

_UF = "AC|AL|AM|AP|BA|CE|DF|ES|GO|MA|MG|MS|MT|PA|PB|PE|PI|PR|RJ|RN|RO|RR|RS|SC|SE|SP|TO"
_NUMBER = r"(?P<number>\d+(?:\.\d{3})*)"
_NO = r"(?:\s+[nN](?:\.|º|°|o)?\.?º?)?"
# "/1990", "/97", ", de 2009", ", de 22/05/2014", " DE 01/03/2018", ", de 11 de setembro de 1990"
_YEAR = (
    r"(?:\s*/\s*(?P<year>\d{4}|\d{2})\b"
    r"|,?\s+(?i:de)\s+(?:\d{1,2}º?\s*(?:/|(?i:de)\s)\s*(?:\d{1,2}|[a-zç]+)\s*(?:/|\s(?i:de)\s)\s*)?"
    r"(?P<year_long>\d{4})\b)?"
)
_LAWS = (
    (
        "lei",
        r"(?<!Projeto de )\bLei(?:\s+(?:[Ee]stadual|[Ff]ederal|[Cc]omplementar))?"
        rf"(?:\s+(?P<state>{_UF})\b)?{_NO}\s*{_NUMBER}{_YEAR}",
    ),
    ("decreto", rf"\bDecreto(?:-[Ll]ei)?{_NO}\s*{_NUMBER}{_YEAR}"),
    (
        "resolucao",
        rf"(?:\bResolução|\bRes\.)(?:\s+(?:CMN|BCB|BACEN|Bacen))?{_NO}\s*{_NUMBER}{_YEAR}",
    ),
    ("sumula", rf"\bSúmula{_NO}\s*{_NUMBER}"),
)
#: Codes cited by their name, as the law that enacted them.
_CODES = (
    (r"\bCódigo de Defesa do Consumidor\b|\bCDC\b", Law("lei", "8078", "1990", "")),
    (r"\bLei Geral de Proteção de Dados(?: Pessoais)?|\bLGPD\b", Law("lei", "13709", "2018", "")),
    (r"\bCódigo Civil\b|\bCC(?=,?\s+art)", Law("lei", "10406", "2002", "")),
    (r"\bCódigo Tributário Nacional\b|\bCTN\b", Law("lei", "5172", "1966", "")),
)
_ARTICLE = re.compile(
    r"\b[Aa]rt(?:igo|s?\.)\s*(?P<article>\d+)(?:(?P<glued>[A-Z])\b)?\s*[º°]?"
    r"(?:\s*-\s*(?P<letter>[A-Z])\b)?"
    r"(?:\s*,?\s*(?:§\s*(?P<paragraph>\d+)\s*[º°]?|(?P<sole>parágrafo único)))?"
)
# "art. 14 da Lei 9.492/1997", "art. 7º, I, da LGPD": the law right after the article
_OF = re.compile(r"(?:\s*,?\s*[IVXL]+\b)*\s*,?\s*(?:d[oa]s?|of(?: the)?)\s+")


def _digits(number):
    return number.replace(".", "")


def _year(match):
    year = match.groupdict().get("year") or match.groupdict().get("year_long") or ""
    if len(year) == 2:  # "Lei 9.492/97"
        year = ("19" if int(year) > 30 else "20") + year
    return year


def _laws(text):
    """[(start, end, Law)] of every law the text names, in order."""
    found = []
    for kind, pattern in _LAWS:
        for match in re.finditer(pattern, text):
            state = match.groupdict().get("state") or ""
            year = "" if kind == "sumula" else _year(match)
            law = Law(kind, _digits(match.group("number")), year, state)
            found.append((match.start(), match.end(), law))
    for pattern, law in _CODES:
        found.extend((m.start(), m.end(), law) for m in re.finditer(pattern, text))
    return sorted(found)


def citations_in(text):
    """Every citation of ``text`` (plain text, whitespace collapsed), in order."""
    text = re.sub(r"\s+", " ", (text or "").replace("\u00a0", " "))
    laws = _laws(text)
    citations = []
    cited = set()  # laws with an article of theirs: not listed again on their own
    for match in _ARTICLE.finditer(text):
        after = next((law for law in laws if law[0] >= match.end()), None)
        before = [law for law in laws if law[1] <= match.start()]
        if after and _OF.fullmatch(text[match.end() : after[0]]):
            owner = after
        else:
            owner = before[-1] if before else None
        letter = match.group("letter") or match.group("glued") or ""
        article = match.group("article") + (f"-{letter}" if letter else "")
        paragraph = match.group("paragraph") or ("único" if match.group("sole") else None)
        if owner:
            cited.add(owner[:2])
        citations.append(Citation(owner and owner[2], article, paragraph, match.group(0).strip()))
    for start, end, law in laws:
        if (start, end) not in cited and not _overlaps(start, end, laws):
            citations.append(Citation(law, None, None, text[start:end]))
    return citations


def _overlaps(start, end, laws):
    """Whether a longer law mention contains this one ("CDC" inside "Código de Defesa
    do Consumidor (CDC)" does not, but "Lei 8.078" inside "Lei 8.078/1990" would)."""
    return any(s <= start and end <= e and (s, e) != (start, end) for s, e, _law in laws)


def _same_law(one, other):
    return (
        one.kind == other.kind
        and one.number == other.number
        and (not one.year or not other.year or one.year == other.year)
        and (not one.state or not other.state or one.state == other.state)
    )


def is_known(citation, known):
    """Whether a row's citations (``known``) hold ``citation``: the same law and, when
    the text names an article, the same article and paragraph."""
    if citation.law is None:
        return False
    return any(
        _same_law(citation.law, row.law)
        and (
            citation.article is None
            or (citation.article, citation.paragraph) == (row.article, row.paragraph)
        )
        for row in known
    )


def unknown(text, known):
    """The citations of ``text`` that no row holds."""
    return [c for c in citations_in(text) if not is_known(c, known)]


__all__ = ["Citation", "Law", "citations_in", "is_known", "unknown"]
