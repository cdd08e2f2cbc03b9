"""What a resource is configured to do, as AWS says it: the ``settings`` of a resource.

    resources:
      orders-db:
        service: aurora-provisioned
        settings:                              # AWS's key names and types
          BackupRetentionPeriod: 7             # integer
          MultiAZ: false                       # boolean (RDS); Redshift's MultiAZ is a string
          PreferredMaintenanceWindow: "sun:02:00-sun:02:30"
          EnabledCloudwatchLogsExports: [postgresql]
          ServerlessV2ScalingConfiguration: {MinCapacity: 0.5, MaxCapacity: 16.0}
          PendingMaintenanceActions:           # [] once imported: nothing pending
            - {ResourceIdentifier: "arn:aws:rds:…:cluster:orders-db",
               PendingMaintenanceActionDetails: [{Action: system-update,
               AutoAppliedAfterDate: "2026-12-20T00:00:00+00:00", …}]}

Each key is one of AWS's, typed as botocore's service model types it, in the *section* of the
output that gives it (:data:`SECTIONS`: the import kind whose output holds the key). Which
sections a resource may hold follows its service (:data:`SERVICE_MODELS`). A key that is absent
is *unknown* (not imported, or not printed by that output): never guess it. Timestamps are
written as ISO 8601 text and read as aware :class:`datetime` values; structures are read-only
mappings, lists are tuples.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from types import MappingProxyType
from typing import Literal

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from bot.kb.nodes import Reader, describe, join

TypeName = Literal["boolean", "integer", "double", "string", "timestamp", "list", "structure"]


@dataclass(frozen=True)
class Shape:
    """A botocore shape type, reduced to what the settings need."""

    type: TypeName
    item: Shape | None = None  # list
    members: Mapping[str, Shape] = field(default_factory=dict)  # structure


BOOLEAN = Shape("boolean")
INTEGER = Shape("integer")
DOUBLE = Shape("double")
STRING = Shape("string")
TIMESTAMP = Shape("timestamp")


def list_of(item: Shape) -> Shape:
    return Shape("list", item=item)


def structure(**members: Shape) -> Shape:
    return Shape("structure", members=MappingProxyType(members))


# botocore: the keys rds DBInstance and DBCluster share (in the order the file writes them)
_RDS_SHARED: Mapping[str, Shape] = {
    "BackupRetentionPeriod": INTEGER,  # 0: automated backups off
    "PreferredBackupWindow": STRING,
    "PreferredMaintenanceWindow": STRING,  # e.g. sun:03:00-sun:03:30 (UTC)
    "MultiAZ": BOOLEAN,
    "AutoMinorVersionUpgrade": BOOLEAN,
    "StorageEncrypted": BOOLEAN,
    "DeletionProtection": BOOLEAN,
    "PubliclyAccessible": BOOLEAN,
    "IAMDatabaseAuthenticationEnabled": BOOLEAN,
    "EnabledCloudwatchLogsExports": list_of(STRING),
    "PerformanceInsightsEnabled": BOOLEAN,
    "MonitoringInterval": INTEGER,  # 0: enhanced monitoring off
}
# botocore: rds DBInstance
RDS_INSTANCE: Mapping[str, Shape] = {
    **_RDS_SHARED,
    "EngineVersion": STRING,
    "DBClusterIdentifier": STRING,  # a cluster member
}
# botocore: rds DBCluster (Aurora members' own settings are on their instances)
RDS_CLUSTER: Mapping[str, Shape] = {
    **_RDS_SHARED,
    "ServerlessV2ScalingConfiguration": structure(MinCapacity=DOUBLE, MaxCapacity=DOUBLE),
    "EngineVersion": STRING,
}
# botocore: rds ResourcePendingMaintenanceActions, one per ARN (the resource's, or for a
# cluster also its member instances'); PendingMaintenanceAction's members
PENDING_ACTION = structure(
    Action=STRING,
    Description=STRING,
    AutoAppliedAfterDate=TIMESTAMP,
    ForcedApplyDate=TIMESTAMP,
    CurrentApplyDate=TIMESTAMP,
    OptInStatus=STRING,
)
RDS_MAINTENANCE: Mapping[str, Shape] = {
    "PendingMaintenanceActions": list_of(
        structure(
            ResourceIdentifier=STRING, PendingMaintenanceActionDetails=list_of(PENDING_ACTION)
        )
    ),
}
# botocore: redshift Cluster
REDSHIFT: Mapping[str, Shape] = {
    "AutomatedSnapshotRetentionPeriod": INTEGER,
    "PreferredMaintenanceWindow": STRING,
    "Encrypted": BOOLEAN,
    "PubliclyAccessible": BOOLEAN,
    "AllowVersionUpgrade": BOOLEAN,
    "MultiAZ": STRING,  # a string in Redshift's model ("Enabled"/"Disabled")
    "ClusterVersion": STRING,
}
# botocore: dynamodb TableDescription (no SSEDescription: encrypted with an AWS owned key)
DYNAMODB_TABLE: Mapping[str, Shape] = {
    "SSEDescription": structure(Status=STRING, SSEType=STRING, KMSMasterKeyArn=STRING),
    "DeletionProtectionEnabled": BOOLEAN,
    "BillingModeSummary": structure(BillingMode=STRING),
}
# botocore: dynamodb ContinuousBackupsDescription (restorable times left out: they move)
DYNAMODB_BACKUPS: Mapping[str, Shape] = {
    "ContinuousBackupsStatus": STRING,
    "PointInTimeRecoveryDescription": structure(
        PointInTimeRecoveryStatus=STRING, RecoveryPeriodInDays=INTEGER
    ),
}

# import kind -> the keys its output gives
SECTIONS: Mapping[str, Mapping[str, Shape]] = {
    "aws-rds-instances": RDS_INSTANCE,
    "aws-rds-clusters": RDS_CLUSTER,
    "aws-rds-maintenance": RDS_MAINTENANCE,
    "aws-redshift": REDSHIFT,
    "aws-dynamodb": DYNAMODB_TABLE,
    "aws-dynamodb-backups": DYNAMODB_BACKUPS,
}
MODELS: Mapping[str, Mapping[str, Shape]] = {
    "rds": {**RDS_INSTANCE, **RDS_CLUSTER, **RDS_MAINTENANCE},
    "redshift": REDSHIFT,
    "dynamodb": {**DYNAMODB_TABLE, **DYNAMODB_BACKUPS},
}
# service or group id of the knowledge -> its model (the services AWS's API describes)
SERVICE_MODELS: Mapping[str, str] = {
    "rds": "rds",
    "aurora": "rds",
    "aurora-serverless": "rds",
    "aurora-provisioned": "rds",
    "documentdb": "rds",
    "redshift": "redshift",
    "dynamodb": "dynamodb",
}

_NAMES: Mapping[TypeName, str] = {
    "boolean": "a boolean",
    "integer": "an integer",
    "double": "a number",
    "string": "text",
    "timestamp": "a date and time (ISO 8601 text)",
    "list": "a list",
    "structure": "an object",
}


def expected(shape: Shape) -> str:
    """``a boolean``, ``a list of text`` ... (for messages)."""
    if shape.type == "list" and shape.item is not None:
        return f"a list of {expected(shape.item).removeprefix('a ').removeprefix('an ')}"
    return _NAMES[shape.type]


def parse_time(text: str) -> datetime | None:
    """An ISO 8601 date and time (``Z`` or an offset; none: UTC), or None."""
    try:
        value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=timezone.utc)


class SettingError(ValueError):
    """A value of a type the model does not allow: ``path`` names the key."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path


