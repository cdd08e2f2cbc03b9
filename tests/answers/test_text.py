"""Terminal text: what `whoowns ask` prints for each kind of answer."""

from __future__ import annotations

from bot.answers import build_answer
from bot.render.text import render_answer, render_help


def show(matcher, knowledge, text):
    return render_answer(build_answer(matcher.parse(text), knowledge))


def test_who_owns_shows_owner_category_each_side_source_and_notes(knowledge, matcher):
    out = show(matcher, knowledge, "patching aurora")
    lines = out.splitlines()
    assert lines[0] == "Patching & Updates — Amazon Aurora (both variants)"
    serverless = next(i for i, line in enumerate(lines) if "Aurora Serverless" in line)
    provisioned = next(i for i, line in enumerate(lines) if "Aurora Provisioned" in line)
    assert "[Fully Managed]" in lines[serverless] and lines[serverless].rstrip().endswith("AWS")
    assert "[Managed]" in lines[provisioned] and lines[provisioned].rstrip().endswith("Shared")
    cell = knowledge.duties["patching"].cells["managed"]
    assert f"AWS: {cell.aws}" in out and f"You: {cell.customer}" in out
    assert "Source: Comparison Table for Exam" in out
    assert f"Note: {knowledge.groups['aurora'].note}" in out


def test_rds_answer_prints_the_exam_note(knowledge, matcher):
    out = show(matcher, knowledge, "who backs up rds")
    assert "Amazon RDS  [Managed]  Shared" in out
    assert "Note: RDS is Managed, not Fully Managed" in out


def test_duty_answer_has_one_line_per_category_and_did_you_mean(knowledge, matcher):
    out = show(matcher, knowledge, "patching serverless")
    assert out.splitlines()[1] == "Patching & Updates — owner in each category"
    for name in ("Fully Managed", "Managed", "Unmanaged"):
        assert f"  {name}" in out
    assert out.startswith('Did you mean: "Patching & Updates for Amazon Aurora Serverless"')


def test_an_engine_word_answers_each_service_side_by_side(knowledge, matcher):
    out = show(matcher, knowledge, "patching mysql")
    lines = out.splitlines()
    assert lines[0] == "Patching & Updates — MySQL: each service it can mean"
    for name in (
        "Amazon RDS",
        "Amazon Aurora Serverless",
        "Amazon Aurora Provisioned",
        "MySQL on EC2",
    ):
        assert any(line.startswith(f"  {name} ") for line in lines), name
    assert f"Note: {knowledge.engines['mysql'].note}" in out
    assert "Did you mean" not in out


def test_undecided_cell_reads_not_stated(knowledge, matcher):
    out = show(matcher, knowledge, "monitoring")
    assert "Not stated" in out
    assert out.count("The course material does not state who owns Monitoring for Managed") == 1


def test_unknown_service_is_named_with_suggestions(knowledge, matcher):
    out = show(matcher, knowledge, "patching qldb")
    lines = out.splitlines()
    assert lines[0] == 'I don\'t cover "qldb": it is not a service in my knowledge.'
    assert lines[1] == "Patching & Updates — owner in each category"  # the duty is kept
    covered = "Services I cover: " + ", ".join(s.name for s in knowledge.services.values())
    assert covered + "." in lines
    alone = show(matcher, knowledge, "qldb")
    assert alone.startswith('I don\'t cover "qldb": it is not a service in my knowledge.')
    assert "Try: " not in alone and covered in alone and "help" in alone


def test_classify_and_explain(knowledge, matcher):
    out = show(matcher, knowledge, "is redshift fully managed")
    assert out.startswith("No — Amazon Redshift is Managed, not Fully Managed.")
    assert "Kind: Data warehouse" in out
    yes = show(matcher, knowledge, "is dynamodb fully managed")
    assert yes.startswith("Yes — Amazon DynamoDB is Fully Managed.")
    explain = show(matcher, knowledge, "what does unmanaged mean")
    assert explain.startswith("Unmanaged\n")
    assert "When to choose it:" in explain and "Services: MySQL on EC2" in explain


def test_overview_has_a_line_per_duty(knowledge, matcher):
    out = show(matcher, knowledge, "dynamodb")
    assert out.startswith("Amazon DynamoDB [Fully Managed] — who owns what")
    for duty in knowledge.table_duties:
        assert f"  {duty.name}" in out


def test_help_lists_examples_and_the_knowledge(knowledge, matcher):
    text = render_help(knowledge)
    assert "patching aurora" in text
    for service in knowledge.services.values():
        assert service.name in text
    out = show(matcher, knowledge, "help")
    assert out.startswith(render_help().splitlines()[0])
    assert "Try: " in out
    assert all(not line.endswith(" ") for line in out.splitlines())


def test_a_duty_aws_owns_says_what_you_still_configure(knowledge, matcher):
    configured = knowledge.duties["backups"].cells["fully-managed"].customer
    for text in ("backups dynamodb", "backups", "dynamodb"):
        out = show(matcher, knowledge, text)
        assert f"AWS owns this; you still configure {configured}" in out
        assert f"You: {configured}" not in out
