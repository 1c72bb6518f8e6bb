"""NCALayer, NCA RK's desktop signer, as a signing provider: the officer's key stays in NCALayer (file or token)
and NCALayer asks for its PIN; Hattama sends the bytes and gets a detached CMS back.

The protocol (docs/signing.md): a TLS WebSocket on wss://127.0.0.1:13579/ with NCALayer's own certificate (not
verifiable, so not verified: the connection never leaves the machine), a greeting with its version on connect,
then the `kz.gov.pki.knca.basics` `sign` request. Its answer: `status` true with `body.result` (a list holding the
base64 CMS); `status` true without a result when the officer cancelled; `status` false with `code` and
`message` on failure.

A real NCALayer could not be run where Hattama is built: this client is tested against a local server speaking
the documented protocol only (tests/signing/test_ncalayer.py).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import ssl
from dataclasses import dataclass
from typing import Any

from cryptography import x509

from hattama.language import N_
from hattama.services.errors import ServiceError
from hattama.services.signing import keys
from hattama.services.signing.providers import Signer

URL = "wss://127.0.0.1:13579/"
MODULE = "kz.gov.pki.knca.basics"
SIGNING_PURPOSE = "1.3.6.1.5.5.7.3.4"  # emailProtection: NCA RK's signing keys, never the AUTH ones
CONNECT_TIMEOUT = 5.0
# The officer picks the key and types its PIN in NCALayer's own window, which takes a while.
ANSWER_TIMEOUT = 300.0
# Text signed once to learn which key the officer chose (its certificate), before the manifest naming it.
IDENTIFY_TEXT = b"Hattama: identify the signing key"
# Closing after the answer: NCALayer closes its side at once; waiting longer only delays the officer.
CLOSE_TIMEOUT = 1.0
CONNECT_ATTEMPTS = 2
_MAX_MESSAGE = 4 * 1024 * 1024
_LOCALES = {"kk": "kk", "ru": "ru", "en": "en"}


class NcaLayerError(ServiceError):
    """NCALayer could not give a signature; the subclass says why."""


class NcaLayerNotRunning(NcaLayerError):
    def __init__(self) -> None:
        super().__init__(
            N_("NCALayer is not running. Start NCALayer (from the NCA RK website, pki.gov.kz) and try again.")
        )


class NcaLayerCancelled(NcaLayerError):
    def __init__(self) -> None:
        super().__init__(N_("Signing was cancelled in NCALayer; nothing was signed."))


class NcaLayerFailed(NcaLayerError):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(N_("NCALayer refused to sign (code {code}): {message}"), code=code, message=message)


class NcaLayerTimeout(NcaLayerError):
    def __init__(self) -> None:
        super().__init__(N_("NCALayer did not answer in time; check its window, then try again."))


class NcaLayerBadAnswer(NcaLayerError):
    def __init__(self) -> None:
        super().__init__(N_("NCALayer's answer could not be understood; update NCALayer and try again."))


class NcaLayerOtherKey(NcaLayerError):
    def __init__(self) -> None:
        super().__init__(
            N_("NCALayer signed with another key than the one chosen first; sign again and choose the same key.")
        )


@dataclass(frozen=True)
class NcaLayerClient:
    """One connection per request, as NCALayer's own pages do."""

    url: str = URL
    timestamp: bool = True  # ask NCA's timestamp service (tsaProfile): only when the officer is online
    test_keys: bool = False  # NCA's test certificates are accepted only when asked (`chain: []`)
    language: str = "kk"  # the officer's language, which NCALayer's own window then speaks
    connect_timeout: float = CONNECT_TIMEOUT
    answer_timeout: float = ANSWER_TIMEOUT

    def sign_cms(self, data: bytes) -> bytes:
        """A detached CMS over `data`, made by NCALayer with the key the officer chooses there."""
        reply = self._exchange(self.request(data))
        if not isinstance(reply, dict):
            raise NcaLayerBadAnswer()
        if reply.get("status") is not True:
            if reply.get("status") is False:
                raise NcaLayerFailed(str(reply.get("code", "")), str(reply.get("message", "")))
            raise NcaLayerBadAnswer()
        body = reply.get("body")
        result = body.get("result") if isinstance(body, dict) else None
        if result is None:
            raise NcaLayerCancelled()
        if isinstance(result, list) and len(result) == 1:
            result = result[0]
        if not isinstance(result, str):
            raise NcaLayerBadAnswer()
        try:
            return base64.b64decode(result, validate=True)
        except (binascii.Error, ValueError):
            raise NcaLayerBadAnswer() from None

    def request(self, data: bytes) -> dict[str, Any]:
        return {
            "module": MODULE,
            "method": "sign",
            "args": {
                "format": "cms",
                "data": base64.b64encode(data).decode("ascii"),
                "signingParams": {
                    "decode": True,
                    "encapsulate": False,
                    "digested": False,
                    **({"tsaProfile": {}} if self.timestamp else {}),
                },
                "signerParams": {
                    "extKeyUsageOids": [SIGNING_PURPOSE],
                    "chain": [] if self.test_keys else None,
                },
                "locale": _LOCALES.get(self.language, "ru"),
            },
        }

    def _exchange(self, request: dict[str, Any]) -> Any:
        from websockets.exceptions import WebSocketException
        from websockets.sync.client import connect

        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE  # NCALayer's certificate is its own; the socket is the loopback
        answer: Any = None
        for attempt in range(CONNECT_ATTEMPTS):
            sent = False
            try:
                with connect(
                    self.url,
                    ssl=context,
                    open_timeout=self.connect_timeout,
                    close_timeout=CLOSE_TIMEOUT,
                    max_size=_MAX_MESSAGE,
                    proxy=None,
                    user_agent_header=None,
                    # No keepalive thread: the exchange is short, and under CPython 3.11 the keepalive thread
                    # and close() can both join one thread, which aborts the process ("release unlocked lock").
                    ping_interval=None,
                ) as connection:
                    connection.recv(timeout=self.connect_timeout)  # the greeting with NCALayer's version
                    connection.send(json.dumps(request))
                    sent = True
                    answer = connection.recv(timeout=self.answer_timeout)
                break
            # Once the answer is in hand, a closing handshake that goes wrong changes nothing about it. Before
            # the request is sent, a connection closed during the opening handshake is tried once more: nothing
            # was asked of the officer yet.
            except TimeoutError:
                if answer is None:
                    raise NcaLayerTimeout() from None
                break
            except (OSError, WebSocketException) as error:
                if answer is not None:
                    break
                refused = isinstance(error, ConnectionRefusedError)
                if sent or refused or attempt + 1 == CONNECT_ATTEMPTS:
                    raise NcaLayerNotRunning() from None
        try:
            return json.loads(answer)
        except (ValueError, TypeError):
            raise NcaLayerBadAnswer() from None


