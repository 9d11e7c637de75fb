"""Recruiters' tools behind `python -m bot`: ask, review, knowledge, golden, report.

bot/cli.py only wires commands to these modules; each module works without Typer so tests can call it.
"""
