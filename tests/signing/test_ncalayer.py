"""The NCALayer client against a local TLS WebSocket server on 127.0.0.1 that speaks NCALayer's documented
protocol (docs/signing.md): greeting, `kz.gov.pki.knca.basics` `sign`, and its answers for success, a cancel
in NCALayer's window, an error, no NCALayer at all, and an NCALayer that does not answer. A real NCALayer was
not available; these are the only checks of the client."""

from __future__ import annotations

import base64
import datetime as dt
import ipaddress
import json
import socket
import ssl
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from websockets.sync.server import ServerConnection, serve

from hattama.i18n import describe
from hattama.services.signing import ncalayer
from hattama.services.signing.gost import cms as gost_cms
from hattama.services.signing.gost.pkcs12 import GostIdentity
from tests.signing import gost_factory as factory

AT = dt.datetime(2026, 9, 1, tzinfo=dt.UTC)
# Where a test is not about time-outs: a TLS handshake on a loaded 2-core machine can take seconds.
LOADED_MACHINE = 60.0


@pytest.fixture(scope="module")
def tls(tmp_path_factory: pytest.TempPathFactory) -> ssl.SSLContext:
    """NCALayer's own self-signed certificate for 127.0.0.1, as the client meets it."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(x509.NameOID.COMMON_NAME, "127.0.0.1")])
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(1).not_valid_before(dt.datetime(2020, 1, 1)).not_valid_after(dt.datetime(2100, 1, 1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
        .sign(key, hashes.SHA256())
    )
    folder: Path = tmp_path_factory.mktemp("ncalayer")
    (folder / "cert.pem").write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    (folder / "key.pem").write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                       serialization.NoEncryption()))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(folder / "cert.pem", folder / "key.pem")
    return context


@pytest.fixture(scope="module")
def officer() -> GostIdentity:
    ca_key, key = factory.new_key(), factory.new_key()
    ca = factory.certificate(factory.name("NCALayer test CA"), ca_key, None, ca_key, ca=True,
                             digital_signature=False, not_before=AT - dt.timedelta(days=10),
                             not_after=AT + dt.timedelta(days=10))
    certificate = factory.certificate(factory.name("Officer in NCALayer", iin="900101300123", bin_="123456789021"),
                                      key, ca, ca_key, purposes=factory.SIGNING_EKU,
                                      not_before=AT - dt.timedelta(days=1), not_after=AT + dt.timedelta(days=5))
    return GostIdentity(key, certificate, (ca,))


Answer = Callable[[dict], dict | None]  # the request in, the reply out (None: never answer)


class _FakeNcaLayer:
    """One server of the module: the test in progress sets how it answers. Servers live for the whole module,
    because a stopped websockets server's thread can still take a later connection on a reused descriptor."""

    def __init__(self, tls: ssl.SSLContext) -> None:
        self.answer: Answer = lambda request: None
        self.received: list[dict] = []
        self.release = threading.Event()
        self.server = serve(self._handle, "127.0.0.1", 0, ssl=tls, ping_interval=None)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"wss://127.0.0.1:{self.server.socket.getsockname()[1]}/"

    def _handle(self, connection: ServerConnection) -> None:
        connection.send(json.dumps({"result": {"version": "1.4"}}))
        request = json.loads(connection.recv())
        self.received.append(request)
        reply = self.answer(request)
        if reply is None:
            self.release.wait(10)  # a slow NCALayer: the client gives up first
            return
        connection.send(json.dumps(reply))


@pytest.fixture(scope="module")
def ncalayer_servers(tls: ssl.SSLContext) -> Iterator[list[_FakeNcaLayer]]:
    servers = [_FakeNcaLayer(tls), _FakeNcaLayer(tls)]
    yield servers
    for server in servers:
        server.release.set()
        server.server.shutdown()
        server.thread.join(timeout=30)  # no thread of ours left running while the interpreter shuts down


