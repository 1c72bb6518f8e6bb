"""Documents in one language (issue 19.2): a Kazakh and a Russian form of places, positions and organisations.

- event: `city_ru`, `venue_ru` beside `city`, `venue`, which become the Kazakh forms;
- event_participant: `job_title_ru`, `organisation_ru` beside `job_title`, `organisation` (the Kazakh forms).

An existing store upgrades in place (ADD COLUMN, no table rebuild, so the search index's triggers stay). Each
single value of today is kept as the form of the language it is written in, decided by its letters: with one of
the Kazakh-only letters (ә ғ қ ң ө ұ ү һ і) it stays the Kazakh form; other Cyrillic text moves to the Russian
form (its Kazakh form left empty: a Kazakh document then names it as missing instead of printing Russian); text
without Cyrillic letters (a Latin name, an abbreviation) is copied into both forms, as it reads the same in both.
The rule is hattama.rules.document_language.split_by_language; it is written out here because the store cannot
import the application and a migration must not change when the application's rule does.

Revision ID: 0015
Revises: 0014
"""

import re

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

_KAZAKH_LETTERS = re.compile("[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
# table: (Kazakh column, its new Russian column, length)
_FORMS = {
    "event": (("city", "city_ru", 200), ("venue", "venue_ru", 400)),
    "event_participant": (("job_title", "job_title_ru", 400), ("organisation", "organisation_ru", 400)),
}


def _split(text: str) -> tuple[str, str]:
    if _KAZAKH_LETTERS.search(text):
        return text, ""
    if _CYRILLIC.search(text):
        return "", text
    return text, text


def upgrade() -> None:
    for table, columns in _FORMS.items():
        for _kazakh, russian, length in columns:
            op.add_column(table, sa.Column(russian, sa.String(length), nullable=False, server_default=""))
    connection = op.get_bind()
    for table, columns in _FORMS.items():
        for kazakh, russian, _length in columns:
            rows = connection.execute(sa.text(f"SELECT id, {kazakh} FROM {table} WHERE {kazakh} <> ''")).all()
            changes = [{"row_id": row[0], "kk": kk, "ru": ru}
                       for row in rows for kk, ru in [_split(row[1])] if (kk, ru) != (row[1], "")]
            if changes:
                connection.execute(
                    sa.text(f"UPDATE {table} SET {kazakh} = :kk, {russian} = :ru WHERE id = :row_id"), changes)


def downgrade() -> None:
    # The Kazakh form where there is one, else the Russian: one value again, as before.
    for table, columns in _FORMS.items():
        for kazakh, russian, _length in columns:
            op.execute(f"UPDATE {table} SET {kazakh} = {russian} WHERE {kazakh} = ''")
            with op.batch_alter_table(table) as batch:
                batch.drop_column(russian)
