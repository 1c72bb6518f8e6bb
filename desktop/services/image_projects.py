"""p.46 image projects: the register and the MFA's agreement recorded on each; the obligation each gives rise to
(agree before launch) is computed with the others in hattama.services.obligations."""

from __future__ import annotations

import dataclasses
import uuid
from dataclasses import dataclass

from sqlalchemy import select

from hattama.db.models import ImageProject
from hattama.db.store import Store
from hattama.language import N_
from hattama.rules.errors import RuleError
from hattama.rules.plans import ImageProjectData, image_project_problems
from hattama.services.errors import ServiceError

_FIELDS = tuple(field.name for field in dataclasses.fields(ImageProjectData))


@dataclass(frozen=True)
class ImageProjectRecord:
    id: uuid.UUID
    data: ImageProjectData


def _check(data: ImageProjectData) -> None:
    problems = image_project_problems(data)
    if problems:
        raise ServiceError(N_("The image project was not saved: {problems}"),
                           problems=[RuleError(msgid, **params) for _field, msgid, params in problems])


def _data(row: ImageProject) -> ImageProjectData:
    return ImageProjectData(**{name: getattr(row, name) for name in _FIELDS})


def create_project(store: Store, data: ImageProjectData) -> uuid.UUID:
    _check(data)
    with store.session() as session:
        row = ImageProject(**dataclasses.asdict(data))
        session.add(row)
        session.flush()
        return row.id


def update_project(store: Store, project_id: uuid.UUID, data: ImageProjectData) -> None:
    _check(data)
    with store.session() as session:
        row = session.get(ImageProject, project_id)
        if row is None:
            raise ServiceError(N_("There is no image project {id}."), id=str(project_id))
        for name, value in dataclasses.asdict(data).items():
            setattr(row, name, value)


def delete_project(store: Store, project_id: uuid.UUID) -> None:
    with store.session() as session:
        row = session.get(ImageProject, project_id)
        if row is not None:
            session.delete(row)


def list_projects(store: Store) -> list[ImageProjectRecord]:
    with store.session() as session:
        rows = session.scalars(select(ImageProject).order_by(ImageProject.starts_on, ImageProject.id))
        return [ImageProjectRecord(row.id, _data(row)) for row in rows]
