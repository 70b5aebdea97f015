"""Persistence of Trust Check-up: saved check-ups, exports, resume drafts.

SQLite by default (a file in the user's data folder), PostgreSQL by URL
(``TRUSTCHECK_DATABASE_URL=postgresql+psycopg://...``). Stores plain records; imports nothing
from the rest of the project and never imports streamlit.

    store = open_store()
    sam = Principal("Sam")                # or Principal("Sam", passphrase)
    checkup_id = store.save_checkup(record, sam)
    history = store.history(sam)          # History: ids, created_at, scores[key]
    frame = store.history_frame(sam)      # the same as a pandas DataFrame
    pairing = store.couples.create(Principal("Sam", passphrase))   # couple spaces
    staff = store.practice.sign_in(username, password)              # practice mode
"""

from storage.couple_records import CoupleSnapshot, CoupleStatus, Pairing, SharedSnapshot
from storage.couple_store import CoupleSpace, ShareList
from storage.engine import ENV_VAR
from storage.errors import (
    ImportRejected,
    InvalidRecord,
    Message,
    StorageError,
    StorageUnavailable,
    TooManyTries,
)
from storage.exchange import FORMAT_NAME, FORMAT_VERSION
from storage.history import History
from storage.practice import PracticeSpace
from storage.practice_errors import (
    AccessDenied,
    AccountLocked,
    ClientNotFound,
    IntakeUnavailable,
    PracticeNotReady,
    RecoveryFailed,
    SignInFailed,
)
from storage.practice_values import (
    AccountInfo,
    AuditEntry,
    ClientCheckup,
    ClientCheckupList,
    ClientSummary,
    Consent,
    IntakeInfo,
    Invitation,
    RecoveryKey,
    Staff,
)
from storage.principal import Principal
from storage.records import ANSWER_MAX, ANSWER_MIN, CheckupList, CheckupRecord, SavedCheckup
from storage.store import MIN_PASSPHRASE_LENGTH, Clock, Store, open_store

__all__ = [
    "ANSWER_MAX",
    "ANSWER_MIN",
    "ENV_VAR",
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "MIN_PASSPHRASE_LENGTH",
    "AccessDenied",
    "AccountInfo",
    "AccountLocked",
    "AuditEntry",
    "CheckupList",
    "CheckupRecord",
    "ClientCheckup",
    "ClientCheckupList",
    "ClientNotFound",
    "ClientSummary",
    "Clock",
    "Consent",
    "CoupleSnapshot",
    "CoupleSpace",
    "CoupleStatus",
    "History",
    "ImportRejected",
    "IntakeInfo",
    "IntakeUnavailable",
    "InvalidRecord",
    "Invitation",
    "Message",
    "Pairing",
    "PracticeNotReady",
    "PracticeSpace",
    "Principal",
    "RecoveryFailed",
    "RecoveryKey",
    "SavedCheckup",
    "ShareList",
    "SharedSnapshot",
    "SignInFailed",
    "Staff",
    "StorageError",
    "StorageUnavailable",
    "Store",
    "TooManyTries",
    "open_store",
]
