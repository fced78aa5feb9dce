"""Uploads, one machinery for every app (issue 10, finding 1).

- **What is accepted** is decided by the file's *content* (its magic bytes), never by its name
  or the browser's content type: PDF, Office (OOXML .docx/.xlsx/.pptx and the legacy
  .doc/.xls/.ppt), OFD, PNG/JPEG/GIF/WebP images — no SVG, no HTML, no executables; a plain
  zip only on the fields staff upload to (``ZIP`` in the field's kinds). Size limits are
  settings (``UPLOAD_MAX_BYTES``, ``UPLOAD_IMAGE_MAX_BYTES``).
- **Where it is stored**: :data:`private_storage`, a folder outside the web root
  (``PRIVATE_MEDIA_ROOT``, default ``var/private``) with no URL at all, under a random name with
  the extension of the detected type (``proposals/2026/3f2a….pdf``); the uploader's file name
  is kept in a column, for the download's file name only.
- **How it is read**: only through a view per record type that first asks the app's selector
  whether the user may see the record (404 otherwise) and then answers with :func:`file_response`:
  always ``Content-Disposition: attachment`` (images may be shown inline where the page shows
  them: a deputy's photo, the district's logo), ``X-Content-Type-Options: nosniff``, the content
  type of the detected kind and a sandboxing CSP. With ``PRIVATE_MEDIA_ACCEL_REDIRECT`` set (the
  proxy's internal location, e.g. ``/_private/``) the app only checks the right and nginx sends
  the bytes (``X-Accel-Redirect``); see docs/uploads.md.
"""

from __future__ import annotations

import datetime as dt
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.signals import setting_changed
from django.db import models
from django.db.models.fields.files import FieldFile
from django.dispatch import receiver
from django.http import FileResponse, Http404, HttpResponse
from django.utils.deconstruct import deconstructible
from django.utils.functional import LazyObject, empty
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Kind:
    code: str
    extension: str
    content_type: str
    image: bool = False