class NcaLayerSigner(Signer):
    """The key the officer chose in NCALayer. `identify` asks for it once (its certificate names the signer
    in the manifest); every signature after that must come from the same key."""

    def __init__(
        self, client: NcaLayerClient, certificate: x509.Certificate, chain: tuple[x509.Certificate, ...]
    ) -> None:
        self.client = client
        self._certificate = certificate
        self._chain = chain
        self.algorithm = "gost" if _is_gost(certificate) else "rsa"

    @classmethod
    def identify(cls, client: NcaLayerClient, now: dt.datetime) -> NcaLayerSigner:
        """Sign a short text in NCALayer to learn the chosen key's certificate; check it may sign at `now`."""
        certificate, chain = _signer_of(client.sign_cms(IDENTIFY_TEXT))
        keys.check_signing_usage(certificate)
        keys.check_validity(certificate, now)
        return cls(client, certificate, chain)

    @property
    def certificate(self) -> x509.Certificate:
        return self._certificate

    @property
    def chain(self) -> tuple[x509.Certificate, ...]:
        return self._chain

    def sign_detached(self, data: bytes, now: dt.datetime) -> bytes:
        signature = self.client.sign_cms(data)
        certificate, _chain = _signer_of(signature)
        if certificate != self._certificate:
            raise NcaLayerOtherKey()
        return signature

    def _with_chain(self, chain: tuple[x509.Certificate, ...]) -> Signer:
        # NCALayer puts the chain it holds in its CMS; the unit's intermediates are added to none of it.
        return NcaLayerSigner(self.client, self._certificate, chain)


def _signer_of(signature: bytes) -> tuple[x509.Certificate, tuple[x509.Certificate, ...]]:
    from hattama.services.signing.gost.cms import GostSignatureUnreadable, signer_and_chain

    try:
        return signer_and_chain(signature)
    except GostSignatureUnreadable:
        raise NcaLayerBadAnswer() from None


def _is_gost(certificate: x509.Certificate) -> bool:
    return certificate.public_key_algorithm_oid.dotted_string.startswith(keys.GOST_ARCS)


def connect_signer(now: dt.datetime, *, offline: bool = False, language: str = "kk") -> NcaLayerSigner:
    """The key the officer chooses in NCALayer, with NCA's timestamp unless the officer says they are offline.

    Hattama itself never goes on the network: NCALayer asks NCA's timestamp service. Offline on a trip, a
    timestamp request would make NCALayer fail the whole signature, so the officer says so (`--offline`, or the
    export dialog's timestamp box unticked)."""
    return NcaLayerSigner.identify(NcaLayerClient(timestamp=not offline, language=language), now)
