"""The operator and region registries, read from the package's data files.

``data/operators.toml`` and ``data/regions.toml`` are read once and checked:
an unknown key, a missing field, a name given twice or a reference to an
unknown operator or region raises ``RegistryError`` naming the file and
the entry. ``telcoradar.extract.operators`` does the matching; this module
only loads.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

__all__ = [
    "Operator",
    "Region",
    "Registry",
    "RegistryError",
    "check_entry",
    "data_file",
    "load_registry",
    "parse_toml",
    "registry",
]

REGION_KINDS = ("municipality", "province", "autonomous_region", "sar", "region", "city", "country")
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_COUNTRY = re.compile(r"[A-Z]{2}")
_DOMAIN = re.compile(r"[a-z0-9-]+(?:\.[a-z0-9-]+)+")


class RegistryError(ValueError):
    """A data file of the registry is malformed: the message names the file and the entry."""


@dataclass(frozen=True, slots=True)
class Operator:
    id: str
    zh: str
    en: str
    country: str
    aliases: tuple[str, ...] = ()
    context: tuple[str, ...] = ()  # ordinary words too: need a cue to count (移动, 电信)
    after_region: tuple[str, ...] = ()  # count only right after a region (Shanghai Mobile)
    by_region: Mapping[str, str] = field(default_factory=dict)  # region -> operator id
    domains: tuple[str, ...] = ()  # web sites of its own: "hkcsl.com" covers www.hkcsl.com too


@dataclass(frozen=True, slots=True)
class Shared:
    name: str
    operators: tuple[str, ...]  # the first is the default
    context: bool = False


@dataclass(frozen=True, slots=True)
class Region:
    name: str
    full: str
    en: str
    kind: str
    country: str
    province: str | None = None
    aliases: tuple[str, ...] = ()

    @property
    def spellings(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((self.name, self.full, self.en, *self.aliases)))


@dataclass(frozen=True, slots=True)
class Registry:
    operators: Mapping[str, Operator]
    shared: Mapping[str, Shared]
    regions: Mapping[str, Region]
    region_names: Mapping[str, str]  # every spelling -> canonical name
    domains: Mapping[str, str] = field(default_factory=dict)  # web domain -> operator id


_OPERATOR_KEYS: dict[str, type] = {"id": str, "zh": str, "en": str, "country": str}
_OPERATOR_KEYS |= {"aliases": list, "context": list, "after_region": list, "by_region": dict, "domains": list}
_SHARED_KEYS: dict[str, type] = {"name": str, "operators": list, "context": bool}
_REGION_KEYS: dict[str, type] = {"name": str, "full": str, "en": str, "kind": str, "country": str}
_REGION_KEYS |= {"province": str, "aliases": list}
_REQUIRED_OPERATOR = ("id", "zh", "en", "country")
_REQUIRED_REGION = ("name", "full", "en", "kind", "country")


def check_entry(
    where: str, entry: Any, keys: Mapping[str, type], required: tuple[str, ...]
) -> dict[str, Any]:
    if not isinstance(entry, dict):
        raise RegistryError(f"{where}: expected a table")
    for key, value in entry.items():
        if key not in keys:
            raise RegistryError(f"{where}: unknown key {key!r}")
        if not isinstance(value, keys[key]):
            raise RegistryError(f"{where}: {key!r} must be a {keys[key].__name__}")
        words = [value] if isinstance(value, str) else list(value) if isinstance(value, list) else []
        if isinstance(value, dict):
            words = [*value.keys(), *value.values()]
        if not all(isinstance(w, str) and w and w == w.strip() for w in words):
            raise RegistryError(f"{where}: {key!r} must hold non-empty strings without outer spaces")
    for key in required:
        if key not in entry:
            raise RegistryError(f"{where}: missing {key!r}")
    return entry


def _top(name: str, data: dict[str, Any], allowed: tuple[str, ...]) -> None:
    for key in data:
        if key not in allowed:
            raise RegistryError(f"{name}: unknown key {key!r}")
        if not isinstance(data[key], list):
            raise RegistryError(f"{name}: {key!r} must be an array of tables")


def parse_toml(name: str, text: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RegistryError(f"{name}: {exc}") from exc


def _load_regions(text: str, name: str = "regions.toml") -> dict[str, Region]:
    data = parse_toml(name, text)
    _top(name, data, ("region",))
    regions: dict[str, Region] = {}
    seen: dict[str, str] = {}
    for i, raw in enumerate(data.get("region", [])):
        where = f"{name}: region {raw.get('name', i + 1) if isinstance(raw, dict) else i + 1}"
        entry = check_entry(where, raw, _REGION_KEYS, _REQUIRED_REGION)
        if entry["kind"] not in REGION_KINDS:
            raise RegistryError(f"{where}: kind {entry['kind']!r} is not one of {', '.join(REGION_KINDS)}")
        if not _COUNTRY.fullmatch(entry["country"]):
            raise RegistryError(f"{where}: country {entry['country']!r} is not an ISO 3166 code")
        if (entry["kind"] == "city") != ("province" in entry):
            raise RegistryError(f"{where}: a city, and only a city, names its province")
        region = Region(**{**entry, "aliases": tuple(entry.get("aliases", ()))})
        for spelling in region.spellings:
            if spelling in seen:
                raise RegistryError(f"{where}: {spelling!r} is already a name of {seen[spelling]}")
            seen[spelling] = region.name
        regions[region.name] = region
    for region in regions.values():
        if region.province is not None:
            parent = regions.get(region.province)
            if parent is None or parent.kind == "city":
                raise RegistryError(f"{name}: region {region.name}: unknown province {region.province!r}")
    return regions


def _load_operators(
    text: str, regions: Mapping[str, Region], name: str = "operators.toml"
) -> tuple[dict[str, Operator], dict[str, Shared]]:
    data = parse_toml(name, text)
    _top(name, data, ("operator", "shared"))
    operators: dict[str, Operator] = {}
    seen: dict[str, str] = {}

    def claim(where: str, alias: str, owner: str) -> None:
        if alias in seen:
            raise RegistryError(f"{where}: alias {alias!r} is already used by {seen[alias]}")
        seen[alias] = owner

    for i, raw in enumerate(data.get("operator", [])):
        where = f"{name}: operator {raw.get('id', i + 1) if isinstance(raw, dict) else i + 1}"
        entry = check_entry(where, raw, _OPERATOR_KEYS, _REQUIRED_OPERATOR)
        if not _ID.fullmatch(entry["id"]):
            raise RegistryError(f"{where}: id must be lower-case words joined by '-'")
        if entry["id"] in operators:
            raise RegistryError(f"{where}: id given twice")
        if not _COUNTRY.fullmatch(entry["country"]):
            raise RegistryError(f"{where}: country {entry['country']!r} is not an ISO 3166 code")
        for alias in [*entry.get("aliases", []), *entry.get("context", []), *entry.get("after_region", [])]:
            claim(where, alias, entry["id"])
        operators[entry["id"]] = Operator(
            id=entry["id"],
            zh=entry["zh"],
            en=entry["en"],
            country=entry["country"],
            aliases=tuple(entry.get("aliases", ())),
            context=tuple(entry.get("context", ())),
            after_region=tuple(entry.get("after_region", ())),
            by_region=dict(entry.get("by_region", {})),
            domains=tuple(d.lower() for d in entry.get("domains", ())),
        )
    shared: dict[str, Shared] = {}
    for i, raw in enumerate(data.get("shared", [])):
        where = f"{name}: shared {raw.get('name', i + 1) if isinstance(raw, dict) else i + 1}"
        entry = check_entry(where, raw, _SHARED_KEYS, ("name", "operators"))
        claim(where, entry["name"], "a [[shared]] entry")
        shared[entry["name"]] = Shared(entry["name"], tuple(entry["operators"]), entry.get("context", False))
        _known_ids(where, shared[entry["name"]].operators, operators)
    for op in operators.values():
        for region, target in op.by_region.items():
            if region not in regions:
                raise RegistryError(f"{name}: operator {op.id}: by_region names unknown region {region!r}")
            _known_ids(f"{name}: operator {op.id}", (target,), operators)
    return operators, shared


def _known_ids(where: str, ids: tuple[str, ...], operators: Mapping[str, Operator]) -> None:
    if not ids:
        raise RegistryError(f"{where}: lists no operator")
    for op_id in ids:
        if op_id not in operators:
            raise RegistryError(f"{where}: unknown operator {op_id!r}")


def load_registry(operators_toml: str, regions_toml: str) -> Registry:
    """Build and check a registry from the text of the two data files."""
    regions = _load_regions(regions_toml)
    operators, shared = _load_operators(operators_toml, regions)
    names = {spelling: r.name for r in regions.values() for spelling in r.spellings}
    domains: dict[str, str] = {}
    for op in operators.values():
        for domain in op.domains:
            if not _DOMAIN.fullmatch(domain):
                raise RegistryError(f"operators.toml: operator {op.id}: {domain!r} is not a web domain")
            if domain in domains:
                owner = domains[domain]
                raise RegistryError(f"operators.toml: operator {op.id}: domain {domain!r} is {owner}'s")
            domains[domain] = op.id
    return Registry(operators=operators, shared=shared, regions=regions, region_names=names, domains=domains)


@functools.cache
def registry() -> Registry:
    """The registry of the package's data files, loaded once."""
    return load_registry(data_file("operators.toml"), data_file("regions.toml"))


def data_file(name: str) -> str:
    """The text of one of the package's data files."""
    return resources.files("telcoradar").joinpath("data").joinpath(name).read_text(encoding="utf-8")
