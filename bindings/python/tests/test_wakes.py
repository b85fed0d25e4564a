"""Wake-ups through the generated Python module: the notification's words name no circle
unless chosen, a circle's wakes turn off and on, and a malformed push endpoint is refused
with a typed error before anything is sent."""

import asyncio
import os

import pytest

import hearth_ffi as h


def test_the_notification_names_no_circle_unless_chosen():
    assert h.wake_notification(["Tuesday circle"], False) == "New messages in Hearth"
    assert h.wake_notification(["Tuesday circle"], True) == "New messages in Tuesday circle"
    assert h.wake_notification(["A", "B"], True) == "New messages in 2 circles"


def test_circle_wakes_turn_off_and_on_and_bad_endpoints_are_refused(tmp_path):
    asyncio.run(wakes(tmp_path))


async def wakes(tmp):
    client = await h.create_profile_with_key(str(tmp / "me"), os.urandom(32), "Me")
    circle = await client.create_circle("Tuesday circle", "", "Be kind.")
    assert await client.circle_wakes(circle.circle_id)
    await client.set_circle_wakes(circle.circle_id, False)
    assert not await client.circle_wakes(circle.circle_id)
    await client.set_circle_wakes(circle.circle_id, True)
    assert await client.circle_wakes(circle.circle_id)
    assert await client.wake_gateway() is None
    bad = h.PushTarget.UNIFIED_PUSH(endpoint="not a url", p256dh=b"\x04" * 65, auth=b"a" * 16)
    with pytest.raises(h.HearthError.InvalidInput):
        await client.register_for_wakes("https://push.example", bad)
    short = h.PushTarget.UNIFIED_PUSH(endpoint="https://up.example/x", p256dh=b"\x04", auth=b"a")
    with pytest.raises(h.HearthError.InvalidInput):
        await client.register_for_wakes("https://push.example", short)
    plain = h.PushTarget.FCM(token="t")
    with pytest.raises(h.HearthError.InvalidInput):
        await client.register_for_wakes("http://push.example", plain)


def test_notification_settings_are_kept_checked_and_a_quiet_profile_has_no_notice(tmp_path):
    asyncio.run(notifications(tmp_path))


async def notifications(tmp):
    client = await h.create_profile_with_key(str(tmp / "me"), os.urandom(32), "Me")
    assert await client.notification_settings() == h.NotificationSettings(name_circles=False, quiet_hours=None)
    night = h.QuietHours(start=h.TimeOfDay(hour=22, minute=0), end=h.TimeOfDay(hour=7, minute=0), time_zone="Europe/Dublin")
    kept = await client.set_notification_settings(h.NotificationSettings(name_circles=True, quiet_hours=night))
    assert kept.quiet_hours == night
    assert await client.notification_settings() == kept
    empty = h.QuietHours(start=h.TimeOfDay(hour=7, minute=0), end=h.TimeOfDay(hour=7, minute=0), time_zone="UTC")
    with pytest.raises(h.HearthError.InvalidInput):
        await client.set_notification_settings(h.NotificationSettings(name_circles=False, quiet_hours=empty))
    nowhere = h.QuietHours(start=night.start, end=night.end, time_zone="Mars/Olympus")
    with pytest.raises(h.HearthError.InvalidInput):
        await client.set_notification_settings(h.NotificationSettings(name_circles=False, quiet_hours=nowhere))
    assert await client.notification_settings() == kept, "a refused change loses nothing"
    await client.create_circle("Tuesday circle", "", "Be kind.")
    assert await client.notice_after_wake() is None
