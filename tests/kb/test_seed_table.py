"""The shipped knowledge against the seed, written out here as the seed writes it.

These tables are copied by hand from the seed's "Comparison Table for Exam" and "Service
Classification" (plus Keyspaces from "Examples of Fully Managed Services"): they are the
independent check that the YAML says what the seed says.
"""

from __future__ import annotations

import pytest

# | Responsibility Area | Fully Managed | Managed | Unmanaged |
SEED_TABLE = """
| Hardware Provisioning  | AWS    | AWS      | Customer |
| Software Installation  | AWS    | AWS      | Customer |
| Patching & Updates     | AWS    | Shared   | Customer |
| Backups                | AWS    | Shared   | Customer |
| Scaling                | AWS    | Shared   | Customer |
| Performance Tuning     | Shared | Customer | Customer |
| Security Configuration | Shared | Customer | Customer |
| High Availability      | AWS    | Shared   | Customer |
"""
ROW_IDS = {
    "Hardware Provisioning": "hardware-provisioning",
    "Software Installation": "software-installation",
    "Patching & Updates": "patching",
    "Backups": "backups",
    "Scaling": "scaling",
    "Performance Tuning": "performance-tuning",
    "Security Configuration": "security-configuration",
    "High Availability": "high-availability",
}
COLUMNS = ("fully-managed", "managed", "unmanaged")


def seed_cells() -> list[tuple[str, str, str]]:
    cells = []
    for line in SEED_TABLE.strip().splitlines():
        area, *owners = (part.strip() for part in line.strip("|").split("|"))
        for category, owner in zip(COLUMNS, owners, strict=True):
            cells.append((ROW_IDS[area], category, owner.lower()))
    return cells


# - **Fully Managed**: DynamoDB, Aurora Serverless, DocumentDB   (+ Keyspaces, from the examples)
# - **Managed**: Amazon RDS, Amazon Redshift, Aurora Provisioned
# - **Unmanaged**: Databases installed on EC2 instances (+ "Common Unmanaged Scenario")
SEED_CLASSIFICATION = {
    "dynamodb": "fully-managed",
    "aurora-serverless": "fully-managed",
    "documentdb": "fully-managed",
    "keyspaces": "fully-managed",
    "rds": "managed",
    "redshift": "managed",
    "aurora-provisioned": "managed",
    "mysql-on-ec2": "unmanaged",
    "postgresql-on-ec2": "unmanaged",
    "mongodb-on-ec2": "unmanaged",
    "self-managed": "unmanaged",
}


def test_the_seed_table_has_24_cells():
    assert len(seed_cells()) == 24


@pytest.mark.parametrize(("duty", "category", "owner"), seed_cells())
def test_comparison_table_cell(knowledge, duty, category, owner):
    cell = knowledge.duties[duty].cells[category]
    assert cell.owner == owner
    assert "Comparison Table for Exam" in cell.source


def test_the_table_duties_are_exactly_the_eight_rows(knowledge):
    assert [d.id for d in knowledge.table_duties] == list(ROW_IDS.values())
    assert [d.name for d in knowledge.table_duties] == list(ROW_IDS)


@pytest.mark.parametrize(("service", "category"), sorted(SEED_CLASSIFICATION.items()))
def test_service_classification(knowledge, service, category):
    assert knowledge.services[service].category == category


def test_there_are_exactly_the_eleven_services(knowledge):
    assert set(knowledge.services) == set(SEED_CLASSIFICATION)


def test_categories_in_seed_order(knowledge):
    assert list(knowledge.categories) == list(COLUMNS)
    assert [c.name for c in knowledge.categories.values()] == [
        "Fully Managed",
        "Managed",
        "Unmanaged",
    ]


def test_cost_implications(knowledge):
    costs = {c.id: c.cost for c in knowledge.categories.values()}
    assert costs == {
        "fully-managed": "Higher service cost, lower operational cost",
        "managed": "Balanced cost and control",
        "unmanaged": "Lower service cost, higher operational cost",
    }


def test_must_remember(knowledge):
    assert [p.text for p in knowledge.exam_points] == [
        "Fully Managed = Least Customer Responsibility",
        "Unmanaged = Most Customer Responsibility",
        "RDS is Managed, not Fully Managed",
        "DynamoDB is Fully Managed",
    ]


def test_shared_security_model(knowledge):
    security = knowledge.security
    assert security.aws == "AWS Secures the Cloud: Infrastructure, hardware, software"
    assert security.customer == "You Secure in the Cloud: Data, configuration, access controls"
    assert [item.name for item in security.responsibilities] == [
        "Data Encryption",
        "Access Management",
        "Network Security",
        "Audit Logging",
        "Compliance",
    ]
    assert {item.owner for item in security.responsibilities} == {"customer"}
