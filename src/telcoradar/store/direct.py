"""Statements of the ingest path, compiled once and run straight on the driver's cursor.

A document's transaction runs a handful of small inserts; through
`Connection.execute` each pays for cache-key work, result setup and events,
which cost more than the SQL. `Direct` compiles a Core statement once per
dialect, applies the column types' bind processing itself (UTC timestamps,
JSON, decimals) and hands the rows to the cursor of the caller's connection,
inside the caller's transaction. Driver errors come out as SQLAlchemy's
(IntegrityError and the rest), as they would from `execute`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Connection
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.compiler import SQLCompiler

Processor = Callable[[Any], Any] | None


@dataclass(frozen=True, slots=True)
class _Compiled:
    sql: str
    names: tuple[str, ...]
    processors: tuple[Processor, ...]
    positional: bool
    constants: dict[str, Any]


class Direct:
    """One Core statement, compiled for each dialect it meets."""

    def __init__(self, statement: ClauseElement | Callable[[str], ClauseElement]) -> None:
        self._statement = statement
        self._compiled: dict[tuple[str, str, tuple[str, ...]], _Compiled] = {}

    def _for(self, dialect: Dialect, row: dict[str, Any]) -> _Compiled:
        """The statement compiled for `dialect` and the columns `row` gives (an INSERT's VALUES)."""
        keys = tuple(row)
        compiled = self._compiled.get((dialect.name, dialect.driver, keys))
        if compiled is None:
            statement = self._statement
            if not isinstance(statement, ClauseElement):
                statement = statement(dialect.name)
            result = cast(SQLCompiler, statement.compile(dialect=dialect, column_keys=list(keys)))
            names = tuple(result.positiontup or ()) if result.positional else tuple(result.binds)
            processors = tuple(
                result.binds[name].type.dialect_impl(dialect).bind_processor(dialect) for name in names
            )
            # binds the rows do not give are the statement's own values (a LIMIT's, say)
            constants = {name: result.binds[name].effective_value for name in names if name not in row}
            compiled = _Compiled(result.string, names, processors, bool(result.positional), constants)
            self._compiled[(dialect.name, dialect.driver, keys)] = compiled
        return compiled

    def _params(self, compiled: _Compiled, row: dict[str, Any]) -> Any:
        if compiled.constants:
            row = {**compiled.constants, **row}
        values = [
            row[name] if process is None else process(row[name])
            for name, process in zip(compiled.names, compiled.processors, strict=True)
        ]
        return tuple(values) if compiled.positional else dict(zip(compiled.names, values, strict=True))

    def many(self, connection: Connection, rows: Sequence[dict[str, Any]]) -> None:
        """Run the statement once for each row (one driver call); the rows have the same keys."""
        if not rows:
            return
        compiled = self._for(connection.dialect, rows[0])
        params = [self._params(compiled, row) for row in rows]
        self._run(connection, compiled, lambda cursor: cursor.executemany(compiled.sql, params))

    def one(self, connection: Connection, row: dict[str, Any]) -> Any:
        """Run the statement for one row; returns the first column of its first returned row, if any."""
        compiled = self._for(connection.dialect, row)
        params = self._params(compiled, row)

        def run(cursor: Any) -> Any:
            cursor.execute(compiled.sql, params)
            if cursor.description is None:
                return None
            first = cursor.fetchone()
            return None if first is None else first[0]

        return self._run(connection, compiled, run)

    @staticmethod
    def _run(connection: Connection, compiled: _Compiled, work: Callable[[Any], Any]) -> Any:
        dbapi = connection.dialect.loaded_dbapi
        if not connection.in_transaction():
            raise RuntimeError("Direct statements run inside the caller's transaction")
        cursor = connection.connection.cursor()
        try:
            return work(cursor)
        except dbapi.Error as exc:
            raise DBAPIError.instance(
                compiled.sql, None, exc, dbapi.Error, dialect=connection.dialect
            ) from exc
        finally:
            cursor.close()
