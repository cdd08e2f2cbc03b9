"""A Backstage catalog file (``catalog-info.yaml``, ``---``-separated entities) -> teams and
resources.

- ``kind: Group`` -> a team: ``metadata.name``, ``spec.profile.displayName`` (else
  ``metadata.title``), the ``whoowns/slack`` annotation for the handle.
- ``kind: Resource`` -> a resource when it has a ``whoowns/service`` annotation; without one,
  ``spec.type: dynamodb-table`` -> ``dynamodb`` and ``rds-instance`` -> ``rds`` (unless its
  metadata says Aurora: then the ``aurora`` group, with a note). Anything else is skipped with
  its reason. ``spec.owner`` (``group:default/x`` or ``x``) -> owner.
- Other kinds (Component, System, User, ...) are not resources and are passed over.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from bot.inventory.found import Found, FoundTeam, ShapeError, parse_arn
from bot.kb.documents import DocumentError, read_documents

SLACK_ANNOTATION = "whoowns/slack"
SERVICE_ANNOTATION = "whoowns/service"
ARN_ANNOTATION = "whoowns/arn"
TYPES: Mapping[str, str] = {"dynamodb-table": "dynamodb", "rds-instance": "rds"}
_AURORA = re.compile(r"\baurora", re.IGNORECASE)
KIND = "backstage"


def read_backstage(path: Path) -> tuple[list[FoundTeam], list[Found]]:
    try:
        documents = read_documents(path)
    except DocumentError as exc:
        raise ShapeError(f"{exc}; expected a Backstage catalog file") from None
    teams: list[FoundTeam] = []
    found: list[Found] = []
    for index, doc in enumerate(documents, start=1):
        if not isinstance(doc, dict) or not isinstance(doc.get("kind"), str):
            raise ShapeError(
                f"{path}: document {index} is not a Backstage entity "
                "(expected apiVersion, kind, metadata and spec)"
            )
        metadata = doc.get("metadata")
        name = metadata.get("name") if isinstance(metadata, dict) else None
        if not isinstance(metadata, dict) or not isinstance(name, str) or not name:
            raise ShapeError(f"{path}: document {index} ({doc['kind']}) has no metadata.name")
        spec = doc.get("spec") if isinstance(doc.get("spec"), dict) else {}
        assert isinstance(spec, dict)
        if doc["kind"] == "Group":
            teams.append(_team(name, metadata, spec))
        elif doc["kind"] == "Resource":
            found.append(_resource(name, metadata, spec))
    return teams, found


def entity_name(ref: object) -> str | None:
    """``group:default/platform-db`` -> ``platform-db``; ``user:...`` -> None (not a team)."""
    if not isinstance(ref, str) or not ref.strip():
        return None
    kind, sep, rest = ref.strip().partition(":")
    if sep and kind.casefold() != "group":
        return None
    rest = rest if sep else kind
    return rest.rpartition("/")[2] or None


def _annotations(metadata: Mapping[str, object]) -> dict[str, str]:
    value = metadata.get("annotations")
    if not isinstance(value, dict):
        return {}
    return {str(k): str(v) for k, v in value.items() if v is not None}


def _team(name: str, metadata: Mapping[str, object], spec: Mapping[str, object]) -> FoundTeam:
    profile = spec.get("profile")
    display = profile.get("displayName") if isinstance(profile, dict) else None
    title = display or metadata.get("title")
    slack = _annotations(metadata).get(SLACK_ANNOTATION)
    return FoundTeam(
        id=name,
        name=str(title) if isinstance(title, str) and title.strip() else name,
        slack=slack.strip() if slack and slack.strip() else None,
    )


def _resource(name: str, metadata: Mapping[str, object], spec: Mapping[str, object]) -> Found:
    notes = _annotations(metadata)
    arn = notes.get(ARN_ANNOTATION)
    region, account, ref = parse_arn(arn)
    raw_links = metadata.get("links")
    links = tuple(
        (str(link.get("title") or link["url"]), str(link["url"]))
        for link in (raw_links if isinstance(raw_links, list) else [])
        if isinstance(link, dict) and isinstance(link.get("url"), str)
    )
    description = metadata.get("description")

    def found(service: str | None, reason: str = "", note: str | None = None) -> Found:
        return Found(
            KIND,
            name,
            service,
            reason,
            arn=arn,
            ref=ref,
            region=region,
            account=account,
            owner_ref=entity_name(spec.get("owner")),
            links=links,
            description=description.strip() if isinstance(description, str) else None,
            note=note,
        )

    service = notes.get(SERVICE_ANNOTATION)
    kind = spec.get("type")
    note = None
    if service:
        service = service.strip()
    elif kind in TYPES:
        service = TYPES[str(kind)]
        if service == "rds" and _says_aurora(metadata):
            service = "aurora"
            note = (
                "Backstage says this is Aurora but not which variant: both apply "
                f"(set the {SERVICE_ANNOTATION} annotation to decide)"
            )
    else:
        reason = (
            f"spec.type '{kind}' without a {SERVICE_ANNOTATION} annotation "
            "(say which course service it is)"
        )
        return found(None, reason)
    return found(service, note=note)


def _says_aurora(metadata: Mapping[str, object]) -> bool:
    texts: list[str] = [str(metadata.get("title") or "")]
    for key in ("labels", "annotations"):
        value = metadata.get(key)
        if isinstance(value, dict):
            texts += [str(v) for v in value.values()]
    tags = metadata.get("tags")
    if isinstance(tags, list):
        texts += [str(t) for t in tags]
    return any(_AURORA.search(t) for t in texts)
