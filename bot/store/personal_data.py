"""Every column of the project database, by whether it can hold a candidate's personal data,
and per table what deleting a candidate ("verwijder mijn gegevens", or the retention period)
does to the candidate's rows there (bot.candidates.privacy).

A new column is classified here before it can be merged: tests/test_deletion.py fails on a
model column that is missing, and checks every table after a deletion.
"""

from __future__ import annotations

from dataclasses import dataclass

# What a column holds.
PERSONAL = "personal"  # about the candidate, or what they or others wrote about them
LINK = "link"  # points at the candidate, one of their records, or their conversation
STAFF = "staff"  # about a staff member (their own account), not about a candidate
NONE = "none"  # nothing about anyone: keys, statuses, counters, dates of anonymous rows
# A professional's work contact (netwerk in beeld): personal data of that professional, kept
# for consultants to reach them; never about a candidate, so a deletion leaves it alone.
CONTACT = "contact"

# What deleting a candidate does with the candidate's rows in a table.
DELETED = "deleted"  # the rows are deleted
UNLINKED = "unlinked"  # the rows stay (counts, accountability); PERSONAL and LINK emptied
SCRUBBED = "scrubbed"  # rows belong to no one; the candidate's first name is taken out
TOMBSTONE = "tombstone"  # the deletion itself: the conversation id for GUARD, then "-"
NOT_CANDIDATE = "not_candidate"  # holds no candidate's data

# Outside this database: Rasa's tracker store (TRACKER_DB_URL), table `events`, keyed by
# sender_id (the conversation). Wiped by bot.candidates.privacy.process_deletions.
TRACKER_TABLE = "events"


@dataclass(frozen=True)
class Table:
    on_deletion: str
    columns: dict[str, str]

    def of_kind(self, *kinds: str) -> list[str]:
        return [name for name, kind in self.columns.items() if kind in kinds]


