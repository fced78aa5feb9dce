"""A deputy's photo and the district's logo (issue 10, finding 1): images only (by content, no
SVG), stored privately, served inline as an image by a view — the photo to anyone only when
the deputy marked it public."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from congress.models import DistrictProfile
from congress.tests import uploads as u
from deputies.tests.factories import DeputyFactory

pytestmark = pytest.mark.django_db


def test_photo_public_only_when_marked_public(client, term, staff):
    deputy = DeputyFactory(term=term, public_fields=["photo"])
    deputy.photo.save("me.png", SimpleUploadedFile("me.png", u.PNG))
    url = reverse("public:deputy-photo", args=[deputy.pk])
    assert url in client.get(reverse("public:deputy-profile", args=[deputy.pk])).content.decode()
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert client.get(reverse("api-public-deputy-detail", args=[deputy.pk])).json()["photo"].endswith(url)
    deputy.public_fields = []
    deputy.save()
    assert client.get(url).status_code == 404
    client.force_login(staff)
    assert client.get(url).status_code == 200


def test_photo_must_be_an_image_by_content(term):
    deputy = DeputyFactory(term=term)
    deputy.photo = SimpleUploadedFile("me.png", u.SVG)
    with pytest.raises(Exception) as error:
        deputy.full_clean()
    assert "不支持的文件类型：me.png" in str(error.value)


def test_district_logo_is_served_by_the_app(client, db):
    profile = DistrictProfile.objects.create(pk=1, name="徐汇区")
    profile.logo.save("logo.gif", SimpleUploadedFile("logo.gif", u.GIF))
    html = client.get(reverse("public:home")).content.decode()
    assert reverse("public:district-logo") in html
    response = client.get(reverse("public:district-logo"))
    assert response.status_code == 200 and response["Content-Type"] == "image/gif"
