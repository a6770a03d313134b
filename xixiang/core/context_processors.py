"""Template context every page needs: the navigation entries the user's role may use."""

from xixiang.accounts import roles


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "can_edit_registry": roles.can_edit_registry(user),
        "is_county_admin": roles.is_admin(user),
    }
