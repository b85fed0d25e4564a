"""A circle's own rules through the generated Python module and the real relay binary: set by
the facilitator, a held post refused with the explanation, a flagged one listed for the
facilitator and dismissed."""

import asyncio

import pytest

import hearth_ffi as h
from phones import circle_of_three, settle

NO_PRODUCTS = "We don't talk about diet products here."
LINKS = "Links outside the NHS are looked at."


def test_rules_hold_and_flag_posts_through_the_bindings(tmp_path, relay):
    asyncio.run(scenario(tmp_path, relay))


async def scenario(tmp, relay_url):
    fern, ash, birch, syncs, cid = await circle_of_three(tmp, relay_url)
    await ash.accept_guidelines(cid, 1)
    rules = [
        h.CircleRule(check=h.RuleCheck.PHRASES(phrases=["Diet pills"]), action=h.RuleAction.HOLD,
                     explanation=NO_PRODUCTS),
        h.CircleRule(check=h.RuleCheck.LINKS(allowed_domains=["nhs.uk"]), action=h.RuleAction.FLAG,
                     explanation=LINKS),
    ]
    with pytest.raises(h.HearthError.NotPermitted):
        await ash.set_circle_rules(cid, rules)
    with pytest.raises(h.HearthError.InvalidInput):
        await fern.set_circle_rules(cid, [h.CircleRule(
            check=h.RuleCheck.RATE(posts=0, minutes=10), action=h.RuleAction.HOLD, explanation="x")])
    await fern.set_circle_rules(cid, rules)
    await settle(syncs)
    [phrases, links] = await ash.circle_rules(cid)
    assert phrases.check == h.RuleCheck.PHRASES(phrases=["diet pills"])
    assert links.action == h.RuleAction.FLAG

    with pytest.raises(h.HearthError.HeldByRule) as held:
        await ash.send_text(cid, "diet pills?", None)
    assert (held.value.kind, held.value.explanation, held.value.until_ms) == (
        h.RuleKind.PHRASES, NO_PRODUCTS, None)

    await ash.send_text(cid, "see example.com", None)
    await settle(syncs)
    assert (await fern.circle(cid)).flagged == 1
    [flagged] = await fern.flagged_posts(cid)
    assert flagged.body == "see example.com"
    assert (flagged.breach.kind, flagged.breach.collapsed, flagged.breach.explanation) == (
        h.RuleKind.LINKS, False, LINKS)
    # Birch, a member, keeps no flags about others and may not list them.
    seen = [m for m in await birch.latest_circle_messages(cid, 50) if m.body == "see example.com"]
    assert [m.breach for m in seen] == [None]
    with pytest.raises(h.HearthError.NotPermitted):
        await birch.flagged_posts(cid)
    await fern.dismiss_flag(cid, flagged.id)
    assert await fern.flagged_posts(cid) == []
