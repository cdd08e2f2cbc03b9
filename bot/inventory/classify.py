"""Which course service an RDS-family engine is, following the course material strictly.

- MySQL, PostgreSQL, MariaDB, Oracle, SQL Server, Db2 instances, and Multi-AZ DB clusters of
  ``mysql``/``postgres`` -> ``rds``.
- Aurora clusters -> ``aurora-serverless`` when ``EngineMode`` is ``serverless`` (v1) or every
  member instance is ``db.serverless`` (v2); ``aurora-provisioned`` when none is; the group
  ``aurora`` with a note when members are mixed or not all known.
- ``docdb`` -> ``documentdb``. Aurora, DocumentDB and Neptune instances are parts of their
  clusters; a cluster known only from its instances is classified from them.
- Neptune, RDS Custom and anything else the course does not classify: skipped with a reason.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from bot.inventory.aws import RdsCluster, RdsInstance
from bot.inventory.found import Found, parse_arn

SERVERLESS_CLASS = "db.serverless"
RDS_ENGINES = ("mysql", "postgres", "mariadb")
RDS_ENGINE_PREFIXES = ("oracle-", "sqlserver-", "db2-")
NOT_IN_COURSE = "the course material does not classify it"


@dataclass(frozen=True)
class _Where:
    """Where a resource is (its ARN and what that says), shared by its Found."""

    arn: str | None
    ref: tuple[str, str, str]
    region: str | None
    account: str | None
    tags: Mapping[str, str]
    settings: Mapping[str, Mapping[str, object]] = field(default_factory=dict)  # per section

    def found(
        self,
        kind: str,
        name: str,
        service: str | None,
        reason: str = "",
        note: str | None = None,
        tentative: bool = False,
    ) -> Found:
        return Found(
            kind,
            name,
            service,
            reason,
            arn=self.arn,
            ref=self.ref,
            region=self.region,
            account=self.account,
            tags=self.tags,
            note=note,
            tentative=tentative,
            settings=self.settings,
        )


def rds_engine(engine: str) -> bool:
    return engine in RDS_ENGINES or engine.startswith(RDS_ENGINE_PREFIXES)


def is_aurora(engine: str) -> bool:
    return engine == "aurora" or engine.startswith("aurora-")


def _skip_reason(engine: str) -> str:
    if engine.startswith("custom-"):
        return f"RDS Custom ({engine}): {NOT_IN_COURSE}"
    if engine == "neptune":
        return f"Amazon Neptune: {NOT_IN_COURSE}"
    return f"engine '{engine}': {NOT_IN_COURSE}"


def classify_rds(
    instances: Sequence[RdsInstance], clusters: Sequence[RdsCluster], *, have_instances: bool
) -> list[Found]:
    """Resources for the RDS family: clusters (with their instances joined) and the
    instances that stand alone. ``have_instances``: describe-db-instances was given."""
    by_key = {(_place(i.arn), i.id): i for i in instances}
    out = [_cluster(c, by_key, have_instances) for c in clusters]
    known = {(_place(c.arn), c.id) for c in clusters}
    orphans: dict[tuple[tuple[str | None, str | None], str], list[RdsInstance]] = {}
    for instance in instances:
        if instance.cluster is None:
            out.append(_instance(instance))
        elif (_place(instance.arn), instance.cluster) not in known:
            orphans.setdefault((_place(instance.arn), instance.cluster), []).append(instance)
    out.extend(_cluster_from_instances(members) for members in orphans.values())
    return out


def _place(arn: str | None) -> tuple[str | None, str | None]:
    region, account, _ = parse_arn(arn)
    return region, account


def _instance(i: RdsInstance) -> Found:
    region, account, ref = parse_arn(i.arn)
    ref = ref or ("rds", "db", i.id)
    base = _Where(i.arn, ref, region, account, i.tags, {"aws-rds-instances": i.settings})
    if rds_engine(i.engine):
        return base.found("aws-rds-instances", i.id, "rds")
    if is_aurora(i.engine) or i.engine in ("docdb", "neptune"):
        reason = f"a {i.engine} instance outside any cluster (it has no DBClusterIdentifier)"
        return base.found("aws-rds-instances", i.id, None, reason)
    return base.found("aws-rds-instances", i.id, None, _skip_reason(i.engine))


def _cluster(
    c: RdsCluster,
    instances: dict[tuple[tuple[str | None, str | None], str], RdsInstance],
    have_instances: bool,
) -> Found:
    region, account, ref = parse_arn(c.arn)
    settings = {"aws-rds-clusters": c.settings}
    base = _Where(c.arn, ref or ("rds", "cluster", c.id), region, account, c.tags, settings)
    kind = "aws-rds-clusters"
    if c.engine == "docdb":
        return base.found(kind, c.id, "documentdb")
    if c.engine in ("mysql", "postgres"):  # a Multi-AZ DB cluster
        return base.found(kind, c.id, "rds")
    if not is_aurora(c.engine):
        return base.found(kind, c.id, None, _skip_reason(c.engine))
    if c.mode == "serverless":
        return base.found(kind, c.id, "aurora-serverless")
    members = [instances.get(((region, account), m)) for m in c.members]
    known = [m for m in members if m is not None]
    if members and len(known) == len(members):
        service, note = _aurora_from(known)
        return base.found(kind, c.id, service, note=note)
    if not have_instances:
        service = "aurora"
        note = (
            "Aurora cluster imported without its instances, so whether it runs Serverless v2 "
            "or provisioned instances is not known: both variants apply "
            "(import with --from aws-rds-instances too to decide)"
        )
    else:
        service = "aurora"
        note = "Not every instance of this Aurora cluster was in the input: both variants apply"
    return base.found(kind, c.id, service, note=note, tentative=True)


def _aurora_from(members: Iterable[RdsInstance]) -> tuple[str, str | None]:
    classes = [m.klass for m in members]
    serverless = [c == SERVERLESS_CLASS for c in classes]
    if all(serverless):
        return "aurora-serverless", None
    if not any(serverless):
        return "aurora-provisioned", None
    provisioned = sorted({c for c in classes if c != SERVERLESS_CLASS})
    return "aurora", (
        f"Mixed Aurora cluster: {serverless.count(True)} db.serverless instance(s) "
        f"(Serverless v2) and {serverless.count(False)} provisioned ({', '.join(provisioned)}), "
        "so both variants apply"
    )


def _cluster_from_instances(members: Sequence[RdsInstance]) -> Found:
    """A cluster the input names only through its instances (describe-db-clusters not given)."""
    first = members[0]
    assert first.cluster is not None
    region, account, _ = parse_arn(first.arn)
    arn = f"arn:aws:rds:{region}:{account}:cluster:{first.cluster}" if region and account else None
    base = _Where(arn, ("rds", "cluster", first.cluster), region, account, {})
    kind, name, engine = "aws-rds-instances", first.cluster, first.engine
    if engine == "docdb":
        return base.found(kind, name, "documentdb")
    if engine in ("mysql", "postgres"):
        return base.found(kind, name, "rds")
    if not is_aurora(engine):
        return base.found(kind, name, None, _skip_reason(engine))
    service, note = _aurora_from(members)
    return base.found(kind, name, service, note=note)