PDF = Kind("pdf", ".pdf", "application/pdf")
DOCX = Kind("docx", ".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
XLSX = Kind("xlsx", ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
PPTX = Kind("pptx", ".pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation")
OLE = Kind("ole", ".doc", "application/msword")  # legacy .doc/.xls/.ppt share one container
OFD = Kind("ofd", ".ofd", "application/ofd")
ZIP = Kind("zip", ".zip", "application/zip")
PNG = Kind("png", ".png", "image/png", image=True)
JPEG = Kind("jpeg", ".jpg", "image/jpeg", image=True)
GIF = Kind("gif", ".gif", "image/gif", image=True)
WEBP = Kind("webp", ".webp", "image/webp", image=True)

IMAGES = (PNG, JPEG, GIF, WEBP)
DOCUMENTS = (PDF, DOCX, XLSX, PPTX, OLE, OFD, *IMAGES)
DOCUMENTS_AND_ZIP = (*DOCUMENTS, ZIP)
KINDS = {kind.code: kind for kind in (*DOCUMENTS, ZIP)}
BY_EXTENSION = {kind.extension: kind for kind in KINDS.values()}
OLE_EXTENSIONS = {".doc": OLE, ".xls": OLE, ".ppt": OLE}

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
OOXML_PARTS = (("word/", DOCX), ("xl/", XLSX), ("ppt/", PPTX))


def _head(upload, size: int = 64) -> bytes:
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(size)
    upload.seek(position)
    return head


def _zip_kind(upload) -> Kind | None:
    position = upload.tell()
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        upload.seek(position)
    if "[Content_Types].xml" in names:
        for prefix, kind in OOXML_PARTS:
            if any(name.startswith(prefix) for name in names):
                return kind
        return ZIP
    if "OFD.xml" in names:  # GB/T 33190: the package's entry file at the root
        return OFD
    return ZIP


def detect_kind(upload) -> Kind | None:
    """The file's type from its first bytes (and, for a zip container, its table of contents);
    None for anything not on the list — SVG and HTML included, whatever the name says."""
    head = _head(upload)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return GIF
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(OLE_MAGIC):
        return OLE
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(upload)
    return None


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g}"


def validate_upload(upload, *, kinds=DOCUMENTS, max_bytes: int | None = None) -> Kind:
    """The detected kind of ``upload``, or a ValidationError in Chinese: 不支持的文件类型：… /
    文件超过 20MB. ``kinds`` is the field's allow-list; the size limit defaults to the setting
    for images when only images are allowed, else ``UPLOAD_MAX_BYTES``."""
    name = PurePosixPath(getattr(upload, "name", "") or "").name
    if max_bytes is None:
        only_images = all(kind.image for kind in kinds)
        max_bytes = settings.UPLOAD_IMAGE_MAX_BYTES if only_images else settings.UPLOAD_MAX_BYTES
    if upload.size > max_bytes:
        raise ValidationError(
            _("文件超过 %(mb)sMB：%(name)s") % {"mb": _megabytes(max_bytes), "name": name},
            code="file_too_large",
        )
    kind = detect_kind(upload)
    if kind is None or kind not in kinds:
        raise ValidationError(_("不支持的文件类型：%(name)s") % {"name": name}, code="file_type")
    return kind


@deconstructible
class FileKindValidator:
    """A model or form field validator: ``validators=[FileKindValidator("documents")]``.
    ``allow`` names a group (``documents``, ``documents_and_zip``, ``images``)."""

    GROUPS = {"documents": DOCUMENTS, "documents_and_zip": DOCUMENTS_AND_ZIP, "images": IMAGES}

    def __init__(self, allow: str = "documents"):
        self.allow = allow

    def __call__(self, value):
        if not value or getattr(value, "_committed", False):
            return  # a file already stored was checked when it was uploaded
        validate_upload(value, kinds=self.GROUPS[self.allow])

    def __eq__(self, other):
        return isinstance(other, FileKindValidator) and other.allow == self.allow


class PrivateStorage(FileSystemStorage):
    """Uploads outside the web root: no ``base_url``, so ``.url`` cannot leak a path; files are
    written 0600 in 0700 folders."""

    def __init__(self, **kwargs):
        kwargs.setdefault("location", settings.PRIVATE_MEDIA_ROOT)
        kwargs.setdefault("file_permissions_mode", 0o600)
        kwargs.setdefault("directory_permissions_mode", 0o700)
        super().__init__(**kwargs)

    def url(self, name):
        """No URL: a private file is read through its record's download view only."""
        return ""


class _LazyPrivateStorage(LazyObject):
    def _setup(self):
        self._wrapped = PrivateStorage()


private_storage = _LazyPrivateStorage()


@receiver(setting_changed)
def _reset_private_storage(*, setting, **kwargs):
    if setting == "PRIVATE_MEDIA_ROOT":
        private_storage._wrapped = empty


def get_private_storage():
    """The callable model fields name as ``storage`` (keeps migrations free of settings)."""
    return private_storage


@deconstructible
class RandomName:
    """``upload_to``: ``<prefix>/<year>/<random hex><extension>``, the extension being the
    detected kind's (set by :class:`PrivateFieldFile`). The uploader's name never reaches the disk."""

    def __init__(self, prefix: str):
        self.prefix = prefix

    def __call__(self, instance, filename):
        extension = PurePosixPath(filename).suffix.lower()
        if extension not in BY_EXTENSION and extension not in OLE_EXTENSIONS:
            extension = ".bin"
        return f"{self.prefix}/{dt.date.today():%Y}/{uuid.uuid4().hex}{extension}"

    def __eq__(self, other):
        return isinstance(other, RandomName) and other.prefix == self.prefix


class PrivateFieldFile(FieldFile):
    def save(self, name, content, save=True):
        """Name the stored file after the kind its content was accepted as (a PNG called
        ``report.pdf`` is stored and served as ``.png``)."""
        kind = detect_kind(content)
        extension = kind.extension if kind else ".bin"
        suffix = PurePosixPath(name).suffix.lower()
        if kind is OLE and suffix in OLE_EXTENSIONS:
            extension = suffix
        super().save(f"upload{extension}", content, save)


class PrivateFileField(models.FileField):
    """A file field for uploads: private storage, random names, the allow-list ``allow``
    (``documents``, ``documents_and_zip``, ``images``) checked by content on every model
    form and ``full_clean``. Services that take uploads call :func:`validate_upload` too."""

    attr_class = PrivateFieldFile

    def __init__(self, *args, allow: str = "documents", **kwargs):
        self.allow = allow
        kwargs.setdefault("storage", get_private_storage)
        kwargs.setdefault("max_length", 200)
        kwargs["validators"] = [*kwargs.get("validators", []), FileKindValidator(allow)]
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["allow"] = self.allow
        validators = [v for v in kwargs.pop("validators", []) if v != FileKindValidator(self.allow)]
        if validators:
            kwargs["validators"] = validators
        return name, path, args, kwargs


def kind_of_stored(name: str) -> Kind | None:
    """The kind a stored file was accepted as, from the extension we gave it."""
    extension = PurePosixPath(name).suffix.lower()
    return BY_EXTENSION.get(extension) or OLE_EXTENSIONS.get(extension)


def _disposition(kind: str, filename: str) -> str:
    ascii_name = filename.encode("ascii", "ignore").decode().replace('"', "") or "file"
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


def file_response(field_file, *, filename: str = "", inline_image: bool = False) -> HttpResponse:
    """The answer of every download view, after the view checked the right to see the record:
    the stored bytes as an attachment (an image inline only with ``inline_image``), under the
    uploader's file name with the extension of the accepted kind, nosniff, no caching by shared
    caches, and a CSP that runs nothing should a browser render it anyway."""
    if not field_file:
        raise Http404
    kind = kind_of_stored(field_file.name)
    content_type = kind.content_type if kind else "application/octet-stream"
    filename = PurePosixPath(filename or field_file.name).name
    stored_extension = PurePosixPath(field_file.name).suffix.lower()
    if PurePosixPath(filename).suffix.lower() != stored_extension:
        filename += stored_extension
    inline = inline_image and kind is not None and kind.image
    accel = getattr(settings, "PRIVATE_MEDIA_ACCEL_REDIRECT", "")
    if accel:
        if not field_file.storage.exists(field_file.name):
            raise Http404
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = accel.rstrip("/") + "/" + quote(field_file.name)
    else:
        try:
            handle = field_file.storage.open(field_file.name, "rb")
        except FileNotFoundError as exc:
            raise Http404 from exc
        response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = _disposition("inline" if inline else "attachment", filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, max-age=0" if not inline else "private, max-age=3600"
    return response


def move_to_private_storage(apps, schema_editor, *, model: str, field: str, original_name_field: str = ""):
    """Data migration: move the files of ``model.field`` from ``MEDIA_ROOT`` (where uploads were
    served from) into the private storage under random names, keeping the old file name in
    ``original_name_field``. Files that fail the field's allow-list stay where they were,
    unreachable (nothing serves ``MEDIA_ROOT`` any more), and are named in the log."""
    import logging
    from pathlib import Path

    from django.core.files import File

    logger = logging.getLogger("congress.files")
    Model = apps.get_model(model)
    model_field = Model._meta.get_field(field)
    kinds = FileKindValidator.GROUPS[model_field.allow]
    storage = model_field.storage
    for row in Model._base_manager.exclude(**{field: ""}).iterator():
        stored = getattr(row, field)
        if storage.exists(stored.name):
            continue
        source = Path(settings.MEDIA_ROOT) / stored.name
        if not source.is_file():
            continue
        with source.open("rb") as handle:
            upload = File(handle, name=source.name)
            kind = detect_kind(upload)
            if kind not in kinds:
                logger.warning("upload not moved (type not allowed): %s %s %s", model, row.pk, stored.name)
                continue
            stored.save(source.name, upload, save=False)
        fields = [field]
        if original_name_field and not getattr(row, original_name_field):
            setattr(row, original_name_field, source.name[:200])
            fields.append(original_name_field)
        Model._base_manager.filter(pk=row.pk).update(**{name: getattr(row, name) for name in fields})
        source.unlink()
