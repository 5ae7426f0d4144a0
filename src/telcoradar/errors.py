"""The one error type a face turns into a one-line message and exit code 1."""

from __future__ import annotations


class InputError(Exception):
    """An input could not be used: names the input and what is wrong with it."""

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem


class ConfigError(Exception):
    """A setting or an optional dependency is missing or wrong."""
