"""The kinds that add settings to resources another kind found: joined, never new entries.

- ``aws-rds-maintenance``: each ``ResourcePendingMaintenanceActions`` joins the resource with
  its ARN, or, for an Aurora (or other cluster) member instance given in the same run, its
  cluster. Every RDS-family resource of the file with an ARN (in the run's regions, when they
  are known) gets ``PendingMaintenanceActions``: ``[]`` when nothing is pending.
- ``aws-dynamodb-backups``: ``TABLE=PATH``; TABLE is an entry's id, an alias, the ARN, or a
  table name (refused when that name is a table in several regions: give the id).
What joins nothing is listed as skipped, with the reason.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from bot.inventory.aws import RdsInstance
from bot.inventory.found import ShapeError, parse_arn
from bot.inventory.merge import Merge
from bot.kb.settings import SERVICE_MODELS

MAINTENANCE = "aws-rds-maintenance"
BACKUPS = "aws-dynamodb-backups"


def _of_model(merge: Merge, model: str) -> dict[str, dict[str, object]]:
    return {
        ident: fields
        for ident, fields in merge.resources.items()
        if SERVICE_MODELS.get(str(fields.get("service"))) == model
    }


def join_maintenance(
    merge: Merge,
    actions: Mapping[str, dict[str, object]],
    instances: Sequence[RdsInstance],
    regions: Collection[str] | None = None,
) -> None:
    """Pending maintenance actions (ARN -> ResourcePendingMaintenanceActions) onto entries."""
    by_arn = {str(f["arn"]): i for i, f in _of_model(merge, "rds").items() if f.get("arn")}
    to_cluster = {i.arn: _cluster_arn(i) for i in instances if i.arn and i.cluster}
    pending: dict[str, list[dict[str, object]]] = {
        ident: []
        for arn, ident in by_arn.items()
        if regions is None or parse_arn(arn)[0] in regions
    }
    for arn, item in actions.items():
        ident = by_arn.get(arn) or by_arn.get(to_cluster.get(arn) or "")
        if ident is None:
            reason = "no resource with this ARN in the file or the input"
            ref = parse_arn(arn)[2]
            if ref is not None and ref[1] == "db":
                reason += " (a cluster member? import --from aws-rds-instances with it)"
            merge.outcome.tally(MAINTENANCE).skipped += 1
            merge.outcome.skipped.append((MAINTENANCE, arn, reason))
            continue
        pending.setdefault(ident, []).append(item)
    for ident, items in pending.items():
        section = {"PendingMaintenanceActions": items}
        merge.update_settings(MAINTENANCE, ident, {MAINTENANCE: section})


def _cluster_arn(instance: RdsInstance) -> str | None:
    region, account, _ = parse_arn(instance.arn)
    if region is None or account is None:
        return None
    return f"arn:aws:rds:{region}:{account}:cluster:{instance.cluster}"


def join_backups(merge: Merge, backups: Sequence[tuple[str, str, dict[str, object]]]) -> None:
    """``describe-continuous-backups`` outputs, each given for one TABLE, onto its entry."""
    tables = _of_model(merge, "dynamodb")
    for table, file, values in backups:
        matches = [ident for ident, fields in tables.items() if _names(table, ident, fields)]
        if table in tables:
            matches = [table]
        if len(matches) > 1:
            raise ShapeError(
                f"{file}: table '{table}' is {', '.join(matches)} (one per region or account): "
                f"give the id as TABLE ({matches[0]}={file})"
            )
        if not matches:
            merge.outcome.tally(BACKUPS).skipped += 1
            reason = "no DynamoDB table of that name in the file or the input"
            merge.outcome.skipped.append((BACKUPS, f"{table}={file}", reason))
            continue
        merge.update_settings(BACKUPS, matches[0], {BACKUPS: values})


def _names(table: str, ident: str, fields: Mapping[str, object]) -> bool:
    arn = str(fields.get("arn") or "")
    aliases = fields.get("aliases")
    return (
        table in (ident, arn)
        or parse_arn(arn)[2] == ("dynamodb", "table", table)
        or (isinstance(aliases, list) and table in aliases)
    )
