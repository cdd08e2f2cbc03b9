"""What an import finds: one :class:`Found` per AWS or Backstage resource, imported or not."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

# --from KIND -> the command whose output it reads (also the start of each resource's source)
KINDS: Mapping[str, str] = {
    "aws-rds-instances": "aws rds describe-db-instances",
    "aws-rds-clusters": "aws rds describe-db-clusters",
    "aws-dynamodb": "aws dynamodb list-tables/describe-table",
    "aws-redshift": "aws redshift describe-clusters",
    "aws-keyspaces": "aws keyspaces list-keyspaces",
    "aws-ec2": "aws ec2 describe-instances",
    "aws-tags": "aws resourcegroupstaggingapi get-resources",
    "aws-rds-maintenance": "aws rds describe-pending-maintenance-actions",
    "aws-dynamodb-backups": "aws dynamodb describe-continuous-backups",
    "backstage": "backstage catalog",
}


class ShapeError(Exception):
    """An input file is not what its KIND expects; the message is one line naming the file."""


# kinds whose output adds settings to resources found by the others (joined, never new)
JOINED_KINDS = ("aws-rds-maintenance", "aws-dynamodb-backups")


@dataclass(frozen=True)
class Input:
    kind: str | None  # a key of KINDS; None: recognised from the file's shape
    path: Path  # a file, or a label for ``docs`` (what messages name)
    table: str | None = None  # aws-dynamodb-backups: the table the output is of (TABLE=PATH)
    docs: tuple[object, ...] | None = None  # the decoded JSON itself (fetch): path not read


@dataclass(frozen=True)
class Found:
    """One resource of the input. ``service`` None means skipped, and ``reason`` says why."""

    kind: str  # the --from KIND it is counted under
    name: str  # the AWS (or Backstage) name: DB identifier, table, cluster, keyspace ...
    service: str | None  # a service or group id of the knowledge
    reason: str = ""  # why it is skipped ("" when it is not)
    arn: str | None = None
    # ("rds", "db", id) / ("rds", "cluster", id) / ("dynamodb", "table", name) ...: how a tag
    # mapping's ARN finds it when the input has no ARN
    ref: tuple[str, str, str] | None = None
    region: str | None = None
    account: str | None = None
    tags: Mapping[str, str] = field(default_factory=dict)
    note: str | None = None  # why a group rather than one service ("members mixed ...")
    owner_ref: str | None = None  # Backstage spec.owner, already reduced to a name
    links: tuple[tuple[str, str], ...] = ()  # (title, url), Backstage metadata.links
    description: str | None = None  # Backstage metadata.description
    # the service is a fallback for want of input (an Aurora cluster without its instances):
    # a re-import keeps a definite service found earlier
    tentative: bool = False
    # the settings read (bot.kb.settings), per section (the kind whose output gave them): a
    # section given replaces that section's keys; keys of other sections stay
    settings: Mapping[str, Mapping[str, object]] = field(default_factory=dict)


@dataclass(frozen=True)
class FoundTeam:
    """A Backstage ``kind: Group``."""

    id: str
    name: str
    slack: str | None
    aliases: tuple[str, ...] = ()


def parse_arn(arn: str | None) -> tuple[str | None, str | None, tuple[str, str, str] | None]:
    """(region, account, ref) of an ARN: ``arn:aws:rds:eu-west-1:1111:db:orders`` ->
    ("eu-west-1", "1111", ("rds", "db", "orders")); Nones for what it does not say."""
    if not arn or not arn.startswith("arn:"):
        return None, None, None
    parts = arn.split(":", 5)
    if len(parts) < 6:
        return None, None, None
    _, _, service, region, account, rest = parts
    kind, sep, name = rest.partition(":")
    if not sep:
        kind, sep, name = rest.strip("/").partition("/")
    if service == "cassandra":  # arn:aws:cassandra:REGION:ACCT:/keyspace/NAME/
        bits = rest.strip("/").split("/")
        kind, name = (bits[0], bits[1]) if len(bits) >= 2 else ("", "")
    ref = (service, kind, name.strip("/")) if sep and name else None
    return region or None, account or None, ref
