"""`whoowns ask`: the command-line contract (text, --json, --batch, exit codes, fast start)."""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from bot.kb import default_knowledge_dir
from tests.support.processes import run_whoowns

ROOT = Path(__file__).resolve().parents[2]
KEYS = {"query", "intent", "duty", "services", "answers", "confidence", "suggestions"}


@pytest.fixture(autouse=True)
def _no_knowledge_env(monkeypatch):
    monkeypatch.delenv("WHOOWNS_KNOWLEDGE", raising=False)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["ask", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_text_answer(capsys):
    code, out, err = run(capsys, "patching", "aurora")
    assert code == 0 and err == ""
    assert out.startswith("Patching & Updates — Amazon Aurora (both variants)")
    assert "Aurora Serverless" in out and "Aurora Provisioned" in out
    assert "Source: " in out


def test_json_is_one_object_on_one_line(capsys):
    code, out, _ = run(capsys, "--json", "who", "backs", "up", "dynamo?")
    assert code == 0
    assert out.count("\n") == 1
    data = json.loads(out)
    assert set(data) >= KEYS
    assert data["query"] == "who backs up dynamo?"
    assert (data["intent"], data["duty"], data["services"]) == ("who_owns", "backups", ["dynamodb"])
    (row,) = data["answers"]
    assert row["owner"] == "aws" and row["category"] == "fully-managed"


def test_unknown_question_still_exits_0(capsys):
    code, out, _ = run(capsys, "--json", "qldb")
    assert code == 0
    data = json.loads(out)
    assert (data["intent"], data["services"], data["unknown_terms"]) == ("unknown", [], ["qldb"])
    code, out, _ = run(capsys, "memcached")
    assert code == 0 and 'I don\'t cover "memcached"' in out


def test_empty_question_is_help(capsys):
    code, out, _ = run(capsys, "")
    assert code == 0 and "patching aurora" in out
    code, out, _ = run(capsys, "--json", "   ")
    assert code == 0 and json.loads(out)["intent"] == "help"


def test_a_4000_character_question(capsys):
    text = ("who is responsible for backups on rds " * 120)[:4000]
    code, out, _ = run(capsys, "--json", text)
    data = json.loads(out)
    assert code == 0 and data["query"] == text
    assert (data["intent"], data["duty"], data["services"]) == ("who_owns", "backups", ["rds"])


def test_batch_prints_one_json_line_per_input_line_blank_ones_included(capsys, monkeypatch):
    questions = "patching aurora\n\n   \nis rds fully managed\nqldb\n"
    monkeypatch.setattr(sys, "stdin", io.StringIO(questions))
    code, out, _ = run(capsys, "--batch")
    assert code == 0
    rows = [json.loads(line) for line in out.split("\n")[:-1]]
    assert [r["query"] for r in rows] == ["patching aurora", "", "", "is rds fully managed", "qldb"]
    assert [r["intent"] for r in rows] == ["who_owns", "help", "help", "classify", "unknown"]
    assert rows[0]["services"] == ["aurora-serverless", "aurora-provisioned"]
    assert rows[3]["answers"][0]["matches"] is False
    code, empty, _ = run(capsys, "--json", "")
    assert rows[1] == rows[2] == json.loads(empty)  # a blank line answers as an empty question


def test_batch_output_is_valid_utf8_one_line_per_input_line_whatever_the_bytes():
    """The README's regression recipe: N questions in, N lines out, even for bytes that are not
    UTF-8 and for characters that str.splitlines() breaks at (U+2028, NEL)."""
    lines = [
        b"patching aurora",
        b"",
        b"backups \xff\xfe rds",  # not UTF-8
        "caf\u00e9 rds\u2028scaling".encode(),
        b"r\xc3ds \xc2\x85 dynamo",  # a broken sequence, then NEL
        b"\r",
        b"qldb",
    ]
    env = {k: v for k, v in os.environ.items() if k not in ("WHOOWNS_KNOWLEDGE", "DATABASE_URL")}
    done = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "--batch"],
        input=b"\n".join(lines) + b"\n",
        cwd=ROOT,
        env=env,
        capture_output=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    text = done.stdout.decode("utf-8")  # strict: raises if the output is not UTF-8
    rows = [json.loads(line) for line in text.splitlines()]
    assert len(rows) == len(lines)
    assert rows[2]["query"] == "backups \ufffd\ufffd rds" and rows[2]["services"] == ["rds"]
    assert rows[3]["query"] == "caf\u00e9 rds\u2028scaling"
    assert [r["intent"] for r in rows][-2:] == ["help", "unknown"]


@pytest.mark.parametrize(
    "variable", ["DATABASE_URL", "SLACK_SIGNING_SECRET", "SLACK_BOT_TOKEN", "PORT", "LOG_LEVEL"]
)
def test_ask_reads_no_database_or_slack_setting(capsys, monkeypatch, variable):
    """A malformed DATABASE_URL (or any setting of the server) is none of ask's business."""
    monkeypatch.setenv(variable, "not:valid at all")
    code, out, err = run(capsys, "--json", "patching", "rds")
    assert code == 0 and err == ""
    assert json.loads(out)["answers"][0]["owner"] == "shared"


SECRET_DETAIL = "internal detail 0xDEADBEEF"


