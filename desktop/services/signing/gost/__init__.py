"""GOST signing as NCA RK does it: the maths and byte order (`maths`), NCA's PKCS#12 key files (`pkcs12`),
certificates and revocation lists signed with GOST (`certificates`), and detached CMS (`cms`).

The Kazakh object identifiers are in `oids`. pyHanko and `cryptography` know none of them, so structures are
read with asn1crypto's generic types and certificates with `cryptography`, which reads any algorithm's fields.
"""

import warnings

# NCA RK's CA names are longer than X.520's 64-character bound; `cryptography` warns on each one it reads.
warnings.filterwarnings("ignore", message="Attribute's length must be", category=UserWarning)