@pytest.fixture
def fake_ncalayer(ncalayer_servers: list[_FakeNcaLayer]) -> Iterator[Callable[[Answer], tuple[str, list[dict]]]]:
    """A server answering with `answer` (a second call in one test gives the second server); gives its URL and
    the requests it received."""
    handed_out: list[_FakeNcaLayer] = []

    def start(answer: Answer) -> tuple[str, list[dict]]:
        server = ncalayer_servers[len(handed_out)]
        server.answer, server.received = answer, []
        server.release.clear()
        handed_out.append(server)
        return server.url, server.received

    yield start
    for server in handed_out:
        server.release.set()


def _signing(identity: GostIdentity) -> Answer:
    def answer(request: dict) -> dict:
        data = base64.b64decode(request["args"]["data"])
        signature = gost_cms.sign_detached(data, identity, AT)
        return {"status": True, "body": {"result": [base64.b64encode(signature).decode()]}}

    return answer


def test_a_detached_cms_comes_back_for_the_bytes_sent(fake_ncalayer, officer: GostIdentity) -> None:
    url, received = fake_ncalayer(_signing(officer))
    client = ncalayer.NcaLayerClient(url=url, connect_timeout=LOADED_MACHINE, timestamp=True, test_keys=True)
    signature = client.sign_cms(b"manifest bytes")
    status = gost_cms.verify_detached(b"manifest bytes", signature, [officer.chain[0]], AT)
    assert status.signature_matches and status.chain is not None
    request = received[0]
    assert request["module"] == "kz.gov.pki.knca.basics" and request["method"] == "sign"
    arguments = request["args"]
    assert arguments["format"] == "cms"
    assert base64.b64decode(arguments["data"]) == b"manifest bytes"
    assert arguments["signingParams"] == {"decode": True, "encapsulate": False, "digested": False, "tsaProfile": {}}
    assert arguments["signerParams"] == {"extKeyUsageOids": ["1.3.6.1.5.5.7.3.4"], "chain": []}


def test_offline_no_timestamp_is_asked_and_production_keys_only_by_default(fake_ncalayer, officer) -> None:
    url, received = fake_ncalayer(_signing(officer))
    ncalayer.NcaLayerClient(url=url, connect_timeout=LOADED_MACHINE, timestamp=False).sign_cms(b"x")
    assert "tsaProfile" not in received[0]["args"]["signingParams"]
    assert received[0]["args"]["signerParams"]["chain"] is None


def test_a_cancel_in_ncalayer_is_said_as_such(fake_ncalayer) -> None:
    url, _received = fake_ncalayer(lambda request: {"status": True, "body": {}})
    with pytest.raises(ncalayer.NcaLayerCancelled) as cancelled:
        ncalayer.NcaLayerClient(url=url, connect_timeout=LOADED_MACHINE).sign_cms(b"x")
    assert "cancelled in NCALayer" in describe(cancelled.value)


def test_an_ncalayer_error_carries_its_code_and_message(fake_ncalayer) -> None:
    url, _received = fake_ncalayer(
        lambda request: {"status": False, "code": "500", "message": "Ключ не найден"})
    with pytest.raises(ncalayer.NcaLayerFailed) as failed:
        ncalayer.NcaLayerClient(url=url, connect_timeout=LOADED_MACHINE).sign_cms(b"x")
    assert "500" in describe(failed.value) and "Ключ не найден" in describe(failed.value)


@pytest.mark.parametrize("reply", [
    {"status": True, "body": {"result": ["not base64!"]}},
    {"status": True, "body": {"result": [1, 2]}},
    {"status": "yes"},
    [],
])
def test_an_answer_outside_the_protocol_is_named(fake_ncalayer, reply) -> None:
    url, _received = fake_ncalayer(lambda request: reply)
    with pytest.raises(ncalayer.NcaLayerBadAnswer):
        ncalayer.NcaLayerClient(url=url, connect_timeout=LOADED_MACHINE).sign_cms(b"x")


def test_no_ncalayer_running_is_said_plainly() -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(ncalayer.NcaLayerNotRunning) as absent:
        ncalayer.NcaLayerClient(url=f"wss://127.0.0.1:{port}/", connect_timeout=2).sign_cms(b"x")
    assert "NCALayer is not running" in describe(absent.value)


