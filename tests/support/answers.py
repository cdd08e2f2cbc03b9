"""Small Answer values built by hand, shaped like build_answer's output."""

from __future__ import annotations

from bot.answers import Answer, Classification, OwnerCell
from bot.intent import Query, Suggestion


def cell(service, service_name, category, category_name, owner, aws="", customer="", **kw):
    return OwnerCell(
        duty=kw.get("duty", "patching"),
        duty_name=kw.get("duty_name", "Patching & Updates"),
        category=category,
        category_name=category_name,
        owner=owner,
        aws=aws,
        customer=customer,
        source=kw.get("source", "Comparison Table for Exam; Managed Database Services"),
        service=service,
        service_name=service_name,
    )


def aurora_patching(text: str = "patching aurora") -> Answer:
    query = Query(
        text=text,
        intent="who_owns",
        duty="patching",
        services=("aurora-serverless", "aurora-provisioned"),
        group="aurora",
        confidence=0.95,
    )
    cells = (
        cell(
            "aurora-serverless",
            "Amazon Aurora Serverless",
            "fully-managed",
            "Fully Managed",
            "aws",
            aws="Software Patching: Automatic security updates and version upgrades",
            source="Comparison Table for Exam; Fully Managed Database Services",
        ),
        cell(
            "aurora-provisioned",
            "Amazon Aurora Provisioned",
            "managed",
            "Managed",
            "shared",
            aws="Basic Maintenance: Routine backups and basic patching",
            customer="Software Updates: Managing major version upgrades",
        ),
    )
    return Answer(
        query=query,
        intent="who_owns",
        cells=cells,
        notes=('"Aurora" alone does not say which variant: the answer covers both.',),
    )


def unknown_service(text: str = "patching qldb") -> Answer:
    query = Query(
        text=text,
        intent="unknown",
        duty="patching",
        unknown_terms=("qldb",),
        suggestions=(
            Suggestion("service", "dynamodb", "Amazon DynamoDB", "patching dynamodb"),
            Suggestion("service", "documentdb", "Amazon DocumentDB", "patching documentdb"),
        ),
    )
    cells = (
        cell(None, None, "fully-managed", "Fully Managed", "aws", aws="Software Patching: x"),
        cell(None, None, "managed", "Managed", "shared", aws="Basic: y", customer="Updates: z"),
        cell(None, None, "unmanaged", "Unmanaged", "customer", customer="Patching: all"),
    )
    return Answer(
        query=query,
        intent="unknown",
        cells=cells,
        unknown_terms=("qldb",),
        suggestions=query.suggestions,
    )


def rds_classify(text: str = "is rds fully managed") -> Answer:
    query = Query(
        text=text, intent="classify", services=("rds",), category="fully-managed", confidence=1
    )
    cls = Classification(
        service="rds",
        service_name="Amazon RDS",
        kind="Relational",
        category="managed",
        category_name="Managed",
        category_summary="AWS runs the hardware and basic maintenance; you configure and tune.",
        source="Service Classification; Must Remember",
        note="RDS is Managed, not Fully Managed (important distinction).",
        asked_category="fully-managed",
        matches=False,
    )
    return Answer(query=query, intent="classify", classifications=(cls,))
