"""Escalations for the jobcoach: where they are made, crisis language, notifications and the
takeover (handoff).
"""
