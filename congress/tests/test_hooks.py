"""The core's pages ask the apps through congress.hooks: one provider per name."""

import pytest

from congress import hooks


@pytest.fixture
def empty_registries(monkeypatch):
    monkeypatch.setattr(hooks, "_PROFILES", {})
    monkeypatch.setattr(hooks, "_PUBLIC_HOME_SECTIONS", {})


def test_profiles_and_sections_by_name(empty_registries):
    hooks.register_profile("badge", lambda user: f"badge of {user}")
    hooks.register_public_home_section("stats", lambda: {"count": 3})

    assert hooks.profiles_for("alice") == {"badge": "badge of alice"}
    assert hooks.public_home_sections() == {"stats": {"count": 3}}


def test_a_name_belongs_to_one_provider(empty_registries):
    def provider(user):
        return None

    hooks.register_profile("badge", provider)
    hooks.register_profile("badge", provider)  # a second ready(): harmless

    with pytest.raises(ValueError, match="badge"):
        hooks.register_profile("badge", lambda user: None)
    with pytest.raises(ValueError, match="stats"):
        hooks.register_public_home_section("stats", lambda: 1)
        hooks.register_public_home_section("stats", lambda: 2)
