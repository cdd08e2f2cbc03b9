"""The same outputs, read straight from AWS with boto3 (``whoowns inventory fetch``).

Each call is the read-only API the AWS CLI command of a kind calls, every page read; the
responses are put in the JSON shapes the CLI prints and given to the importer as
:class:`~bot.inventory.found.Input` values, so a fetch writes exactly what importing the files
would. boto3 is optional (``pip install 'whoowns[aws]'``) and imported only here, when a fetch
runs. Credentials come from the standard chain (``--profile``, environment, ~/.aws, a role).

IAM actions called: rds:DescribeDBInstances, rds:DescribeDBClusters,
rds:DescribePendingMaintenanceActions, dynamodb:ListTables, dynamodb:DescribeTable,
dynamodb:ListTagsOfResource, dynamodb:DescribeContinuousBackups, redshift:DescribeClusters,
ec2:DescribeInstances, ec2:DescribeRegions (--all-regions).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from bot.inventory.aws import SERVICE_TAG
from bot.inventory.found import Input

AWS_EXTRA = "pip install 'whoowns[aws]'"
# the kinds a fetch reads, in the order they are imported
FETCHED_KINDS = (
    "aws-rds-clusters",
    "aws-rds-instances",
    "aws-rds-maintenance",
    "aws-dynamodb",
    "aws-dynamodb-backups",
    "aws-tags",
    "aws-redshift",
    "aws-ec2",
)


class FetchError(Exception):
    """AWS could not be read; the message is one line."""


def session(profile: str | None) -> Any:
    """A boto3 session (FetchError naming the extra when boto3 is not installed)."""
    try:
        import boto3
        import botocore.exceptions
    except ImportError:
        raise FetchError(f"reading from AWS needs boto3: {AWS_EXTRA}") from None
    try:
        return boto3.Session(profile_name=profile)
    except botocore.exceptions.ProfileNotFound:
        raise FetchError(f"no AWS profile named '{profile}' (see ~/.aws/config)") from None


def regions_of(aws: Any, given: Sequence[str], every: bool) -> list[str]:
    """The regions to read: those given, every enabled one, or the profile's."""
    if given:
        return list(dict.fromkeys(given))
    if every:
        home = aws.region_name or "us-east-1"
        answer = _call(lambda: aws.client("ec2", region_name=home).describe_regions(), home)
        return sorted(r["RegionName"] for r in answer["Regions"])
    if aws.region_name:
        return [aws.region_name]
    raise FetchError("which region? give --region R (repeatable) or --all-regions")


def fetch_inputs(aws: Any, regions: Sequence[str]) -> list[Input]:
    """Every kind's output in every region, as importer inputs."""
    inputs: list[Input] = []
    for region in regions:

        def read(region: str = region) -> list[Input]:
            return list(_region(aws, region))

        inputs += _call(read, region)
    order = {kind: index for index, kind in enumerate(FETCHED_KINDS)}
    return sorted(inputs, key=lambda i: order[str(i.kind)])


def _region(aws: Any, region: str) -> Iterator[Input]:
    def one(kind: str, what: str, docs: Sequence[object], table: str | None = None) -> Input:
        return Input(kind, Path(f"{region}: {what}"), table=table, docs=tuple(docs))

    rds = aws.client("rds", region_name=region)
    yield one(
        "aws-rds-clusters",
        "describe-db-clusters",
        _pages(rds, "describe_db_clusters", "DBClusters"),
    )
    yield one(
        "aws-rds-instances",
        "describe-db-instances",
        _pages(rds, "describe_db_instances", "DBInstances"),
    )
    key = "PendingMaintenanceActions"
    yield one("aws-rds-maintenance", "describe-pending-maintenance-actions",
              _pages(rds, "describe_pending_maintenance_actions", key))  # fmt: skip
    yield from _dynamodb(aws.client("dynamodb", region_name=region), one)
    redshift = aws.client("redshift", region_name=region)
    yield one(
        "aws-redshift", "describe-clusters", _pages(redshift, "describe_clusters", "Clusters")
    )
    ec2 = aws.client("ec2", region_name=region)
    tagged = [{"Name": "tag-key", "Values": [SERVICE_TAG]}]
    yield one("aws-ec2", "describe-instances",
              _pages(ec2, "describe_instances", "Reservations", Filters=tagged))  # fmt: skip


def _dynamodb(client: Any, one: Callable[..., Input]) -> Iterator[Input]:
    names = _items(client, "list_tables", "TableNames")
    tables = [client.describe_table(TableName=name) for name in names]
    yield one("aws-dynamodb", "describe-table", tables or [{"TableNames": []}])
    tags = []
    for described in tables:
        arn = described["Table"]["TableArn"]
        found = _items(client, "list_tags_of_resource", "Tags", ResourceArn=arn)
        tags.append({"ResourceARN": arn, "Tags": found})
        backups = client.describe_continuous_backups(TableName=described["Table"]["TableName"])
        yield one("aws-dynamodb-backups", f"describe-continuous-backups {arn}", [backups], arn)
    yield one("aws-tags", "dynamodb list-tags-of-resource", [{"ResourceTagMappingList": tags}])


def _items(client: Any, operation: str, key: str, **params: object) -> list[Any]:
    """Every item under ``key`` of every page."""
    items: list[Any] = []
    for page in client.get_paginator(operation).paginate(**params):
        items += page.get(key, [])
    return items


def _pages(client: Any, operation: str, key: str, **params: object) -> list[object]:
    """One document holding every page's items, as the CLI prints them (no page marker)."""
    return [{key: _items(client, operation, key, **params)}]


def _call(read: Callable[[], Any], region: str) -> Any:
    """``read()``, AWS's refusals and missing credentials made one line."""
    import botocore.exceptions

    try:
        return read()
    except botocore.exceptions.NoCredentialsError:
        raise FetchError(
            "no AWS credentials found (the standard chain: --profile, AWS_PROFILE, "
            "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, ~/.aws, an instance or task role)"
        ) from None
    except botocore.exceptions.ClientError as exc:
        error = exc.response.get("Error", {})
        operation = exc.operation_name
        raise FetchError(
            f"AWS refused {operation} in {region}: {error.get('Code')} ({error.get('Message')})"
        ) from None
    except botocore.exceptions.BotoCoreError as exc:
        raise FetchError(f"could not read AWS in {region}: {exc}") from None
