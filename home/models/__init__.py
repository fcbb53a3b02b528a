from home.models.base import BasePage, IndexPage
from home.models.pages import CityPage, HomePage, StandardPage
from home.models.settings import NetworkSettings
from home.models.snippets import MainMenu, SiteFooter, Theme

__all__ = [
    "BasePage",
    "CityPage",
    "HomePage",
    "IndexPage",
    "MainMenu",
    "NetworkSettings",
    "SiteFooter",
    "StandardPage",
    "Theme",
]
