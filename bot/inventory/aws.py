"""The JSON the AWS CLI prints, read into small values (shapes: ../shared notes, botocore).

Each reader takes the decoded JSON documents of one file (a file may hold several pages or
several ``describe-table`` outputs one after another) and raises :class:`ShapeError` with one
line when the file is not what its kind expects. Keys are used exactly as the CLI prints them.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bot.inventory.found import Found, ShapeError, parse_arn
from bot.kb.settings import (
    DYNAMODB_BACKUPS,
    DYNAMODB_TABLE,
    RDS_CLUSTER,
    RDS_INSTANCE,
    RDS_MAINTENANCE,
    REDSHIFT,
    SettingError,
    Shape,
    pick,
    plain,
)

# the key that says "there are more pages", per kind
PAGE_MARKERS = ("Marker", "NextToken", "nextToken", "LastEvaluatedTableName", "PaginationToken")
SERVICE_TAG = "whoowns:service"
EC2_SERVICES: Mapping[str, str] = {
    "mysql": "mysql-on-ec2",
    "postgresql": "postgresql-on-ec2",
    "mongodb": "mongodb-on-ec2",
    "self-managed": "self-managed",
}


@dataclass(frozen=True)
class RdsInstance:
    id: str
    arn: str | None
    klass: str  # DBInstanceClass: "db.r6g.large", "db.serverless"
    engine: str
    cluster: str | None  # DBClusterIdentifier (Aurora, DocumentDB, Neptune, Multi-AZ clusters)
    tags: Mapping[str, str]
    settings: Mapping[str, object] = field(default_factory=dict)  # bot.kb.settings.RDS_INSTANCE


@dataclass(frozen=True)
class RdsCluster:
    id: str
    arn: str | None
    engine: str
    mode: str  # EngineMode ("provisioned" when absent)
    members: tuple[str, ...]  # DBClusterMembers[].DBInstanceIdentifier
    tags: Mapping[str, str]
    settings: Mapping[str, object] = field(default_factory=dict)  # bot.kb.settings.RDS_CLUSTER


@dataclass
class Parsed:
    """Everything one run's files said, before classification."""

    instances: list[RdsInstance] = field(default_factory=list)
    clusters: list[RdsCluster] = field(default_factory=list)
    found: list[Found] = field(default_factory=list)  # the kinds that need no join
    tags: dict[str, dict[str, str]] = field(default_factory=dict)  # ARN -> tags (aws-tags)
    partial: set[str] = field(default_factory=set)  # kinds given only some pages
    # aws-rds-maintenance: ARN -> its ResourcePendingMaintenanceActions (plain, checked)
    maintenance: dict[str, dict[str, object]] = field(default_factory=dict)
    # aws-dynamodb-backups: (TABLE as given, file, ContinuousBackupsDescription settings)
    backups: list[tuple[str, str, dict[str, object]]] = field(default_factory=list)


def read_json(path: Path) -> list[object]:
    """The JSON values of a file, one after another (``aws ... > f; aws ... >> f`` works)."""
    try:
        source = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ShapeError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ShapeError(f"{path}: cannot read the file ({exc})") from None
    decoder = json.JSONDecoder()
    values: list[object] = []
    index = 0
    while True:
        while index < len(source) and source[index].isspace():
            index += 1
        if index >= len(source):
            break
        try:
            value, index = decoder.raw_decode(source, index)
        except json.JSONDecodeError as exc:
            raise ShapeError(f"{path}:{json_reason(exc, source)}") from None
        values.append(value)
    if not values:
        raise ShapeError(f"{path}: the file is empty; expected the JSON an AWS CLI command prints")
    return values


def json_reason(exc: json.JSONDecodeError, source: str) -> str:
    """``LINE:COLUMN: not JSON: <the whole reason> at line L, column C ...`` of a decode error
    (the decoder's ``msg`` alone ends mid-sentence: "Unterminated string starting at")."""
    reason = exc.msg.removesuffix(" at")
    reason = reason[:1].lower() + reason[1:]
    where = f"line {exc.lineno}, column {exc.colno}"
    cut = exc.msg.startswith("Unterminated") or exc.pos >= len(source.rstrip())
    ends = " (the file ends before the JSON does: is it cut short?)" if cut else ""
    return (
        f"{exc.lineno}:{exc.colno}: not JSON: {reason} at {where}{ends}; expected the output "
        "of an AWS CLI command run with --output json"
    )


