"""Every option of every subcommand says what it is for, in one placeholder per concept, and the
options that name a Slack id refuse anything else with one clear line."""

from __future__ import annotations

import argparse
import importlib
import json
from collections import defaultdict
from collections.abc import Iterator

import pytest

from bot.cli import COMMANDS, main


def _parsers() -> Iterator[tuple[str, argparse.ArgumentParser]]:
    """Every (sub)command's parser, as ``whoowns …`` names it."""
    for name, (module, _) in COMMANDS.items():
        parser = argparse.ArgumentParser(prog=f"whoowns {name}")
        importlib.import_module(f"bot.commands.{module}").configure(parser)
        yield from _walk(f"whoowns {name}", parser)


def _walk(
    path: str, parser: argparse.ArgumentParser
) -> Iterator[tuple[str, argparse.ArgumentParser]]:
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _walk(f"{path} {name}", sub)


def _options() -> Iterator[tuple[str, argparse.Action]]:
    for path, parser in _parsers():
        for action in parser._actions:
            if isinstance(action, (argparse._HelpAction, argparse._SubParsersAction)):
                continue
            yield path, action


def _name(action: argparse.Action) -> str:
    return action.option_strings[0] if action.option_strings else action.dest


def test_every_option_of_every_subcommand_has_a_description():
    bare = [
        f"{path} {_name(action)}"
        for path, action in _options()
        if not action.help or action.help == argparse.SUPPRESS
    ]
    assert bare == []


def test_one_placeholder_per_concept():
    placeholders: dict[str, set[str]] = defaultdict(set)
    unnamed = []
    for path, action in _options():
        if action.nargs == 0:  # a flag takes no value
            continue
        if action.metavar is None and not action.choices:
            unnamed.append(f"{path} {_name(action)}")
        placeholders[action.dest].add(str(action.metavar))
    assert unnamed == []
    assert {dest: names for dest, names in placeholders.items() if len(names) > 1} == {}
    assert placeholders["channel"] == {"C…"}
    assert placeholders["user"] == {"U…"}
    assert placeholders["workspace"] == {"T…"}
    assert placeholders["database_url"] == {"URL"}


@pytest.mark.parametrize(
    "argv",
    [("ask", "--user", "bob", "my databases"), ("progress", "--user", "bob")],
)
def test_a_user_that_is_not_a_slack_user_id_is_refused_with_one_line(capsys, argv):
    assert main(list(argv)) == 2
    err = capsys.readouterr().err
    assert "argument --user: expected a Slack user id like U0123ABCD, got 'bob'" in err


def test_ask_accepts_a_slack_user_id(capsys, monkeypatch):
    monkeypatch.delenv("WHOOWNS_KNOWLEDGE", raising=False)
    assert main(["ask", "--user", "U0123ABCD", "patching", "aurora"]) == 0
    assert "Patching & Updates" in capsys.readouterr().out


@pytest.mark.parametrize("blank", [(), ("",), ("  ",), ("", "")])
def test_no_question_and_an_empty_one_both_say_what_can_be_asked(capsys, monkeypatch, blank):
    monkeypatch.delenv("WHOOWNS_KNOWLEDGE", raising=False)
    assert main(["ask", *blank]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert out.startswith("whoowns: who owns which duty for an AWS database service")
    assert "patching aurora" in out
    assert main(["ask", "--json", *blank]) == 0
    assert json.loads(capsys.readouterr().out)["intent"] == "help"
