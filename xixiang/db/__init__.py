"""The one home of raw SQL and database-specific code: every hand-written statement and every
`connection.vendor` branch of the application lives here, each a measured fast path for what
the ORM (or django-simple-history) would do, and each tested against that plain way on SQLite
and on PostgreSQL (tests/db/).

- `bulk.py`: `insert_objects` (bulk_create without its per-value SQL compilation) and
  `update_rows` (bulk_update as one CASE per column);
- `history.py`: history rows copied by the database (`record_history`, `create_with_history`,
  `update_with_history`) instead of simple-history's Python instances;
- `keys.py`: thousands of keys as one query parameter (`key_set`, `key_condition`,
  `select_by_keys`);
- `values.py`: `values_list` with decimal columns read faster on SQLite;
- `copy.py`: `copy_rows`, PostgreSQL's COPY instead of a multi-row INSERT.

Like the rest of `xixiang/`, it imports no app: models and tables are passed in. Migrations
keep their own vendor branches (they are history and must not change), and so do tests and
bench/ scripts that set up or inspect a database.
"""
