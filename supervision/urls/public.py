from django.urls import path

from supervision.feeds import SupervisionFeed
from supervision.views import (
    documents,
    evaluation,
    judicial,
    public,
    public_filings,
    public_hearings,
    public_inquiries,
    public_inspections,
    public_investigation,
    public_major_matters,
)

urlpatterns = [
    path("supervision/", public.index, name="supervision-index"),
    path("feeds/supervision/", SupervisionFeed(), name="feed-supervision"),
    path("supervision/plan/<int:year>/", public.plan, name="supervision-plan"),
    path("supervision/reports/<int:pk>/", public.report, name="supervision-report"),
    path("files/supervision/<int:pk>/", public.report_attachment, name="supervision-report-attachment"),
    path("supervision/interpellations/", public.interpellation_list, name="supervision-interpellation-list"),
    path("supervision/interpellations/<int:pk>/", public.interpellation, name="supervision-interpellation"),
]

urlpatterns += [
    path(
        "supervision/reports/<int:pk>/pdf/<str:document>/",
        documents.public_report_document,
        name="supervision-report-pdf",
    ),
]

urlpatterns += [
    path(
        "supervision/special-supervisors/",
        judicial.special_supervisors,
        name="supervision-special-supervisors",
    ),
]

urlpatterns += [
    path("supervision/evaluations/<int:pk>/", evaluation.public_evaluation, name="supervision-evaluation"),
]

# Inquiries (views/public_inquiries.py).
urlpatterns += [
    path("supervision/inquiries/", public_inquiries.inquiry_list, name="supervision-inquiry-list"),
    path("supervision/inquiries/<int:pk>/", public_inquiries.inquiry, name="supervision-inquiry"),
]

# Special-question investigation (views/public_investigation.py).
urlpatterns += [
    path(
        "supervision/investigations/",
        public_investigation.investigation_list,
        name="supervision-investigation-list",
    ),
    path(
        "supervision/investigations/<int:pk>/",
        public_investigation.investigation,
        name="supervision-investigation",
    ),
]

# Major-matter reports (views/public_major_matters.py).
urlpatterns += [
    path("supervision/major-matters/", public_major_matters.index, name="supervision-major-matters"),
    path(
        "supervision/major-matters/<int:year>/",
        public_major_matters.yearly_list,
        name="supervision-major-matter-year",
    ),
    path(
        "supervision/major-matters/<int:year>/<int:pk>/",
        public_major_matters.matter,
        name="supervision-major-matter",
    ),
]

# Public hearings (听证, views/public_hearings.py).
urlpatterns += [
    path("supervision/hearings/", public_hearings.hearing_list, name="supervision-public-hearing-list"),
    path("supervision/hearings.ics", public_hearings.hearings_ics, name="supervision-public-hearings-ics"),
    path("supervision/hearings/<int:pk>/", public_hearings.hearing, name="supervision-public-hearing"),
    path(
        "supervision/hearings/<int:pk>/calendar.ics",
        public_hearings.hearing_ics,
        name="supervision-public-hearing-ics",
    ),
    path(
        "supervision/hearings/<int:pk>/report/pdf/",
        public_hearings.hearing_report_pdf,
        name="supervision-public-hearing-report-pdf",
    ),
    path(
        "supervision/hearings/receipts/",
        public_hearings.receipt_lookup,
        name="supervision-public-hearing-receipt-lookup",
    ),
    path(
        "supervision/hearings/receipts/<str:receipt>/",
        public_hearings.receipt,
        name="supervision-public-hearing-receipt",
    ),
]

# Law-enforcement inspections (views/public_inspections.py).
urlpatterns += [
    path("supervision/inspections/", public_inspections.inspection_list, name="supervision-inspection-list"),
    path("supervision/inspections/<int:pk>/", public_inspections.inspection, name="supervision-inspection"),
    path(
        "supervision/inspections/<int:pk>/pdf/",
        public_inspections.inspection_pdf,
        name="supervision-inspection-pdf",
    ),
]

# The register of normative documents (views/public_filings.py).
urlpatterns += [
    path("supervision/filings/", public_filings.filing_list, name="supervision-filing-list"),
    path("supervision/filings/receipt/", public_filings.receipt, name="supervision-filing-receipt"),
    path("supervision/filings/<int:pk>/", public_filings.filing, name="supervision-filing"),
    path(
        "supervision/filings/<int:pk>/suggest/",
        public_filings.filing_suggest,
        name="supervision-filing-suggest",
    ),
    path("files/supervision/filings/<int:pk>/", public_filings.filing_pdf, name="supervision-filing-pdf"),
    path(
        "supervision/filings/<int:pk>/opinion/pdf/",
        public_filings.filing_opinion_pdf,
        name="supervision-filing-opinion-pdf",
    ),
]