def tag_map(items: object, key: str = "Key", value: str = "Value") -> dict[str, str]:
    """``[{"Key": k, "Value": v}]`` -> {k: v} (anything else -> {})."""
    if not isinstance(items, list):
        return {}
    return {
        str(t[key]): str(t.get(value, ""))
        for t in items
        if isinstance(t, dict) and isinstance(t.get(key), str)
    }


def _records(docs: list[object], path: Path, key: str, what: str) -> list[dict[str, object]]:
    """The dicts under ``key`` of every document; ShapeError unless each document has it."""
    return [record for _, record in _records_at(docs, path, key, what)]


def _records_at(
    docs: list[object], path: Path, key: str, what: str
) -> list[tuple[str, dict[str, object]]]:
    """(``KEY[i]``, dict) under ``key`` of every document (``i`` counts within its page)."""
    out: list[tuple[str, dict[str, object]]] = []
    for doc in docs:
        items = doc.get(key) if isinstance(doc, dict) else None
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            raise ShapeError(f'{path}: expected {what} (an object with "{key}": [...])')
        out.extend((f"{key}[{index}]", item) for index, item in enumerate(items))
    return out


def _settings(
    section: Mapping[str, Shape], record: Mapping[str, object], path: Path, where: str
) -> dict[str, object]:
    """The settings ``record`` gives (absent keys stay absent); a value of a type AWS's model
    does not allow refuses the file: ``FILE: DBInstances[3].MultiAZ: expected a boolean ...``."""
    try:
        return pick(section, record, where)
    except SettingError as exc:
        raise ShapeError(f"{path}: {exc}") from None


def _paged(docs: list[object]) -> bool:
    """The file ends on a page that says more follow (pages may be concatenated in one file)."""
    last = docs[-1] if docs else None
    return isinstance(last, dict) and any(last.get(m) for m in PAGE_MARKERS)


def _text(record: Mapping[str, object], key: str, path: Path, what: str) -> str:
    value = record.get(key)
    if not isinstance(value, str) or not value:
        raise ShapeError(f'{path}: expected {what}: an entry has no "{key}"')
    return value


def _opt(record: Mapping[str, object], key: str) -> str | None:
    value = record.get(key)
    return value if isinstance(value, str) and value else None


def read_rds_instances(docs: list[object], path: Path, into: Parsed) -> None:
    what = "the JSON of `aws rds describe-db-instances`"
    for where, r in _records_at(docs, path, "DBInstances", what):
        into.instances.append(
            RdsInstance(
                id=_text(r, "DBInstanceIdentifier", path, what),
                arn=_opt(r, "DBInstanceArn"),
                klass=_opt(r, "DBInstanceClass") or "",
                engine=_text(r, "Engine", path, what),
                cluster=_opt(r, "DBClusterIdentifier"),
                tags=tag_map(r.get("TagList")),
                settings=_settings(RDS_INSTANCE, r, path, where),
            )
        )


def read_rds_clusters(docs: list[object], path: Path, into: Parsed) -> None:
    what = "the JSON of `aws rds describe-db-clusters` (or `aws docdb describe-db-clusters`)"
    for where, r in _records_at(docs, path, "DBClusters", what):
        members = r.get("DBClusterMembers")
        ids = tuple(
            str(m["DBInstanceIdentifier"])
            for m in (members if isinstance(members, list) else [])
            if isinstance(m, dict) and isinstance(m.get("DBInstanceIdentifier"), str)
        )
        into.clusters.append(
            RdsCluster(
                id=_text(r, "DBClusterIdentifier", path, what),
                arn=_opt(r, "DBClusterArn"),
                engine=_text(r, "Engine", path, what),
                mode=_opt(r, "EngineMode") or "provisioned",
                members=ids,
                tags=tag_map(r.get("TagList")),
                settings=_settings(RDS_CLUSTER, r, path, where),
            )
        )


