import datetime as dt, time, subprocess, os, tempfile
from tests import pki
from desktop.services.signing import keys, cms
p = pki.default_pki()
now = dt.datetime.now(dt.UTC)
ident = keys.load_signing_identity(p.signing.pkcs12(p.chain), pki.PASSWORD, now)
data = b'{"hello": "world"}'
t=time.perf_counter(); sig = cms.sign_detached(data, ident); print("sign ms", (time.perf_counter()-t)*1000, len(sig))
for roots in ([p.root.certificate], [], [p.other_root.certificate]):
    t=time.perf_counter(); st = cms.verify_detached(data, sig, roots, now); print("verify ms", (time.perf_counter()-t)*1000, st.signature_matches, st.chains_to_trusted_root, st.signing_time, st.signer_certificate.subject)
st = cms.verify_detached(data+b" ", sig, [p.root.certificate], now); print("tampered", st.signature_matches, st.chains_to_trusted_root)
for cut in (10, len(sig)//2, len(sig)-5):
    try: cms.verify_detached(data, sig[:cut], [p.root.certificate], now); print("no error!")
    except cms.MalformedSignature as e: print("trunc", cut, e)
# expired identity
exp = keys.SigningIdentity(p.expired.key, p.expired.certificate, p.chain)
st = cms.verify_detached(data, cms.sign_detached(data, exp), [p.root.certificate], now); print("expired", st.signature_matches, st.chains_to_trusted_root, st.signing_time, st.signer_certificate.not_valid_after_utc)
with tempfile.TemporaryDirectory() as d:
    open(f"{d}/m.json","wb").write(data); open(f"{d}/m.p7s","wb").write(sig); open(f"{d}/ca.pem","wb").write(p.root.pem())
    r = subprocess.run(["openssl","cms","-verify","-binary","-inform","DER","-content",f"{d}/m.json","-in",f"{d}/m.p7s","-CAfile",f"{d}/ca.pem","-out","/dev/null"],capture_output=True,text=True); print(r.returncode, r.stderr)
