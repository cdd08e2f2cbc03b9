"""Workflow steps' completion methods, as Slack answers them: ``functions.completeSuccess``
(``function_execution_id`` and an ``outputs`` object) and ``functions.completeError``
(``function_execution_id`` and an ``error`` message). A call missing either, or with outputs
that are not a JSON object, gets ``invalid_arguments``. Calls are recorded like every other, so
a test reads what a step ended with from ``slack.calls_to("functions.completeSuccess")``.
"""

from __future__ import annotations

from bot.localslack.responses import Args, Response, json_arg, web_api
from bot.localslack.workspace import Workspace

INVALID = {"ok": False, "error": "invalid_arguments"}


def _execution(args: Args) -> str:
    value = args.get("function_execution_id")
    return value.strip() if isinstance(value, str) else ""


@web_api("functions.completeSuccess")
def functions_complete_success(ws: Workspace, args: Args) -> Response:
    outputs = json_arg(args, "outputs")
    if not _execution(args) or not isinstance(outputs, dict):
        return dict(INVALID)
    return {"ok": True}


@web_api("functions.completeError")
def functions_complete_error(ws: Workspace, args: Args) -> Response:
    error = args.get("error")
    if not _execution(args) or not isinstance(error, str) or not error.strip():
        return dict(INVALID)
    return {"ok": True}
