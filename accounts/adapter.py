from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Close sign-up: every account is issued by an admin or a coordinator."""

    def is_open_for_signup(self, request):
        return False
