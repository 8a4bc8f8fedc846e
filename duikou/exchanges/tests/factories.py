import datetime

from duikou.core.testing import OrganisationFactory, pairing

from ..models import Secondment, Trainee, Training

PERSON = "测试挂职人甲"


def secondment(pairing_obj, *, name=PERSON, start=datetime.date(2026, 1, 1), end=datetime.date(2026, 12, 31),
               home=None, host=None, **values):
    """A secondment from the northeast side to the east side, saved directly (no service, no audit)."""
    home = home or OrganisationFactory(region_id=pairing_obj.northeast_id)
    host = host or OrganisationFactory(region_id=pairing_obj.east_id)
    values = {"sex": "male", "birth_year": 1980, "rank": Secondment.Rank.DIVISION, "home_post": "处长",
              "host_post": "副处长（挂职）", "direction": Secondment.Direction.NE_TO_EAST, **values}
    return Secondment.objects.create(pairing=pairing_obj, person_name=name, home_organisation=home,
                                     host_organisation=host, start=start, end=end, **values)


def three_secondments():
    return {"lj": secondment(pairing("210000", "320000")),
            "jz": secondment(pairing("220000", "330000")),
            "sb": secondment(pairing("210100", "110000"))}


TRAINEE = "测试学员乙"


def training(pairing_obj, *, title="测试培训班", start=datetime.date(2026, 5, 10), end=datetime.date(2026, 5, 16),
             leaders=10, managers=20, technical=5, **values):
    """A training saved directly (no service, no audit), its total the sum of the categories."""
    return Training.objects.create(pairing=pairing_obj, title=title, host_institution="测试大学", place="杭州",
                                   start=start, end=end, leaders=leaders, managers=managers, technical=technical,
                                   total=leaders + managers + technical, **{"status": Training.Status.HELD, **values})


def trainee(training_obj, *, name=TRAINEE, category="leaders", **values):
    return Trainee.objects.create(training=training_obj, person_name=name, sex="female", category=category,
                                  organisation_name="测试局", post="副局长", **values)


def three_trainings():
    return {"lj": training(pairing("210000", "320000")),
            "jz": training(pairing("220000", "330000")),
            "sb": training(pairing("210100", "110000"))}
