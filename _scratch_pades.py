import datetime as dt, time, subprocess, io
from reportlab.pdfgen import canvas
from tests import pki
from desktop.services.signing import keys, pades
from pyhanko.sign import signers
p = pki.default_pki()
now = dt.datetime.now(dt.UTC)
ident = keys.load_signing_identity(p.signing.pkcs12(p.chain), pki.PASSWORD, now)
buf = io.BytesIO(); c = canvas.Canvas(buf)
for page in range(3):
    for i in range(40): c.drawString(50, 800-i*18, f"Line {i} page {page} lorem ipsum dolor sit amet")
    c.showPage()
c.save(); pdf = buf.getvalue(); print("pdf", len(pdf))
ctx = pades.make_pdf_signer(ident)
for k in range(3):
    t=time.perf_counter(); out = pades.sign_pdf(pdf, ctx); print("sign ms", (time.perf_counter()-t)*1000, len(out))
t=time.perf_counter()
for k in range(20): out = pades.sign_pdf(pdf, ctx)
print("avg ms", (time.perf_counter()-t)*1000/20)
from pyhanko.sign.signers.pdf_cms import SimpleSigner
from cryptography.hazmat.primitives.serialization import pkcs12
ss = SimpleSigner.load_pkcs12_data(p.signing.pkcs12(p.chain), [], pki.PASSWORD.encode())
ps = signers.PdfSigner(signers.PdfSignatureMetadata(field_name="S", md_algorithm="sha256", subfilter=pades.fields.SigSeedSubFilter.PADES), signer=ss)
t=time.perf_counter()
for k in range(20): pades.sign_pdf(pdf, ps)
print("simple signer avg ms", (time.perf_counter()-t)*1000/20)
open("/tmp/signed.pdf","wb").write(out)
print(subprocess.run(["pdfsig","/tmp/signed.pdf"],capture_output=True,text=True))
