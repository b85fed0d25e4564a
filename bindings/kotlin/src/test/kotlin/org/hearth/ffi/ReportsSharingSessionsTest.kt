package org.hearth.ffi

import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.io.File

/**
 * Reports, "let my facilitator know", shared check-in cards and scheduled sessions through the
 * generated Kotlin and the real relay binary.
 */
class ReportsSharingSessionsTest : RelayScenario() {
    @Test
    fun `a report reaches only the facilitator, a card shares only what was chosen, sessions remind`() = runBlocking<Unit> {
        val fern = phone("Fern")
        val ash = phone("Ash")
        val birch = phone("Birch")
        val id = fern.client.createCircle("Evening circle", "", "Listen first.").circleId
        fern.client.addMember(id, ash.deviceId)
        fern.client.addMember(id, birch.deviceId)
        settle(fern, ash, birch)
        ash.client.acceptGuidelines(id, 1u)
        birch.client.acceptGuidelines(id, 1u)
        val unkind = birch.client.sendText(id, "nobody cares", null)
        settle(fern, ash, birch)

        val reportId = ash.client.reportMessage(id, unkind, ReportReason.HARASSMENT, "felt targeted")
        ash.client.askFacilitatorsForSupport(id, "")
        settle(fern, ash, birch)
        val reports = fern.client.circleReports(id, false)
        assertEquals(2, reports.size)
        val report = reports.single { it.id == reportId }
        assertEquals("nobody cares", report.message?.body)
        assertEquals("Ash", report.reporterName)
        assertEquals(ReportReason.SUPPORT_REQUEST, reports.single { it.id != reportId }.reason)
        assertTrue(birch.client.circleReports(id, true).isEmpty())
        fern.client.setReportHandled(id, reportId, true)
        assertEquals(1, fern.client.circleReports(id, false).size)

        val checkin = ash.client.addCheckin(CheckinDraft(mood = 4u, note = "just for me"))
        val cardId = ash.client.shareCheckin(id, checkin.id, ShareChoice())
        settle(fern, ash, birch)
        val card = birch.client.latestCircleMessages(id, 50u).single { it.id == cardId }.checkin!!
        assertEquals(4.toUByte(), card.mood)
        assertNull(card.note)

        assertThrows<HearthException.NotPermitted> {
            ash.client.addSession(id, "Mine", "2030-01-08T19:00", "UTC", 60u, Repeat.NEVER)
        }
        fern.client.addSession(id, "Tuesday check-in", "2030-01-08T19:00", "Europe/London", 90u, Repeat.FORTNIGHTLY)
        settle(fern, ash, birch)
        val coming = ash.client.upcomingSessions(null, 2u)
        assertEquals(listOf("Tuesday check-in", "Tuesday check-in"), coming.map { it.title })
        assertEquals(14L * 24 * 3600 * 1000, coming[1].startsAt.unixMs - coming[0].startsAt.unixMs)
    }
}
