"""Crisis support through the generated Python module: risk language found on the phone
(with where it is, for highlighting), idioms and negation left alone, and the crisis lines
for a region or the fallback, from the bundled directory."""

import asyncio
import os

import hearth_ffi as h


def test_risk_language_is_found_on_the_phone():
    text = "I don't know anymore. I want to end my life."
    found = h.assess_risk(text)
    assert found.risk
    assert found.findings[0].category == h.RiskCategory.SUICIDE
    marked = text.encode()[found.findings[0].start:found.findings[0].end].decode()
    assert "end my life" in marked
    for calm in ("This workout is killing me", "I would never hurt myself", ""):
        assert not h.assess_risk(calm).risk, calm


def test_crisis_lines_for_a_region_and_the_fallback(tmp_path):
    asyncio.run(crisis_lines(tmp_path))


async def crisis_lines(tmp):
    client = await h.create_profile_with_key(str(tmp / "me"), os.urandom(32), "Me")
    us = await client.crisis_resources("us")
    assert us.region == "US" and us.region_name
    contacts = {(line.kind, line.contact) for line in us.lines}
    assert (h.CrisisLineKind.EMERGENCY, "911") in contacts
    assert any(line.contact == "988" for line in us.lines)
    assert all(line.source and line.checked for line in us.lines)
    uk = await client.crisis_resources("UK")
    assert any(line.contact == "116 123" for line in uk.lines)
    nowhere = await client.crisis_resources("ZZ")
    assert nowhere.lines == [] and "emergency" in nowhere.fallback.lower()
    # With no profile open (a locked app), the bundled directory answers the same.
    bundled = h.bundled_crisis_resources(" us ")
    assert bundled.region == "US" and bundled.lines == us.lines
    try:
        await client.update_crisis_directory("{}")
        raise AssertionError("a malformed directory was installed")
    except h.HearthError.InvalidInput:
        pass
