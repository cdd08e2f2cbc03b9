"""Slack markup out of a question before it is read: only the words someone typed are matched.

    strip_markup("patching <!channel> @here <https://evil.example|aws.amazon.com> aurora")
    # -> "patching       aurora"

Removed (each replaced by a space, so the words around it stay apart):

* mentions and special mentions: ``<@U1>``, ``<#C1|general>``, ``<!here>``, ``<!subteam^S1>``,
  ``<!date^…|fallback>``, and the same typed as plain text (``@here``, ``@channel``, ``@alice``);
* links: the URL always; the label too when it is itself a URL or a host name (a link
  labelled ``aws.amazon.com`` says nothing about the question, and may be a disguise);
  any other label is kept (``<https://docs|aurora docs>`` -> ``aurora docs``);
* bare URLs (``https://…``, ``www.…``, ``mailto:…``), host names (``aws.amazon.com``) and
  e-mail addresses;
* emoji codes (``:white_check_mark:``, ``:+1::skin-tone-2:``);
* formatting characters (``*bold*``, ``_italic_``, ``~strike~``, `` `code` ``, ``> quote``).

Slack's own escaping (``&amp;`` ``&lt;`` ``&gt;``) is undone after the real markup is gone;
markup typed as text (``<!channel>``, which Slack sends as ``&lt;!channel&gt;``) is removed
the same way. Pure: no I/O.
"""

from __future__ import annotations

import re
from functools import cache

# Compiled on first use (most questions need none of them; `whoowns ask` starts faster)
_PATTERNS: dict[str, tuple[str, int]] = {
    "angle": (r"<([^<>|]*)(?:\|([^<>]*))?>", 0),
    "url": (r"(?:[a-z][a-z0-9+.-]*://|www\.|mailto:)\S*", re.IGNORECASE),
    "host": (r"(?<![\w.@-])(?:[a-z0-9-]+\.)+[a-z]{2,24}(?:[:/]\S*)?(?![\w-])", re.IGNORECASE),
    "email": (r"[\w.+-]+@(?:[a-z0-9-]+\.)+[a-z]{2,24}(?![\w-])", re.IGNORECASE),
    "typed_mention": (r"(?<![\w@])@[\w.-]+", 0),
    "emoji": (r"(?<![\w:]):[a-z0-9_+'-]+:(?::skin-tone-\d:)?", re.IGNORECASE),
    "formatting": (r"[*_~`]|^\s*>", re.MULTILINE),
}


@cache
def _pattern(name: str) -> re.Pattern[str]:
    source, flags = _PATTERNS[name]
    return re.compile(source, flags)


_FORMATTING_CHARS = frozenset("*_~`>")


def is_address(text: str) -> bool:
    """Is ``text`` (a link label) nothing but a URL, a host name or an e-mail address?"""
    label = text.strip()
    return any(p.fullmatch(label) for p in map(_pattern, ("url", "host", "email")))


def _angle(m: re.Match[str]) -> str:
    target, label = m.group(1), m.group(2)
    if target[:1] in ("@", "#", "!"):
        return " "  # a user, channel or special mention: not part of the question
    if label and not is_address(label):
        return f" {label} "
    return " "  # a bare link, or one labelled with an address


def strip_markup(text: str) -> str:
    """``text`` without Slack markup, URLs, host names, emoji codes or formatting characters.

    Each pattern runs only when the character it needs is in the text: most questions have
    none, and this runs on every message (the matcher's hot path)."""
    if "<" in text or "&" in text:
        text = _pattern("angle").sub(_angle, text)
        text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
        text = _pattern("angle").sub(
            _angle, text
        )  # markup typed as text ("<!channel>" sent as "&lt;…")
    if "." in text or ":" in text:
        text = _pattern("url").sub(" ", text)
        if "@" in text:
            text = _pattern("email").sub(" ", text)
        if "." in text:
            text = _pattern("host").sub(" ", text)
        if ":" in text:
            text = _pattern("emoji").sub(" ", text)
    if "@" in text:
        text = _pattern("typed_mention").sub(" ", text)
    if _FORMATTING_CHARS.isdisjoint(text):
        return text
    return _pattern("formatting").sub(" ", text)
