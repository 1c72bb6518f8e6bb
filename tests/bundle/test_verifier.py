"""Verifying bundles: a valid one passes; each hostile one fails the right check, says why, and writes nothing."""

from __future__ import annotations

import datetime as dt
import json
import stat
import zipfile
from pathlib import Path

import pytest
from cryptography import x509

from hattama.services.bundle import format as bundle_format
from hattama.services.bundle import verifier
from hattama.services.bundle.verifier import VerificationReport, verify_bundle
from hattama.services.bundle.writer import BundleFile, write_bundle
from hattama.services.signing.cms import sign_detached
from hattama.services.signing.keys import SigningIdentity
from tests.bundle.conftest import BODY, SOURCE, report_pdf_file, tree
from tests.bundle.crafting import assemble, declare_size, rebuild
from tests.pki import BODY_ORGANISATION, Pki, cms_signature, timestamper


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where the bundles are, and the working folder: a stray write by the verifier would land here."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def roots(pki: Pki) -> list[x509.Certificate]:
    return [pki.root.certificate]


@pytest.fixture
def bundle(folder: Path, files: list[BundleFile], identity: SigningIdentity, now: dt.datetime) -> Path:
    return write_bundle(folder / "submission.zip", files, BODY, identity, now, source=SOURCE).path


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def _verify(path: Path, roots: list[x509.Certificate], now: dt.datetime) -> VerificationReport:
    """Verify, and check that nothing was written next to the bundle or in the working folder meanwhile."""
    before = tree(path.parent)
    report = verify_bundle(path, roots, now)
    assert tree(path.parent) == before
    return report


def _assert_refused(report: VerificationReport, failed: set[str], says: str) -> None:
    assert not report.ok
    assert [check.name_msgid for check in report.checks] == list(verifier.ALL_CHECKS)
    assert {check.name_msgid for check in report.checks if not check.passed and not check.skipped} == failed
    for check in report.checks:
        if not check.passed:
            assert check.detail_msgid, check
            check.detail_msgid.format(**check.params)  # every placeholder has its value
    details = [report.check(name).detail_msgid.format(**report.check(name).params) for name in failed]
    assert any(says in detail for detail in details), details


def _signed_variant(folder: Path, bundle: Path, identity: SigningIdentity, change) -> Path:
    """The bundle with its manifest changed by `change` and signed again by `identity`: a valid signature."""
    members = _members(bundle)
    manifest = json.loads(members[bundle_format.MANIFEST_NAME])
    manifest_bytes = change(manifest)
    members[bundle_format.MANIFEST_NAME] = manifest_bytes
    members[bundle_format.SIGNATURE_NAME] = sign_detached(manifest_bytes, identity)
    return assemble(folder / "variant.zip", list(members.items()))


def _pdfs_signed_by(files: list[BundleFile], identity: SigningIdentity) -> list[BundleFile]:
    """The same files with the report PDFs signed by `identity`, as its own export would make them."""
    return [
        report_pdf_file(identity, file.report_id, file.language) if file.report_id else file for file in files
    ]


def _json(manifest: dict) -> bytes:
    return json.dumps(manifest, ensure_ascii=False).encode()


def test_valid_bundle_passes_every_check(
    bundle: Path, roots, now: dt.datetime, files: list[BundleFile]
) -> None:
    report = _verify(bundle, roots, now)

    assert report.ok, [check for check in report.checks if not check.passed]
    assert [check.name_msgid for check in report.checks] == list(verifier.ALL_CHECKS)
    assert report.signer == "ТЕСТОВА ӘСЕЛЬ"
    assert report.manifest is not None
    assert [entry["path"] for entry in report.manifest["files"]] == [file.path for file in files]
    assert report.check(verifier.CHECK_SIGNATURE).params == {"signer": "ТЕСТОВА ӘСЕЛЬ"}


def test_tampered_data_file_fails_the_file_check(folder: Path, bundle: Path, roots, now, files) -> None:
    pdf = files[1].path
    tampered = rebuild(
        bundle, folder / "tampered.zip", replace={pdf: _members(bundle)[pdf].replace(b"kk", b"ru")}
    )
    report = _verify(tampered, roots, now)
    _assert_refused(report, {verifier.CHECK_FILES}, f"The file {pdf} was changed")