def plain(shape: Shape, value: object, path: str) -> object:
    """``value`` as decoded from AWS's JSON (or given by boto3), checked against ``shape`` and
    made the generated file's plain data: timestamps as ISO text (``+00:00``), structures
    keeping their known members. Raises :class:`SettingError` naming the key's path."""
    kind = shape.type
    if kind == "boolean" and isinstance(value, bool):
        return value
    if kind == "integer" and isinstance(value, int) and not isinstance(value, bool):
        return value
    if kind == "double" and isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if kind == "string" and isinstance(value, str):
        return value
    if kind == "timestamp":
        when = value if isinstance(value, datetime) else None
        if isinstance(value, str):
            when = parse_time(value)
        if when is not None:
            aware = when if when.tzinfo is not None else when.replace(tzinfo=timezone.utc)
            return aware.isoformat()
    if kind == "list" and isinstance(value, list | tuple) and shape.item is not None:
        return [plain(shape.item, v, f"{path}[{i}]") for i, v in enumerate(value)]
    if kind == "structure" and isinstance(value, Mapping):
        return {
            name: plain(member, value[name], f"{path}.{name}")
            for name, member in shape.members.items()
            if value.get(name) is not None
        }
    raise SettingError(path, f"expected {expected(shape)}, got {shown(value)}")


