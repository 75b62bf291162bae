"""`sha256`: the digests of events files and policies (a plan shows them), without `hashlib`.

Importing `hashlib` loads OpenSSL's libcrypto: about 3 ms and 10 M instructions, 2 % of a
one-application plan (docs/performance.md, start-up round 2). CPython's own SHA-256 module,
the one `hashlib` falls back on without OpenSSL, gives the same digests.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hashlib import sha256
else:
    try:
        from _sha256 import sha256  # CPython 3.11
    except ImportError:
        try:
            from _sha2 import sha256  # CPython 3.12
        except ImportError:
            from hashlib import sha256

__all__ = ["sha256"]
