"""The customer's own words in an email reply, plain Python (no Odoo import).

A reply carries the message it answers, quoted in as many ways as there are mail
clients; once its HTML part went through Odoo's ``html2plaintext`` the markers left are
text: Gmail's and Apple Mail's "Em … escreveu:" (wrapped over two or three lines,
date first, "---- On … wrote ----" as Zoho writes it), the ``>`` of plain-text
quotes, Outlook's header block ("*De:* … *Enviado:* … *Para:* … *Assunto:*", with or
without the line above it), "-----Mensagem original-----" and its translations, and
the "Enviado do meu iPhone" a phone puts between the answer and an unmarked quote.

:func:`strip_quoted_html` first replaces by a ``>`` line what Odoo's own quote
detection marked in the HTML part (``data-o-mail-quote``: blockquotes, Gmail's and
Outlook's quote containers), :func:`customer_text` then keeps the lines that are not
quoted — including text below or between quotes (bottom posting, inline answers) —
and, given the message that was sent, drops every line of it whatever quote marker
survived: what the company wrote is never read back as the customer's words.
"""

import re
import unicodedata

#: Verbs that end an attribution line ("Em …, Empresa <…> escreveu:").
_VERBS = (
    r"wrote|escreveu|escribi[oó]|a [ée]crit|schrieb|schreef|ha scritto|scrisse|skrev|"
    r"kirjoitti|napisa[lł](?:\(a\))?|написал(?:\(а\))?|írta|yazdı"
)
_ATTRIBUTION = re.compile(r"(?:^|[\s>])(?:" + _VERBS + r")\s*:?\s*(?:-{2,})?\s*$", re.IGNORECASE)
#: An attribution that starts with the date or the sender: "2017-11-24 16:32 GMT+01:00
#: Empresa <c@e.com>:", "30.09.2017, 18.30, "Empresa" <c@e.com>:".
_DATED_ATTRIBUTION = re.compile(
    r"\d.*[\w.+-]+@[\w-]+(?:\.[\w-]+)+(?:\s*\[\d+\])?\s*[>)\]]*\s*:\s*$"
)
#: Separators above a quoted or forwarded message.
_SEPARATOR = re.compile(
    r"^\s*(?:-{2,}|={2,})?\s*(?:original message|mensagem original|mensaje original|"
    r"message d'origine|ursprüngliche nachricht|oprindelig besked|messaggio originale|"
    r"forwarded message|mensagem encaminhada|mensaje reenviado|message transféré|"
    r"begin forwarded message|início da mensagem encaminhada)\s*(?:-{2,}|={2,}|:)?\s*$"
    r"|^\s*_{10,}\s*$",
    re.IGNORECASE,
)
#: Header names of a quoted message's header block (Outlook and webmails).
_FROM = r"from|de|von|van|da|fra|от|message du"
_OTHER_HEADERS = (
    r"sent|enviad[oa](?: em)?|envoy[ée](?: le)?|date|data|dato|datum|gesendet|verzonden|"
    r"inviato|to|para|[àa]|an|aan|til|cc|subject|assunto|objet|sujet|betreff|onderwerp|"
    r"oggetto|emne|asunto|received|отправлено|кому|тема|дата"
)
_HEADER = re.compile(
    r"^\s*\*?\s*(?:" + _FROM + "|" + _OTHER_HEADERS + r")\s*\*?\s*:", re.IGNORECASE
)
_FROM_HEADER = re.compile(r"^\s*\*?\s*(?:" + _FROM + r")\s*\*?\s*:", re.IGNORECASE)
#: A header block flattened on one line ("Date: … Subject: … From: … To: …").
_INLINE_HEADERS = re.compile(
    r"(?:^|\s)\*?(?:from|de|von|date|data|sent|enviado|subject|assunto|to|para)\*?\s*:",
    re.IGNORECASE,
)
#: What a phone or a client adds below the answer ("Enviado do meu iPhone").
_DEVICE = re.compile(
    r"^\s*(?:sent from my|sent from outlook|enviado do meu|enviado de meu|enviado do|"
    r"enviado desde mi|envoy[ée] (?:de|depuis|à partir de)|gesendet von|get outlook for|"
    r"obtenha o outlook)\b",
    re.IGNORECASE,
)
_BOLD_FROM = re.compile(r"[ \t]+(?=\*\s*(?:" + _FROM + r")\s*:\s*\*)", re.IGNORECASE)
_QUOTED = re.compile(r"^\s*>(?!:)")
#: A signature's delimiter ("-- ") or a mailing list's footer ("__"): below a quote,
#: what follows is the quoted message's signature or footer, not the customer's answer.
_SIGNATURE = re.compile(r"^\s*(?:--|__)\s*$")
#: The links html2plaintext lists below the text ("[1] mailto:…").
_LINK_NOTE = re.compile(r"^\s*\[\d+\]\s+\S+\s*$")
_LETTERS = re.compile(r"\w")


