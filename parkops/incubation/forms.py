from parkops.core.forms import form_for
from parkops.incubation import models as m

IncubationCentreForm = form_for(
    m.IncubationCentre, ["park", "name", "spaces", "area", "opened_on", "manager", "description"]
)
IncubatorServiceForm = form_for(
    m.IncubatorService, ["park", "centre", "category", "name", "description", "provider", "charge", "active"]
)
StartupForm = form_for(
    m.Startup,
    ["park", "centre", "enterprise", "project", "founder", "entered_on", "status", "left_on", "outcome"],
)
MilestoneForm = form_for(m.Milestone, ["startup", "achieved_on", "kind", "title", "note"])
MentorForm = form_for(m.Mentor, ["park", "name", "organisation", "speciality", "bio", "active"])
MentoringCaseForm = form_for(
    m.MentoringCase, ["event", "mentor", "startup", "topic", "problem", "advice", "outcome", "proof"]
)
FundForm = form_for(
    m.Fund, ["park", "name", "kind", "purpose", "manager", "size", "established_on", "agreement", "active"]
)
FundInvestmentForm = form_for(
    m.FundInvestment, ["fund", "startup", "invested_on", "stage", "amount", "proof", "note"]
)
