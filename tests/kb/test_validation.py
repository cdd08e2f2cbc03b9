"""Broken knowledge is refused as a whole, with every problem as FILE:LINE: message (at path)."""

from __future__ import annotations

import gc
import shutil
from pathlib import Path

import pytest

from bot.cli import main
from bot.features import load_knowledge
from bot.kb import KnowledgeError, Problem
from tests.support.kb import FIXTURES, edit, line_of

CASES = sorted(p.name for p in FIXTURES.iterdir() if p.is_dir())


def check_output(folder: Path, capsys) -> tuple[int, list[str]]:
    status = main(["kb", "check", str(folder)])
    out = capsys.readouterr().out
    return status, out.replace(f"{folder}/", "").splitlines()


def test_every_required_case_has_a_fixture():
    required = {
        "syntax-error",
        "unknown-key",
        "missing-field",
        "bad-owner",
        "bad-category",
        "table-duty-missing-owner",
        "duplicate-id",
        "non-slug-id",
        "alias-clash",
        "unknown-group-member",
        "several-problems",
    }
    assert required <= set(CASES)


@pytest.mark.parametrize("case", CASES)
def test_broken_fixture_reports_exactly_the_expected_problems(case, kb_copy, capsys):
    for extra in (FIXTURES / case).glob("*.yaml"):
        shutil.copy(extra, kb_copy / extra.name)
    expected = (FIXTURES / case / "expected.txt").read_text(encoding="utf-8").splitlines()

    status, lines = check_output(kb_copy, capsys)

    assert status == 1
    assert len(lines) == len(expected), "\n".join(lines)
    for got, want in zip(lines, expected, strict=True):
        if want.endswith("..."):
            assert got.startswith(want[:-3]), got
        else:
            assert got == want


def test_a_file_with_several_problems_reports_all_of_them(kb_copy):
    shutil.copy(FIXTURES / "several-problems" / "extra.yaml", kb_copy / "extra.yaml")
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(kb_copy)
    problems = info.value.problems
    assert len(problems) == 8
    assert all(isinstance(p, Problem) and p.line > 0 for p in problems)
    in_extra = [p for p in problems if p.file == str(kb_copy / "extra.yaml")]
    assert [p.line for p in in_extra] == [5, 7, 12, 21, 24, 27, 35]
    assert "8 problems in the knowledge files" in str(info.value)


def test_missing_owner_in_a_shipped_table_duty(kb_copy, capsys):
    block = (
        "      managed:\n"
        "        owner: shared\n"
        '        aws: "Basic Maintenance: Routine backups and basic patching"\n'
        '        customer: "Software Updates: Managing major version upgrades"\n'
        "        source: Comparison Table for Exam; Managed Database Services\n"
    )
    text = edit(kb_copy, "duties.yaml", block, "")
    line = line_of(text, "    cells:", after="\n  patching:")

    status, lines = check_output(kb_copy, capsys)

    assert status == 1
    assert lines == [
        f"duties.yaml:{line}: table duty 'patching' has no owner for category 'managed' "
        "(every comparison-table duty needs all three) (at duties.patching.cells)",
        "1 problem; nothing loaded",
    ]


def test_owner_typo_points_at_its_line(kb_copy):
    text = edit(kb_copy, "duties.yaml", "owner: shared", "owner: Shared")
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(kb_copy)
    (problem,) = info.value.problems
    assert problem.line == line_of(text, "owner: Shared")
    assert problem.path == "duties.patching.cells.managed.owner"
    assert problem.message.startswith("unknown owner 'Shared'")


def test_an_alias_of_two_duties_is_refused_whatever_its_spelling(kb_copy):
    text = edit(kb_copy, "duties.yaml", "      - scale\n", "      - scale\n      - Snap-Shots\n")
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(kb_copy)
    (problem,) = info.value.problems
    # backups (which owns "snapshots") comes first in the file, so the newcomer is blamed
    assert problem.line == line_of(text, "- Snap-Shots")
    clash = "'Snap-Shots' names two things: duty 'scaling' here and duty 'backups'"
    assert clash in problem.message


def test_a_service_id_used_as_another_things_alias(kb_copy):
    edit(kb_copy, "services.yaml", "      - ddb\n", "      - ddb\n      - redshift\n")
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(kb_copy)
    assert any(
        "alias 'redshift'" in p.message and "service 'dynamodb'" in p.message
        for p in info.value.problems
    )


def test_text_that_yaml_reads_as_a_boolean_is_explained(kb_copy):
    text = edit(kb_copy, "services.yaml", "    kind: Relational\n", "    kind: yes\n")
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(kb_copy)
    (problem,) = info.value.problems
    assert problem.line == line_of(text, "kind: yes")
    assert problem.message == 'expected text, got true/false (put it in quotes: "yes")'


def test_a_missing_category_is_reported(kb_copy):
    text = edit(kb_copy, "categories.yaml", "\n  unmanaged:\n", "\n  unmanagd:\n")
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(kb_copy)
    messages = {(p.line, p.message.split(" (")[0]) for p in info.value.problems}
    assert (line_of(text, "  unmanagd:"), "unknown category 'unmanagd'") in messages
    assert (line_of(text, "categories:"), "category 'unmanaged' is not defined") in messages


