from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from .selectors import memberships_for_user


@dataclass(frozen=True)
class NavItem:
    """One link of the main navigation; `keys` are the views' `nav` values it stands for."""

    label: str
    url: str
    keys: tuple[str, ...]


# Publish, versions, acknowledgements, history and translations are tabs of one
# "Standards" page: the link stays lit on each of them.
STANDARDS_TABS = ("publish", "versions", "coverage", "history", "translations")


def main_navigation(membership) -> list[NavItem]:
    """The role's main navigation, defined once for the desktop bar and the phone menu."""
    if membership is None:
        return []
    items: list[NavItem] = []

    def add(label, url_name: str, *keys: str, args: tuple = ()) -> None:
        items.append(NavItem(label, reverse(url_name, args=args), keys))

    if membership.is_staff_member:
        add(_("My scores"), "dashboards:scorecard", "scorecard")
        add(_("My standards"), "standards:my_standards", "my")
        add(_("My situations"), "reviews:my_situations", "situations")
        add(
            _("My compliance"),
            "reviews:consultant_detail",
            "my_compliance",
            args=(membership.pk,),
        )
        add(_("My feedback"), "surveys:my_feedback", "my_feedback")
        add(_("Journeys"), "touchpoints:journey_list", "journeys")
        add(_("Reviews"), "reviews:review_list", "reviews")
        add(_("Versions"), "standards:version_list", *STANDARDS_TABS)
        return items
    add(_("Dashboard"), "dashboards:overview", "dashboard")
    add(_("Journeys"), "touchpoints:journey_list", "journeys")
    add(_("Reviews"), "reviews:review_list", "reviews")
    add(_("Compliance"), "reviews:compliance", "compliance")
    add(_("Practices"), "reviews:practices", "practices")
    add(_("Surveys"), "surveys:survey_list", "surveys")
    add(_("Responses"), "surveys:response_list", "responses")
    standards = "standards:publish" if membership.can_edit else "standards:version_list"
    add(_("Standards"), standards, *STANDARDS_TABS)
    if membership.is_admin:
        add(_("Settings"), "accounts:people", "settings")
    return items


def organization(request) -> dict:
    membership = getattr(request, "membership", None)
    return {
        "membership": membership,
        "organization": getattr(request, "organization", None),
        # Lazy: only templates that show the switcher run the query.
        "all_memberships": lambda: list(memberships_for_user(request.user)) if membership else [],
        # Lazy too: JSON answers and the customer's survey pages never draw it.
        "nav_items": SimpleLazyObject(lambda: main_navigation(membership)),
    }