def read_dynamodb(docs: list[object], path: Path, into: Parsed) -> None:
    what = "the JSON of `aws dynamodb list-tables` or `aws dynamodb describe-table`"
    for doc in docs:
        if isinstance(doc, dict) and isinstance(doc.get("TableNames"), list):
            for name in doc["TableNames"]:
                if not isinstance(name, str) or not name:
                    raise ShapeError(f"{path}: expected {what}: a table name is not text")
                ref = ("dynamodb", "table", name)
                into.found.append(Found("aws-dynamodb", name, "dynamodb", ref=ref))
        elif isinstance(doc, dict) and isinstance(doc.get("Table"), dict):
            table = doc["Table"]
            name = _text(table, "TableName", path, what)
            found = _found("aws-dynamodb", name, "dynamodb", _opt(table, "TableArn"))
            settings = {"aws-dynamodb": _settings(DYNAMODB_TABLE, table, path, "Table")}
            into.found.append(dataclasses.replace(found, settings=settings))
        else:
            raise ShapeError(f'{path}: expected {what} ("TableNames": [...] or "Table": {{}})')


def read_redshift(docs: list[object], path: Path, into: Parsed) -> None:
    what = "the JSON of `aws redshift describe-clusters`"
    for doc in docs:
        if isinstance(doc, dict) and isinstance(doc.get("workgroups"), list):
            for w in doc["workgroups"]:  # redshift-serverless list-workgroups
                name = str(w.get("workgroupName", "?")) if isinstance(w, dict) else "?"
                reason = "Redshift Serverless: the course material does not classify it"
                into.found.append(Found("aws-redshift", name, None, reason))
            continue
        for where, r in _records_at([doc], path, "Clusters", what):
            name = _text(r, "ClusterIdentifier", path, what)
            found = Found(
                "aws-redshift",
                name,
                "redshift",
                ref=("redshift", "cluster", name),
                tags=tag_map(r.get("Tags")),
                settings={"aws-redshift": _settings(REDSHIFT, r, path, where)},
            )
            into.found.append(found)


def read_keyspaces(docs: list[object], path: Path, into: Parsed) -> None:
    what = "the JSON of `aws keyspaces list-keyspaces`"
    for r in _records(docs, path, "keyspaces", what):
        name = _text(r, "keyspaceName", path, what)
        arn = _opt(r, "resourceArn")
        if name.startswith("system"):
            into.found.append(Found("aws-keyspaces", name, None, "a system keyspace", arn=arn))
            continue
        found = _found("aws-keyspaces", name, "keyspaces", arn)
        tags = tag_map(r.get("tags"), "key", "value")
        into.found.append(Found(**{**found.__dict__, "tags": tags}))


def read_ec2(docs: list[object], path: Path, into: Parsed) -> None:
    what = "the JSON of `aws ec2 describe-instances`"
    for reservation in _records(docs, path, "Reservations", what):
        instances = reservation.get("Instances")
        if not isinstance(instances, list):
            raise ShapeError(f'{path}: expected {what}: a reservation has no "Instances"')
        account = _opt(reservation, "OwnerId")
        for i in instances:
            if not isinstance(i, dict):
                raise ShapeError(f"{path}: expected {what}: an instance is not an object")
            into.found.append(_ec2_instance(i, account, path, what))


def _ec2_instance(i: Mapping[str, object], account: str | None, path: Path, what: str) -> Found:
    instance_id = _text(i, "InstanceId", path, what)
    tags = tag_map(i.get("Tags"))
    name = tags.get("Name") or instance_id
    placement = i.get("Placement")
    zone = placement.get("AvailabilityZone") if isinstance(placement, dict) else None
    region = zone[:-1] if isinstance(zone, str) and zone[-1:].isalpha() else None
    arn = f"arn:aws:ec2:{region}:{account}:instance/{instance_id}" if region and account else None
    ref = ("ec2", "instance", instance_id)
    state = i.get("State")
    if isinstance(state, dict) and state.get("Name") == "terminated":
        return Found("aws-ec2", name, None, "terminated", arn=arn, ref=ref)
    service_tag = next((v for k, v in tags.items() if k.casefold() == SERVICE_TAG), None)
    if service_tag is None:
        reason = f"no {SERVICE_TAG} tag (nothing else in the output says a database runs there)"
        return Found("aws-ec2", name, None, reason, arn=arn, ref=ref)
    service = EC2_SERVICES.get(service_tag.strip().casefold())
    if service is None:
        reason = f"{SERVICE_TAG} is '{service_tag}' (expected {', '.join(EC2_SERVICES)})"
        return Found("aws-ec2", name, None, reason, arn=arn, ref=ref)
    return Found(
        "aws-ec2", name, service, arn=arn, ref=ref, region=region, account=account, tags=tags
    )