def test_an_ncalayer_that_does_not_answer_is_given_up_on(fake_ncalayer) -> None:
    url, received = fake_ncalayer(lambda request: None)
    with pytest.raises(ncalayer.NcaLayerTimeout):
        ncalayer.NcaLayerClient(url=url, connect_timeout=LOADED_MACHINE, answer_timeout=0.5).sign_cms(b"x")
    assert len(received) == 1  # the request did arrive


def test_the_signer_learns_the_key_once_and_refuses_another_later(fake_ncalayer, officer: GostIdentity) -> None:
    url, received = fake_ncalayer(_signing(officer))
    client = ncalayer.NcaLayerClient(url=url, connect_timeout=LOADED_MACHINE, test_keys=True)
    signer = ncalayer.NcaLayerSigner.identify(client, AT)
    assert base64.b64decode(received[0]["args"]["data"]) == ncalayer.IDENTIFY_TEXT
    assert signer.certificate == officer.certificate and signer.algorithm == "gost"
    assert signer.pades_identity is None
    assert gost_cms.verify_detached(b"m", signer.sign_detached(b"m", AT), [officer.chain[0]], AT).signature_matches

    other_key = factory.new_key()
    other = GostIdentity(other_key, factory.certificate(
        factory.name("Someone else"), other_key, officer.chain[0], b"\x01" * 64, purposes=factory.SIGNING_EKU,
        not_before=AT - dt.timedelta(days=1), not_after=AT + dt.timedelta(days=1)), ())
    other_url, _received = fake_ncalayer(_signing(other))
    switched = ncalayer.NcaLayerSigner(ncalayer.NcaLayerClient(url=other_url, connect_timeout=LOADED_MACHINE), signer.certificate, signer.chain)
    with pytest.raises(ncalayer.NcaLayerOtherKey):
        switched.sign_detached(b"m", AT)


def test_an_export_signed_through_ncalayer_verifies(fake_ncalayer, officer: GostIdentity, store, tmp_path) -> None:
    from hattama.services import submission
    from hattama.services.settings import update_settings
    from tests.submission.helpers import ready_report

    report_id = ready_report(store, tmp_path)
    update_settings(store, body_bin="123456789021")
    url, received = fake_ncalayer(_signing(officer))
    signer = ncalayer.NcaLayerSigner.identify(ncalayer.NcaLayerClient(url=url, connect_timeout=LOADED_MACHINE, test_keys=True), AT)
    exported = submission.export_bundle(store, [report_id], signer, tmp_path / "b.zip", now=AT)
    assert len(received) == 2  # once to learn the key, once over the manifest
    report = submission.verify_bundle_file(store, exported.path, [officer.chain[0]], now=AT)
    assert report.ok, [check for check in report.checks if not check.passed]
    assert report.signer == "Officer in NCALayer"


def failing(calls: list[str], error: Callable[[], Exception]) -> Callable[..., object]:
    def connect(*args, **kwargs):
        calls.append("connect")
        raise error()

    return connect


def test_a_handshake_closed_before_the_request_is_tried_once_more_and_only_then(monkeypatch) -> None:
    import websockets.sync.client as websocket_client
    from websockets.exceptions import InvalidMessage

    client = ncalayer.NcaLayerClient(url="wss://127.0.0.1:13579/", connect_timeout=LOADED_MACHINE)
    calls: list[str] = []
    monkeypatch.setattr(websocket_client, "connect", failing(calls, lambda: InvalidMessage("did not receive a valid HTTP response")))
    with pytest.raises(ncalayer.NcaLayerNotRunning):
        client.sign_cms(b"x")
    assert calls == ["connect", "connect"]  # twice at most, then said plainly

    calls.clear()
    monkeypatch.setattr(websocket_client, "connect", failing(calls, lambda: ConnectionRefusedError()))
    with pytest.raises(ncalayer.NcaLayerNotRunning):
        client.sign_cms(b"x")
    assert calls == ["connect"]  # nothing listens: no second try


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_ncalayer_speaks_the_language_the_caller_names(language: str) -> None:
    """The service reads no UI language: the window or the CLI passes the officer's."""
    assert ncalayer.NcaLayerClient(language=language).request(b"x")["args"]["locale"] == language
