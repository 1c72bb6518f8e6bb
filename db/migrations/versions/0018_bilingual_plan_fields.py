"""Documents in one language (issue 19.2), the p.46 plan: a Kazakh and a Russian form of the plan's texts.

- event: `participation_level_ru`, `initiator_ru`, `funding_source_ru`, `programme_ru` beside
  `participation_level`, `initiator`, `funding_source`, `programme`, which become the Kazakh forms.

As in 0015, an existing store upgrades in place (ADD COLUMN, no table rebuild, so the search index's triggers
stay), and each single value of today is kept as the form of the language it is written in, decided by its
letters: with one of the Kazakh-only letters (ә ғ қ ң ө ұ ү һ і) it stays the Kazakh form; other Cyrillic text
moves to the Russian form (its Kazakh form left empty: a Kazakh plan then names it as missing instead of printing
Russian); text without Cyrillic letters (a Latin name, an abbreviation, a number) is copied into both forms. The
rule is hattama.rules.document_language.split_by_language; it is written out here because the store cannot import
the application and a migration must not change when the application's rule does.

Revision ID: 0018
Revises: 0017
"""

import re

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

_KAZAKH_LETTERS = re.compile("[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
# (Kazakh column, its new Russian column, length) of the event table.
_FORMS = (
    ("participation_level", "participation_level_ru", 300),
    ("initiator", "initiator_ru", 300),
    ("funding_source", "funding_source_ru", 300),
    ("programme", "programme_ru", 400),
)
BATCH = 5000


def _split(text: str) -> tuple[str, str]:
    if _KAZAKH_LETTERS.search(text):
        return text, ""
    if _CYRILLIC.search(text):
        return "", text
    return text, text


def upgrade() -> None:
    for _kazakh, russian, length in _FORMS:
        op.add_column("event", sa.Column(russian, sa.String(length), nullable=False, server_default=""))
    connection = op.get_bind()
    for kazakh, russian, _length in _FORMS:
        rows = connection.execute(sa.text(f"SELECT id, {kazakh} FROM event WHERE {kazakh} <> ''")).all()
        changes = [{"row_id": row[0], "kk": kk, "ru": ru}
                   for row in rows for kk, ru in [_split(row[1])] if (kk, ru) != (row[1], "")]
        update = sa.text(f"UPDATE event SET {kazakh} = :kk, {russian} = :ru WHERE id = :row_id")
        for start in range(0, len(changes), BATCH):
            connection.execute(update, changes[start:start + BATCH])


def downgrade() -> None:
    # The Kazakh form where there is one, else the Russian: one value again, as before. SQLite drops a column in
    # place (no rebuild of the table, whose triggers stay).
    for kazakh, russian, _length in _FORMS:
        op.execute(f"UPDATE event SET {kazakh} = {russian} WHERE {kazakh} = ''")
        op.drop_column("event", russian)
