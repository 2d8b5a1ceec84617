"""The test session's own PostgreSQL and Redis (tests/services.py) run, on 127.0.0.1 only,
and want their password."""

import socket

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError


def test_postgres_gives_each_test_a_database_and_wants_the_password(postgres):
    url = postgres.database()
    with create_engine(url, future=True).connect() as conn:
        version = conn.execute(text("SHOW server_version")).scalar()
        listen = conn.execute(text("SHOW listen_addresses")).scalar()
    assert version.startswith("15")
    assert listen == "127.0.0.1"
    assert postgres.database() != url
    wrong = url.replace(postgres.password, "fout")
    with pytest.raises(OperationalError):
        create_engine(wrong, future=True).connect()


def test_redis_answers_with_the_password_only(redis):
    import redis as redis_client

    client = redis_client.Redis(redis.host, redis.port, password=redis.password)
    assert client.ping() is True
    client.set("k", "v")
    assert client.get("k") == b"v"
    with pytest.raises(redis_client.exceptions.AuthenticationError):
        redis_client.Redis(redis.host, redis.port, password="fout").ping()
    with socket.create_connection((redis.host, redis.port)) as conn:
        assert conn.getpeername()[0] == "127.0.0.1"