def test_missing_sections_name_the_folder(kb_copy, capsys):
    (kb_copy / "exam.yaml").unlink()
    status, lines = check_output(kb_copy, capsys)
    assert status == 1
    assert lines == [
        f"{kb_copy}: no file has a 'security' section (at security)",
        "1 problem; nothing loaded",
    ]


def test_an_empty_folder_is_refused(tmp_path, capsys):
    status, lines = check_output(tmp_path, capsys)
    assert status == 1
    assert lines == [
        f"{tmp_path}: no knowledge files (*.yaml) in this folder",
        "1 problem; nothing loaded",
    ]


def test_a_missing_folder_is_refused(tmp_path):
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(tmp_path / "nope")
    assert [p.message for p in info.value.problems] == [
        "knowledge folder not found (or not a folder)"
    ]


def test_a_second_file_adds_entries_to_a_section(kb_copy):
    (kb_copy / "team-services.yaml").write_text(
        "services:\n"
        "  timestream:\n"
        "    name: Amazon Timestream\n"
        "    category: fully-managed\n"
        "    kind: Time series\n"
        "    aliases: [timestream db]\n"
        "    source: Our runbook\n",
        encoding="utf-8",
    )
    knowledge = load_knowledge(kb_copy)
    assert knowledge.services["timestream"].category == "fully-managed"
    assert list(knowledge.services)[-1] == "timestream"  # file order kept
    assert "rds" in knowledge.services


def test_extra_sections_are_validated_by_their_registered_function(kb_copy):
    (kb_copy / "playbooks.yaml").write_text(
        "playbooks:\n  day-1: Read the table\n", encoding="utf-8"
    )

    with pytest.raises(KnowledgeError) as info:
        load_knowledge(kb_copy)  # nothing registered for `playbooks`
    assert info.value.problems[0].message.startswith("unknown section 'playbooks'")

    seen = []

    def playbooks(parts, context):
        seen.append((len(parts), sorted(context.services)[:1]))
        part = parts[0]
        return {str(k.value): part.reader.text(v, "playbooks") for k, v in part.value.value}

    knowledge = load_knowledge(kb_copy, sections={"playbooks": playbooks})
    assert knowledge.extras["playbooks"] == {"day-1": "Read the table"}
    assert seen == [(1, ["aurora-provisioned"])]


def test_problems_reported_by_an_extra_section_make_loading_fail(kb_copy):
    text = "lessons:\n  day-1: [not, text]\n"
    (kb_copy / "lessons.yaml").write_text(text, encoding="utf-8")

    def lessons(parts, context):
        for part in parts:
            for _, value in part.value.value:
                part.reader.text(value, "lessons.day-1")

    with pytest.raises(KnowledgeError) as info:
        load_knowledge(kb_copy, sections={"lessons": lessons})
    assert [str(p) for p in info.value.problems] == [
        f"{kb_copy / 'lessons.yaml'}:2: expected text, got a list (at lessons.day-1)"
    ]


def test_the_engine_words_are_knowledge_and_are_checked(kb_copy):
    """Which services an engine word means is data (services.yaml `engines:`), validated."""
    knowledge = load_knowledge(kb_copy)
    assert knowledge.engines["mysql"].services == (
        "rds",
        "aurora-serverless",
        "aurora-provisioned",
        "mysql-on-ec2",
    )
    text = edit(
        kb_copy,
        "services.yaml",
        "    services: [rds, aurora-serverless, aurora-provisioned, mysql-on-ec2]\n",
        "    services: [rds, aurora-serverless, aurora-provisioned, mysql-on-ec2, tidb, rds]\n",
    )
    text = edit(kb_copy, "services.yaml", "      - postgres\n", "      - postgres\n      - rds\n")
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(kb_copy)
    problems = {(p.line, p.path, p.message) for p in info.value.problems}
    line = line_of(text, "tidb, rds]")
    assert (line, "engines.mysql.services[4]", "engine 'mysql' names unknown service 'tidb'") in (
        problems
    )
    assert (line, "engines.mysql.services[5]", "'rds' is listed twice") in problems
    assert any(
        path == "engines.postgresql.aliases[2]" and "alias 'rds' names two things" in message
        for _, path, message in problems
    )


def test_loading_leaves_the_garbage_collector_as_it_found_it(kb_copy):
    # the loader pauses the cyclic collector while it reads: a bot that loaded its knowledge,
    # or was refused it, runs on with the collector it had
    load_knowledge(kb_copy)
    assert gc.isenabled()
    shutil.copy(FIXTURES / "several-problems" / "extra.yaml", kb_copy / "extra.yaml")
    with pytest.raises(KnowledgeError):
        load_knowledge(kb_copy)
    assert gc.isenabled()
    gc.disable()
    try:
        with pytest.raises(KnowledgeError):
            load_knowledge(kb_copy)
        assert not gc.isenabled()
    finally:
        gc.enable()
