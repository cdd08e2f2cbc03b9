"""Requests of an org-wide install (Enterprise Grid), as Slack sends them: the command's or
event's ``team_id`` is the workspace it comes from, ``enterprise_id`` the organisation, and an
event's ``authorizations`` name the organisation only (``team_id: null``)."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl, urlencode

from bot.localslack.oauth import ENTERPRISE_ID, bot_user_for
from bot.localslack.payloads import (
    FORM,
    JSON,
    Request,
    block_actions,
    event_callback,
    sign,
    slash_command,
)

# how Slack names the installation in an org-wide event's ``authorizations[0]``: the
# organisation only ("org"), or (Slack's sample payloads) one of its workspaces, not as an
# enterprise install ("team")
SHAPES = ("org", "team")


def _resign(body: str, content_type: str) -> Request:
    return sign(body, content_type=content_type)


def org_command(text: str, *, team_id: str, **fields: Any) -> Request:
    """``/whoowns TEXT`` from ``team_id``, a workspace of the org-wide install."""
    body, _ = slash_command(text, team_id=team_id, **fields)
    form = dict(parse_qsl(body, keep_blank_values=True))
    form.update(enterprise_id=ENTERPRISE_ID, enterprise_name="whoowns grid")
    form["is_enterprise_install"] = "true"
    return _resign(urlencode(form), FORM)


def org_event(event: dict[str, Any], *, team_id: str, event_id: str, shape: str = "org") -> Request:
    """An Events API delivery of the org-wide install, from ``team_id`` (``shape``: how
    ``authorizations[0]`` names the installation, :data:`SHAPES`)."""
    body, _ = event_callback(event, team_id=team_id, event_id=event_id)
    envelope = json.loads(body)
    envelope["enterprise_id"] = ENTERPRISE_ID
    org = shape == "org"
    envelope["authorizations"] = [
        {
            "enterprise_id": ENTERPRISE_ID,
            "team_id": None if org else team_id,
            "user_id": bot_user_for(ENTERPRISE_ID),
            "is_bot": True,
            "is_enterprise_install": org,
        }
    ]
    return _resign(json.dumps(envelope), JSON)


def access_event(kind: str, team_ids: list[str], *, event_id: str, shape: str = "org") -> Request:
    """``team_access_granted`` / ``team_access_revoked`` for the org-wide install."""
    event = {"type": kind, "team_ids": team_ids, "event_ts": "1700000000.000100"}
    return org_event(event, team_id=team_ids[0], event_id=event_id, shape=shape)


def org_click(action: dict[str, Any], *, team_id: str, user_id: str, response_url: str) -> Request:
    """A button click in ``team_id`` through the org-wide install: Slack sends ``team`` as
    null and names the workspace in ``user.team_id``."""
    body, _ = block_actions([action], team_id=team_id, user_id=user_id, response_url=response_url)
    payload = json.loads(dict(parse_qsl(body))["payload"])
    payload.update(
        team=None,
        enterprise={"id": ENTERPRISE_ID, "name": "whoowns grid"},
        is_enterprise_install=True,
    )
    return _resign(urlencode({"payload": json.dumps(payload)}), FORM)


def org_uninstalled(
    kind: str = "app_uninstalled", *, event_id: str = "EvORGGONE", shape: str = "org"
) -> Request:
    """The org-wide install removed (``app_uninstalled``) or its bot token revoked (in the
    "team" shape, Slack names the workspace T0ORGA)."""
    event: dict[str, Any] = {"type": kind}
    if kind == "tokens_revoked":
        event["tokens"] = {"oauth": [], "bot": [bot_user_for(ENTERPRISE_ID)]}
    team = ENTERPRISE_ID if shape == "org" else "T0ORGA"
    return org_event(event, team_id=team, event_id=event_id, shape=shape)