def pick(
    section: Mapping[str, Shape], record: Mapping[str, object], path: str
) -> dict[str, object]:
    """The keys of ``section`` that ``record`` has, as plain data (absent ones stay absent)."""
    return {
        key: plain(shape, record[key], f"{path}.{key}")
        for key, shape in section.items()
        if record.get(key) is not None
    }


def shown(value: object) -> str:
    if isinstance(value, str):
        return '"' + value.replace('"', '\\"') + '"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, list | tuple):
        return "a list"
    return str(value)


def typed(shape: Shape, value: object) -> object:
    """Plain data already checked -> the model's value (datetime, tuple, read-only mapping)."""
    if shape.type == "timestamp" and isinstance(value, str):
        return parse_time(value)
    if shape.type == "list" and isinstance(value, list | tuple) and shape.item is not None:
        return tuple(typed(shape.item, v) for v in value)
    if shape.type == "structure" and isinstance(value, Mapping):
        return MappingProxyType(
            {k: typed(shape.members[k], v) for k, v in value.items() if k in shape.members}
        )
    return value


def to_plain(value: object) -> object:
    """A model's value back to the generated file's plain data (the inverse of :func:`typed`)."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): to_plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_plain(v) for v in value]
    return value


# -- reading the YAML (the loader) ---------------------------------------------------------------

_YAML_BOOL = "tag:yaml.org,2002:bool"
_YAML_INT = "tag:yaml.org,2002:int"
_YAML_FLOAT = "tag:yaml.org,2002:float"
_YAML_STR = "tag:yaml.org,2002:str"
_YAML_TIME = "tag:yaml.org,2002:timestamp"
_YAML_NULL = "tag:yaml.org,2002:null"


def read_settings(r: Reader, value: Node, path: str, service: str) -> Mapping[str, object]:
    """A resource's ``settings`` node, checked against its service's model; each wrong key or
    value is a problem at its line (and left out)."""
    model_id = SERVICE_MODELS.get(service)
    pairs = r.items(value, path, "a mapping of AWS setting names to values")
    if model_id is None and pairs:
        r.problem(value, path, f"service '{service}' has no settings read from AWS's API")
        return MappingProxyType({})
    model = MODELS.get(model_id or "", {})
    out: dict[str, object] = {}
    for key, item in pairs:
        name = str(key.value)
        shape = model.get(name)
        if shape is None:
            known = ", ".join(model)
            r.problem(key, join(path, name), f"unknown {model_id} setting '{name}' ({known})")
            continue
        got = _node_value(r, shape, item, join(path, name))
        if got is not None:
            out[name] = got
    return MappingProxyType(out)


def _node_value(r: Reader, shape: Shape, item: Node, path: str) -> object | None:
    """The model's value of one YAML node (None, and a problem, when it is not ``shape``)."""
    kind = shape.type
    if isinstance(item, ScalarNode):
        tag, text = item.tag, str(item.value)
        if kind == "boolean" and tag == _YAML_BOOL:
            return text.lower() in ("true", "yes", "on", "y")
        if kind == "integer" and tag == _YAML_INT:
            return int(text.replace("_", ""), 0)
        if kind == "double" and tag in (_YAML_INT, _YAML_FLOAT):
            return float(text.replace("_", ""))
        if kind == "string" and tag == _YAML_STR:
            return text
        when = parse_time(text) if kind == "timestamp" and tag in (_YAML_STR, _YAML_TIME) else None
        if when is not None:
            return when
    if kind == "list" and isinstance(item, SequenceNode) and shape.item is not None:
        items = [_node_value(r, shape.item, v, join(path, i)) for i, v in enumerate(item.value)]
        return tuple(items) if None not in items else None
    if kind == "structure" and isinstance(item, MappingNode):
        members: dict[str, object] = {}
        for key, sub in r.items(item, path):
            name = str(key.value)
            if name not in shape.members:
                known = ", ".join(shape.members)
                r.problem(key, join(path, name), f"unknown key '{name}' (expected {known})")
                continue
            got = _node_value(r, shape.members[name], sub, join(path, name))
            if got is None:
                return None
            members[name] = got
        return MappingProxyType(members)
    r.problem(item, path, f"expected {expected(shape)}, got {_node_shown(item)}")
    return None


def _node_shown(item: Node) -> str:
    if isinstance(item, ScalarNode):
        if item.tag == _YAML_STR:
            return shown(item.value)
        return describe(item) if item.tag == _YAML_NULL else str(item.value)
    return describe(item)
