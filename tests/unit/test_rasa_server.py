import jsonschema
import pytest

from bot.launch.rasa_server import _validators, cached_validate

SCHEMA = {"type": "object", "properties": {"events": {"type": "array"}}, "required": ["events"]}


def test_valid_instance_passes_and_an_equal_schema_reuses_the_validator():
    assert cached_validate({"events": []}, SCHEMA) is None  # no error raised
    cached = dict(_validators)
    assert len(cached) >= 1
    assert cached_validate({"events": [1]}, dict(SCHEMA)) is None  # equal schema
    assert _validators == cached  # no new validator was built


def test_invalid_instance_raises_like_jsonschema():
    with pytest.raises(jsonschema.ValidationError) as ours:
        cached_validate({"events": "x"}, SCHEMA)
    with pytest.raises(jsonschema.ValidationError) as theirs:
        jsonschema.validate({"events": "x"}, SCHEMA)
    assert ours.value.message == theirs.value.message


def test_invalid_schema_is_still_rejected():
    with pytest.raises(jsonschema.SchemaError):
        cached_validate({}, {"type": "no-such-type"})