TABLES: dict[str, Table] = {
    # idempotency keys (bot.store.once): a Telegram update id, or a hash of a conversation
    # and a jobcoach's form; no message and no conversation id
    "handled_keys": Table(NOT_CANDIDATE, {"key": NONE, "at": NONE, "done_at": NONE, "owner": NONE}),
    "candidates": Table(
        DELETED,
        {
            "id": LINK,
            "first_name": PERSONAL,
            "age": PERSONAL,
            "region": PERSONAL,
            "situation": PERSONAL,
            "schooling": PERSONAL,
            "has_startkwalificatie": PERSONAL,
            "enrolled_at_school": PERSONAL,
            "sector": PERSONAL,
            "learning_style": PERSONAL,
            "support_needs": PERSONAL,
            "contact_preference": PERSONAL,
            "consent_at": PERSONAL,
            "created_at": PERSONAL,
            "conversation_id": LINK,
            "channel": PERSONAL,
            "intake_summary": PERSONAL,
            "prescreen": PERSONAL,
            "last_active_at": PERSONAL,
            "unreachable_at": PERSONAL,
        },
    ),
    "trajecten": Table(
        DELETED,
        {
            "id": LINK,
            "candidate_id": LINK,
            "leerbedrijf": PERSONAL,
            "praktijkopleider": PERSONAL,
            "jobcoach": STAFF,
            "start_date": PERSONAL,
            "planned_end": PERSONAL,
            "status": PERSONAL,
            "checkin_interval_days": PERSONAL,
            "pv_obtained_on": PERSONAL,
            "jobcoach_id": STAFF,
        },
    ),
    "werkprocessen": Table(
        DELETED, {"id": LINK, "traject_id": LINK, "name": PERSONAL, "done_on": PERSONAL}
    ),
    "checkins": Table(
        DELETED,
        {
            "id": LINK,  # also in the conversation, as the checkin_id entity
            "traject_id": LINK,
            "kind": PERSONAL,
            "due_at": PERSONAL,
            "status": PERSONAL,
            "sent_at": PERSONAL,
            "reminder_sent_at": PERSONAL,
            "answered_at": PERSONAL,
            "flagged_at": PERSONAL,
            "claim_token": NONE,
            "lease_until": NONE,
            "attempts": NONE,
            "next_attempt_at": NONE,
            "last_error": NONE,
        },
    ),
    "checkin_answers": Table(
        DELETED,
        {"id": LINK, "checkin_id": LINK, "question": NONE, "answer": PERSONAL, "said": PERSONAL},
    ),
    "escalations": Table(
        DELETED,
        {
            "id": LINK,
            "candidate_id": LINK,
            "reason": PERSONAL,
            "severity": PERSONAL,
            "excerpt": PERSONAL,
            "status": PERSONAL,
            "created_at": PERSONAL,
            "resolved_at": PERSONAL,
            "note": PERSONAL,
            "staff_id": STAFF,
            "acknowledged_at": PERSONAL,
            "handoff_at": PERSONAL,
            "handoff_state": NONE,
            "handback_at": NONE,
            "due_at": PERSONAL,
            "reescalated_at": PERSONAL,
        },
    ),
    # the takeover conversation, kept after closing: what the candidate and jobcoach wrote
    "handoff_messages": Table(
        DELETED,
        {
            "id": NONE,
            "escalation_id": LINK,
            "at": PERSONAL,
            "sender": PERSONAL,
            "text": PERSONAL,
            "idem_key": NONE,
        },
    ),
    "notifications": Table(
        DELETED,
        {
            "id": NONE,
            "escalation_id": LINK,
            "channel": NONE,
            "recipient": STAFF,
            "status": NONE,
            "attempts": NONE,
            "next_attempt_at": NONE,
            "last_error": NONE,
            "created_at": NONE,
            "sent_at": NONE,
            "lease_until": NONE,
            "kind": NONE,
        },
    ),
    "invite_codes": Table(
        DELETED,  # a staff member's code (staff_id) is theirs: it stays
        {
            "id": NONE,
            "code_hash": LINK,
            "candidate_id": LINK,
            "staff_id": STAFF,
            "created_at": NONE,
            "expires_at": NONE,
            "used_at": NONE,
        },
    ),
    "web_messages": Table(
        DELETED,
        {
            "id": NONE,
            "conversation_id": LINK,
            "sender": NONE,
            "body": PERSONAL,
            "created_at": NONE,
            "idem_key": NONE,  # a hash of the conversation and the message, not its id
        },
    ),
    "chat_roles": Table(
        DELETED,
        {"conversation_id": LINK, "role": PERSONAL, "pending_text": PERSONAL, "updated_at": NONE},
    ),
    "link_attempts": Table(DELETED, {"id": NONE, "key": LINK, "at": NONE}),
    "pending_deletions": Table(
        DELETED, {"conversation_id": LINK, "asked_at": NONE, "expires_at": NONE}
    ),
    "events": Table(
        UNLINKED,
        {
            "id": NONE,
            "at": NONE,
            "kind": NONE,
            "candidate_id": LINK,
            "region": NONE,  # kept for the figures per region; without a link it names no one
            "detail": PERSONAL,
        },
    ),
    "audit_log": Table(
        UNLINKED,
        {
            "id": NONE,
            "at": NONE,
            "staff_id": STAFF,
            "action": NONE,
            # "kandidaat:7": ids are never reused, so after a deletion it names no one
            "target": NONE,
            "detail": PERSONAL,  # a closing note, for instance
        },
    ),
    "knowledge_gaps": Table(
        SCRUBBED,
        {
            "id": NONE,
            "asked_at": NONE,
            "question": PERSONAL,  # redacted when stored (bot.knowledge.gaps.redact)
            "best_entry": NONE,
            "best_score": NONE,
            "region": NONE,
            "handled_at": NONE,
            "handled_as": NONE,
            "handled_entry": NONE,
        },
    ),
    "deletion_requests": Table(
        TOMBSTONE,
        {
            "id": NONE,
            "conversation_id": LINK,
            "requested_at": NONE,
            "wiped_at": NONE,
            "done_at": NONE,
        },
    ),
    "staff": Table(
        NOT_CANDIDATE,
        {
            "id": STAFF,
            "username": STAFF,
            "display_name": STAFF,
            "role": STAFF,
            "password_hash": STAFF,
            "email": STAFF,
            "telegram_chat_id": STAFF,
            "region": STAFF,
            "default_for_region": STAFF,
            "failed_logins": STAFF,
            "locked_until": STAFF,
            "created_at": STAFF,
        },
    ),
    "region_contacts": Table(
        NOT_CANDIDATE,
        {
            "id": NONE,
            "region": NONE,
            "kind": NONE,
            "role": NONE,
            "name": CONTACT,
            "organisation": NONE,
            "phone": CONTACT,
            "email": CONTACT,
            "purpose": NONE,
            "checked_on": NONE,
            "updated_by": STAFF,
            "updated_at": NONE,
        },
    ),
    "staff_sessions": Table(
        NOT_CANDIDATE,
        {
            "id": STAFF,
            "staff_id": STAFF,
            "csrf_token": STAFF,
            "created_at": STAFF,
            "expires_at": STAFF,
        },
    ),
}
