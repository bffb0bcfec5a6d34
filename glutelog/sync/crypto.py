"""Sealing what goes into the shared folder: Fernet (AES-128-CBC with an HMAC-SHA256, from the
`cryptography` library) under a key derived from the passphrase by scrypt. No crypto of our own.

The salt is random, made once per folder and stored in it (``folder.HEADER``) with a check
token, so every device derives the same key from the same passphrase and a wrong passphrase is
told apart from a damaged file before anything is read. `cryptography` is imported only here,
and only by `glutelog sync` and `config sync-passphrase`.
"""

from __future__ import annotations

import base64
import os

from glutelog.errors import BadInput, NotGlutelog
from glutelog.rules import rule

CHECK_TEXT = b"glutelog-sync passphrase check"


def new_salt() -> str:
    return base64.urlsafe_b64encode(os.urandom(16)).decode("ascii")


def derive_key(passphrase: str, salt: str) -> str:
    """The Fernet key for ``passphrase`` in a folder with ``salt`` (both text)."""
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    if not passphrase:
        raise BadInput("the sync passphrase is empty; give one of at least one character")
    kdf = Scrypt(salt=base64.urlsafe_b64decode(salt), length=32, n=rule("sync_scrypt_n"), r=8, p=1)
    return base64.urlsafe_b64encode(kdf.derive(passphrase.encode("utf-8"))).decode("ascii")


def seal(key: str, data: bytes) -> bytes:
    from cryptography.fernet import Fernet

    return Fernet(key.encode("ascii")).encrypt(data)


def unseal(key: str, token: bytes, name: str) -> bytes:
    """The bytes sealed in ``token``; a token that does not authenticate under ``key`` is
    refused with the file's ``name`` (exit 65): changed, damaged, or sealed for another folder."""
    from cryptography.fernet import Fernet, InvalidToken

    try:
        return Fernet(key.encode("ascii")).decrypt(token)
    except (InvalidToken, ValueError, TypeError) as exc:
        raise NotGlutelog(
            f"{name} is refused: it is damaged, was changed, or was sealed with another "
            "passphrase; nothing from it was merged"
        ) from exc


def check_token(key: str) -> str:
    return seal(key, CHECK_TEXT).decode("ascii")


def opens(key: str, token: str) -> bool:
    """Whether ``key`` opens the folder's check token: the passphrase is the folder's."""
    from cryptography.fernet import Fernet, InvalidToken

    try:
        return Fernet(key.encode("ascii")).decrypt(token.encode("ascii")) == CHECK_TEXT
    except (InvalidToken, ValueError, TypeError):
        return False