@pytest.fixture
def parser_bug(monkeypatch):
    """The real matcher, with a bug on any question naming aurora."""
    import bot.intent.matcher

    real = bot.intent.matcher.tokens

    def tokens(index, words):
        if "aurora" in words:
            raise RuntimeError(SECRET_DETAIL)
        return real(index, words)

    monkeypatch.setattr(bot.intent.matcher, "tokens", tokens)


def parser_tracebacks(caplog) -> list[logging.LogRecord]:
    return [
        r
        for r in caplog.records
        if r.levelno == logging.ERROR and r.exc_info and str(r.exc_info[1]) == SECRET_DETAIL
    ]


def test_a_parser_bug_is_answered_as_not_understood_and_logged(capsys, caplog, parser_bug):
    with caplog.at_level(logging.ERROR):
        code, out, _ = run(capsys, "--json", "patching", "aurora")
    assert code == 0
    data = json.loads(out)
    assert (data["query"], data["intent"], data["services"]) == ("patching aurora", "unknown", [])
    assert SECRET_DETAIL not in out
    [record] = parser_tracebacks(caplog)
    assert record.getMessage() == "could not parse a question"
    assert "Traceback" in caplog.text

    code, out, _ = run(capsys, "patching", "aurora")
    assert code == 0 and "help" in out and SECRET_DETAIL not in out


def test_a_parser_bug_on_one_batch_line_answers_the_others(capsys, caplog, monkeypatch, parser_bug):
    monkeypatch.setattr(sys, "stdin", io.StringIO("patching aurora\nis rds fully managed\n"))
    with caplog.at_level(logging.ERROR):
        code, out, _ = run(capsys, "--batch")
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert [(r["query"], r["intent"]) for r in rows] == [
        ("patching aurora", "unknown"),
        ("is rds fully managed", "classify"),
    ]
    assert len(parser_tracebacks(caplog)) == 1


@pytest.mark.parametrize("argv", [("--batch", "patching aurora"), ("--nope", "x")])
def test_bad_usage_exits_2(capsys, argv):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == "" and err


def test_knowledge_dir_option_and_environment(capsys, monkeypatch, tmp_path):
    code, out, _ = run(capsys, "--json", "--knowledge", str(default_knowledge_dir()), "rds")
    assert code == 0 and json.loads(out)["services"] == ["rds"]
    monkeypatch.setenv("WHOOWNS_KNOWLEDGE", str(tmp_path / "missing"))
    code, out, err = run(capsys, "rds")
    assert code == 1 and out == "" and "missing" in err


def test_broken_knowledge_prints_the_problems_and_exits_1(capsys, tmp_path):
    broken = tmp_path / "kb"
    broken.mkdir()
    for f in default_knowledge_dir().glob("*.yaml"):
        (broken / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    services = broken / "services.yaml"
    text = services.read_text(encoding="utf-8")
    services.write_text(text.replace("category: managed", "category: half-managed", 1))
    code, out, err = run(capsys, "--knowledge", str(broken), "patching", "rds")
    assert code == 1 and out == ""
    line = text[: text.index("category: managed")].count("\n") + 1
    assert f"services.yaml:{line}:" in err and "half-managed" in err


def test_ask_answers_from_the_core_sections_even_with_broken_lessons(capsys, tmp_path):
    """ask reads only the core knowledge; a broken lesson is kb check's and the bot's to refuse."""
    kb = tmp_path / "kb"
    kb.mkdir()
    for f in default_knowledge_dir().glob("*.yaml"):
        (kb / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    lessons = kb / "lessons.yaml"
    text = lessons.read_text(encoding="utf-8")
    lessons.write_text(text.replace("\n    questions:", "\n    quizzes:", 1), encoding="utf-8")
    code, out, _ = run(capsys, "--json", "--knowledge", str(kb), "patching", "rds")
    assert code == 0 and json.loads(out)["answers"][0]["owner"] == "shared"
    assert main(["kb", "check", str(kb)]) == 1
    assert "lessons.yaml:" in capsys.readouterr().out


def _run_python(code: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "WHOOWNS_KNOWLEDGE"}
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def test_ask_imports_nothing_from_slack_sqlalchemy_quiz_or_onboarding():
    """The cold-start path: no Slack, no database, and no quiz bank or lessons to build."""
    probe = (
        "import sys\n"
        "from bot.cli import main\n"
        "code = main(['ask', '--json', 'patching aurora'])\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('slack_bolt', 'slack_sdk', 'sqlalchemy', 'alembic', 'psycopg', 'fsrs') "
        "or m.startswith(('bot.quiz', 'bot.onboarding')))\n"
        "print(code, heavy, file=sys.stderr)\n"
    )
    result = _run_python(probe)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "0 []"
    assert json.loads(result.stdout)["group"] == "aurora"


def test_python_dash_m_bot_ask_end_to_end():
    env = {k: v for k, v in os.environ.items() if k != "WHOOWNS_KNOWLEDGE"}
    result = run_whoowns("ask", "--json", "HA for mongo on ec2", env=env, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["intent"], data["duty"], data["services"]) == (
        "who_owns",
        "high-availability",
        ["mongodb-on-ec2"],
    )
    assert data["answers"][0]["owner"] == "customer"
