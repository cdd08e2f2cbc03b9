"""Block Kit as terminal text: what the chat shell prints."""

from __future__ import annotations

from bot.render.blocks import answer_message
from bot.render.help_blocks import help_message
from bot.render.mrkdwn import echo, escape_mrkdwn, trim
from bot.render.terminal import mrkdwn_to_text, render_blocks
from tests.support.answers import aurora_patching, unknown_service


def test_escape_mrkdwn_escapes_exactly_the_three_characters():
    assert (
        escape_mrkdwn("a & b <!here> <@U1> *bold*") == "a &amp; b &lt;!here&gt; &lt;@U1&gt; *bold*"
    )


def test_echo_is_one_short_line_and_never_cuts_an_entity():
    assert echo("a\n\nb   c") == "a b c"
    long = "<" * 500
    shown = echo(long)
    assert shown.endswith("…")
    assert shown.count("&lt;") == 199 and "&l…" not in shown
    assert len(trim("x" * 10, 5)) == 5


def test_mrkdwn_to_text_shows_what_slack_would():
    assert mrkdwn_to_text("*AWS* does _this_ `cmd`") == "AWS does this cmd"
    assert mrkdwn_to_text("<@U0ALICE> asked") == "@U0ALICE asked"
    assert mrkdwn_to_text("<@U0ALICE> asked", names={"U0ALICE": "alice"}) == "@alice asked"
    assert (
        mrkdwn_to_text("see <https://aws.amazon.com|AWS docs>")
        == "see AWS docs (https://aws.amazon.com)"
    )
    assert mrkdwn_to_text("&lt;!channel&gt; &amp;") == "<!channel> &"
    assert "\033[1m" in mrkdwn_to_text("*bold*", color=True)


def test_a_card_reads_as_text_with_numbered_buttons():
    message = answer_message(aurora_patching())
    shown = render_blocks(list(message.blocks), fallback=message.text)
    assert "Who owns Patching & Updates?" in shown.text
    assert "Amazon Aurora Serverless · Fully Managed" in shown.text
    assert "AWS owns this" in shown.text
    assert "[1] Share in channel" in shown.text and "[2] Wrong or unclear?" in shown.text
    assert [b.action_id for b in shown.buttons] == ["share_answer", "report_answer"]
    assert shown.buttons[0].value == "patching aurora"
    assert "*" not in shown.text and "&amp;" not in shown.text


def test_button_numbers_continue_from_first_button():
    message = answer_message(unknown_service())
    shown = render_blocks(list(message.blocks), first_button=3)
    assert "[3] patching dynamodb" in shown.text and "[4] patching documentdb" in shown.text
    assert [b.value for b in shown.buttons[:2]] == ["patching dynamodb", "patching documentdb"]
    assert "[5] Wrong or unclear?" in shown.text


def test_no_blocks_falls_back_to_text():
    assert render_blocks([], fallback="*hi* &amp; bye").text == "hi & bye"
    assert "/whoowns help" in render_blocks(list(help_message().blocks)).text


def test_every_emoji_the_bot_sends_reads_as_a_character_in_the_terminal():
    """The chat shell shows each :shortcode: the bot's messages use as an emoji, not as text."""
    import re
    from pathlib import Path

    from bot.render.terminal import EMOJI, emojify

    root = Path(__file__).resolve().parents[2] / "bot"
    shortcode = re.compile(r"""["'][^"'\n]*?:([a-z][a-z0-9_+]*):""")
    sphinx_roles = {"class", "func", "mod", "meth", "data", "attr", "memory", "shortcode"}
    arn = re.compile(r"arn:[\w{}.…-]*(?::[\w{}/.*…-]*)+")  # arn:aws:rds:REGION:… is no emoji
    used = {
        name
        for path in root.rglob("*.py")
        for name in shortcode.findall(arn.sub("ARN", path.read_text(encoding="utf-8")))
        if name not in sphinx_roles
    }
    assert used, "the scan found no emoji at all: the pattern is wrong"
    assert sorted(used - EMOJI.keys()) == []
    assert ":" not in emojify(" ".join(f":{name}:" for name in used))


def test_wrap_keeps_words_whole_and_hangs_continuations_under_the_text():
    from bot.render.terminal import display_width, wrap

    text = (
        "  • /whoowns quiz subscribe 09:00 Europe/Berlin weekdays — a daily question in this "
        "channel\n"
        "  ☁️  AWS does: Software Patching: Automatic security updates and version upgrades\n"
        "  [1] Share in channel  [2] Quiz me on this  [3] Next lesson\n"
        "  ────────────────────────────────────────────────────────────"
    )
    lines = wrap(text, 40).split("\n")
    assert max(display_width(line) for line in lines) <= 40
    assert lines[:3] == [
        "  • /whoowns quiz subscribe 09:00",
        "    Europe/Berlin weekdays — a daily",
        "    question in this channel",
    ]
    assert lines[3:6] == [
        "  ☁️  AWS does: Software Patching:",
        "      Automatic security updates and",
        "      version upgrades",
    ]
    # a row of buttons breaks between buttons, a rule is shortened to the width
    assert lines[6:8] == ["  [1] Share in channel", "  [2] Quiz me on this  [3] Next lesson"]
    assert lines[8] == "  " + "─" * 38
    assert wrap(text, 0) == text  # no width: as it is


def test_display_width_counts_cells_not_characters():
    from bot.render.terminal import display_width

    assert display_width("\033[1mAWS\033[0m") == 3
    assert display_width("💡 x") == 4  # a wide emoji
    assert display_width("☁️ ") == 3  # a symbol in its emoji form (U+FE0F) is two cells


def test_wrap_hangs_a_comparison_row_under_its_values_but_not_prose():
    """A compare answer's "Duty — owners" rows at 80 columns: the continuation must not look
    like a row of its own ("  Not stated" under "  Monitoring — …")."""
    from bot.render.terminal import wrap

    row = "  Monitoring — Fully Managed 🤝 Shared · Managed ❔ Not stated · Unmanaged ❔ Not stated"
    assert wrap(row, 80).split("\n") == [
        "  Monitoring — Fully Managed 🤝 Shared · Managed ❔ Not stated · Unmanaged ❔",
        "               Not stated",
    ]
    prose = (
        "  For each AWS database service I tell you who owns each operational duty — AWS, "
        "you or both"
    )
    second = wrap(prose, 84).split("\n")[1]
    assert second == "  or both"  # prose goes on at its own indent, not under the dash
