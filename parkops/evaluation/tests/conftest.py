"""The live assessment (every app's evidence) is frozen into the dossier by its own test
(test_dossier); elsewhere a small stand-in keeps these tests about the panel and fast."""

import pytest

from parkops.evaluation import services

REAL_ASSESSMENT_SNAPSHOT = services.assessment_snapshot


@pytest.fixture(autouse=True)
def _stub_assessment(monkeypatch, request):
    if "real_assessment" in request.fixturenames:
        return
    monkeypatch.setattr(
        services,
        "assessment_snapshot",
        lambda park, as_of: {
            "park": park.code,
            "as_of": as_of.isoformat(),
            "total": "80.00",
            "star": 4,
            "indicators": [
                {
                    "row": 62,
                    "points": "2.00",
                    "score": "2.00",
                    "status": "met",
                    "evidence": [{"label": "现场检查记录", "url": "", "count": 1, "date": as_of.isoformat()}],
                    "missing": [],
                }
            ],
        },
    )


@pytest.fixture
def real_assessment():
    return REAL_ASSESSMENT_SNAPSHOT