def test_tampered_manifest_fails_the_signature_check(folder: Path, bundle: Path, roots, now) -> None:
    manifest = _members(bundle)[bundle_format.MANIFEST_NAME]
    changed = manifest.replace("Министерство науки".encode(), "Министерство финансов".encode())
    report = _verify(
        rebuild(bundle, folder / "tampered.zip", replace={bundle_format.MANIFEST_NAME: changed}), roots, now
    )

    _assert_refused(report, {verifier.CHECK_SIGNATURE}, "The signature does not match the manifest")
    assert report.signer is None
    assert all(
        report.check(name).skipped
        for name in (verifier.CHECK_TRUST, verifier.CHECK_VALIDITY, verifier.CHECK_USAGE)
    )


def test_signature_of_another_key_over_another_manifest_fails(
    folder: Path, bundle: Path, roots, now, pki: Pki, files: list[BundleFile]
) -> None:
    stranger = SigningIdentity(pki.other_signing.key, pki.other_signing.certificate, ())
    other = write_bundle(folder / "other.zip", files[:1], BODY, stranger, now, source=SOURCE).path
    swapped = rebuild(
        bundle,
        folder / "swapped.zip",
        replace={bundle_format.SIGNATURE_NAME: _members(other)[bundle_format.SIGNATURE_NAME]},
    )
    _assert_refused(_verify(swapped, roots, now), {verifier.CHECK_SIGNATURE}, "does not match the manifest")


