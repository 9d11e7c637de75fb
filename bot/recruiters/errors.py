"""Errors the recruiters' commands turn into a clear message and an exit code instead of a traceback."""

from __future__ import annotations


class ToolError(Exception):
    """Bad input or an unavailable resource; `exit_code` is what the command exits with."""

    exit_code = 1


class ModelMissing(ToolError):
    exit_code = 2


class DatabaseUnavailable(ToolError):
    exit_code = 3


class InvalidInput(ToolError):
    exit_code = 4
