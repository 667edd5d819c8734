from allauth.account.models import EmailAddress

from msj.accounts.models import User


def test_new_account_gets_its_address_unverified_and_lowercase(db):
    user = User.objects.create_user(email="Nueva.Persona@Example.org", full_name="Nueva Persona")
    address = EmailAddress.objects.get(user=user)
    assert (address.email, address.primary, address.verified) == ("nueva.persona@example.org", True, False)
