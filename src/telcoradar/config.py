"""Settings: command-line flags over environment over these defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_dir

DEFAULT_MAX_BYTES = 20 * 1024 * 1024  # documents above this size are refused


def data_dir() -> Path:
    return Path(os.environ.get("TELCORADAR_HOME") or user_data_dir("telcoradar", appauthor=False))


def default_database_url() -> str:
    return f"sqlite:///{data_dir() / 'telcoradar.sqlite'}"


@dataclass(frozen=True)
class Settings:
    database_url: str
    broker_url: str
    max_bytes: int

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            database_url=os.environ.get("TELCORADAR_DATABASE_URL") or default_database_url(),
            broker_url=os.environ.get("TELCORADAR_BROKER_URL") or "redis://127.0.0.1:6379/0",
            max_bytes=int(os.environ.get("TELCORADAR_MAX_BYTES") or DEFAULT_MAX_BYTES),
        )
