package org.hearth.shared

import kotlinx.coroutines.flow.first
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.hearth.ffi.CheckinCard
import org.hearth.ffi.CheckinDraft
import org.hearth.ffi.Moment
import org.hearth.ffi.Repeat
import org.hearth.ffi.ReportReason
import org.hearth.ffi.SessionOccurrence
import org.hearth.ffi.ShareChoice
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.time.ZoneId
import java.util.Locale

/** The report sheet, the share card and meetings over real profiles and the real relay. */
class SafetyFormsTest : TwoPhonesOnARelay() {
    private suspend fun circleWithAsh(): Pair<CircleRepository, CircleRepository> {
        val facilitator = CircleRepository(fern)
        val member = CircleRepository(ash)
        facilitator.connect(relay.url)
        val ashDevice = member.connect(relay.url)
        val circle = facilitator.createCircle("Evening circle", "", "Be kind.")
        facilitator.addMember(circle.circleId, ashDevice)
        repeat(2) { facilitator.syncNow(); member.syncNow() }
        member.acceptInvitation(circle.circleId)
        repeat(2) { facilitator.syncNow(); member.syncNow() }
        ash.acceptGuidelines(circle.circleId, 1u)
        return facilitator to member
    }

    @Test
    fun `a member reports a message and the facilitator sees it with her own copy`() = runBlocking<Unit> {
        val (facilitator, member) = circleWithAsh()
        val id = fern.circles().single().circleId
        facilitator.send(id, "That is a silly worry.")
        repeat(3) { facilitator.syncNow(); member.syncNow() }
        val message = ash.latestCircleMessages(id, 50u).single { it.body == "That is a silly worry." }

        val form = ReportForm(member, id, message)
        assertEquals(ReportReason.HARASSMENT, form.reasons.first().first)
        assertFalse(form.current.value.canSend, "a reason comes first")
        form.choose(ReportReason.HARASSMENT)
        form.comment("x".repeat(501))
        assertFalse(form.current.value.canSend)
        form.comment("It hurt.")
        assertTrue(form.send())
        assertTrue(form.current.value.sent)
        member.askForSupport(id, "rough week")
        repeat(3) { member.syncNow(); facilitator.syncNow() }

        val reports = withTimeout(10_000) { facilitator.reports(id).first { it.size == 2 } }
        val lines = reports.map { SafetyText.report(it) }
        assertTrue(lines.contains(listOf("Harassment or bullying — reported by Ash", "Fern: “That is a silly worry.”", "“It hurt.”")), "$lines")
        assertTrue(lines.contains(listOf("Ash would like support", "“rough week”")), "$lines")
        facilitator.setHandled(id, reports.first().id, true)
        assertEquals(1, withTimeout(10_000) { facilitator.reports(id).first { it.size == 1 } }.size)
        assertTrue(member.reports(id).first().isEmpty())
    }

    @Test
    fun `cards show what was shared and meetings read in the phone's own zone`() = runBlocking<Unit> {
        val (facilitator, member) = circleWithAsh()
        val id = fern.circles().single().circleId
        val checkin = ash.addCheckin(CheckinDraft(mood = 3u, energy = 2u, sleepHours = 7.5, note = "mine"))
        val choice = ShareChoice(energy = true, sleep = true)
        assertEquals("The circle will see your mood, energy and sleep. Your note stays private.", SafetyText.sharing(choice))
        member.share(id, checkin.id, choice)
        repeat(3) { member.syncNow(); facilitator.syncNow() }
        val card = fern.latestCircleMessages(id, 50u).mapNotNull { it.checkin }.single()
        assertEquals(listOf("Mood 3/5 · ${card.day}", "Energy 2/5", "Slept 7h30"), SafetyText.card(card))

        facilitator.addSession(id, "Tuesday check-in", "2030-01-08T19:00", "Europe/London", 90u, Repeat.WEEKLY)
        repeat(3) { facilitator.syncNow(); member.syncNow() }
        val next = member.upcomingSessions(1u).single()
        assertEquals(
            "Tuesday check-in · Tue 8 Jan, 20:00–21:30 · Evening circle",
            SafetyText.session(next, ZoneId.of("Europe/Paris"), Locale.UK),
        )
    }

    @Test
    fun `a card without optional parts is one line`() {
        val card = CheckinCard(day = "2026-11-20", mood = 4u, energy = null, emotions = emptyList(), tags = emptyList(), sleepMinutes = null, note = null)
        assertEquals(listOf("Mood 4/5 · 2026-11-20"), SafetyText.card(card))
    }
}