def strip_quoted_html(html):
    """``html`` with every element Odoo's quote detection marked (``data-o-mail-quote``,
    set by core's ``html_sanitize`` when the gateway reads a message) replaced by a
    ``>`` paragraph, so that :func:`customer_text` sees where the quote was."""
    text = str(html or "")
    if "data-o-mail-quote" not in text:
        return text
    from lxml import etree  # lxml: Odoo's own dependency
    from lxml import html as lxml_html

    root = lxml_html.fromstring(f"<div>{text}</div>")
    for node in root.xpath("//*[@data-o-mail-quote]"):
        parent = node.getparent()
        if parent is None or any(a.get("data-o-mail-quote") for a in node.iterancestors()):
            continue
        marker = etree.Element("p")
        marker.text = ">"
        marker.tail = node.tail
        parent.replace(node, marker)
    return etree.tostring(root, encoding="unicode", method="html")


def _norm(line):
    """A line compared with what we sent: accents, case, quote markers, bold marks and
    spacing do not count."""
    line = unicodedata.normalize("NFKD", str(line or ""))
    line = "".join(ch for ch in line if not unicodedata.combining(ch)).lower()
    line = re.sub(r"^[\s>|]+", "", line).replace("*", "")
    return " ".join(re.sub(r"[^\w@.,:;!?/()%$-]+", " ", line).split())


_OPENER = re.compile(
    r"^\W*(?:(?:on|em|le|am|el|il|op|den|dnia|w dniu|in data)\b|\d|[^\W\d]{2,4}\.?,?\s+\d)",
    re.IGNORECASE,
)


def _attributions(lines):
    """{first line: last line} of the attribution lines ("Em …, Empresa <…>
    escreveu:"). Clients wrap them, so the verb may end the second or third line: the
    attribution starts at the nearest line above that opens one (a date, "Em", "On"…)."""
    found = {}
    for end, line in enumerate(lines):
        if not line.strip() or _QUOTED.match(line):
            continue
        start = None
        for first in range(end, max(end - 3, -1), -1):
            piece = lines[first].strip()
            if not piece or _QUOTED.match(lines[first]):
                break
            joined = " ".join(part.strip() for part in lines[first : end + 1])
            if len(joined) > 400:
                break
            if _ATTRIBUTION.search(joined) or _DATED_ATTRIBUTION.search(joined):
                if _OPENER.match(piece) and len(piece.split()) > 1:
                    start = first  # the farthest opener up to three lines above
                    continue
                if start is None and len(joined.split()) >= 3 and first == end:
                    start = first
        if start is not None:
            found[start] = end
    return found


def _header_block_at(lines, index):
    """Whether a quoted message's header block starts at ``index``: a "De:"/"From:"
    line with another header within the next four lines."""
    if _HEADER.match(lines[index]) and len(_INLINE_HEADERS.findall(lines[index])) >= 3:
        return True
    if not _FROM_HEADER.match(lines[index]):
        return False
    following = [line for line in lines[index + 1 : index + 6] if line.strip()][:4]
    return any(_HEADER.match(line) for line in following)


