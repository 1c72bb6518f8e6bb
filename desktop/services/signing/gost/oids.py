"""NCA RK's object identifiers for GOST (see docs/signing.md)."""

GOST2015_KEY = "1.2.398.3.10.1.1.2.2"
GOST2015_KEY_PARAMETERS = "1.2.398.3.10.1.1.2.2.1"
GOST2015_SIGNATURE = "1.2.398.3.10.1.1.2.3.2"
STREEBOG512 = "1.2.398.3.10.1.3.3"
GOST2004_KEY = "1.2.398.3.10.1.1.1.1"
# The same algorithms under the TC26 (Russian) identifiers that OpenSSL's GOST engine knows.
TC26_KEY_512 = "1.2.643.7.1.1.1.2"
TC26_SIGNATURE_512 = "1.2.643.7.1.1.3.3"
TC26_STREEBOG512 = "1.2.643.7.1.1.2.3"
TC26_CURVE_512_A = "1.2.643.7.1.2.1.2.1"