def read_tags(docs: list[object], path: Path, into: Parsed) -> None:
    what = "the JSON of `aws resourcegroupstaggingapi get-resources`"
    for r in _records(docs, path, "ResourceTagMappingList", what):
        into.tags[_text(r, "ResourceARN", path, what)] = tag_map(r.get("Tags"))


def read_maintenance(docs: list[object], path: Path, into: Parsed) -> None:
    """``aws rds describe-pending-maintenance-actions``: each ARN's pending actions."""
    what = "the JSON of `aws rds describe-pending-maintenance-actions`"
    (shape,) = RDS_MAINTENANCE.values()
    assert shape.item is not None
    for where, r in _records_at(docs, path, "PendingMaintenanceActions", what):
        arn = _text(r, "ResourceIdentifier", path, what)
        try:
            checked = plain(shape.item, r, where)
        except SettingError as exc:
            raise ShapeError(f"{path}: {exc}") from None
        assert isinstance(checked, dict)
        into.maintenance[arn] = checked


def read_backups(docs: list[object], path: Path, table: str | None, into: Parsed) -> None:
    """``aws dynamodb describe-continuous-backups --table-name TABLE`` (it names no table)."""
    key = "ContinuousBackupsDescription"
    for doc in docs:
        described = doc.get(key) if isinstance(doc, dict) else None
        if not isinstance(described, dict):
            raise ShapeError(
                f"{path}: expected the JSON of `aws dynamodb describe-continuous-backups` "
                f'(an object with "{key}": {{}})'
            )
        if table is None:
            raise ShapeError(f"{path}: {NAMES_NO_TABLE}")
        into.backups.append((table, str(path), _settings(DYNAMODB_BACKUPS, described, path, key)))


NAMES_NO_TABLE = (
    "the output of `aws dynamodb describe-continuous-backups` does not name its table: "
    "give the file as TABLE=PATH (e.g. sessions=pitr-sessions.json)"
)


def _found(kind: str, name: str, service: str, arn: str | None) -> Found:
    region, account, ref = parse_arn(arn)
    return Found(kind, name, service, arn=arn, ref=ref, region=region, account=account)


READERS: Mapping[str, Callable[[list[object], Path, Parsed], None]] = {
    "aws-rds-instances": read_rds_instances,
    "aws-rds-clusters": read_rds_clusters,
    "aws-dynamodb": read_dynamodb,
    "aws-redshift": read_redshift,
    "aws-keyspaces": read_keyspaces,
    "aws-ec2": read_ec2,
    "aws-tags": read_tags,
    "aws-rds-maintenance": read_maintenance,
}


# a key of the JSON each kind's command prints -> the kind (to recognise a file without --from)
SHAPES: Mapping[str, str] = {
    "DBInstances": "aws-rds-instances",
    "DBClusters": "aws-rds-clusters",
    "TableNames": "aws-dynamodb",
    "Table": "aws-dynamodb",
    "Clusters": "aws-redshift",
    "workgroups": "aws-redshift",
    "keyspaces": "aws-keyspaces",
    "Reservations": "aws-ec2",
    "ResourceTagMappingList": "aws-tags",
    "PendingMaintenanceActions": "aws-rds-maintenance",
    "ContinuousBackupsDescription": "aws-dynamodb-backups",
}


def kind_of(docs: list[object]) -> str | None:
    """The kind whose command printed these JSON values (None: none of them)."""
    first = docs[0] if docs else None
    if not isinstance(first, dict):
        return None
    return next((SHAPES[key] for key in first if key in SHAPES), None)


def read_aws(
    kind: str,
    path: Path,
    into: Parsed,
    *,
    table: str | None = None,
    docs: list[object] | None = None,
) -> None:
    """Read one file (or ``docs``, the same JSON already decoded, named ``path``) into ``into``."""
    docs = read_json(path) if docs is None else docs
    if kind == "aws-dynamodb-backups":
        read_backups(docs, path, table, into)
    else:
        READERS[kind](docs, path, into)
    if _paged(docs):
        into.partial.add(kind)
