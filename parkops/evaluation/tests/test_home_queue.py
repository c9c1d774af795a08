"""The assessor's home: each project's next step counts the expert's own answered questions,
for all projects in one query."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from parkops.core import clock
from parkops.core.queues import autodiscover, queues_for
from parkops.evaluation import services
from parkops.evaluation.tests.helpers import declare_clear, make_assessor, make_project


def test_next_steps_count_own_answered_questions_in_one_query(world):
    autodiscover()
    first, second = make_project(world), make_project(world, title="阿尔法园 2027 年度第三方评估")
    other = make_assessor(world, "expert_other")
    experts = [
        services.add_expert(project=p, user=world.assessor, by=world.admin, is_lead=True)
        for p in (first, second)
    ]
    experts.append(services.add_expert(project=first, user=other, by=world.admin))
    declare_clear(experts)
    first, second = (
        services.advance_project(project=p, to="materials", by=world.admin) for p in (first, second)
    )

    def ask(project, user, answered=True):
        request = services.ask_clarification(project=project, by=user, question=f"{user.username} 的问题")
        if answered:
            services.answer_clarification(request=request, by=world.admin, answer="已补充材料")

    ask(first, world.assessor)
    ask(first, world.assessor)
    ask(first, other)  # another expert's answer is not the assessor's to close
    ask(second, world.assessor)
    ask(second, world.assessor, answered=False)
    with CaptureQueriesContext(connection) as queries:
        [queue] = [
            q
            for q in queues_for(world.assessor, clock.localdate())
            if q.queue.key == "evaluation.my_projects"
        ]
    steps = {i.title.split(" · ")[0]: i.state for i in queue.items}
    assert steps == {
        first.title: "下一步：查看 2 项澄清答复并关闭",
        second.title: "下一步：查看 1 项澄清答复并关闭",
    }
    assert sum('"evaluation_expert"' in q["sql"] for q in queries.captured_queries) == 1
    assert not any('FROM "evaluation_clarificationrequest"' in q["sql"] for q in queries.captured_queries)
