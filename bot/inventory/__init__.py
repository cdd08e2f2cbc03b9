"""Importing an organisation's databases from what AWS or Backstage already knows.

    from bot.inventory import Input, plan_import
    plan = plan_import([Input("aws-rds-clusters", Path("clusters.json"))], knowledge, ...)

One module per concern: :mod:`~bot.inventory.found` (the values), :mod:`~bot.inventory.aws`
(the AWS CLI's JSON shapes), :mod:`~bot.inventory.classify` (course service for each engine),
:mod:`~bot.inventory.backstage` (catalog entities), :mod:`~bot.inventory.merge` (ids, owners,
re-import), :mod:`~bot.inventory.importer` (one run, start to end). Nothing here reads YAML
itself (bot/kb does) and nothing prints (bot/commands/inventory.py does).
"""

from bot.inventory.found import KINDS, Found, Input, ShapeError
from bot.inventory.importer import Plan, plan_import

__all__ = ["KINDS", "Found", "Input", "Plan", "ShapeError", "plan_import"]
