import cProfile, pstats, datetime as dt, io
from reportlab.pdfgen import canvas
from tests import pki
from desktop.services.signing import keys, pades
p = pki.default_pki()
ident = keys.load_signing_identity(p.signing.pkcs12(p.chain), pki.PASSWORD, dt.datetime.now(dt.UTC))
buf = io.BytesIO(); c = canvas.Canvas(buf)
for page in range(3):
    for i in range(40): c.drawString(50, 800-i*18, f"Line {i} page {page} lorem ipsum dolor sit amet")
    c.showPage()
c.save(); pdf = buf.getvalue()
ctx = pades.make_pdf_signer(ident)
pades.sign_pdf(pdf, ctx)
pr = cProfile.Profile(); pr.enable()
for k in range(20): pades.sign_pdf(pdf, ctx)
pr.disable()
pstats.Stats(pr).sort_stats("cumulative").print_stats(45)
