"""Plan observations and the versions they imply.

Every plan a snapshot shows is stored as an observation. Observations of one
plan key (operator, region, normalized name, period) make versions: an
observation with the same attributes extends the current version, a changed
one closes it (valid_to = the new observation's time) and opens another, and
a plan missing from the next capture of the same URI is withdrawn (its
version closed). Captures that arrive out of time order rebuild the versions
of the keys they touch from all observations.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import bindparam, delete, func, insert, select, update
from sqlalchemy.orm import Session

from telcoradar.model import Plan, normalize_name
from telcoradar.store.direct import Direct
from telcoradar.store.kinds import kind_of, repeatable
from telcoradar.store.review_apply import Decided, apply_to_new_rows
from telcoradar.store.schema import Base, PlanObservationRow, PlanVersionRow, SnapshotRow
from telcoradar.store.snapshots import CaptureLike, Latest, previous_snapshot
from telcoradar.store.sql import Db, chunks, connection_of, digest, quantize

PO = PlanObservationRow
PV = PlanVersionRow
# The hot path talks Core to the tables: the ORM's per-statement work would cost more than the SQL.
OBS = Base.metadata.tables["plan_observations"]
VER = Base.metadata.tables["plan_versions"]
SNAP = Base.metadata.tables["snapshots"]
# Observations go in without RETURNING (one driver executemany); the versions find the
# observation of a key in SQL: the capture's first (lowest id) of that key.
INSERT_OBS = Direct(insert(OBS))
_FIRST_OF_KEY = (
    (OBS.c.snapshot_id == bindparam("snap"))
    & (OBS.c.plan_key == bindparam("okey"))
    & (OBS.c.review != "rejected")  # a rejected plan is kept with its evidence, in no version
)
FIRST_OBSERVATION = select(func.min(OBS.c.id)).where(_FIRST_OF_KEY).scalar_subquery()
CLOSE = Direct(update(VER).where(VER.c.id == bindparam("vid")).values(valid_to=bindparam("to")))
EXTEND = Direct(
    update(VER)
    .where(VER.c.id == bindparam("vid"))
    .values(last_seen_at=bindparam("seen"), last_observation_id=FIRST_OBSERVATION, review=bindparam("review"))
)
# The open versions of a capture's keys, and (OPEN_OR_LAST) those the previous capture of
# its URI was the last to show: statements built once, the keys bound as an expanding list.
_OPEN_COLUMNS = select(VER.c.id, VER.c.plan_key, VER.c.attrs_key, VER.c.last_seen_at)
_KEYS = VER.c.plan_key.in_(bindparam("keys", expanding=True))
OPEN = _OPEN_COLUMNS.where(VER.c.valid_to.is_(None), _KEYS)
OPEN_OR_LAST = _OPEN_COLUMNS.where(
    VER.c.valid_to.is_(None),
    _KEYS | VER.c.last_observation_id.in_(select(OBS.c.id).where(OBS.c.snapshot_id == bindparam("previous"))),
)
ATTRIBUTES = (
    "price",
    "currency",
    "recurring",
    "data_gb",
    "data_unlimited",
    "voice_min",
    "intl_voice_min",
    "sms",
    "perks",
    "audience",
)
# Flags added later: they join the attributes' digest only when set, so that the versions
# stored before them keep their digest.
FLAGS = ("voice_unlimited", "sms_unlimited")
# Attributes added later still: in the digest only when not their default (a plan's kind
# changes what it is, so it opens a new version).
LATER: dict[str, Any] = {"kind": "base", "repeatable": True, "per_day": False}
# How sure the extractor was: carried by the versions (copied when one opens), not part of what a plan is.
CERTAINTY = ("confidence", "flags", "review")
KEY_FIELDS = ("plan_key", "operator", "region", "name", "name_key", "period_days")
# A new version is its observation's key and attributes, copied in SQL (not bound again
# from Python): only the attributes' digest, the time and the observation's snapshot and key are bound.
_COPIED = (*KEY_FIELDS, *ATTRIBUTES, *FLAGS, *LATER, *CERTAINTY)
OPEN_FROM_OBSERVATION = Direct(
    insert(VER).from_select(
        [*_COPIED, "attrs_key", "valid_from", "last_seen_at", "first_observation_id", "last_observation_id"],
        select(
            *(OBS.c[name] for name in _COPIED),
            bindparam("attrs", type_=VER.c.attrs_key.type),
            bindparam("at", type_=VER.c.valid_from.type),
            bindparam("seen", type_=VER.c.last_seen_at.type),
            OBS.c.id.label("first_id"),
            OBS.c.id.label("last_id"),
        )
        .where(_FIRST_OF_KEY)
        .order_by(OBS.c.id)
        .limit(1),
    )
)


def plan_key(operator: str, region: str | None, name_key: str, period_days: int | None) -> str:
    return digest(operator, region or "", name_key, period_days)


def attrs_key(values: dict[str, Any] | Any) -> str:
    get = values.get if isinstance(values, dict) else lambda name: getattr(values, name)
    parts = [get(name) for name in ATTRIBUTES]
    parts[ATTRIBUTES.index("perks")] = json.dumps(sorted(parts[ATTRIBUTES.index("perks")] or []))
    parts.extend(name for name in FLAGS if get(name))
    for name, default in LATER.items():
        value = get(name)
        if value is not None and value != default:
            parts.append(f"{name}={value}")
    return digest(*parts)


def observation_values(plan: Plan, snapshot_id: int, observed_at: dt.datetime) -> dict[str, Any]:
    name_key = normalize_name(plan.name)
    region = plan.region or ""
    kind = kind_of(plan)
    return {
        "snapshot_id": snapshot_id,
        "plan_key": plan_key(plan.operator, region, name_key, plan.period_days),
        "operator": plan.operator,
        "operator_name": plan.operator_name,
        "region": region,
        "name": plan.name,
        "name_key": name_key,
        "period_days": plan.period_days,
        "price": quantize(plan.price, 2),
        "currency": plan.currency,
        "recurring": plan.recurring,
        "data_gb": quantize(plan.data_gb, 3),
        "data_unlimited": plan.data_unlimited,
        "voice_unlimited": plan.voice_unlimited,
        "sms_unlimited": plan.sms_unlimited,
        "voice_min": plan.voice_min,
        "intl_voice_min": plan.intl_voice_min,
        "sms": plan.sms,
        "perks": list(plan.perks),
        "audience": plan.audience,
        "kind": kind,
        "repeatable": repeatable(kind, plan.repeatable),
        "per_day": plan.per_day,
        "confidence": plan.confidence,
        "flags": list(plan.flags),
        "quote": plan.evidence.quote,
        "quote_start": plan.evidence.start,
        "quote_end": plan.evidence.end,
        "observed_at": observed_at,
        "review": "pending",
        "decision_id": None,
    }


def save_plans(
    session: Db,
    snapshot: CaptureLike,
    plans: Sequence[Plan],
    *,
    versions: bool = True,
    previous: Latest | None = None,
    decided: Decided | None = None,
) -> int:
    """Store a snapshot's plans and move the versions of their keys forward.

    `previous` is the capture of the same URI before this one, when the caller knows it;
    `decided`, the URI's review decisions when the caller has looked them up.
    """
    rows = [observation_values(plan, snapshot.id, snapshot.fetched_at) for plan in plans]
    apply_to_new_rows(session, "plan", snapshot.uri, rows, lambda row: str(row["plan_key"]), decided)
    INSERT_OBS.many(connection_of(session), rows)
    if versions:
        offered = [row for row in rows if row["review"] != "rejected"]
        advance_versions(session, snapshot, offered, previous=previous)
    return len(rows)


def _version_values(obs: dict[str, Any], at: dt.datetime) -> dict[str, Any]:
    values = {name: obs[name] for name in _COPIED}
    values.update(
        attrs_key=attrs_key(obs),
        valid_from=at,
        valid_to=None,
        last_seen_at=at,
        first_observation_id=obs["id"],
        last_observation_id=obs["id"],
    )
    return values


def advance_versions(
    session: Db,
    snapshot: CaptureLike,
    observations: list[dict[str, Any]],
    *,
    previous: Latest | None = None,
) -> None:
    """Apply one new capture's observations to the versions (see the module's docstring)."""
    connection = connection_of(session)
    at = snapshot.fetched_at
    current: dict[str, dict[str, Any]] = {}
    for obs in observations:
        current.setdefault(obs["plan_key"], obs)
    if previous is None and snapshot.seq > 1:
        previous = previous_snapshot(session, snapshot.uri, snapshot.seq)
    if previous is not None and previous.fetched_at > at:
        keys = select(OBS.c.plan_key).where(OBS.c.snapshot_id == previous.id).distinct()
        rebuild_versions(session, set(connection.execute(keys).scalars()) | set(current))
        return
    if not current and previous is None:
        return
    # One query finds the open versions of this capture's keys and those the previous
    # capture of this URI was the last to show: the latter, if not shown now, are withdrawn.
    query = OPEN if previous is None else OPEN_OR_LAST
    bound = {} if previous is None else {"previous": previous.id}
    open_rows: dict[str, Any] = {}
    for part in chunks(sorted(current)) or [[]]:
        open_rows.update({row.plan_key: row for row in connection.execute(query, {**bound, "keys": part})})
    late: set[str] = set()
    closes: list[dict[str, Any]] = []
    extends: list[dict[str, Any]] = []
    inserts: list[dict[str, Any]] = []
    for key, obs in current.items():
        row = open_rows.get(key)
        if row is not None and row.last_seen_at > at:
            late.add(key)
        elif row is not None and row.attrs_key == attrs_key(obs):
            review = obs["review"]
            extends.append({"vid": row.id, "seen": at, "snap": snapshot.id, "okey": key, "review": review})
        else:
            if row is not None:
                closes.append({"vid": row.id, "to": at})
            inserts.append({"snap": snapshot.id, "okey": key, "attrs": attrs_key(obs), "at": at, "seen": at})
    for key, row in open_rows.items():
        if key not in current and row.last_seen_at <= at:
            closes.append({"vid": row.id, "to": at})
    if closes:
        CLOSE.many(connection, closes)
    if extends:
        EXTEND.many(connection, extends)
    if inserts:
        OPEN_FROM_OBSERVATION.many(connection, inserts)
    if late:
        rebuild_versions(session, late)


def rebuild_versions(session: Db, keys: Iterable[str] | None = None) -> int:
    """Recompute the versions of `keys` (all keys when None) from every observation; returns how many."""
    key_list = None if keys is None else sorted(set(keys))
    if key_list is not None and not key_list:
        return 0
    columns = [PO.id, PO.snapshot_id, *(getattr(PO, n) for n in _COPIED)]
    observations: list[Any] = []
    if key_list is None:
        session.execute(delete(VER))
        observations = list(session.execute(select(*columns).where(PO.review != "rejected").order_by(PO.id)))
    else:
        for part in chunks(key_list):
            session.execute(delete(VER).where(VER.c.plan_key.in_(part)))
            offered = select(*columns).where(PO.plan_key.in_(part), PO.review != "rejected")
            observations.extend(session.execute(offered))
        observations.sort(key=lambda row: row.id)
    by_snapshot: dict[int, dict[str, dict[str, Any]]] = {}
    for row in observations:
        by_snapshot.setdefault(row.snapshot_id, {}).setdefault(row.plan_key, dict(row._mapping))
    captures = _captures_of(session, set(by_snapshot))
    open_versions: dict[str, dict[str, Any]] = {}
    last_uri: dict[str, str] = {}
    done: list[dict[str, Any]] = []
    keys_of_uri: dict[str, set[str]] = {}
    for capture in captures:
        present = by_snapshot.get(capture.id, {})
        at = capture.fetched_at
        for key, obs in present.items():
            version = open_versions.get(key)
            if version is not None and version["attrs_key"] == attrs_key(obs):
                version.update(last_seen_at=at, last_observation_id=obs["id"], review=obs["review"])
            else:
                if version is not None:
                    done.append({**version, "valid_to": at})
                open_versions[key] = _version_values(obs, at)
            last_uri[key] = capture.uri
        for key in keys_of_uri.get(capture.uri, set()) - set(present):
            if key in open_versions and last_uri.get(key) == capture.uri:
                done.append({**open_versions.pop(key), "valid_to": at})
        keys_of_uri[capture.uri] = set(present)
    done.extend(open_versions.values())
    if done:
        session.execute(insert(VER), done)
    return len(done)


def _captures_of(session: Db, snapshot_ids: set[int]) -> list[Any]:
    """Every capture of the URIs behind `snapshot_ids`, in time order."""
    uris: set[str] = set()
    for part in chunks(sorted(snapshot_ids)):
        uris.update(session.scalars(select(SnapshotRow.uri).where(SnapshotRow.id.in_(part))))
    captures: list[Any] = []
    for part in chunks(sorted(uris)):
        captures.extend(
            session.execute(
                select(SnapshotRow.id, SnapshotRow.uri, SnapshotRow.fetched_at, SnapshotRow.seq).where(
                    SnapshotRow.uri.in_(part)
                )
            )
        )
    captures.sort(key=lambda row: (row.fetched_at, row.seq, row.id))
    return captures


def delete_observations(session: Session, snapshot_id: int) -> set[str]:
    """Remove a snapshot's observations; returns the plan keys they had."""
    keys = set(session.scalars(select(PO.plan_key).where(PO.snapshot_id == snapshot_id).distinct()))
    session.execute(delete(PO).where(PO.snapshot_id == snapshot_id))
    return keys


