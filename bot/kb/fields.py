"""The fields of each core knowledge record (what ``Reader.record`` checks): a table, no logic."""

from __future__ import annotations

from bot.kb.models import CATEGORY_IDS, OWNERS
from bot.kb.nodes import Field, choice, flag, node, text, texts

CATEGORY_FIELDS: dict[str, Field] = {
    "name": text(),
    "description": text(),
    "aws_does": texts(required=True, nonempty=True),
    "customer_does": texts(required=True, nonempty=True),
    "characteristics": texts(),
    "cost": text(),
    "when_to_choose": texts(),
    "best_practices": texts(),
    "compared_with": node(required=False),
    "aliases": texts(),
    "source": text(),
}
CELL_FIELDS: dict[str, Field] = {
    "owner": choice(OWNERS),
    "aws": text(required=False, nonempty=False),
    "customer": text(required=False, nonempty=False),
    "source": text(),
}
DUTY_FIELDS: dict[str, Field] = {
    "name": text(),
    "summary": text(),
    "in_table": flag(),
    "aliases": texts(),
    "cells": node(required=False),
    "source": text(),
}
SERVICE_FIELDS: dict[str, Field] = {
    "name": text(),
    "category": choice(CATEGORY_IDS),
    "also_listed_under": texts(),
    "kind": text(),
    "aliases": texts(),
    "note": text(required=False),
    "source": text(),
}
GROUP_FIELDS: dict[str, Field] = {
    "name": text(),
    "members": texts(required=True, nonempty=True),
    "aliases": texts(),
    "note": text(),
    "source": text(),
}
ENGINE_FIELDS: dict[str, Field] = {
    "name": text(),
    "aliases": texts(required=True, nonempty=True),
    "services": texts(required=True, nonempty=True),
    "note": text(),
    "source": text(),
}
SCENARIO_FIELDS: dict[str, Field] = {
    "name": text(),
    "text": text(),
    "category": choice(CATEGORY_IDS),
    "aliases": texts(required=True, nonempty=True),
    "source": text(),
}
EXAM_FIELDS: dict[str, Field] = {
    "text": text(),
    "detail": text(required=False, nonempty=False),
    "source": text(),
}
SECURITY_FIELDS: dict[str, Field] = {
    "aws": text(),
    "customer": text(),
    "responsibilities": node(),
    "source": text(),
}
SECURITY_ITEM_FIELDS: dict[str, Field] = {
    "name": text(),
    "text": text(),
    "owner": choice(OWNERS),
    "source": text(),
}