def _next_text(lines, index):
    """The first non-blank line from ``index`` on, or None."""
    for line in lines[index:]:
        if line.strip():
            return line
    return None


def _wrapped_in_quote(lines, index):
    """Whether ``lines[index]`` is the end of a long quoted line that a client wrapped
    without its ``>``: right below a ``>`` line of 60 characters or more and right
    above another ``>`` line (an inline answer has blank lines around it)."""
    if index == 0 or index + 1 >= len(lines) or not lines[index].strip():
        return False
    above, below = lines[index - 1], lines[index + 1]
    return bool(
        _QUOTED.match(above)
        and _QUOTED.match(below)
        and len(re.sub(r"^[\s>]+", "", above).rstrip()) >= 60
    )


def _unquoted(lines):
    """The lines that are not quoted: ``>`` blocks (and the pieces of their long lines a
    client wrapped without ``>``) and their attribution line are left out and what
    follows them is kept; a separator, a header block, an attribution not followed by
    ``>`` lines, or a signature's "-- " below a quote starts a quote that runs to the
    end (the customer's own signature, with no quote above it, is kept)."""
    kept = []
    index = 0
    quoted = False  # a ">" line was met
    attributions = _attributions(lines)
    while index < len(lines):
        line = lines[index]
        if _QUOTED.match(line) or _LINK_NOTE.match(line):
            quoted = quoted or bool(_QUOTED.match(line))
            index += 1
            continue
        if _SEPARATOR.match(line) or _header_block_at(lines, index):
            break
        if _SIGNATURE.match(line) and quoted:
            break  # the quoted message's signature or its list's footer
        if _wrapped_in_quote(lines, index):
            index += 1  # a quoted line the client wrapped without its ">"
            continue
        if index in attributions:
            span = attributions[index] - index + 1
            following = _next_text(lines, index + span)
            if following is not None and not _QUOTED.match(following):
                break  # an unmarked quote below the attribution: the rest is quoted
            index += span
            continue
        kept.append(line.rstrip())
        if _DEVICE.match(line) and not re.search(r"[,;.!?]", re.sub(r"<[^>]*>", "", line)):
            rest = _next_text(lines, index + 1)
            if (
                rest is not None
                and not _QUOTED.match(rest)
                and lines.index(rest, index + 1) not in attributions
            ):
                break  # "Enviado do meu iPhone" above an unmarked quote
        index += 1
    return kept


def customer_text(text, sent_text="", limit=2000):
    """The customer's own words of a reply's plain ``text`` (a message's
    ``html2plaintext``, after :func:`strip_quoted_html` for an HTML body): the lines
    that are not quoted, and, when ``sent_text`` (the text of the message answered,
    its subject included) is given, none of its lines, whatever quote markers are
    left around them. Blank lines squeezed, at most ``limit`` characters."""
    text = str(text or "").replace("\r\n", "\n").replace("\r", "\n")
    # Outlook's bold header may share a line with the answer once its HTML is text
    text = _BOLD_FROM.sub("\n", text)
    lines = text.split("\n")
    kept = _unquoted(lines)
    sent = [_norm(line) for line in str(sent_text or "").splitlines()]
    sent_lines = {line for line in sent if line}
    sent_flat = " ".join(line for line in sent if line)
    if sent_lines:
        kept = [line for line in kept if not _ours(_norm(line), sent_lines, sent_flat)]
    own = re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()
    return own[:limit]


def _ours(line, sent_lines, sent_flat):
    """Whether a normalised reply ``line`` is a line, or a rewrapped piece of a line,
    of the message we sent."""
    if not line:
        return False
    if line in sent_lines:
        return True
    return len(line) >= 16 and line in sent_flat