def plans_at(
    session: Session,
    at: dt.datetime | None = None,
    *,
    operator: str | None = None,
    region: str | None = None,
    name: str | None = None,
    period_days: int | None = None,
) -> Sequence[PlanVersionRow]:
    """The plan versions valid at instant `at` (the current ones when None)."""
    query = select(PV)
    if at is None:
        query = query.where(PV.valid_to.is_(None))
    else:
        query = query.where(PV.valid_from <= at, (PV.valid_to.is_(None)) | (PV.valid_to > at))
    if operator is not None:
        query = query.where(PV.operator == operator)
    if region is not None:
        query = query.where(PV.region == region)
    if name is not None:
        query = query.where(PV.name_key == normalize_name(name))
    if period_days is not None:
        query = query.where(PV.period_days == period_days)
    return session.scalars(query.order_by(PV.operator, PV.region, PV.name_key, PV.period_days)).all()


def plan_history(session: Session, key: str) -> Sequence[PlanVersionRow]:
    """Every version of one plan key, oldest first."""
    return session.scalars(select(PV).where(PV.plan_key == key).order_by(PV.valid_from, PV.id)).all()


def observations(
    session: Session,
    *,
    operator: str | None = None,
    region: str | None = None,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
) -> Sequence[PlanObservationRow]:
    """Raw observations by (operator, region, observed_at): the index analysis reads."""
    query = select(PO).where(PO.review != "rejected")
    if operator is not None:
        query = query.where(PO.operator == operator)
    if region is not None:
        query = query.where(PO.region == region)
    if since is not None:
        query = query.where(PO.observed_at >= since)
    if until is not None:
        query = query.where(PO.observed_at < until)
    return session.scalars(query.order_by(PO.observed_at, PO.id)).all()
