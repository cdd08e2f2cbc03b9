"""The practices section and a team's backup minimum, as `whoowns kb check` reports them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.answers.practice_catalog import practices_of
from bot.features import load_knowledge
from bot.kb import KnowledgeError, default_knowledge_dir


def test_the_seven_practices_quote_the_course(knowledge):
    practices = practices_of(knowledge.extras)
    assert list(practices) == [
        "backups-configured",
        "multi-az-in-production",
        "encrypted-at-rest",
        "not-publicly-accessible",
        "iam-database-auth",
        "audit-logs-exported",
        "performance-monitoring",
    ]
    assert practices["encrypted-at-rest"].course == (
        "Data Encryption: Configure encryption at rest and in transit",
    )


def problems(tmp_path: Path, old: str, new: str, *, org: str = "") -> list[str]:
    folder = tmp_path / "knowledge"
    shutil.copytree(default_knowledge_dir(), folder)
    path = folder / "practices.yaml"
    path.write_text(path.read_text().replace(old, new))
    org_dir = None
    if org:
        org_dir = tmp_path / "org"
        org_dir.mkdir()
        (org_dir / "teams.yaml").write_text(org)
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(folder, org=org_dir)
    return [str(p) for p in caught.value.problems]


def test_words_not_from_the_course_are_refused(tmp_path):
    [problem] = problems(
        tmp_path, "- Regular performance monitoring and tuning", "- Monitor all the things"
    )
    assert (
        "practices.yaml:" in problem and "'Monitor all the things' is not the course's" in problem
    )


def test_an_unknown_duty_or_check_is_refused(tmp_path):
    found = problems(tmp_path, "check: monitoring", "check: vibes")
    assert any("unknown check 'vibes'" in p for p in found)
    found = problems(tmp_path / "2", "duty: audit-logging", "duty: auditing")
    assert any("unknown duty 'auditing'" in p for p in found)


def test_a_team_minimum_must_be_a_known_practice_and_a_number_of_days(tmp_path):
    org = """\
teams:
  web:
    name: Web
    practices:
      backups-configured: {min_retention_days: {prod: seven}}
      encrypted-at-rest: {min_retention_days: {prod: 7}}
"""
    found = problems(tmp_path, "", "", org=org)
    assert any("expected a number of days from 1 to 3650" in p for p in found)
    assert any("practice 'encrypted-at-rest' takes no team setting" in p for p in found)
