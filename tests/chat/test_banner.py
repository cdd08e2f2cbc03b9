"""The chat shell's first line says who you are and what to type: /help, /tick [TIME]."""

from __future__ import annotations

import io

from bot.chat.shell import ChatShell


def test_the_banner_names_help_tick_and_who_you_are():
    out = io.StringIO()
    shell = ChatShell(out).start()
    try:
        assert shell.run([]) == 0  # no input: the banner, then the end
    finally:
        shell.close()
    banner = out.getvalue().strip().splitlines()[0]
    assert "you are @you (user id U0YOU) in #general" in banner
    assert "/help" in banner
    assert "/tick [TIME] runs the daily quiz and review DMs due now (or at TIME)" in banner
    assert "/quit" in banner