def test_truncated_signature_fails_the_signature_check(folder: Path, bundle: Path, roots, now) -> None:
    signature = _members(bundle)[bundle_format.SIGNATURE_NAME]
    cut = rebuild(
        bundle, folder / "cut.zip", replace={bundle_format.SIGNATURE_NAME: signature[: len(signature) // 2]}
    )
    _assert_refused(_verify(cut, roots, now), {verifier.CHECK_SIGNATURE}, "The signature file is damaged")


def test_missing_signature_fails_the_signature_check(folder: Path, bundle: Path, roots, now) -> None:
    members = _members(bundle)
    del members[bundle_format.SIGNATURE_NAME]
    unsigned = assemble(folder / "unsigned.zip", list(members.items()))
    report = _verify(unsigned, roots, now)
    _assert_refused(report, {verifier.CHECK_SIGNATURE}, "The bundle has no manifest.json.p7s")


def test_truncated_zip_fails_the_archive_check_and_nothing_else_runs(
    folder: Path, bundle: Path, roots, now
) -> None:
    cut = folder / "cut.zip"
    cut.write_bytes(bundle.read_bytes()[: bundle.stat().st_size // 2])
    report = _verify(cut, roots, now)

    _assert_refused(report, {verifier.CHECK_ARCHIVE}, "truncated or damaged")
    assert all(check.skipped for check in report.checks[1:])


@pytest.mark.parametrize(
    "content", [b"", b"%PDF-1.7\n%%EOF\n", "Есеп".encode()], ids=["empty", "pdf", "text"]
)
def test_file_that_is_not_a_zip_fails_the_archive_check(folder: Path, roots, now, content: bytes) -> None:
    other = folder / "not-a-bundle.zip"
    other.write_bytes(content)
    _assert_refused(_verify(other, roots, now), {verifier.CHECK_ARCHIVE}, "not a ZIP archive")


@pytest.mark.parametrize("name", ["../../x", "/etc/x", "C:/x", "..\\x", "data/../../x", "data//x"])
def test_member_name_escaping_the_archive_fails_the_path_check(
    folder: Path, bundle: Path, roots, now, name: str
) -> None:
    hostile = rebuild(bundle, folder / "hostile.zip", add=[(name, b"owned")])
    report = _verify(hostile, roots, now)
    # It is also not in the manifest, which the last check says on its own.
    _assert_refused(
        report, {verifier.CHECK_PATHS, verifier.CHECK_NO_EXTRAS}, f"The member name {name} is unsafe"
    )


def test_member_declaring_gigabytes_fails_the_limit_check(
    folder: Path, bundle: Path, roots, now, files
) -> None:
    huge = rebuild(bundle, folder / "huge.zip")
    declare_size(huge, files[0].path, 3 * 1024**3)
    report = _verify(huge, roots, now)

    _assert_refused(report, {verifier.CHECK_LIMITS}, "is 3072 MB; a bundle file may be at most 200 MB")
    assert report.check(verifier.CHECK_FILES).skipped


def test_highly_compressible_bomb_fails_the_limit_check(folder: Path, files, identity, now, roots) -> None:
    zeros = BundleFile("data/zeros.json", bytes(80 * 1024 * 1024), "application/json")
    bomb = write_bundle(folder / "bomb.zip", [*files, zeros], BODY, identity, now, source=SOURCE).path
    assert bomb.stat().st_size < 1024 * 1024
    _assert_refused(_verify(bomb, roots, now), {verifier.CHECK_LIMITS}, "this looks like a ZIP bomb")


def test_member_shorter_than_declared_is_read_in_bounds_and_refused(
    folder: Path, bundle: Path, files
) -> None:
    """A member whose real stream is longer than its header says is never read past the declared size."""
    lying = rebuild(bundle, folder / "lying.zip")
    declare_size(lying, files[1].path, 10)
    with zipfile.ZipFile(lying) as archive:
        info = archive.getinfo(files[1].path)
        with pytest.raises(verifier.UnreadableMember):
            verifier.read_member(archive, info, limit=10)


def test_member_longer_than_its_limit_is_refused(bundle: Path, files) -> None:
    with zipfile.ZipFile(bundle) as archive:
        info = archive.getinfo(files[0].path)
        with pytest.raises(verifier.UnreadableMember):
            b"".join(verifier.member_chunks(archive, info, limit=info.file_size - 1))


def test_member_with_a_wrong_declared_size_fails_the_file_check(
    folder: Path, bundle: Path, roots, now, files
) -> None:
    lying = rebuild(bundle, folder / "lying.zip")
    declare_size(lying, files[1].path, 10)
    _assert_refused(
        _verify(lying, roots, now), {verifier.CHECK_FILES}, "is 10 bytes long, but the manifest says"
    )


def test_expired_signer_certificate_fails_the_validity_check(
    folder: Path, files, now, roots, pki: Pki
) -> None:
    expired = SigningIdentity(pki.expired.key, pki.expired.certificate, pki.chain)  # past the loader's checks
    bundle = write_bundle(
        folder / "expired.zip", _pdfs_signed_by(files, expired), BODY, expired, now, source=SOURCE
    ).path
    _assert_refused(_verify(bundle, roots, now), {verifier.CHECK_VALIDITY}, "the certificate has expired")


def test_validity_is_judged_at_the_time_of_verification_and_said(bundle: Path, roots, pki: Pki) -> None:
    """Without a timestamp token the moment is the verifier's own, shown in the check line."""
    before = pki.signing.certificate.not_valid_before_utc - dt.timedelta(days=1)
    _assert_refused(_verify(bundle, roots, before), {verifier.CHECK_VALIDITY}, "is not yet valid")
    later = pki.signing.certificate.not_valid_before_utc + dt.timedelta(days=10)
    check = _verify(bundle, roots, later).check(verifier.CHECK_VALIDITY)
    assert check.passed and check.params == {"moment": later}
    assert check.detail_msgid == "Judged at the time of verification, {moment}."


def test_untrusted_root_fails_the_trust_check(bundle: Path, now, pki: Pki) -> None:
    report = _verify(bundle, [pki.other_root.certificate], now)
    _assert_refused(report, {verifier.CHECK_TRUST}, "does not chain to any imported trusted root")
    assert report.signer == "ТЕСТОВА ӘСЕЛЬ"


def test_no_imported_root_fails_the_trust_check_saying_so(bundle: Path, now) -> None:
    _assert_refused(
        _verify(bundle, [], now), {verifier.CHECK_TRUST}, "No trusted root certificate has been imported"
    )


def test_extra_member_fails_the_extras_check(folder: Path, bundle: Path, roots, now) -> None:
    extra = rebuild(bundle, folder / "extra.zip", add=[("data/extra.json", b"{}")])
    _assert_refused(_verify(extra, roots, now), {verifier.CHECK_NO_EXTRAS}, "holds data/extra.json")


def test_duplicate_member_name_fails_the_path_check(folder: Path, bundle: Path, roots, now, files) -> None:
    twice = rebuild(bundle, folder / "twice.zip", add=[(files[0].path, b"[]")])
    report = _verify(twice, roots, now)
    # Which copy is the real one cannot be told, so that file is not read either.
    _assert_refused(report, {verifier.CHECK_PATHS, verifier.CHECK_FILES}, "appears more than once")


def test_missing_listed_file_fails_the_file_check(folder: Path, bundle: Path, roots, now, files) -> None:
    members = _members(bundle)
    del members[files[2].path]
    short = assemble(folder / "short.zip", list(members.items()))
    _assert_refused(_verify(short, roots, now), {verifier.CHECK_FILES}, f"{files[2].path} is missing")


def test_auth_key_signature_fails_the_usage_check(folder: Path, files, now, roots, pki: Pki) -> None:
    auth = SigningIdentity(pki.auth.key, pki.auth.certificate, pki.chain)  # past the loader's checks
    bundle = write_bundle(folder / "auth.zip", _pdfs_signed_by(files, auth), BODY, auth, now, source=SOURCE).path
    _assert_refused(_verify(bundle, roots, now), {verifier.CHECK_USAGE}, "authentication (AUTH) key")


def test_missing_manifest_fails_the_manifest_check(folder: Path, bundle: Path, roots, now) -> None:
    members = _members(bundle)
    del members[bundle_format.MANIFEST_NAME]
    report = _verify(assemble(folder / "no-manifest.zip", list(members.items())), roots, now)
    _assert_refused(report, {verifier.CHECK_MANIFEST}, "The bundle has no manifest.json")
    assert report.check(verifier.CHECK_SIGNATURE).skipped


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (lambda manifest: b"not json at all", "not valid JSON"),
        (lambda manifest: _json({**manifest, "format": "other"}), "not a Hattama bundle manifest"),
        (lambda manifest: _json({**manifest, "format_version": 4}), "format version 4"),
        (
            # p.10.1: a duplicate anywhere, here inside a file's entry, makes the signed bytes ambiguous
            lambda manifest: _json(manifest).replace(b'"size":', b'"size": 0, "size":', 1),
            "the key “size” more than once",
        ),
        (
            lambda manifest: _json({**manifest, "body": {"kk": "Министрлік"}}),
            "“body” is missing or malformed",
        ),
        (lambda manifest: _json({**manifest, "files": [{**manifest["files"][0], "size": -1}]}), "“files”"),
        (
            lambda manifest: _json({**manifest, "files": [{**manifest["files"][0], "path": "../x"}]}),
            "lists ../x twice, or under an unsafe or reserved name",
        ),
    ],
    ids=["not-json", "other-format", "version-4", "nested-duplicate-key", "body-incomplete", "negative-size", "unsafe-path"],
)
def test_signed_but_malformed_manifest_fails_the_manifest_check(
    folder: Path, bundle: Path, identity: SigningIdentity, roots, now, change, says: str
) -> None:
    report = _verify(_signed_variant(folder, bundle, identity, change), roots, now)
    _assert_refused(report, {verifier.CHECK_MANIFEST}, says)
    assert report.check(verifier.CHECK_SIGNATURE).passed  # the signature over its bytes is still judged
    assert report.check(verifier.CHECK_FILES).skipped


def test_manifest_naming_another_signer_fails_the_signature_check(
    folder: Path, bundle: Path, identity: SigningIdentity, roots, now
) -> None:
    def claim_another(manifest: dict) -> bytes:
        return _json({**manifest, "signer": {**manifest["signer"], "subject": "БАСҚА АДАМ"}})

    report = _verify(_signed_variant(folder, bundle, identity, claim_another), roots, now)
    _assert_refused(report, {verifier.CHECK_SIGNATURE}, "names БАСҚА АДАМ as the signer")


def test_a_trusted_timestamp_inside_an_expired_certificate_s_validity_is_the_moment_judged(
    folder: Path, files, roots, pki: Pki
) -> None:
    """p.10.2: with a verified RFC 3161 token, validity is judged at the token's time, and the line says so."""
    expired = SigningIdentity(pki.expired.key, pki.expired.certificate, pki.chain)
    made = write_bundle(
        folder / "expired.zip", _pdfs_signed_by(files, expired), BODY, expired, pki.now, source=SOURCE
    ).path
    stamped_at = pki.expired.certificate.not_valid_after_utc - dt.timedelta(days=30)
    authority = timestamper(pki.tsa, pki.chain, stamped_at)
    manifest = _members(made)[bundle_format.MANIFEST_NAME]
    signature = cms_signature(manifest, pki.expired, pki.chain, timestamper=authority)
    stamped = rebuild(made, folder / "stamped.zip", replace={bundle_format.SIGNATURE_NAME: signature})

    report = _verify(stamped, roots, pki.now)
    assert report.ok, [check for check in report.checks if not check.passed]
    validity = report.check(verifier.CHECK_VALIDITY)
    assert validity.params == {"moment": stamped_at, "authority": "Hattama Test TSA"}
    # Without the token the same signature is judged now, when the certificate has expired.
    _assert_refused(_verify(made, roots, pki.now), {verifier.CHECK_VALIDITY}, "the certificate has expired")


def test_a_timestamp_token_of_an_untrusted_authority_is_refused(folder: Path, bundle: Path, pki: Pki) -> None:
    manifest = _members(bundle)[bundle_format.MANIFEST_NAME]
    authority = timestamper(pki.tsa, pki.chain, pki.now - dt.timedelta(hours=1))
    signature = cms_signature(manifest, pki.signing, pki.chain, timestamper=authority)
    stamped = rebuild(bundle, folder / "stamped.zip", replace={bundle_format.SIGNATURE_NAME: signature})
    # Trusting only the root of the signer's own chain would let it pass; trusting another root fails both.
    report = _verify(stamped, [pki.other_root.certificate], pki.now)
    assert not report.check(verifier.CHECK_VALIDITY).passed
    assert "does not chain to any imported trusted root" in report.check(verifier.CHECK_VALIDITY).detail_msgid


@pytest.mark.parametrize(
    ("body", "passes"),
    [({**BODY, "ru": BODY_ORGANISATION}, True), (BODY, False)],
    ids=["organisation-is-the-body", "organisation-differs"],
)
def test_without_a_bin_the_signer_s_organisation_must_be_the_body(
    folder: Path, files, identity: SigningIdentity, roots, now, body: dict, passes: bool
) -> None:
    """p.10.4: a manifest naming no BIN is matched on the certificate's organisation; no body is proven."""
    made = write_bundle(folder / "no-bin.zip", files, body, identity, now, source={"body_bin": "", "body_id": ""})
    report = _verify(made.path, roots, now)
    assert report.proven_body is None
    if passes:
        assert report.ok
    else:
        _assert_refused(report, {verifier.CHECK_BODY}, "They differ")


def test_an_unsafe_symlink_member_is_refused_even_unlisted(folder: Path, bundle: Path, roots, now) -> None:
    linked = rebuild(bundle, folder / "link.zip", add=[("attachments/x", b"/etc/passwd")])
    linked = rebuild(linked, folder / "link2.zip", modes={"attachments/x": stat.S_IFLNK | 0o777})
    report = _verify(linked, roots, now)
    _assert_refused(report, {verifier.CHECK_PATHS, verifier.CHECK_NO_EXTRAS}, "is a symbolic link")


def test_a_timestamp_token_from_the_future_is_refused(folder: Path, bundle: Path, roots, pki: Pki) -> None:
    manifest = _members(bundle)[bundle_format.MANIFEST_NAME]
    authority = timestamper(pki.tsa, pki.chain, pki.now + dt.timedelta(hours=1))
    signature = cms_signature(manifest, pki.signing, pki.chain, timestamper=authority)
    stamped = rebuild(bundle, folder / "stamped.zip", replace={bundle_format.SIGNATURE_NAME: signature})
    _assert_refused(_verify(stamped, roots, pki.now), {verifier.CHECK_VALIDITY}, "later than the time of verification")
