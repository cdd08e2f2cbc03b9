"""Workflow Builder custom steps: "Who owns this duty?" and "Start onboarding for a person"
(:mod:`bot.steps.listeners`)."""
