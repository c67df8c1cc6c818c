"""First sign-in and the user's own profile."""
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters

from accounts import services
from accounts.forms import FirstSignInForm, ProfileForm


def _initial(user):
    return {"full_name": user.full_name, "position": user.position, "email": user.email, "phone": user.phone}


@sensitive_post_parameters("new_password1", "new_password2")
@login_required
def first_sign_in(request):
    user = request.user
    if not user.first_sign_in_pending:
        return redirect("workspace:dashboard")
    form = FirstSignInForm(request.POST or None, user=user, initial=_initial(user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.account_first_sign_in_complete(
            user=user,
            full_name=data["full_name"],
            position=data["position"],
            email=data["email"],
            phone=data["phone"],
            password=data.get("new_password1"),
        )
        # The new password changes the session hash; keep this session signed in.
        update_session_auth_hash(request, user)
        messages.success(request, _("Your profile is complete. Welcome to SiNovik."))
        return redirect("workspace:dashboard")
    return render(request, "accounts/first_sign_in.html", {"form": form})


@login_required
def profile(request):
    user = request.user
    form = ProfileForm(request.POST or None, initial=_initial(user))
    if request.method == "POST" and form.is_valid():
        services.account_profile_update(user=user, **form.cleaned_data)
        messages.success(request, _("Your profile was saved."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})
