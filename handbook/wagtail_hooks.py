from wagtail import hooks

from handbook.views import HandbookEditionViewSet


@hooks.register("register_admin_viewset")
def register_handbook_edition_viewset():
    return HandbookEditionViewSet()
