"""``whoowns ask``: answer a question in the terminal.

    whoowns ask patching aurora            # readable answer
    whoowns ask --json who backs up dynamo # one JSON object on one line
    whoowns ask --batch < questions.txt    # one JSON object per input line (JSON Lines)

No question (or a blank one) answers with what can be asked, as an empty line does in
``--batch``. Exit 0 for any question (even one not understood), 1 when the knowledge does not
load (its problems on stderr), 2 for bad usage or a malformed WHOOWNS_PRODUCTION_ENVIRONMENTS.
Imports nothing from Slack or SQLAlchemy: it must start fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from bot.intent import IntentMatcher, Query

EXIT_OK, EXIT_KNOWLEDGE, EXIT_USAGE = 0, 1, 2


def _user_id(text: str) -> str:
    # the shared check, imported only when --user is given (the common options cost a start)
    from bot.commands._common import user_id

    return user_id(text)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "text", nargs="*", metavar="TEXT", help="the question, e.g. patching aurora"
    )
    parser.add_argument(
        "--json", action="store_true", help="print the answer as one JSON object on one line"
    )
    parser.add_argument(
        "--batch",
        action="store_true",
        help="read one question per line from stdin; print one JSON object per line",
    )
    parser.add_argument(
        "--knowledge",
        metavar="DIR",
        type=Path,
        help="the knowledge folder (default: WHOOWNS_KNOWLEDGE, else the shipped knowledge)",
    )
    parser.add_argument(
        "--user",
        type=_user_id,
        metavar="U…",
        help="your Slack user id, for 'my databases' (teams whose members list it)",
    )
    parser.add_argument(
        "--org-knowledge",
        metavar="DIR",
        type=Path,
        help="your organisation's teams and resources, read after the knowledge "
        "(default: WHOOWNS_ORG_KNOWLEDGE)",
    )


def run(args: argparse.Namespace, stdin: TextIO | None = None, stdout: TextIO | None = None) -> int:
    out = stdout or sys.stdout
    if args.batch and args.text:
        print("whoowns ask: give a question or --batch, not both", file=sys.stderr)
        return EXIT_USAGE

    from bot.answers.practice_catalog import SECTION, validate_practices_section
    from bot.config import ConfigError, knowledge_dirs_from_env, production_environments_from_env
    from bot.intent import IntentMatcher
    from bot.kb import KnowledgeError, load_knowledge

    env_knowledge, env_org = knowledge_dirs_from_env()
    try:  # the settings an answer flags: which environments are production
        production = production_environments_from_env()
    except ConfigError as exc:
        print(f"whoowns ask: {exc}", file=sys.stderr)
        return EXIT_USAGE
    directory = args.knowledge or env_knowledge
    org = args.org_knowledge or env_org
    # the core sections, and the practices an answer flags beside what is set
    practices = {SECTION: validate_practices_section}
    try:
        knowledge = load_knowledge(directory, core_only=True, org=org, sections=practices)
    except KnowledgeError as exc:
        from bot.kb.problems import problem_lines

        for line in problem_lines(exc.problems):
            print(line, file=sys.stderr)
        print("whoowns ask: the knowledge did not load; nothing answered", file=sys.stderr)
        return EXIT_KNOWLEDGE

    from bot.answers import build_answer
    from bot.answers.practices import Rules

    matcher = IntentMatcher(knowledge)
    rules = Rules(production=frozenset(production))

    user = getattr(args, "user", None)
    # the command line knows members lists only (user groups need Slack: the bot resolves those)
    mine = tuple(t.id for t in knowledge.teams_of_user(user)) if user else None
    if args.batch:
        for question in _lines(stdin or sys.stdin):
            answer = build_answer(
                _parse(matcher, question.strip()), knowledge, my_teams=mine, rules=rules
            )
            out.write(_json_line(answer.to_json()))
        out.flush()
        return EXIT_OK

    query = _parse(matcher, " ".join(args.text))
    answer = build_answer(query, knowledge, my_teams=mine, rules=rules)
    if args.json:
        out.write(_json_line(answer.to_json()))
    else:
        from bot.render.text import render_answer

        out.write(render_answer(answer))
    out.flush()
    return EXIT_OK


# Characters Python's str.splitlines() (and some JSON Lines readers) break a line at, which
# json.dumps(ensure_ascii=False) leaves as they are: escaped so one answer stays one line.
_LINE_BREAKS = {"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def _json_line(data: object) -> str:
    import json

    text = json.dumps(data, ensure_ascii=False)
    text = text.encode("utf-8", "replace").decode("utf-8")  # a lone surrogate from argv
    for char, escaped in _LINE_BREAKS.items():
        text = text.replace(char, escaped)
    return text + "\n"


def _lines(stream: TextIO) -> Iterator[str]:
    """Every line of ``stream``, blank ones included, as text: bytes that are not UTF-8 are
    replaced (U+FFFD), so the output is always valid UTF-8 and has one line per input line."""
    raw = getattr(stream, "buffer", None)
    if raw is None:  # already text (a StringIO in tests)
        for line in stream:
            yield line.rstrip("\r\n").encode("utf-8", "replace").decode("utf-8")
        return
    for chunk in raw:
        yield chunk.rstrip(b"\r\n").decode("utf-8", "replace")


def _parse(matcher: IntentMatcher, text: str) -> Query:
    """The question read; a bug in the parser is logged (traceback on stderr) and the question
    answered as not understood, so that every question still exits 0."""
    try:
        return matcher.parse(text)
    except Exception:
        import logging

        from bot.intent import Query

        logging.getLogger(__name__).exception("could not parse a question")
        return Query(text=text, intent="unknown")
