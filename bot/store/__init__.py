"""The project's database: engine, models and Alembic migrations."""
