"""What a user relies on beyond the table: sources, who-does-what texts, notes, aliases."""

from __future__ import annotations

from bot.kb import normalize
from bot.kb.models import CATEGORY_IDS

SEED_SECTIONS = {
    "Fully Managed Database Services",
    "Managed Database Services",
    "Unmanaged Database Services",
    "Examples of Fully Managed Services",
    "Common Unmanaged Scenario",
    "Comparison Table for Exam",
    "Must Remember",
    "Service Classification",
    "Cost Implications",
    "Shared Security Model",
    "Key Security Responsibilities",
}


def cited_sections(source: str) -> list[str]:
    return [part.strip() for part in source.split(";")]


def test_every_fact_cites_a_seed_section(knowledge):
    sources = [c.source for c in knowledge.categories.values()]
    sources += [s.source for s in knowledge.services.values()]
    sources += [g.source for g in knowledge.groups.values()]
    sources += [p.source for p in knowledge.exam_points]
    sources += [knowledge.security.source]
    sources += [i.source for i in knowledge.security.responsibilities]
    for duty in knowledge.duties.values():
        sources.append(duty.source)
        sources += [cell.source for cell in duty.cells.values()]
    for source in sources:
        assert source
        for section in cited_sections(source):
            assert section in SEED_SECTIONS, f"{section!r} is not a section of the seed"


def test_shared_cells_say_what_each_side_does(knowledge):
    shared = [
        (duty.id, cat, cell)
        for duty in knowledge.duties.values()
        for cat, cell in duty.cells.items()
        if cell.owner == "shared"
    ]
    assert len(shared) >= 6  # the table alone has six Shared cells
    for duty, cat, cell in shared:
        assert cell.aws.strip(), (duty, cat)
        assert cell.customer.strip(), (duty, cat)


def test_the_owning_side_always_says_what_it_does(knowledge):
    for duty in knowledge.duties.values():
        for cell in duty.cells.values():
            if cell.owner in ("aws", "shared"):
                assert cell.aws
            if cell.owner in ("customer", "shared"):
                assert cell.customer


def test_managed_patching_quotes_the_seed(knowledge):
    cell = knowledge.duties["patching"].cells["managed"]
    assert cell.aws == "Basic Maintenance: Routine backups and basic patching"
    assert cell.customer == "Software Updates: Managing major version upgrades"


def test_undecided_cells_are_left_out_not_guessed(knowledge):
    # The seed names disaster recovery for Fully Managed (AWS) and Unmanaged (customer) only.
    dr = knowledge.duties["disaster-recovery"]
    assert not dr.in_table
    assert dr.cell("fully-managed").owner == "aws"
    assert dr.cell("unmanaged").owner == "customer"
    assert dr.cell("managed").owner is None
    # Monitoring: AWS "Built-in CloudWatch metrics" + customer "Monitoring Setup" -> shared.
    assert knowledge.duties["monitoring"].cell("fully-managed").owner == "shared"


def test_rds_and_redshift_carry_the_managed_note(knowledge):
    rds = knowledge.services["rds"].note
    redshift = knowledge.services["redshift"].note
    assert rds.startswith("RDS is Managed, not Fully Managed")
    assert redshift.startswith("Redshift is Managed, not Fully Managed")
    for note in (rds, redshift):
        assert "Examples of Fully Managed Services" in note
        assert "Service Classification" in note


def test_keyspaces_says_where_its_classification_comes_from(knowledge):
    keyspaces = knowledge.services["keyspaces"]
    assert keyspaces.source == "Examples of Fully Managed Services"
    assert "Examples of Fully Managed Services" in keyspaces.note


def test_aurora_is_a_group_of_both_variants(knowledge):
    aurora = knowledge.groups["aurora"]
    assert aurora.members == ("aurora-serverless", "aurora-provisioned")
    assert {"aurora", "amazon aurora"} <= {normalize(a) for a in (aurora.id, *aurora.aliases)}
    assert aurora.note
    categories = {knowledge.services[m].category for m in aurora.members}
    assert categories == {"fully-managed", "managed"}


def test_short_forms_name_the_right_service(knowledge):
    names = {}
    for service in knowledge.services.values():
        for alias in (service.id, service.name, *service.aliases):
            names[normalize(alias)] = service.id
    expected = {
        "dynamo": "dynamodb",
        "ddb": "dynamodb",
        "amazon dynamodb": "dynamodb",
        "rds": "rds",
        "amazon relational database service": "rds",
        "mysql on ec2": "mysql-on-ec2",
        "self hosted mysql": "mysql-on-ec2",
        "postgres on ec2": "postgresql-on-ec2",
        "mongo on ec2": "mongodb-on-ec2",
        "custom database": "self-managed",
        "self managed servers": "self-managed",
        "docdb": "documentdb",
        "aurora serverless": "aurora-serverless",
        "aurora provisioned": "aurora-provisioned",
    }
    for alias, service in expected.items():
        assert names.get(alias) == service, alias


def test_engineer_vocabulary_names_the_right_duty(knowledge):
    names = {}
    for duty in knowledge.duties.values():
        for alias in (duty.id, duty.name, *duty.aliases):
            names[normalize(alias)] = duty.id
    expected = {
        "security patches": "patching",
        "software updates": "patching",
        "version upgrades": "patching",
        "point in time recovery": "backups",
        "pitr": "backups",
        "snapshots": "backups",
        "backup retention": "backups",
        "multi az": "high-availability",
        "failover": "high-availability",
        "replication": "high-availability",
        "query optimization": "performance-tuning",
        "index management": "performance-tuning",
        "auto scaling": "scaling",
        "provisioning": "hardware-provisioning",
        "installation": "software-installation",
        "encryption": "encryption",
        "disaster recovery": "disaster-recovery",
    }
    for alias, duty in expected.items():
        assert names.get(alias) == duty, alias


def test_table_duties_have_a_summary_and_aliases(knowledge):
    for duty in knowledge.table_duties:
        assert duty.summary
        assert len(duty.aliases) >= 3
        assert set(duty.cells) == set(CATEGORY_IDS)


def test_categories_say_what_each_side_does(knowledge):
    for category in knowledge.categories.values():
        assert category.aws_does and category.customer_does
        assert category.when_to_choose and category.best_practices
        assert category.description
    # "Key Characteristics" exist in the seed for Managed only.
    assert knowledge.categories["managed"].characteristics
    assert not knowledge.categories["fully-managed"].characteristics
    assert not knowledge.categories["unmanaged"].characteristics
