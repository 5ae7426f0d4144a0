"""The error types a face turns into a one-line message: exit code 1, or 2 for wrong usage."""

from __future__ import annotations


class InputError(Exception):
    """An input could not be used: names the input and what is wrong with it."""

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem


class UsageError(InputError):
    """Wrong usage: a value that is none of the known ones (the message lists them) or not in
    the form asked for. The CLI exits 2; the web answers 400 as for any input error."""


class ConfigError(Exception):
    """A setting or an optional dependency is missing or wrong."""
