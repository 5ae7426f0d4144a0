"""Statements run straight on the driver's cursor: bind processing, constants and errors as execute's."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, insert, select
from sqlalchemy.exc import IntegrityError

from telcoradar.store.direct import Direct
from telcoradar.store.schema import UTCDateTime

META = MetaData()
THINGS = Table(
    "things",
    META,
    Column("id", Integer, primary_key=True),
    Column("name", String(20), unique=True),
    Column("at", UTCDateTime()),
)


def test_direct_rows_go_in_with_their_types_and_errors_come_out_as_sqlalchemy_ones() -> None:
    engine = create_engine("sqlite://")
    META.create_all(engine)
    at = dt.datetime(2026, 3, 1, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    with engine.begin() as connection:
        Direct(insert(THINGS)).many(connection, [{"name": "a", "at": at}, {"name": "b", "at": at}])
        new_id = Direct(insert(THINGS).returning(THINGS.c.id)).one(connection, {"name": "c", "at": at})
        assert new_id == 3
        rows = connection.execute(select(THINGS.c.name, THINGS.c.at).order_by(THINGS.c.id)).all()
    assert [row.name for row in rows] == ["a", "b", "c"]
    assert rows[0].at == dt.datetime(2026, 3, 1, 0, 0, tzinfo=dt.UTC)
    with pytest.raises(IntegrityError), engine.begin() as connection:
        Direct(insert(THINGS)).many(connection, [{"name": "a", "at": at}])
    with pytest.raises(RuntimeError), engine.connect() as connection:
        Direct(insert(THINGS)).one(connection, {"name": "d", "at": at})
