"""Energy registers over the API (generic restricted viewsets). Consumption itself is read
from telemetry's rollups (``GET /api/rollups/``) and shown on the energy pages."""

from parkops.core.api import serializer_for, viewset_for
from parkops.energy import filters
from parkops.energy import models as m


def _route(prefix, model, fields, filterset):
    return prefix, viewset_for(model, serializer_for(model, fields), filterset)


API_ROUTES = [
    _route(
        "energy/meters",
        m.Meter,
        [
            "park",
            "code",
            "name",
            "category",
            "scope",
            "level",
            "direction",
            "parent",
            "building",
            "enterprise",
            "virtual",
            "point",
            "multiplier",
            "accuracy_class",
            "calibrated_until",
            "active",
        ],
        filters.MeterFilterSet,
    ),
    _route(
        "energy/virtual-terms",
        m.VirtualMeterTerm,
        ["meter", "source", "sign"],
        filters.VirtualMeterTermFilterSet,
    ),
    _route(
        "energy/factors",
        m.EmissionFactor,
        ["park", "energy", "year", "region", "value", "source"],
        filters.EmissionFactorFilterSet,
    ),
    _route(
        "energy/tariffs",
        m.TariffPeriod,
        ["park", "energy", "band", "start", "end", "price", "valid_from"],
        filters.TariffPeriodFilterSet,
    ),
    _route(
        "energy/saving-measures",
        m.EnergySavingMeasure,
        [
            "park",
            "name",
            "kind",
            "area",
            "description",
            "commissioned_on",
            "meter",
            "before_from",
            "before_to",
            "after_from",
            "after_to",
            "before_per_day",
            "after_per_day",
        ],
        filters.EnergySavingMeasureFilterSet,
    ),
    _route(
        "energy/distributed",
        m.DistributedEnergy,
        [
            "park",
            "kind",
            "name",
            "building",
            "capacity_kw",
            "capacity_kwh",
            "commissioned_on",
            "meter",
            "operator_name",
        ],
        filters.DistributedEnergyFilterSet,
    ),
    _route(
        "energy/equipment",
        m.MajorEquipment,
        ["park", "name", "building", "energy", "rated_kw", "meter"],
        filters.MajorEquipmentFilterSet,
    ),
    _route(
        "energy/managers",
        m.EnergyManager,
        ["park", "name", "duties", "certificate", "appointed_on", "until"],
        filters.EnergyManagerFilterSet,
    ),
    _route(
        "energy/green-facilities",
        m.GreenFacility,
        ["park", "kind", "name", "location", "quantity", "installed_on", "note"],
        filters.GreenFacilityFilterSet,
    ),
    _route(
        "energy/activities",
        m.GreenActivity,
        ["park", "kind", "title", "held_on", "audience", "participants", "organiser", "note"],
        filters.GreenActivityFilterSet,
    ),
]
