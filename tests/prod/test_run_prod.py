"""`make run-prod` (bot.launch.run_prod): PostgreSQL and Redis from the settings when all
three are given (nothing is started then), and a ProdStack never falls back to SQLite."""

import pytest

from bot import settings
from bot.launch.prod import ProdStack
from bot.launch.run_prod import services

PG = "postgresql://praktijkbot:geheim@db.example/praktijkbot"
TRACKER = "postgresql://praktijkbot:geheim@db.example/tracker"
REDIS = "redis://:geheim@redis.example:6379/0"


def test_configured_services_are_used_as_they_are(tmp_path, monkeypatch):
    import bot.launch.run_prod as run_prod

    monkeypatch.setattr(run_prod, "VAR", tmp_path / "prod")
    config = settings.load(
        {"PRAKTIJKBOT_DB_URL": PG, "TRACKER_DB_URL": TRACKER, "REDIS_URL": REDIS}
    )
    with services(config) as urls:
        assert urls == (PG, TRACKER, REDIS)
    assert not (tmp_path / "prod").exists()  # no server of its own was started


def test_a_prod_stack_wants_postgres_and_redis():
    with pytest.raises(ValueError, match="redis_url"):
        ProdStack(db_url=PG, tracker_db_url=TRACKER)


def test_a_prod_stack_gives_each_instance_its_own_port_on_this_machine(tmp_path):
    stack = ProdStack(
        instances=3, var_dir=tmp_path, db_url=PG, tracker_db_url=TRACKER, redis_url=REDIS
    )
    ports = [*stack.rasa_ports, *stack.action_ports, stack.portal_port]
    ports += [stack.rasa_port, stack.action_port, stack.public_port]
    assert len(set(ports)) == len(ports) == 10
    assert stack.rasa_url.startswith("http://127.0.0.1:") and stack.token and stack.rest_token
    env = stack.production_env
    assert env["PRAKTIJKBOT_PRODUCTIE"] == "1" and env["REDIS_URL"] == REDIS
    assert settings.load(env).production  # every process accepts the switch
