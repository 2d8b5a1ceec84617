"""Thin rasa-sdk actions; the logic lives in plain modules under bot/."""
