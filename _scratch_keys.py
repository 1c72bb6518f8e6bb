import datetime as dt, time
from tests import pki
from desktop.services.signing import keys
p = pki.default_pki()
now = p.now
def tryload(name, data, pw=pki.PASSWORD):
    t=time.perf_counter()
    try:
        i = keys.load_signing_identity(data, pw, now); r = ("OK", i.subject_name, i.issuer_name, i.serial_hex, len(i.chain))
    except keys.KeyFileError as e: r = (type(e).__name__, str(e))
    print(f"{name:20} {(time.perf_counter()-t)*1000:6.1f}ms", r)
tryload("signing", p.signing.pkcs12(p.chain))
tryload("signing wrong", p.signing.pkcs12(p.chain), "nope")
tryload("3des", p.signing.pkcs12(p.chain, triple_des=True))
tryload("3des wrong", p.signing.pkcs12(p.chain, triple_des=True), "nope")
rc2 = pki.rc2_pkcs12(p.signing, p.chain)
tryload("rc2", rc2)
tryload("rc2 wrong", rc2, "nope")
tryload("gost", pki.gost_pkcs12())
tryload("gost ru", pki.gost_pkcs12(pki.RUSSIAN_GOST_KEY_OID))
tryload("expired", p.expired.pkcs12())
tryload("nyv", p.not_yet_valid.pkcs12())
tryload("auth", p.auth.pkcs12())
tryload("enc", p.encipherment_only.pkcs12())
tryload("ec", p.ec_signing.pkcs12())
tryload("garbage", b"hello")
tryload("pem", p.root.pem())
tryload("empty", b"")
tryload("cert der", p.root.certificate.public_bytes(__import__('cryptography.hazmat.primitives.serialization',fromlist=['x']).Encoding.DER))
