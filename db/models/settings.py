"""The unit's settings: one row describing the body, its unit and the officer who signs."""

from __future__ import annotations

from sqlalchemy import Boolean, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Record


class UnitSettings(Base, Record):
    __tablename__ = "unit_settings"

    body_name_kk: Mapped[str] = mapped_column(String(400), default="")
    body_name_ru: Mapped[str] = mapped_column(String(400), default="")
    body_name_en: Mapped[str] = mapped_column(String(400), default="")
    unit_name_kk: Mapped[str] = mapped_column(String(400), default="")
    unit_name_ru: Mapped[str] = mapped_column(String(400), default="")
    unit_name_en: Mapped[str] = mapped_column(String(400), default="")
    officer_name: Mapped[str] = mapped_column(String(200), default="")
    officer_position_kk: Mapped[str] = mapped_column(String(400), default="")
    officer_position_ru: Mapped[str] = mapped_column(String(400), default="")
    officer_position_en: Mapped[str] = mapped_column(String(400), default="")
    # p.50: special state bodies are outside p.48 and p.49.
    special_state_body: Mapped[bool] = mapped_column(Boolean, default=False)
    # p.50: the Presidential Administration and the Prime Minister's Office are outside the whole chapter.
    outside_chapter: Mapped[bool] = mapped_column(Boolean, default=False)
    language: Mapped[str] = mapped_column(String(8), default="kk")
    due_soon_working_days: Mapped[int] = mapped_column(Integer, default=2)
    signing_key_path: Mapped[str] = mapped_column(String(1000), default="")
    sign_with_ncalayer: Mapped[bool] = mapped_column(Boolean, default=False)
