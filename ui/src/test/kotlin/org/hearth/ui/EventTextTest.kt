package org.hearth.ui

import org.hearth.shared.EventText
import org.hearth.ffi.CircleEvent
import org.hearth.ffi.DroppedChange
import org.hearth.ffi.EventPerson
import org.hearth.ffi.Role
import org.hearth.ffi.Undelivered
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test

class EventTextTest {
    @Test
    fun events_are_worded_with_their_people_and_values() {
        assertEquals("Ash was removed from the circle.", EventText.of(CircleEvent.Removed(EventPerson.Member("Ash"))))
        assertEquals("You left the circle.", EventText.of(CircleEvent.Left(EventPerson.You)))
        assertEquals("You are now a co-facilitator.", EventText.of(CircleEvent.RoleGiven(EventPerson.You, Role.CO_FACILITATOR)))
        assertEquals("Sam is no longer a facilitator.", EventText.of(CircleEvent.RoleEnded(EventPerson.Member("Sam"), Role.FACILITATOR)))
        assertEquals("Messages now disappear 7 days after they arrive.", EventText.of(CircleEvent.DisappearingOn(604_800uL)))
        assertEquals("Messages now disappear 1 hour after they arrive.", EventText.of(CircleEvent.DisappearingOn(3_600uL)))
        assertEquals("The circle was renamed to “Evening”.", EventText.of(CircleEvent.Renamed("Evening")))
        assertEquals("A message could not be sent.", EventText.of(CircleEvent.NotDelivered(Undelivered.MESSAGE)))
        assertEquals(
            "A member could not be added: their device has no invitation keys at the relay.",
            EventText.of(CircleEvent.ChangeDropped(DroppedChange.NO_INVITATION_KEYS)),
        )
        assertEquals("An old line.", EventText.of(CircleEvent.Legacy("An old line.")))
    }
}
