"""A feature is one descriptor: the app, the ticker and the knowledge loader read it.

The toy feature below lives in this module and is named the way real ones are
(``"module:attribute"``); nothing else in the tree knows about it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest
from slack_bolt import App

from bot.app import InlineExecutor, create_app
from bot.clock import system_clock
from bot.deps import Deps
from bot.features import Feature, TickContext, installed, load_knowledge
from bot.kb import KnowledgeError, default_knowledge_dir
from bot.render.help_blocks import HelpEntry
from bot.render.primitives import notice_message
from bot.web.ticker import Ticker, build_tick_jobs
from tests.support.bolt import make_bot, make_deps, settings_for
from tests.support.payloads import all_text, assert_valid_view
from tests.support.slack_requests import app_home_opened, event_callback, slash_command

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


class Greeter:
    """The toy feature's service: one per app, found in every request's context."""

    def __init__(self, deps: Deps) -> None:
        self.greeted: list[str] = []
        self.ticks: list[tuple[datetime, Deps]] = []


def handle_greet(request) -> None:
    greeter: Greeter = request.context["greeter"]
    greeter.greeted.append(request.user_id)
    request.reply(notice_message(f"Hello <@{request.user_id}>, greeting #{len(greeter.greeted)}"))


def register(app: App, deps: Deps, registry) -> None:
    registry.add_subcommand("greet", handler=handle_greet, help=[HelpEntry("/whoowns greet", "hi")])


def home(context, user_id: str) -> list[dict]:
    greeter: Greeter = context["greeter"]
    text = f"Greeted {len(greeter.greeted)} times"
    return [{"type": "section", "text": {"type": "mrkdwn", "text": text}}]


def tick(now: datetime, context: TickContext) -> None:
    context.services["greeter"].ticks.append((now, context.deps))


def validate_greetings(parts, context) -> tuple[str, ...]:
    return tuple(
        part.reader.text(value, f"greetings.{key.value}")
        for part in parts
        for key, value in part.value.value
    )


TOY = Feature(
    name="greeter",
    listeners=f"{__name__}:register",
    services={"greeter": f"{__name__}:Greeter"},
    tick=f"{__name__}:tick",
    sections={"greetings": f"{__name__}:validate_greetings"},
    home=f"{__name__}:home",
)


def _app(knowledge, matcher, local_slack, features):
    deps = make_deps(knowledge, matcher, local_slack)
    services = {"greeter": Greeter(deps)}
    app = create_app(
        settings_for(local_slack),
        deps,
        listener_executor=InlineExecutor(),
        features=features,
        services=services,
    )
    return make_bot(deps, local_slack, app=app), deps, services["greeter"]


def test_a_new_feature_is_one_descriptor_its_command_home_and_help_work(
    knowledge, matcher, local_slack
):
    core, *_ = installed()
    bot, _, greeter = _app(knowledge, matcher, local_slack, [core, TOY])

    assert "greeting #1" in all_text(bot.ack_json(slash_command("greet")))
    assert "greeting #2" in all_text(bot.ack_json(slash_command("GREET")))
    assert greeter.greeted == ["U0ALICE", "U0ALICE"]
    assert "/whoowns greet" in all_text(bot.ack_json(slash_command("help")))

    bot.ack_json(event_callback(app_home_opened("U0ALICE")))
    [call] = local_slack.calls_to("views.publish")
    view = assert_valid_view(call.json_arg("view"))
    assert "Greeted 2 times" in all_text({"text": "x", "blocks": view["blocks"]})


def test_without_the_descriptor_the_features_command_is_not_there(knowledge, matcher, local_slack):
    core, *_ = installed()
    bot, _, greeter = _app(knowledge, matcher, local_slack, [core])
    shown = all_text(bot.ack_json(slash_command("help")))
    assert "/whoowns greet" not in shown
    assert greeter.greeted == []


def test_the_ticker_runs_a_features_tick_with_its_context(knowledge, matcher):
    deps = Deps(knowledge=knowledge, matcher=matcher, store=None, clock=system_clock)
    greeter = Greeter(deps)
    jobs = build_tick_jobs(deps, features=[TOY], services={"greeter": greeter})
    Ticker(jobs, lambda: NOW).run_once()
    assert greeter.ticks == [(NOW, deps)]


def test_a_features_knowledge_section_is_read_only_with_its_descriptor(tmp_path):
    folder = tmp_path / "kb"
    shutil.copytree(default_knowledge_dir(), folder)
    (folder / "greetings.yaml").write_text("greetings:\n  morning: Good morning\n")
    knowledge = load_knowledge(folder, features=[*installed(), TOY])
    assert knowledge.extras["greetings"] == ("Good morning",)
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(folder)
    assert any("unknown section 'greetings'" in p.message for p in info.value.problems)


def test_reading_the_descriptors_imports_no_feature_code():
    probe = (
        "import sys\n"
        "import bot.features as f\n"
        "names = [x.name for x in f.installed()]\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('slack_bolt', 'slack_sdk', "
        "'sqlalchemy', 'fsrs') or (m.startswith(('bot.quiz.', 'bot.onboarding.', "
        "'bot.listeners.', 'bot.admins.', 'bot.gaps.', 'bot.practices.', 'bot.digest.', "
        "'bot.steps.')) "
        "and not m.endswith(('.feature', '.answers_feature'))))\n"
        "print(names, heavy)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "['answers', 'quiz', 'onboarding', 'admins', 'gaps', 'practices', 'digest', 'steps'] []"
    )
